//! The Markdown front-end: a published doc page → an [`crate::ir::Document`] and diagnostics.
