//! Tables the reader does not read, and what it says about each, so no table leaves a page
//! without a word.
//!
//! Per kind:
//! - a table with a type column (by its header, or a column holding only type words) outside the
//!   sections that are read: an `unread-table` warning each. Its rows are params or fields
//!   that the SDK will lack, and a renamed heading would bring them in.
//! - a table without one (metric lists, error codes, value meanings, usage limits): these are
//!   reference text, not API shape, and one page can hold dozens (UMon's `GetMetric` has 47), so
//!   they make one `reference-tables` note per page listing each.
//! - the public-params table: nothing. It is the same on every page, and the family's
//!   `common_params` and the signer cover it; a word on every page would be noise.
//! - pages that are skipped (error-code lists, indexes, plain-HTTP pages): the page's own
//!   `skipped-page` note or `skipped-action-page` warning covers its tables.

use super::page::{pipe_data_rows, Item, Section};
use super::table::{has_type_column, header_names_type, split_cells};
use crate::diag::Diagnostic;
use crate::ir::Loc;

/// One table that was not read.
#[derive(Debug)]
pub(super) struct UnreadTable {
    /// 1-based line of its first line.
    line: usize,
    /// The heading it sits under; empty before any heading.
    heading: String,
    /// Data rows.
    rows: usize,
    /// Whether it lists typed fields (by its header, or by a column of type words).
    typed: bool,
    /// Whether its header names a type column.
    header_typed: bool,
    /// Why the section did not read it.
    why: Why,
}

/// Why a section did not read a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Why {
    /// Its heading names no section that is read.
    Heading,
    /// Under a request or response sub-heading, which reads only tables whose header names a
    /// type column.
    NoTypeHeader,
}

/// True when a table's header names a type column: the test for reading it as fields.
pub(super) fn header_typed(lines: &[(usize, String)]) -> bool {
    matches!(pipe_data_rows(lines).0, Some((_, h)) if header_names_type(&split_cells(h)))
}

/// Records every table among `items` as unread; `why` is the reason a typed one was not read.
pub(super) fn collect<'a>(
    section: &Section,
    items: impl IntoIterator<Item = &'a Item>,
    why: Why,
    out: &mut Vec<UnreadTable>,
) {
    for it in items {
        let Item::Table(lines) = it else { continue };
        let (header, data) = pipe_data_rows(lines);
        let cells: Vec<_> = data.iter().map(|(_, l)| split_cells(l)).collect();
        let header_typed = header_typed(lines);
        out.push(UnreadTable {
            line: header.or(data.first().copied()).map_or(0, |(n, _)| *n),
            heading: section.title.clone(),
            rows: data.len(),
            typed: header_typed || has_type_column(&cells),
            header_typed,
            why,
        });
    }
}

/// The data rows of all the tables: each is in a warning or the note, so the page's row count
/// holds them as diagnosed.
pub(super) fn rows(tables: &[UnreadTable]) -> usize {
    tables.iter().map(|t| t.rows).sum()
}

fn count(rows: usize) -> String {
    if rows == 1 {
        "1 row".to_string()
    } else {
        format!("{rows} rows")
    }
}

fn place(heading: &str) -> String {
    if heading.is_empty() {
        "at the top of the page, under no section heading".to_string()
    } else {
        format!("under `{heading}`")
    }
}

/// The diagnostics for a page's unread tables: a warning per typed table, one note for the rest.
pub(super) fn diagnostics(path: &str, tables: &[UnreadTable]) -> Vec<Diagnostic> {
    let loc = |line: usize| Some(Loc { file: path.to_string(), line: line as u32, col: 1 });
    let mut out = Vec::new();
    const RENAME: &str = "put it under `Request Parameters` or `Response Fields` (`请求参数` / `响应字段`), or under the model's name";
    const HEADER: &str =
        "give it a header row naming its columns (`| Name | Type | Description | Required |`)";
    for t in tables.iter().filter(|t| t.typed) {
        let (what, hint) = match (t.why, t.header_typed) {
            (Why::Heading, true) => (
                "is not read: sdkgen reads params and fields only under request, response and model headings".to_string(),
                format!("{RENAME}; otherwise its rows are not in the SDK"),
            ),
            (Why::NoTypeHeader, _) => (
                "has a column of types but no `Type` header, so it is not read".to_string(),
                format!("{HEADER}; otherwise its rows are not in the SDK"),
            ),
            (Why::Heading, false) => (
                "has a column of types but no `Type` header, under a heading sdkgen does not read fields from".to_string(),
                format!("{HEADER}, and {RENAME}; otherwise its rows are not in the SDK"),
            ),
        };
        let message = format!("the table {} ({}) {what}", place(&t.heading), count(t.rows));
        out.push(Diagnostic::warning("unread-table", message).at(loc(t.line)).hint(hint));
    }
    let reference: Vec<&UnreadTable> = tables.iter().filter(|t| !t.typed).collect();
    if let Some(first) = reference.first() {
        let mut note = Diagnostic::note(
            "reference-tables",
            format!("{} table(s) without a type column are not read as params or fields", reference.len()),
        )
        .at(loc(first.line))
        .hint("these read as reference lists (metrics, codes, units, value meanings); to read one as fields, give it a `Type` column under a request, response or model heading");
        for t in &reference {
            note = note.with_note(format!("line {}: {} {}", t.line, count(t.rows), place(&t.heading)));
        }
        out.push(note);
    }
    out
}

/// One line per table of a skipped page (the public params aside), for its warning's notes.
pub(super) fn table_list(sections: &[Section]) -> Vec<String> {
    let mut tables = Vec::new();
    for s in sections.iter().filter(|s| s.kind != super::page::Kind::Public) {
        collect(s, &s.items, Why::Heading, &mut tables);
    }
    tables
        .iter()
        .map(|t| format!("line {}: a table of {} {}", t.line, count(t.rows), place(&t.heading)))
        .collect()
}
