//! The type vocabulary of the docs: `string`, `int`, `array[string]`, `[*M*](#M)`, `array[M]`…
//!
//! Kept apart from table parsing because the pipe-less row recogniser needs the same vocabulary
//! to find where a name ends and a type begins.

use crate::ir::Type;

/// Base type words, lowercase, longest first so a prefix match takes `integer` before `int`.
pub const BASE_WORDS: &[&str] =
    &["boolean", "integer", "string", "object", "double", "float", "array", "long", "bool", "int"];

/// The type a base word names, compared case-insensitively (`String`, `Integer` occur).
pub fn base_type(word: &str) -> Option<Type> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" => Type::String,
        "int" | "integer" | "long" => Type::Int,
        "float" | "double" => Type::Float,
        "boolean" | "bool" => Type::Bool,
        "object" => Type::Object,
        "array" => Type::Array,
        _ => return None,
    })
}

/// Why a type cell was not understood: the caller turns it into an `unknown-type` warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownType(pub String);

/// Parses a type cell. `models` are the model names the page defines, so a bare `M` is a model
/// reference only when the page defines `M`; a link `[*M*](#M)` is a reference regardless.
/// An unknown word yields `Type::String` plus the word, so the row is still kept.
pub fn parse_type(cell: &str, models: &[String]) -> (Type, Option<UnknownType>) {
    let text = normalise(cell);
    match parse_normalised(&text, models) {
        Some(t) => (t, None),
        None => (Type::String, Some(UnknownType(cell.trim().to_string()))),
    }
}

/// Removes emphasis markers, backticks and whitespace, and turns a Markdown link `[x](#y)` into
/// `x`, leaving only the type expression.
fn normalise(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            // A link `[label](target)`: keep the label only.
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    let label = &rest[1..close];
                    if !label.contains('[') {
                        out.extend(label.chars().filter(|c| !matches!(c, '*' | '`') && !c.is_whitespace()));
                        rest = &rest[close + end + 1..];
                        continue;
                    }
                }
            }
        }
        if !matches!(c, '*' | '`') && !c.is_whitespace() && c != '\\' {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn parse_normalised(text: &str, models: &[String]) -> Option<Type> {
    if text.is_empty() {
        return None;
    }
    if let Some(t) = base_type(text) {
        return Some(t);
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("array[") && text.ends_with(']') {
        let inner = &text["array[".len()..text.len() - 1];
        return parse_normalised(inner, models).map(|t| Type::List(Box::new(t)));
    }
    if models.iter().any(|m| m == text) || looks_like_model_name(text) {
        return Some(Type::Model(text.to_string()));
    }
    None
}

/// A capitalised identifier (`CrateInfo`) names a model even when this page does not define it:
/// another page of the family may, and validation reports it when none does. Reading it as a
/// string would silently lose the structure.
fn looks_like_model_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The model names a type cell links to (`[*M*](#M)`), so a page's links count as references
/// even when the page forgot to define the model.
pub fn linked_models(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = cell;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find("](#") {
            let label: String = rest[..close].chars().filter(|c| !matches!(c, '*' | '`' | '[')).collect();
            let label = label.trim();
            if !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '_') {
                out.push(label.to_string());
            }
            rest = &rest[close + 3..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(cell: &str) -> Type {
        parse_type(cell, &["OrderItemDetail".to_string()]).0
    }

    #[test]
    fn base_words_and_lists() {
        assert_eq!(ty("string"), Type::String);
        assert_eq!(ty(" **int** "), Type::Int);
        assert_eq!(ty("Integer"), Type::Int);
        assert_eq!(ty("boolean"), Type::Bool);
        assert_eq!(ty("bool"), Type::Bool);
        assert_eq!(ty("double"), Type::Float);
        assert_eq!(ty("array"), Type::Array);
        assert_eq!(ty("object"), Type::Object);
        assert_eq!(ty("array[string]"), Type::List(Box::new(Type::String)));
        assert_eq!(ty("array[int]"), Type::List(Box::new(Type::Int)));
    }

    #[test]
    fn model_references() {
        let m = |n: &str| Type::Model(n.to_string());
        assert_eq!(ty("OrderItemDetail"), m("OrderItemDetail"));
        assert_eq!(ty("array[OrderItemDetail]"), Type::List(Box::new(m("OrderItemDetail"))));
        let linked = "array[[*TargetSet*](#TargetSet)]";
        let models = linked_models(linked);
        assert_eq!(models, ["TargetSet"]);
        assert_eq!(parse_type(linked, &models).0, Type::List(Box::new(m("TargetSet"))));
        assert_eq!(parse_type("[*Foo*](#Foo)", &linked_models("[*Foo*](#Foo)")).0, m("Foo"));
    }

    #[test]
    fn unknown_words_fall_back_to_string() {
        let (t, unknown) = parse_type("varchar", &[]);
        assert_eq!(t, Type::String);
        assert_eq!(unknown, Some(UnknownType("varchar".into())));
        assert!(parse_type("", &[]).1.is_some());
        assert!(parse_type("array[", &[]).1.is_some());
    }
}
