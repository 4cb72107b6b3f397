//! The Markdown front-end: a published doc page → an [`crate::ir::Document`] and diagnostics.
//!
//! One page at a time, nothing shared between pages. [`parse_page`] reads the title
//! (`标题 - ActionName`), files the lines into sections ([`page`]), reads the param and field
//! tables ([`table`], or [`flat_table`] when a scrape lost the `|` borders) with the type
//! vocabulary of [`types`], and decodes the examples ([`examples`]). Pages that document no
//! action are recognised by content ([`skip`]) and returned as [`PageOutcome::Skipped`].
//!
//! Row accounting: every data row of a request, response or model table is either a field or a
//! diagnostic ([`RowCount`]); every other table of an action page gets an `unread-table` warning
//! (it has types) or a line in the page's `reference-tables` note, the public params aside, and
//! its rows count as diagnosed. So nothing the docs say is lost silently.

pub mod examples;
pub mod flat_table;
pub mod heading;
pub mod inline;
pub mod page;
pub mod skip;
pub mod table;
pub mod types;
mod unread;

use crate::diag::Diagnostic;
use crate::ir::Document;

/// What one page gave.
#[derive(Debug, Clone, PartialEq)]
pub struct PageResult {
    /// The action document, or why the page was skipped.
    pub outcome: PageOutcome,
    /// Findings, in page order (a skipped page gets one `skipped-page` note, or a
    /// `skipped-action-page` warning naming the action when its title says it is one).
    pub diagnostics: Vec<Diagnostic>,
    /// Row accounting over the page's param and field tables.
    pub rows: RowCount,
}

/// An action page's document, or a page that documents no action.
#[derive(Debug, Clone, PartialEq)]
pub enum PageOutcome {
    /// One action and the page's models.
    Action(Document),
    /// Not an action page (overview, index, sidebar, plain-HTTP page…), and why.
    Skipped {
        /// Human-readable reason.
        reason: String,
    },
}

/// Table rows seen, and how many became a param/field vs a diagnostic; seen == fields + diagnosed always.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RowCount {
    /// Data rows of every table of an action page, public-param rows aside: those of request,
    /// response and model tables, and those of unread tables (diagnosed by their table's
    /// `unread-table` warning or `reference-tables` note).
    pub seen: usize,
    /// Rows that became a param or field.
    pub fields: usize,
    /// Rows that became a diagnostic instead.
    pub diagnosed: usize,
}

/// Parses one page. `path` goes into every [`crate::ir::Loc`]; bad input never panics.
pub fn parse_page(path: &str, text: &str) -> PageResult {
    if let Some(d) = too_large(path, text) {
        let reason = "the page is larger than any doc page".to_string();
        return PageResult {
            outcome: PageOutcome::Skipped { reason },
            diagnostics: vec![d],
            rows: RowCount::default(),
        };
    }
    page::parse(path, text)
}

/// Largest page or spec file read (4 MiB): doc pages are a few KiB, so anything larger is not one,
/// and reading it would be unbounded work.
pub const MAX_SOURCE_BYTES: usize = 4 << 20;

/// The `page-too-large` error for a source over [`MAX_SOURCE_BYTES`].
pub(crate) fn too_large(path: &str, text: &str) -> Option<Diagnostic> {
    (text.len() > MAX_SOURCE_BYTES).then(|| {
        Diagnostic::error(
            "page-too-large",
            format!("{path} is {} bytes; at most {MAX_SOURCE_BYTES} are read", text.len()),
        )
        .at(Some(crate::ir::Loc { file: path.to_string(), line: 1, col: 1 }))
        .hint("split the file, or check that it is a doc page")
    })
}
