//! Finding a family's files and reading each one with the front-end its kind calls for.

use super::{FAMILY_FILE, OVERLAY_FILE};
use crate::diag::{Diagnostic, Sources};
use crate::ir::Document;
use crate::{markdown, prose, yaml};
use std::path::{Path, PathBuf};

/// Which front-end reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A doc page as published (`.md`, `.markdown`, `.txt`).
    Page,
    /// A YAML spec (`.yaml`, `.yml`).
    Spec,
}

impl SourceKind {
    /// The kind of a file by its extension; `None` for files that are not sources.
    pub fn of(path: &Path) -> Option<SourceKind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "txt" => Some(SourceKind::Page),
            "yaml" | "yml" => Some(SourceKind::Spec),
            _ => None,
        }
    }
}

/// What one file became.
#[derive(Debug)]
pub enum FileOutcome {
    /// Actions and models.
    Document(Document),
    /// Not an action page (an index, a glossary, …), with the reason.
    Skipped(String),
    /// Nothing usable; the diagnostics say why.
    Failed,
}

/// One file's outcome, diagnostics and table-row counts `(seen, fields, diagnosed)`.
#[derive(Debug)]
pub struct FileResult {
    /// What the file became.
    pub outcome: FileOutcome,
    /// What is wrong with it.
    pub diagnostics: Vec<Diagnostic>,
    /// Table rows seen, rows that became fields, rows that became diagnostics.
    pub rows: (usize, usize, usize),
}

impl FileResult {
    /// A file that could not be read at all.
    pub fn failed(diagnostic: Diagnostic) -> FileResult {
        FileResult { outcome: FileOutcome::Failed, diagnostics: vec![diagnostic], rows: (0, 0, 0) }
    }
}

/// Reads one source file's text with the front-end for its kind. Markdown pages also get the
/// facts their prose states (constraints, deprecation, Unix times); YAML specs say those outright.
pub fn read_file(path: &str, text: &str) -> FileResult {
    match SourceKind::of(Path::new(path)).unwrap_or(SourceKind::Page) {
        SourceKind::Page => {
            let page = markdown::parse_page(path, text);
            let rows = (page.rows.seen, page.rows.fields, page.rows.diagnosed);
            let outcome = match page.outcome {
                markdown::PageOutcome::Action(mut doc) => {
                    prose::annotate(&mut doc);
                    FileOutcome::Document(doc)
                }
                markdown::PageOutcome::Skipped { reason } => FileOutcome::Skipped(reason),
            };
            FileResult { outcome, diagnostics: page.diagnostics, rows }
        }
        SourceKind::Spec => {
            let (doc, diagnostics) = yaml::parse_spec(path, text);
            let outcome = doc.map_or(FileOutcome::Failed, FileOutcome::Document);
            FileResult { outcome, diagnostics, rows: (0, 0, 0) }
        }
    }
}

/// The source files of a family folder, sorted by path so output never depends on the order the
/// file system lists them in. `family.yaml`, `overlay.yaml`, hidden files and sub-folders are not
/// sources.
pub fn list_sources(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diagnostics
                .push(Diagnostic::error("unreadable", format!("cannot read {}: {err}", dir.display())));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && SourceKind::of(p).is_some())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name != FAMILY_FILE && name != OVERLAY_FILE
        })
        .collect();
    paths.sort();
    paths
}

/// The texts of a folder's `family.yaml` and `overlay.yaml`, when present: `(path, text)`.
#[derive(Debug, Default)]
pub struct FolderFiles {
    /// `family.yaml`.
    pub family: Option<(String, String)>,
    /// `overlay.yaml`.
    pub overlay: Option<(String, String)>,
}

/// Reads `family.yaml` and `overlay.yaml` from a folder, remembering their text for diagnostics.
pub fn read_folder_files(dir: &Path, sources: &mut Sources) -> FolderFiles {
    let mut read = |name: &str| {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).ok()?;
        let shown = path.display().to_string();
        sources.add(&shown, &text);
        Some((shown, text))
    };
    FolderFiles { family: read(FAMILY_FILE), overlay: read(OVERLAY_FILE) }
}
