//! Loading: files and folders → documents → a validated [`Family`].
//!
//! A family folder holds doc pages (`*.md`, `*.txt`) and/or YAML specs (`*.yaml`, `*.yml`), plus
//! two optional files no page provides: `family.yaml` (settings) and `overlay.yaml` (corrections).
//! Pages are independent: a page that cannot be read costs its own diagnostics, never the others.

mod assemble;
pub mod duplicates;
mod files;
pub mod merge_models;
mod money;

pub use files::{read_file, FileOutcome, FileResult, SourceKind};
pub use money::matches_pattern;

use crate::diag::{Diagnostic, Sources};
use crate::ir::{Document, Family};
use std::path::{Path, PathBuf};

/// The file holding a family's settings.
pub const FAMILY_FILE: &str = "family.yaml";
/// The file holding a family's corrections to its docs.
pub const OVERLAY_FILE: &str = "overlay.yaml";

/// One family, as loaded: the IR (absent only when the folder held nothing usable), every
/// diagnostic, the text of every file read (to render diagnostics), and per-file counts.
#[derive(Debug)]
pub struct Loaded {
    /// The assembled family.
    pub family: Option<Family>,
    /// Diagnostics from every stage, in a stable order.
    pub diagnostics: Vec<Diagnostic>,
    /// Text of every file read.
    pub sources: Sources,
    /// What became of each file, in path order.
    pub files: Vec<FileSummary>,
}

/// What became of one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's path as given.
    pub path: String,
    /// Actions it documented.
    pub actions: Vec<String>,
    /// Why it was skipped, if it was (not an action page).
    pub skipped: Option<String>,
    /// Table rows seen, rows that became fields, rows that became diagnostics (Markdown only).
    pub rows: (usize, usize, usize),
}

impl Loaded {
    /// True when any diagnostic is an error: generation must not proceed.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads one family from a folder: its pages and specs, `family.yaml` (or documented defaults
/// from the folder name), and `overlay.yaml`.
pub fn load_family(dir: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let listed = files::list_sources(dir, &mut diagnostics);
    load_files(dir, &listed, true, diagnostics)
}

/// Loads what a command-line PATH names: a family folder (with `family.yaml` or `overlay.yaml`,
/// or any folder of pages), or a single page or spec file (defaults named after the file's folder).
pub fn load_path(path: &Path) -> Loaded {
    if path.is_dir() {
        return load_family(path);
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    load_files(folder, &[path.to_path_buf()], false, Vec::new())
}

/// Loads every family under a specs root: each sub-folder is a family. Sorted by folder name.
pub fn load_specs_root(root: &Path) -> Vec<Loaded> {
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect(),
        Err(err) => {
            let d = Diagnostic::error(
                "unreadable",
                format!("cannot read the specs folder {}: {err}", root.display()),
            )
            .hint("pass the folder that holds one sub-folder per family (default: specs/)");
            return vec![Loaded {
                family: None,
                diagnostics: vec![d],
                sources: Sources::new(),
                files: Vec::new(),
            }];
        }
    };
    dirs.sort();
    crate::par::map(&dirs, |d| load_family(d))
}

/// Reads the given files of `folder` and assembles them into a family.
fn load_files(
    folder: &Path,
    paths: &[PathBuf],
    use_folder_files: bool,
    mut diagnostics: Vec<Diagnostic>,
) -> Loaded {
    let mut sources = Sources::new();
    let mut docs: Vec<(String, Document)> = Vec::new();
    let mut summaries = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let result = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    sources.add(&shown, &text);
                    read_file(&shown, &text)
                }
                Err(_) => FileResult::failed(
                    Diagnostic::error("not-utf8", format!("{shown} is not UTF-8 text"))
                        .hint("save the page as UTF-8; other pages are read as usual"),
                ),
            },
            Err(err) => {
                FileResult::failed(Diagnostic::error("unreadable", format!("cannot read {shown}: {err}")))
            }
        };
        diagnostics.extend(result.diagnostics);
        let mut summary =
            FileSummary { path: shown.clone(), actions: Vec::new(), skipped: None, rows: result.rows };
        match result.outcome {
            FileOutcome::Document(doc) => {
                summary.actions = doc.actions.iter().map(|a| a.name.clone()).collect();
                docs.push((shown, doc));
            }
            FileOutcome::Skipped(reason) => summary.skipped = Some(reason),
            FileOutcome::Failed => {}
        }
        summaries.push(summary);
    }
    let config_files =
        if use_folder_files { files::read_folder_files(folder, &mut sources) } else { Default::default() };
    let family = assemble::assemble(folder, config_files, docs, &mut diagnostics);
    // A name the SDK gives differently because another took it is the planner's finding; it is
    // reported with the rest, so `sdkgen lint` shows it before anything is generated.
    if let Some(valid) = family.as_ref().and_then(|f| crate::validate::ValidFamily::new(f).ok()) {
        diagnostics.extend(crate::emit::plan::plan(valid).renamed);
    }
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.loc.clone(), d.code.clone(), d.message.clone());
        key(a).cmp(&key(b))
    });
    diagnostics.dedup();
    Loaded { family, diagnostics, sources, files: summaries }
}
