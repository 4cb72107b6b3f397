//! `sdkgen generate` and `sdkgen check`: every family folder under the specs root becomes a crate
//! under the output root (`specs/billing` → `generated/billing`).

use crate::emit::{crate_files, CrateOptions, GeneratedFile};
use crate::load::{self, Loaded};
use std::path::{Path, PathBuf};

/// One family's generation: where it was read, where it goes, and its files (or why not).
#[derive(Debug)]
pub struct FamilyOutput {
    /// The loaded family, with its diagnostics and sources.
    pub loaded: Loaded,
    /// The crate folder (`generated/billing`).
    pub crate_dir: PathBuf,
    /// The generated files; empty when the family has errors.
    pub files: Vec<GeneratedFile>,
}

/// Shows a path with `/` separators, for header lines that read the same on every machine.
fn shown(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The version already in a generated crate's `Cargo.toml`, if any.
pub fn existing_version(crate_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(crate_dir.join("Cargo.toml")).ok()?;
    text.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("version = \"").and_then(|rest| rest.strip_suffix('"')))
        .map(str::to_string)
}

/// Loads every family under `specs` and renders its crate for `out/<family name>`.
/// `runtime_path` is the runtime crate's path relative to a crate folder (`../../runtime`).
pub fn generate_all(specs: &Path, out: &Path, runtime_path: &str) -> Vec<FamilyOutput> {
    load::load_specs_root(specs)
        .into_iter()
        .map(|mut loaded| {
            let name =
                loaded.family.as_ref().map_or_else(|| "unnamed".to_string(), |f| f.config.name.clone());
            let crate_dir = out.join(&name);
            let mut files = Vec::new();
            if let (false, Some(family)) = (loaded.has_errors(), &loaded.family) {
                // `specs/billing` whatever the current folder: header lines read the same everywhere.
                let root_name = specs
                    .canonicalize()
                    .ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| "specs".to_string());
                let folder = family_folder_name(&loaded).unwrap_or_else(|| name.clone());
                let source = shown(&Path::new(&root_name).join(folder));
                let options = CrateOptions {
                    source,
                    version: existing_version(&crate_dir).unwrap_or_else(|| "0.1.0".to_string()),
                    runtime_path: runtime_path.to_string(),
                };
                match crate_files(family, &options) {
                    Ok(f) => files = f,
                    Err(d) => loaded.diagnostics.push(*d),
                }
            }
            FamilyOutput { loaded, crate_dir, files }
        })
        .collect()
}

/// The folder name a family was read from (from its first file's path).
fn family_folder_name(loaded: &Loaded) -> Option<String> {
    let first = loaded.files.first()?;
    let parent = Path::new(&first.path).parent()?;
    Some(parent.file_name()?.to_string_lossy().into_owned())
}
