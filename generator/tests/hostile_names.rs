//! Property tests of the emitter against names and descriptions the docs may hold: keywords,
//! `Self`, a leading digit, non-ASCII, empty, names that collide after case conversion, method
//! names the builders already have. Whatever they are, a valid family gives Rust that parses and
//! whose fields, variants and methods are distinct; whatever a description says, its rustdoc
//! cannot open a code block, close a comment or start an attribute.

#[path = "support/runtime_macros.rs"]
mod runtime_macros;

use proptest::prelude::*;
use sdkgen::emit::{build_mode_file, docs};
use sdkgen::ir::{
    Action, Constraints, Examples, Family, FamilyConfig, Field, Model, Signing, Transport, Type,
};
use std::collections::BTreeSet;

const TROUBLE: &[&str] = &[
    "type",
    "Type",
    "TYPE",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "__",
    "match",
    "async",
    "fn",
    "3DES",
    "1",
    "0x",
    "IPSet",
    "IpSet",
    "ipSet",
    "IP_Set",
    "ip-set",
    "é",
    "地域",
    "ŝtato",
    "X-Ufile-Meta",
    "send",
    "items",
    "new",
    "builder",
    "client",
    "extra",
    "Default",
    "Option",
    "String",
    "Vec",
    "Result",
    "field",
    "Field",
    "field_2",
    "Unknown",
    "RetCode",
    "Action",
    "Message",
    "Id",
    "ID",
    "id",
];

fn field(name: &str, ty: Type, description: &str) -> Field {
    Field {
        name: name.into(),
        ty,
        required: false,
        description: description.into(),
        deprecated: false,
        format: None,
        constraints: Constraints::default(),
        rust_name: None,
        loc: None,
    }
}

fn config() -> FamilyConfig {
    FamilyConfig {
        name: "x".into(),
        crate_name: "x".into(),
        title: String::new(),
        endpoint: None,
        env_prefix: "X".into(),
        common_params: vec![],
        signing: Signing::default(),
        transport: Transport::default(),
        words: vec![],
        money_fields: vec![],
        extra_fields: true,
        fake: None,
    }
}

/// One action `action` whose params, response fields and model fields carry `names`; one string
/// param lists `names` as its enum values; every description is `description`.
fn family(action: &str, names: &[String], description: &str) -> Family {
    let model_name = names.first().cloned().unwrap_or_default();
    let model_name = if model_name.is_empty() { "M".to_string() } else { model_name };
    let mut params: Vec<Field> = names.iter().map(|n| field(n, Type::String, description)).collect();
    let mut choice = field("Choice", Type::String, description);
    choice.constraints.enum_values = names.to_vec();
    params.push(choice);
    let mut response: Vec<Field> = names.iter().map(|n| field(n, Type::Int, description)).collect();
    response.push(field("Things", Type::List(Box::new(Type::Model(model_name.clone()))), description));
    let model = Model {
        name: model_name.clone(),
        description: description.into(),
        fields: names.iter().map(|n| field(n, Type::Float, description)).collect(),
        rust_name: None,
        loc: None,
    };
    Family {
        config: config(),
        actions: vec![Action {
            name: action.into(),
            title: description.into(),
            description: description.into(),
            idempotent: true,
            params,
            response,
            examples: Examples::default(),
            rust_name: None,
            method: None,
            loc: None,
        }],
        models: [(model_name, model)].into_iter().collect(),
    }
}

/// Checks one scope's names are distinct.
fn distinct(what: &str, names: impl IntoIterator<Item = String>) -> Result<(), TestCaseError> {
    let mut seen = BTreeSet::new();
    for n in names {
        prop_assert!(seen.insert(n.clone()), "{what}: `{n}` twice");
    }
    Ok(())
}

/// Walks every module: struct fields, enum variants and each impl's methods are distinct, and so
/// are the type names of each module.
fn check_items(items: &[syn::Item]) -> Result<(), TestCaseError> {
    let mut types = Vec::new();
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    check_items(inner)?;
                }
            }
            syn::Item::Struct(s) => {
                types.push(s.ident.to_string());
                let idents = s.fields.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string));
                distinct(&format!("fields of {}", s.ident), idents)?;
            }
            syn::Item::Enum(e) => {
                types.push(e.ident.to_string());
                distinct(
                    &format!("variants of {}", e.ident),
                    e.variants.iter().map(|v| v.ident.to_string()),
                )?;
            }
            syn::Item::Macro(m) => {
                let is_action = m.mac.path.segments.last().is_some_and(|s| s.ident == "action");
                check_macro(&m.mac.tokens, is_action, &mut types)?
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let methods = i.items.iter().filter_map(|it| match it {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                });
                distinct("inherent methods", methods)?;
            }
            _ => {}
        }
    }
    distinct("types of one module", types)
}

/// The runtime's declaration macros (`action!`, `model!`, `params!`, `string_enum!`): each
/// declared type joins the module's types; a struct's params (and so its fields and setters,
/// next to the builder's own methods) and an enum's variants must be distinct.
fn check_macro(
    tokens: &proc_macro2::TokenStream,
    is_action: bool,
    types: &mut Vec<String>,
) -> Result<(), TestCaseError> {
    use proc_macro2::{Delimiter, TokenTree};
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        let TokenTree::Ident(keyword) = token else { continue };
        let is_enum = keyword == "enum";
        if keyword != "struct" && !is_enum {
            continue;
        }
        let Some(TokenTree::Ident(name)) = tokens.get(i + 1) else { continue };
        types.push(name.to_string());
        let Some(TokenTree::Group(body)) = tokens
            .get(i + 2)
            .filter(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
        else {
            continue;
        };
        let inner: Vec<TokenTree> = body.stream().into_iter().collect();
        let mut names = Vec::new();
        let mut setters = Vec::new();
        for (j, t) in inner.iter().enumerate() {
            match (is_enum, t, inner.get(j + 1), inner.get(j + 2)) {
                // `Variant = "wire",`
                (true, TokenTree::Ident(variant), Some(TokenTree::Punct(eq)), _) if eq.as_char() == '=' => {
                    names.push(variant.to_string());
                }
                // `kind name: Type = "wire";`
                (
                    false,
                    TokenTree::Ident(kind),
                    Some(TokenTree::Ident(field)),
                    Some(TokenTree::Punct(colon)),
                ) if colon.as_char() == ':'
                    && ["required", "optional", "list"].contains(&kind.to_string().as_str()) =>
                {
                    names.push(field.to_string());
                    if kind != "required" {
                        setters.push(field.to_string());
                    }
                }
                _ => {}
            }
        }
        let what = if is_enum { "variants" } else { "params" };
        distinct(&format!("{what} of {name}"), names)?;
        // In `action!`, the struct with params is the request: its setters sit on the builder.
        if is_action {
            // The builder's methods as the runtime defines them, not the emitter's list of them.
            let builder = runtime_macros::fn_names(&runtime_macros::macro_text("builder"));
            distinct(&format!("builder methods of {name}"), setters.into_iter().chain(builder))?;
        }
    }
    Ok(())
}

fn generated(family: &Family) -> Result<syn::File, TestCaseError> {
    let valid = sdkgen::validate::ValidFamily::new(family);
    prop_assume!(valid.is_ok());
    let code = build_mode_file(valid.expect("checked"), "specs/x")
        .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
    syn::parse_file(&code).map_err(|e| TestCaseError::fail(format!("{e}\n{code}")))
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(TROUBLE).prop_map(str::to_string),
        2 => "[A-Za-z0-9_é地-]{1,10}",
        1 => ("[A-Za-z][A-Za-z0-9]{0,5}", proptest::sample::select(TROUBLE)).prop_map(|(a, b)| format!("{a}.N.{b}")),
        1 => ("[A-Za-z][A-Za-z0-9]{0,5}", proptest::sample::select(TROUBLE)).prop_map(|(a, b)| format!("{a}.{b}")),
    ]
}

fn names() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::btree_set(name(), 1..8).prop_map(|s| s.into_iter().collect())
}

/// Lines of a description meant to break out of rustdoc.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("```".to_string()),
        Just("~~~".to_string()),
        Just("    indented".to_string()),
        Just("\tcode".to_string()),
        Just("*/".to_string()),
        Just("/*".to_string()),
        Just("#[cfg(any())]".to_string()),
        Just("#![deny(warnings)]".to_string()),
        Just("<script>".to_string()),
        Just("\\".to_string()),
        Just("\"".to_string()),
        Just("\r".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{a0}\u{a0}\u{a0}\u{a0}x".to_string()),
        Just("\n".to_string()),
        Just("`".to_string()),
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// What an escaped description must never be: a fence or indented code line, an unescaped
/// backtick, `#[` or `*/` (every `*` is escaped), no raw HTML.
fn check_escaped(raw: &str) -> Result<(), TestCaseError> {
    let out = docs::escape(raw);
    for line in out.lines() {
        prop_assert!(!line.starts_with("```") && !line.starts_with("~~~"), "fence: {line:?}");
        prop_assert!(!line.starts_with("    ") && !line.starts_with('\t'), "indented code: {line:?}");
        prop_assert!(!line.trim_start().starts_with('`'), "a line starting with a backtick: {line:?}");
    }
    // Walk with CommonMark's rule: a backslash escapes the next punctuation character.
    let mut pending_escape = false;
    for c in out.chars() {
        let escaped = pending_escape;
        pending_escape = c == '\\' && !escaped;
        // `*` escaped: no `*/` that could end a block comment; `<`/`>` only as entities.
        if matches!(c, '`' | '#' | '~' | '[' | '*' | '<' | '>') {
            prop_assert!(matches!(c, '`' | '#' | '~' | '[' | '*') && escaped, "unescaped {c:?} in {out:?}");
        }
        prop_assert!(!c.is_control() || c == '\n', "control {c:?} in {out:?}");
    }
    prop_assert!(!pending_escape, "a trailing lone backslash: {out:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, max_global_rejects: 4096, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_names_give_distinct_rust_names(action in "[A-Z][A-Za-z0-9]{0,8}|Self|Type|Send", names in names()) {
        let file = generated(&family(&action, &names, "A description."))?;
        check_items(&file.items)?;
    }

    #[test]
    fn escaped_descriptions_stay_plain_text(raw in hostile_text()) {
        check_escaped(&raw)?;
    }

    #[test]
    fn any_description_keeps_the_file_parsing(raw in hostile_text()) {
        let names = vec!["type".to_string(), "Id".to_string()];
        let file = generated(&family("GetThing", &names, &raw))?;
        // No doc attribute holds an active fence, comment end or attribute start.
        let text = prettyplease::unparse(&file);
        for line in text.lines().map(str::trim_start) {
            if let Some(doc) = line.strip_prefix("///").or_else(|| line.strip_prefix("//!")) {
                let doc = doc.strip_prefix(' ').unwrap_or(doc);
                prop_assert!(!doc.starts_with("```") && !doc.starts_with("~~~"), "{line}");
                prop_assert!(!doc.starts_with("    ") && !doc.starts_with('\t'), "{line}");
            }
        }
    }
}

#[test]
fn the_trouble_names_all_generate_together() {
    let names: Vec<String> = TROUBLE.iter().map(|s| s.to_string()).collect();
    let family = family("Self", &names, "```\n*/ #[x]");
    let valid = sdkgen::validate::ValidFamily::new(&family).expect("no errors");
    let code = build_mode_file(valid, "specs/x").expect("generates");
    let file = syn::parse_file(&code).expect("parses");
    check_items(&file.items).expect("distinct names");
}

/// The macro walk sees what it checks: a repeated param, a setter named like a builder method
/// and a repeated variant are each caught.
#[test]
fn the_macro_check_catches_repeats() {
    let check = |src: &str, is_action: bool| {
        let tokens: proc_macro2::TokenStream = src.parse().unwrap();
        check_macro(&tokens, is_action, &mut Vec::new()).is_err()
    };
    assert!(check("pub struct R { optional a: i64 = \"A\"; list a: String = \"B\"; }", false));
    assert!(check("pub struct R { optional send: i64 = \"Send\"; }", true));
    assert!(!check("pub struct R { optional send: i64 = \"Send\"; }", false), "models have no builder");
    assert!(check("pub enum E { A = \"a\", A = \"b\", }", false));
    assert!(!check("pub struct R { required a: i64 = \"A\"; optional b: i64 = \"B\"; }", true));
}
