//! What the runtime's macros define, read from their source (`#[path = "support/runtime_macros.rs"]
//! mod runtime_macros;`): the oracle for the names generated code must leave to them.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

/// The workspace root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator sits in the repository")
}

/// The text of the runtime's `macro_rules! name`, up to the next macro.
pub fn macro_text(name: &str) -> String {
    let macros = std::fs::read_to_string(repo().join("runtime/src/macros.rs")).unwrap();
    let start = macros
        .find(&format!("macro_rules! {name} "))
        .unwrap_or_else(|| panic!("the runtime defines `{name}!`"));
    let end = macros[start + 1..].find("macro_rules!").map_or(macros.len(), |n| start + 1 + n);
    macros[start..end].to_string()
}

/// The names of `fn` items in `text` (`fn name(`), skipping macro metavariables (`fn $field(`).
pub fn fn_names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("fn ") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 3..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `mfn `, `some_fn ` …
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && rest[name.len()..].trim_start().starts_with(['(', '<']) {
            out.insert(name);
        }
    }
    out
}
