//! The YAML front-end: a clean spec file ↔ an [`crate::ir::Document`].
//!
//! The format is described in `docs/spec-format.md`. [`parse_spec`] reads a spec file,
//! [`to_yaml`] writes one (what `sdkgen convert PAGE.md --to yaml` prints), and the two agree:
//! reading what was written gives the same document, locations aside.
//! [`parse_family_config`] reads a family's `family.yaml`.

pub(crate) mod error;
mod family;
pub(crate) mod locate;
mod spec;
mod types;
mod write;

pub use family::{default_family_config, parse_family_config};
pub use types::{parse_type, TypeError};

use crate::diag::Diagnostic;
use crate::ir::Document;

/// Reads a spec file. On any error the document is `None`; the diagnostics carry
/// `file:line:col` (from serde_yaml for syntax and key errors, from a scan of the text for
/// problems found afterwards) and a hint. Actions, fields and examples get their `loc` from the
/// text where it can be found.
pub fn parse_spec(path: &str, text: &str) -> (Option<Document>, Vec<Diagnostic>) {
    if let Some(d) = crate::markdown::too_large(path, text) {
        return (None, vec![d]);
    }
    let file: spec::SpecFile = match spec::deserialize(path, "yaml", text) {
        Ok(file) => file,
        Err(d) => return (None, vec![*d]),
    };
    let keys = locate::KeyMap::scan(path, text);
    let mut builder = spec::Builder { keys: &keys, diags: Vec::new(), prefix: "yaml" };
    let doc = builder.document(file);
    let diags = builder.diags;
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(doc), diags)
}

/// Writes `doc` as a spec file: deterministic, block style, defaults and locations left out,
/// multi-line text as literal blocks.
pub fn to_yaml(doc: &Document) -> String {
    write::document(doc)
}
