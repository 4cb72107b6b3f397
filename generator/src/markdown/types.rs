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
    // Link parts located once up front, so a cell of many `[` stays linear (no rescan per `[`).
    let opens: Vec<usize> = cell.match_indices('[').map(|(i, _)| i).collect();
    let closes: Vec<usize> = cell.match_indices("](").map(|(i, _)| i).collect();
    let parens: Vec<usize> = cell.match_indices(')').map(|(i, _)| i).collect();
    let (mut next_open, mut next_close, mut next_paren) = (0, 0, 0);
    let mut out = String::new();
    let mut i = 0;
    while let Some(c) = cell[i..].chars().next() {
        if c == '[' {
            // A link `[label](target)`: keep the label only.
            while opens.get(next_open).is_some_and(|&o| o <= i) {
                next_open += 1;
            }
            while closes.get(next_close).is_some_and(|&k| k < i) {
                next_close += 1;
            }
            if let Some(&close) = closes.get(next_close) {
                while parens.get(next_paren).is_some_and(|&p| p < close) {
                    next_paren += 1;
                }
                // No other `[` inside the label.
                let plain = opens.get(next_open).is_none_or(|&o| o >= close);
                if let (Some(&end), true) = (parens.get(next_paren), plain) {
                    let label = &cell[i + 1..close];
                    out.extend(label.chars().filter(|c| !matches!(c, '*' | '`') && !c.is_whitespace()));
                    i = end + 1;
                    continue;
                }
            }
        }
        if !matches!(c, '*' | '`') && !c.is_whitespace() && c != '\\' {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

/// `array[…]` nested deeper than this is an unknown type (the YAML front-end's bound too).
const MAX_LIST_DEPTH: usize = 32;

fn parse_normalised(text: &str, models: &[String]) -> Option<Type> {
    if text.is_empty() {
        return None;
    }
    if let Some(t) = base_type(text) {
        return Some(t);
    }
    // `array[…]` peeled in a loop, at most MAX_LIST_DEPTH deep: no recursion on page input.
    let mut inner = text;
    let mut depth = 0;
    while inner.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("array[")) && inner.ends_with(']') {
        depth += 1;
        if depth > MAX_LIST_DEPTH {
            return None;
        }
        inner = &inner["array[".len()..inner.len() - 1];
    }
    if depth > 0 {
        let mut ty = parse_normalised(inner, models)?;
        for _ in 0..depth {
            ty = Type::List(Box::new(ty));
        }
        return Some(ty);
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
        } else {
            // No link after this `[`, so none after any later one: stop (linear, not quadratic).
            break;
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
