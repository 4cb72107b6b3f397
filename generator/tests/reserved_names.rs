//! The names generated code itself defines are reserved for it, read from where they are
//! defined rather than trusted to a hand-kept list: the runtime's `builder!` macro (every
//! action's setters live on that type) and the generated `Client` (every action's method does).

use std::collections::BTreeSet;
use std::path::Path;

use sdkgen::emit::operation::{BUILDER_METHODS, CLIENT_METHODS};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator sits in the repository")
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
    let macros = std::fs::read_to_string(repo().join("runtime/src/macros.rs")).unwrap();
    let start = macros.find("macro_rules! builder").expect("the runtime defines `builder!`");
    let end = macros[start + 1..].find("macro_rules!").map_or(macros.len(), |n| start + 1 + n);
    let defined = fn_names(&macros[start..end]);
    assert!(defined.contains("send") && defined.contains("customize"), "read the macro: {defined:?}");
    let missing: Vec<&String> = defined.iter().filter(|m| !BUILDER_METHODS.contains(&m.as_str())).collect();
    assert!(missing.is_empty(), "builder methods a setter could take: {missing:?}");
}

#[test]
fn every_method_of_the_generated_client_is_reserved_for_it() {
    // The generated client (items::client_module) as the checked-in crates have it.
    for family in ["billing", "compute"] {
        let client =
            std::fs::read_to_string(repo().join(format!("generated/{family}/src/client.rs"))).unwrap();
        let file = syn::parse_file(&client).expect("the generated client parses");
        let mut defined = BTreeSet::new();
        for item in &file.items {
            if let syn::Item::Impl(block) = item {
                let is_client = matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
                if is_client {
                    for member in &block.items {
                        if let syn::ImplItem::Fn(f) = member {
                            defined.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        assert!(
            defined.contains("invoke") && defined.contains("from"),
            "read {family}'s client: {defined:?}"
        );
        let missing: Vec<&String> =
            defined.iter().filter(|m| !CLIENT_METHODS.contains(&m.as_str())).collect();
        assert!(missing.is_empty(), "{family}: client methods an action could take: {missing:?}");
    }
}

#[test]
fn the_reader_of_fn_names_is_not_fooled() {
    let names = fn_names("pub fn a(x) {} pub(crate) fn b<R>() fn $field( mfn c() async fn d (");
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["a", "b", "d"]);
}
