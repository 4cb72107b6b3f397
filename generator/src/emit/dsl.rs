//! The runtime's declarative macros (`action!`, `params!`, `string_enum!`), written as text.
//!
//! prettyplease prints a macro's body as one run of tokens, so invocations are laid out here,
//! one param per line, and carried through syn and prettyplease as a string literal inside a
//! marker macro ([`text_block`]); [`splice`] puts the text back, indented like the marker.

use super::plan::{FieldPlan, RustType};
use super::types::Scope;
use proc_macro2::TokenStream;
use quote::quote;
use std::fmt::Write;

/// The marker macro's name: no real code calls a macro by this name.
const MARKER: &str = "__sdkgen_text_block";

/// Pre-formatted code as an item, for [`splice`] to put back after formatting. The text rides
/// in a raw string literal (no escaping either way), with one `#` more than any run of `#` in
/// the text, so nothing inside can close it.
pub fn text_block(text: &str) -> TokenStream {
    let marker = proc_macro2::Ident::new(MARKER, proc_macro2::Span::call_site());
    let hashes = "#".repeat(longest_hash_run(text) + 1);
    let raw = format!("r{hashes}\"{text}\"{hashes}");
    match raw.parse::<proc_macro2::Literal>() {
        Ok(lit) => quote!(#marker!(#lit);),
        // Not reachable for a well-formed raw string; an escaped literal carries the same text.
        Err(_) => {
            let lit = proc_macro2::Literal::string(text);
            quote!(#marker!(#lit);)
        }
    }
}

fn longest_hash_run(text: &str) -> usize {
    text.split(|c| c != '#').map(str::len).max().unwrap_or(0)
}

/// Replaces every [`text_block`] marker in prettyplease's output with its text, each line
/// indented like the marker. Output without markers is returned unchanged.
pub fn splice(formatted: &str) -> String {
    let mut out = String::with_capacity(formatted.len() + formatted.len() / 4);
    let mut rest = formatted;
    while let Some(at) = rest.find(MARKER) {
        let line_start = rest[..at].rfind('\n').map_or(0, |n| n + 1);
        let indent = &rest[line_start..at];
        out.push_str(&rest[..line_start]);
        let (text, after) = marker_text(&rest[at + MARKER.len()..]);
        for line in text.lines() {
            if !line.is_empty() {
                out.push_str(indent);
                out.push_str(line);
            }
            out.push('\n');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The text of the marker whose name was just read, and what follows the marker's line.
fn marker_text(after_name: &str) -> (String, &str) {
    // prettyplease prints `!(` then the literal, maybe on its own line, then `);`.
    let open = after_name.find('(').map_or(0, |p| p + 1);
    let body = after_name[open..].trim_start();
    let (text, tail) = if let Some(raw) = body.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let close = format!("\"{}", "#".repeat(hashes));
        let inner = &raw[hashes + 1..];
        match inner.find(&close) {
            Some(end) => (inner[..end].to_string(), &inner[end + close.len()..]),
            None => (String::new(), inner),
        }
    } else {
        // An escaped string literal: its end is the `");` that closes the marker.
        let end = body.find("\");").map_or(body.len(), |e| e + 1);
        let text = syn::parse_str::<syn::LitStr>(&body[..end]).map(|l| l.value()).unwrap_or_default();
        (text, &body[end..])
    };
    // Past the `);` that closes the marker (after a trailing comma when prettyplease wrapped it).
    let close = tail.find(");").map_or(tail.len(), |c| c + 2);
    let tail = &tail[close..];
    let next_line = tail.find('\n').map_or(tail.len(), |n| n + 1);
    (text, &tail[next_line..])
}

/// Doc lines at `indent`: `///` comments, or a `#[doc = "…"]` attribute for a line a comment
/// cannot hold (control characters).
pub fn docs(out: &mut String, lines: &[String], indent: &str) {
    for line in lines {
        if line.chars().any(|c| c.is_control() && c != '\t') {
            let lit = proc_macro2::Literal::string(&format!(" {line}"));
            let _ = writeln!(out, "{indent}#[doc = {lit}]");
        } else if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

/// The `#[deprecated]` line of a deprecated field.
pub fn deprecated(out: &mut String, field: &FieldPlan, indent: &str) {
    if field.deprecated {
        let _ = writeln!(out, "{indent}#[deprecated(note = \"deprecated in the API docs\")]");
    }
}

/// The kind of a param line: `required` (a method argument), `defaulted` (required with a
/// documented default: a setter, always sent), `list` (`Vec`, sent as `X.N`) or `optional`.
pub fn param_kind(field: &FieldPlan) -> &'static str {
    match (&field.ty, field.required) {
        (RustType::List(_), _) => "list",
        (_, true) if field.default.is_some() => "defaulted",
        (_, true) => "required",
        (_, false) => "optional",
    }
}

/// The element type a param line names: a list's items, a boxed value in its box.
pub fn param_type(field: &FieldPlan, scope: Scope) -> String {
    let value = match &field.ty {
        RustType::List(inner) => super::types::type_text(inner, scope),
        ty => super::types::type_text(ty, scope),
    };
    if field.boxed && !matches!(field.ty, RustType::List(_)) {
        format!("Box<{value}>")
    } else {
        value
    }
}

/// One param with its docs: `KIND name: Type = "Wire";`.
pub fn param(out: &mut String, field: &FieldPlan, scope: Scope, indent: &str) {
    docs(out, &field.docs, indent);
    deprecated(out, field, indent);
    let wire = proc_macro2::Literal::string(&field.wire);
    let default = field.default.as_ref().map(|d| format!(" default {d}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}{} {}: {} = {wire}{default};",
        param_kind(field),
        field.rust,
        param_type(field, scope)
    );
}

/// The name of a struct's `extra` map: `extra`, else `extra_fields`, else `extra_2`, `extra_3`…,
/// the first no documented field took.
pub fn extra_name(fields: &[FieldPlan]) -> String {
    let free = |name: &String| !fields.iter().any(|f| f.rust == name.as_str());
    ["extra".to_string(), "extra_fields".to_string()]
        .into_iter()
        .chain((2u64..).map(|n| format!("extra_{n}")))
        .find(free)
        .unwrap_or_default()
}

/// One struct of a `model!` or `params!` invocation: name, doc lines, fields, and the `extra` line
/// (`extra`, `extra except [...]`) if it keeps undocumented fields.
pub type ModelStruct<'a> = (&'a str, &'a [String], &'a [FieldPlan], Option<String>);

/// A `sdkgen_runtime::model!` invocation declaring `structs`.
pub fn model_text(structs: &[ModelStruct<'_>], scope: Scope) -> String {
    structs_text("model", structs, scope)
}

/// A `sdkgen_runtime::params!` invocation declaring request-side `structs` (no `extra`).
pub fn params_text(structs: &[ModelStruct<'_>], scope: Scope) -> String {
    structs_text("params", structs, scope)
}

/// `sdkgen_runtime::<name>! { … }` over struct declarations, one param per line. Decoded data
/// models are `Clone` (users keep and share items); a response is not (it is taken apart, and
/// its fields are `Clone`): measured, `Clone` on every response cost 2 % of a crate's check.
fn structs_text(macro_name: &str, structs: &[ModelStruct<'_>], scope: Scope) -> String {
    let clone = macro_name == "model" && scope == Scope::Model;
    let mut out = format!("sdkgen_runtime::{macro_name}! {{\n");
    for (i, (name, doc, fields, extra)) in structs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        docs(&mut out, doc, "    ");
        if clone {
            out.push_str("    #[derive(Clone)]\n");
        }
        let _ = writeln!(out, "    pub struct {name} {{");
        for f in fields.iter() {
            param(&mut out, f, scope, "        ");
        }
        if let Some(extra) = extra {
            let _ = writeln!(out, "        ..{extra}");
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn text_blocks_come_back_verbatim_and_indented() {
        let text = "demo! {\n    /// A \"quoted\" doc with \\ and é\n    x: i64;\n\n}\n";
        let block = text_block(text);
        let top = splice(&format(quote!(struct A; #block struct B;)));
        assert!(top.contains(text), "{top}");
        let nested = splice(&format(quote!(mod m { #block })));
        assert!(nested.contains("    demo! {\n        /// A \"quoted\" doc"), "{nested}");
        // A blank line stays blank (no trailing spaces).
        assert!(nested.contains("x: i64;\n\n    }"), "{nested}");
    }

    #[test]
    fn long_blocks_survive_prettyplease_wrapping() {
        let text = format!("m! {{\n{}\n}}\n", "    a: i64;\n".repeat(200));
        let out = splice(&format(text_block(&text)));
        assert_eq!(out, text);
    }

    #[test]
    fn text_with_raw_string_delimiters_survives() {
        let text = "m! {\n    /// \"# and \"## and r#\"x\"#\n}\n";
        let out = splice(&format(text_block(text)));
        assert_eq!(out, text);
    }

    #[test]
    fn control_characters_in_docs_become_attributes() {
        let mut out = String::new();
        docs(&mut out, &["plain".into(), String::new(), "bell\u{7}".into()], "  ");
        assert_eq!(out, "  /// plain\n  ///\n  #[doc = \" bell\\u{7}\"]\n");
    }

    proptest::proptest! {
        /// Whatever the docs say, each line comes back as exactly one doc attribute holding
        /// that line, through the text block and prettyplease, and nothing else appears.
        #[test]
        fn any_doc_line_survives_as_one_doc_attribute(lines in proptest::collection::vec(".{0,40}", 0..6)) {
            let lines: Vec<String> = lines.into_iter().map(|l| l.replace(['\n', '\r'], " ")).collect();
            let mut text = String::new();
            docs(&mut text, &lines, "");
            text.push_str("struct S;\n");
            let spliced = splice(&format(text_block(&text)));
            let file: syn::File = syn::parse_str(&spliced).expect("the spliced text parses");
            let attrs = match &file.items[..] {
                [syn::Item::Struct(s)] => &s.attrs,
                other => panic!("one struct expected, got {}", other.len()),
            };
            let got: Vec<String> = attrs
                .iter()
                .map(|a| match &a.meta {
                    syn::Meta::NameValue(nv) => match &nv.value {
                        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
                        _ => panic!("not a string doc"),
                    },
                    _ => panic!("not a doc attribute"),
                })
                .collect();
            let want: Vec<String> =
                lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
