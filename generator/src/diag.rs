//! Diagnostics: what went wrong or looks wrong, where (file:line:col), and a hint, rendered like
//! rustc's with codespan-reporting (feature `cli`; without it, as plain lines with the source
//! line quoted, which is what a build script prints).
//!
//! Severity rule: an [`Severity::Error`] only where generation cannot proceed (a table that
//! cannot be read, a model referenced but never defined, one wire name with two types inside one
//! action); everything the docs merely get wrong is a [`Severity::Warning`].

use crate::ir::Loc;
#[cfg(feature = "cli")]
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
#[cfg(feature = "cli")]
use codespan_reporting::files::SimpleFiles;
#[cfg(feature = "cli")]
use codespan_reporting::term::{self, termcolor::Buffer};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: a page skipped on purpose, a duplicate resolved by rule.
    Note,
    /// The docs are wrong or doubtful; generation goes on.
    Warning,
    /// Generation cannot proceed for this family.
    Error,
}

/// One finding, pointing at the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the rule (`duplicate-param`, `ambiguous-row`).
    pub code: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where: the file, and the line and column when known.
    pub loc: Option<Loc>,
    /// Length in characters of the offending text at `loc` (0: the rest of the line).
    pub len: u32,
    /// How to fix it.
    pub hint: Option<String>,
    /// Further facts (the other place of a duplicate, …).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new finding with no location yet.
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            loc: None,
            len: 0,
            hint: None,
            notes: Vec::new(),
        }
    }

    /// An error (generation cannot proceed).
    pub fn error(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A warning (the docs are wrong or doubtful).
    pub fn warning(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// A note.
    pub fn note(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, code, message)
    }

    /// Sets the location.
    pub fn at(mut self, loc: Option<Loc>) -> Diagnostic {
        self.loc = loc;
        self
    }

    /// Sets the location and the length of the offending text.
    pub fn at_span(mut self, loc: Option<Loc>, len: usize) -> Diagnostic {
        self.loc = loc;
        self.len = len.min(u32::MAX as usize) as u32;
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// One line, `file:line:col: severity[code]: message`, for logs and assertions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.loc {
            write!(f, "{}:{}:{}: ", loc.file, loc.line, loc.col)?;
        }
        let sev = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The text of every file read, so diagnostics can show the offending line.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: BTreeMap<String, String>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Remembers a file's text.
    pub fn add(&mut self, path: &str, text: &str) {
        self.files.insert(path.to_string(), text.to_string());
    }

    /// A file's text, if it was read.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }
}

/// Byte offset of a 1-based line and character column in `text`, clamped to the text.
#[cfg(feature = "cli")]
fn byte_offset(text: &str, line: u32, col: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let within: usize = l.chars().take(col.saturating_sub(1) as usize).map(char::len_utf8).sum();
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

/// Renders diagnostics without the CLI's dependencies: per diagnostic its one-line form
/// (`file:line:col: severity[code]: message (hint: …)`), the offending source line, and its
/// notes. `color` is ignored.
#[cfg(not(feature = "cli"))]
pub fn render(diags: &[Diagnostic], sources: &Sources, _color: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{d}");
        if let Some(loc) = &d.loc {
            let line = sources
                .get(&loc.file)
                .and_then(|text| text.lines().nth((loc.line as usize).saturating_sub(1)));
            if let Some(line) = line {
                let _ = writeln!(out, "  | {line}");
            }
        }
        for note in &d.notes {
            let _ = writeln!(out, "  = {note}");
        }
    }
    out
}

/// Renders diagnostics like rustc: the message, the file:line:col, the line with the offending
/// text underlined, the hint and notes. `color` adds ANSI colours.
#[cfg(feature = "cli")]
pub fn render(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    for (path, text) in &sources.files {
        ids.insert(path.clone(), files.add(path.clone(), text.clone()));
    }
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let config = term::Config::default();
    for d in diags {
        let mut cs = match d.severity {
            Severity::Note => CsDiagnostic::note(),
            Severity::Warning => CsDiagnostic::warning(),
            Severity::Error => CsDiagnostic::error(),
        }
        .with_code(d.code.clone())
        .with_message(d.message.clone());
        let mut notes = Vec::new();
        match (&d.loc, d.loc.as_ref().and_then(|l| ids.get(&l.file))) {
            (Some(loc), Some(id)) => {
                let text = sources.get(&loc.file).unwrap_or_default();
                let start = byte_offset(text, loc.line, loc.col);
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                let end = if d.len == 0 {
                    line_end
                } else {
                    let len: usize = text[start..].chars().take(d.len as usize).map(char::len_utf8).sum();
                    (start + len).min(line_end.max(start))
                };
                cs = cs.with_labels(vec![Label::primary(*id, start..end.max(start))]);
            }
            (Some(loc), None) => notes.push(format!("at {}:{}:{}", loc.file, loc.line, loc.col)),
            _ => {}
        }
        if let Some(h) = &d.hint {
            notes.push(format!("hint: {h}"));
        }
        notes.extend(d.notes.iter().cloned());
        cs = cs.with_notes(notes);
        if term::emit_to_write_style(&mut buffer, &config, &files, &cs).is_err() {
            // A label outside the file cannot happen with clamped offsets; fall back to one line.
            buffer_line(&mut buffer, d);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

#[cfg(feature = "cli")]
fn buffer_line(buffer: &mut Buffer, d: &Diagnostic) {
    use std::io::Write;
    let _ = writeln!(buffer, "{d}");
}

/// Counts by severity: (errors, warnings, notes).
pub fn counts(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    (count(Severity::Error), count(Severity::Warning), count(Severity::Note))
}

/// With `--deny warnings`: every warning becomes an error.
pub fn deny_warnings(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| d.severity == Severity::Warning) {
        d.severity = Severity::Error;
    }
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_col_the_line_and_the_hint() {
        let mut sources = Sources::new();
        sources.add("pages/a.md", "line one\n| PageSize | int | 页大小 |\n");
        let d = Diagnostic::warning("bad-row", "this row is odd")
            .at_span(Some(Loc { file: "pages/a.md".into(), line: 2, col: 3 }), 8)
            .hint("split the cells");
        let out = render(&[d], &sources, false);
        assert!(out.contains("warning[bad-row]: this row is odd"), "{out}");
        assert!(out.contains("pages/a.md:2:3"), "{out}");
        assert!(out.contains("| PageSize | int | 页大小 |"), "{out}");
        assert!(out.contains("^^^^^^^^"), "{out}");
        assert!(out.contains("hint: split the cells"), "{out}");
    }

    #[test]
    fn a_location_past_the_end_does_not_panic() {
        let mut sources = Sources::new();
        sources.add("a.md", "short");
        let d = Diagnostic::error("x", "y").at_span(Some(Loc { file: "a.md".into(), line: 99, col: 99 }), 5);
        let out = render(&[d], &sources, false);
        assert!(out.contains("error[x]: y"));
    }

    #[test]
    fn deny_warnings_promotes() {
        let mut d = vec![Diagnostic::warning("w", "m"), Diagnostic::note("n", "m")];
        deny_warnings(&mut d);
        assert_eq!(counts(&d), (1, 0, 1));
    }
}
