//! `sdkgen generate` and `sdkgen check`: every family folder under the specs root becomes a crate
//! under the output root (`specs/billing` → `generated/billing`).

use crate::diag::Diagnostic;
use crate::emit::{crate_files, CrateOptions, GeneratedFile};
use crate::ir::Family;
use crate::load::{self, Loaded};
use crate::validate::ValidFamily;
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
    /// What changed in the crate's API since its committed `api.json`, when something did.
    pub release: Option<Release>,
}

/// A new version of a crate: the versions, and the changes that made it.
#[derive(Debug, Clone)]
pub struct Release {
    /// The version in the crate's `Cargo.toml` before.
    pub from: String,
    /// The version after.
    pub to: String,
    /// Every change, classified (the CHANGELOG entry is rendered from it).
    pub report: crate::diff::Report,
}

/// Shows a path with `/` separators, for header lines that read the same on every machine.
fn shown(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The version already in a generated crate's `Cargo.toml`, if any.
pub fn existing_version(crate_dir: &Path) -> Option<String> {
    let (_, version) = read_manifest(&crate_dir.join("Cargo.toml")).ok()?;
    Some(version)
}

/// A manifest parsed (layout kept, for writing back) with its `package.version`.
fn read_manifest(manifest: &Path) -> Result<(toml_edit::DocumentMut, String), String> {
    let shown = manifest.display();
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let doc =
        text.parse::<toml_edit::DocumentMut>().map_err(|e| format!("{shown} is not valid TOML: {e}"))?;
    let version = doc.get("package").and_then(|p| p.get("version")).and_then(|v| v.as_str());
    let version = version.ok_or_else(|| format!("{shown} has no `package.version`"))?.to_string();
    Ok((doc, version))
}

/// Loads every family under `specs` and renders its crate for `out/<family name>`.
/// `runtime_path` is the runtime crate's path relative to a crate folder (`../../runtime`).
pub fn generate_all(specs: &Path, out: &Path, runtime_path: &str) -> Vec<FamilyOutput> {
    // `specs/billing` whatever the current folder: header lines read the same everywhere.
    let root_name = specs
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "specs".to_string());
    let loaded = load::load_specs_root(specs);
    let emitted = crate::par::map(&loaded, |loaded| {
        let name = loaded.family.as_ref().map_or_else(|| "unnamed".to_string(), |f| f.config.name.clone());
        let crate_dir = out.join(&name);
        let (false, Some(family)) = (loaded.has_errors(), &loaded.family) else {
            return (crate_dir, Ok((Vec::new(), None)));
        };
        let folder = family_folder_name(loaded).unwrap_or_else(|| name.clone());
        let source = shown(&Path::new(&root_name).join(folder));
        // A bug of ours in one family is that family's error, never the end of the others.
        let emit = || -> Result<(Vec<GeneratedFile>, Option<Release>), Box<Diagnostic>> {
            let Versioned { version, changelog, release } = versioning(&crate_dir, family, &source)?;
            let options =
                CrateOptions { source: source.clone(), version, runtime_path: runtime_path.to_string() };
            let valid = ValidFamily::checked(family)?;
            let mut files = crate_files(valid, &options)?;
            files.push(GeneratedFile { path: "CHANGELOG.md".into(), contents: changelog });
            files.sort_by(|a, b| a.path.cmp(&b.path));
            Ok((files, release))
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(emit)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            Err(Box::new(
                Diagnostic::error(
                    "internal-error",
                    format!("generating `{name}` failed inside sdkgen: {what}"),
                )
                .hint("this is a bug in sdkgen, not in the docs: please report it with the family's files"),
            ))
        });
        (crate_dir, result)
    });
    let mut outputs: Vec<FamilyOutput> = loaded
        .into_iter()
        .zip(emitted)
        .map(|(mut loaded, (crate_dir, files))| {
            let (files, release) = files.unwrap_or_else(|d| {
                loaded.diagnostics.push(*d);
                (Vec::new(), None)
            });
            FamilyOutput { loaded, crate_dir, files, release }
        })
        .collect();
    refuse_shared_names(&mut outputs);
    outputs
}

/// Two families that would write one folder or one crate name: the later one (in folder order)
/// gets an error and writes nothing, so neither overwrites the other.
fn refuse_shared_names(outputs: &mut [FamilyOutput]) {
    let mut taken: Vec<(PathBuf, String, String)> = Vec::new();
    for output in outputs.iter_mut() {
        let Some(family) = output.loaded.family.as_ref() else { continue };
        let here = family_folder_name(&output.loaded).unwrap_or_default();
        let clash = taken
            .iter()
            .find(|(dir, krate, _)| *dir == output.crate_dir || *krate == family.config.crate_name);
        if let Some((_, krate, first)) = clash {
            let d = Diagnostic::error(
                "duplicate-crate",
                format!(
                    "family folder `{here}` would generate `{}` (crate `{}`), as folder `{first}` does (crate `{krate}`)",
                    output.crate_dir.display(),
                    family.config.crate_name
                ),
            )
            .hint("give one of them another `name` and `crate_name` in its family.yaml");
            output.loaded.diagnostics.push(d);
            output.files.clear();
            output.release = None;
        } else {
            taken.push((output.crate_dir.clone(), family.config.crate_name.clone(), here));
        }
    }
}

/// What [`versioning`] decides for a crate.
#[derive(Debug, Clone)]
pub struct Versioned {
    /// The version to write in `Cargo.toml`.
    pub version: String,
    /// The whole CHANGELOG.
    pub changelog: String,
    /// The release, when the API changed since the committed `api.json`.
    pub release: Option<Release>,
}

/// The crate version and CHANGELOG for a family, from what is already in `crate_dir`: when the
/// committed `api.json` describes the same API, both stay as they are (so generating twice
/// changes nothing); when it differs, the version is bumped by the diff's verdict and an entry
/// rendered from the diff is prepended. A first generation starts at 0.1.0.
pub fn versioning(crate_dir: &Path, family: &Family, source: &str) -> Result<Versioned, Box<Diagnostic>> {
    let title = format!(
        "<!-- @generated by sdkgen from {source}; do not edit, regenerate with `sdkgen generate`. -->\n\
         # Changelog\n\nEntries are rendered from `sdkgen diff` of the API; newest first.\n\n"
    );
    let old_log = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).ok();
    let current = existing_version(crate_dir);
    let api_path = crate_dir.join("api.json");
    let restore = "restore it from version control; to start the crate's history anew, delete its \
                   api.json, CHANGELOG.md and Cargo.toml";
    let previous = if api_path.exists() {
        let loaded = crate::diff::source::load_api_json(&api_path);
        match loaded.family {
            Some(previous) => Some(previous),
            None => {
                // An api.json this version cannot read is no first generation: that would erase
                // the CHANGELOG and restart the version.
                let cause = loaded.diagnostics.into_iter().next().map(|d| d.message).unwrap_or_default();
                return Err(Box::new(
                    Diagnostic::error(
                        "unreadable-history",
                        format!("cannot read the crate's history: {cause}"),
                    )
                    .hint(restore),
                ));
            }
        }
    } else {
        None
    };
    match (current, previous, old_log) {
        (Some(version), Some(previous), log) => {
            let report = crate::diff::diff(&previous, family);
            let log = log.unwrap_or_else(|| title.clone());
            if report.changes.is_empty() {
                return Ok(Versioned { version, changelog: log, release: None });
            }
            let next = crate::diff::bump(&version, &report).unwrap_or_else(|_| version.clone());
            let entry = crate::diff::render_changelog_entry(&next, &report);
            let rest = log.strip_prefix(&title).unwrap_or(&log);
            let changelog = format!("{title}{}\n\n{rest}", entry.trim_end());
            Ok(Versioned {
                changelog,
                release: Some(Release { from: version, to: next.clone(), report }),
                version: next,
            })
        }
        (_, None, Some(_)) => Err(Box::new(
            Diagnostic::error(
                "unreadable-history",
                format!(
                    "{} has a CHANGELOG.md but no api.json to compare the docs with",
                    crate_dir.display()
                ),
            )
            .hint(restore),
        )),
        (version, _, _) => {
            let version = version.unwrap_or_else(|| "0.1.0".to_string());
            let changelog = format!("{title}## {version}\n\nFirst generation from `{source}`.\n");
            Ok(Versioned { version, changelog, release: None })
        }
    }
}

/// The folder name a family was read from (from its first file's path).
fn family_folder_name(loaded: &Loaded) -> Option<String> {
    let first = loaded.files.first()?;
    let parent = Path::new(&first.path).parent()?;
    Some(parent.file_name()?.to_string_lossy().into_owned())
}

/// Moves the version of the build-mode package (the `Cargo.toml` beside `specs/`, whose build
/// script regenerates every family under it) by the largest release among `outputs`: a family
/// that breaks breaks the package that holds it. The rest of the file stays as written. Returns
/// the manifest and the old and new versions when it moved; nothing when there is no such
/// package (no manifest, or one without a version of its own) or no release.
pub fn bump_build_mode_package(
    specs: &Path,
    outputs: &[FamilyOutput],
) -> Result<Option<(PathBuf, String, String)>, String> {
    let Some(largest) = outputs.iter().filter_map(|o| o.release.as_ref()).map(|r| r.report.bump).max() else {
        return Ok(None);
    };
    let root = specs.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let manifest = root.join("Cargo.toml");
    let Ok((mut doc, current)) = read_manifest(&manifest) else { return Ok(None) };
    let shown = manifest.display();
    let next = crate::diff::bump_by(&current, largest).map_err(|e| format!("{shown}: {e}"))?;
    if next == current {
        return Ok(None);
    }
    doc["package"]["version"] = toml_edit::value(next.clone());
    std::fs::write(&manifest, doc.to_string()).map_err(|e| format!("cannot write {shown}: {e}"))?;
    Ok(Some((manifest, current, next)))
}
