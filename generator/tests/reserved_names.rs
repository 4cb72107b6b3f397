//! The names generated code itself defines are reserved for it, read from where they are
//! defined rather than trusted to a hand-kept list: the runtime's `builder!` macro (every
//! action's setters live on that type) and its `client!` macro (every action's method does).

use std::collections::BTreeSet;

use sdkgen::emit::operation::{BUILDER_METHODS, CLIENT_METHODS};

#[path = "support/runtime_macros.rs"]
mod runtime_macros;
use runtime_macros::{fn_names, macro_text, repo};

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

/// Upper-case identifiers `tokens` uses unqualified (not after `::`, `$`, or a keyword that
/// defines one), skipping the `rules: [...]` of `action!`, whose words are the macro's syntax;
/// those used with generic arguments (`Vec<…>`) go to `generic` too: no generated type takes any.
fn bare_type_names(
    tokens: proc_macro2::TokenStream,
    out: &mut BTreeSet<String>,
    generic: &mut BTreeSet<String>,
) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        let before = |k: usize| i.checked_sub(k).map(|j| &trees[j]);
        match tree {
            TokenTree::Group(group) => {
                let is_rules = matches!(before(2), Some(TokenTree::Ident(id)) if id == "rules");
                if !is_rules {
                    bare_type_names(group.stream(), out, generic);
                }
            }
            TokenTree::Ident(id) => {
                let text = id.to_string();
                let punct =
                    |k: usize, c: char| matches!(before(k), Some(TokenTree::Punct(p)) if p.as_char() == c);
                let qualified = (punct(1, ':') && punct(2, ':')) || punct(1, '$');
                let defined = matches!(before(1), Some(TokenTree::Ident(k)) if ["struct", "enum", "type", "trait", "fn"].contains(&k.to_string().as_str()));
                let upper = text.starts_with(|c: char| c.is_ascii_uppercase());
                let constant = text.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
                if upper && !constant && !qualified && !defined && text != "Self" {
                    let angle = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '<');
                    if angle {
                        generic.insert(text.clone());
                    }
                    out.insert(text);
                }
            }
            _ => {}
        }
    }
}

/// Every type name the generated modules that hold the docs' types (`model`, `enums`,
/// `operation::*`) use bare, beside the crate's own, and every one the runtime's macros expand
/// to there, is reserved: a model or action taking one would change what the code means.
#[test]
fn every_type_the_generated_code_uses_bare_is_reserved() {
    use sdkgen::emit::plan::TYPES_IN_USE;
    // Generic parameters of the runtime's macros.
    let generic = ["R", "Item"];
    let mut runtime = BTreeSet::new();
    let macros = std::fs::read_to_string(repo().join("runtime/src/macros.rs")).unwrap();
    bare_type_names(macros.parse().expect("macros.rs lexes"), &mut runtime, &mut BTreeSet::new());
    let missing: Vec<&String> = runtime
        .iter()
        .filter(|n| !TYPES_IN_USE.contains(&n.as_str()) && !generic.contains(&n.as_str()))
        .collect();
    assert!(missing.is_empty(), "the runtime's macros use these bare, unreserved: {missing:?}");
    assert!(runtime.contains("Default"), "read the macros: {runtime:?}");

    for (spec, krate) in [
        ("specs/billing", "generated/billing"),
        ("specs/compute", "generated/compute"),
        ("generator/tests/fixtures/hostile/nasty", "generator/tests/nasty-crate"),
    ] {
        let loaded = sdkgen::load::load_family(&repo().join(spec));
        let family = loaded.family.expect("the family loads");
        let plan = sdkgen::emit::plan::plan(sdkgen::validate::ValidFamily::new(&family).expect("valid"));
        let mut own: BTreeSet<String> = BTreeSet::new();
        own.extend(plan.structs.iter().map(|s| s.name.to_string()));
        for e in &plan.enums {
            own.insert(e.name.to_string());
            own.extend(e.variants.iter().map(|(v, _)| v.to_string()));
        }
        for a in &plan.actions {
            for suffix in ["", "Request", "Response"] {
                own.insert(a.type_name.suffixed(suffix).to_string());
            }
        }
        let src = repo().join(krate).join("src");
        let mut files = vec![src.join("model.rs"), src.join("enums.rs")];
        files.extend(std::fs::read_dir(src.join("operation")).unwrap().map(|e| e.unwrap().path()));
        let (mut used, mut generic) = (BTreeSet::new(), BTreeSet::new());
        for file in files.iter().filter(|f| f.is_file()) {
            let text = std::fs::read_to_string(file).unwrap();
            bare_type_names(text.parse().expect("generated code lexes"), &mut used, &mut generic);
        }
        // A generic one is std's or the runtime's even where a planned type took its name.
        let missing: Vec<&String> = generic.iter().filter(|n| !TYPES_IN_USE.contains(&n.as_str())).collect();
        assert!(missing.is_empty(), "{krate} uses these generic types bare, unreserved: {missing:?}");
        let missing: Vec<&String> =
            used.iter().filter(|n| !own.contains(*n) && !TYPES_IN_USE.contains(&n.as_str())).collect();
        assert!(missing.is_empty(), "{krate} uses these bare, unreserved: {missing:?}");
        assert!(used.contains("String"), "read {krate}: {used:?}");
    }
}
