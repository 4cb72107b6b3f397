//! The names generated code itself defines are reserved for it, read from where they are
//! defined rather than trusted to a hand-kept list: the runtime's `builder!` macro (every
//! action's setters live on that type) and its `client!` macro (every action's method does).

use std::collections::BTreeSet;
use std::path::Path;

use sdkgen::emit::operation::{BUILDER_METHODS, CLIENT_METHODS};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator sits in the repository")
}

/// The text of the runtime's `macro_rules! name`, up to the next macro.
fn macro_text(name: &str) -> String {
    let macros = std::fs::read_to_string(repo().join("runtime/src/macros.rs")).unwrap();
    let start = macros
        .find(&format!("macro_rules! {name} "))
        .unwrap_or_else(|| panic!("the runtime defines `{name}!`"));
    let end = macros[start + 1..].find("macro_rules!").map_or(macros.len(), |n| start + 1 + n);
    macros[start..end].to_string()
}

/// The names of `fn` items in `text` (`fn name(`), skipping macro metavariables (`fn $field(`).
fn fn_names(text: &str) -> BTreeSet<String> {
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

#[test]
fn every_method_of_the_runtimes_builder_is_reserved_for_it() {
    let defined = fn_names(&macro_text("builder"));
    assert!(defined.contains("send") && defined.contains("customize"), "read the macro: {defined:?}");
    let missing: Vec<&String> = defined.iter().filter(|m| !BUILDER_METHODS.contains(&m.as_str())).collect();
    assert!(missing.is_empty(), "builder methods a setter could take: {missing:?}");
}

#[test]
fn every_method_of_the_runtimes_client_is_reserved_for_it() {
    // The generated client is the runtime's `client!`; every action adds its method to it.
    let macros = macro_text("client");
    let defined = fn_names(&macros);
    assert!(defined.contains("invoke") && defined.contains("from"), "read the macro: {defined:?}");
    let missing: Vec<&String> = defined.iter().filter(|m| !CLIENT_METHODS.contains(&m.as_str())).collect();
    assert!(missing.is_empty(), "client methods an action could take: {missing:?}");
    for family in ["billing", "compute"] {
        let client =
            std::fs::read_to_string(repo().join(format!("generated/{family}/src/client.rs"))).unwrap();
        assert!(client.contains("sdkgen_runtime::client! {"), "{family}'s client is the runtime's macro");
    }
}

#[test]
fn the_reader_of_fn_names_is_not_fooled() {
    let names = fn_names("pub fn a(x) {} pub(crate) fn b<R>() fn $field( mfn c() async fn d (");
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["a", "b", "d"]);
}
