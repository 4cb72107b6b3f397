//! Reading a type in the docs' spelling: `string`, `int`, `array[OrderItemDetail]`.
//!
//! The spelling is the one [`Type`]'s `Display` writes, so what `to_yaml` writes reads back.

use crate::ir::Type;

/// Lists nested deeper than this are refused: no API does it, and it keeps drops shallow.
const MAX_DEPTH: usize = 32;

/// Why a type cannot be read, with a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// What is wrong.
    pub message: String,
    /// How to write it instead.
    pub hint: String,
}

/// Words people write for a type we spell differently, and our spelling.
const ALIASES: &[(&str, &str)] = &[
    ("integer", "int"),
    ("long", "int"),
    ("int32", "int"),
    ("int64", "int"),
    ("uint", "int"),
    ("number", "float"),
    ("double", "float"),
    ("decimal", "float"),
    ("float64", "float"),
    ("str", "string"),
    ("text", "string"),
    ("list", "array"),
    ("map", "object"),
    ("dict", "object"),
    ("json", "object"),
    ("struct", "object"),
];

const WORDS: &str =
    "string, int, float, bool, object, array, array[T], or a model name starting with a capital";

/// Parses a type name. `boolean` is accepted as the docs' other spelling of `bool`.
pub fn parse_type(text: &str) -> Result<Type, TypeError> {
    let mut rest = text.trim();
    let mut depth = 0;
    loop {
        let lower = rest.get(..6).map(str::to_ascii_lowercase);
        if lower.as_deref() == Some("array[") && rest.ends_with(']') {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(TypeError {
                    message: format!("the type `{}` nests lists more than {MAX_DEPTH} deep", text.trim()),
                    hint: "no API nests lists this deep; check the spelling".into(),
                });
            }
            rest = rest[6..rest.len() - 1].trim();
        } else {
            break;
        }
    }
    let mut ty = parse_word(rest, text.trim())?;
    for _ in 0..depth {
        ty = Type::List(Box::new(ty));
    }
    Ok(ty)
}

/// Parses the innermost word of a type.
fn parse_word(word: &str, whole: &str) -> Result<Type, TypeError> {
    let bad = |message: String, hint: String| Err(TypeError { message, hint });
    match word {
        "string" => return Ok(Type::String),
        "int" => return Ok(Type::Int),
        "float" => return Ok(Type::Float),
        "bool" | "boolean" => return Ok(Type::Bool),
        "object" => return Ok(Type::Object),
        "array" => return Ok(Type::Array),
        "" => return bad(format!("the type `{whole}` is empty"), format!("write one of {WORDS}")),
        _ => {}
    }
    // `string[]`, `[]string`, `array<int>`, `list[int]`: the idea is right, the spelling is not.
    let inner = word
        .strip_suffix("[]")
        .or_else(|| word.strip_prefix("[]"))
        .or_else(|| word.strip_prefix("array<").and_then(|w| w.strip_suffix('>')))
        .or_else(|| word.strip_prefix("list[").and_then(|w| w.strip_suffix(']')))
        .or_else(|| word.strip_prefix("List<").and_then(|w| w.strip_suffix('>')));
    if let Some(inner) = inner {
        return bad(
            format!("`{whole}` is not how a list type is written"),
            format!("write `array[{}]`", inner.trim()),
        );
    }
    let first = word.chars().next().unwrap_or(' ');
    let is_ident = word.chars().all(|c| c.is_alphanumeric() || c == '_');
    let lower = word.to_ascii_lowercase();
    // `String` or `INT` is a type written in the wrong case far more often than a model name.
    if ["string", "int", "float", "bool", "object", "array", "boolean"].contains(&lower.as_str()) {
        return bad(format!("unknown type `{whole}`"), format!("types are lower case: write `{lower}`"));
    }
    if first.is_uppercase() && is_ident {
        return Ok(Type::Model(word.to_string()));
    }
    if let Some((_, ours)) = ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return bad(format!("unknown type `{whole}`"), format!("did you mean `{ours}`?"));
    }
    if first.is_uppercase() {
        return bad(
            format!("`{whole}` is not a model name"),
            "a model name is one word of letters, digits and `_`".into(),
        );
    }
    if first.is_lowercase() && is_ident {
        return bad(
            format!("unknown type `{whole}`"),
            format!("write one of {WORDS} (model names start with a capital letter)"),
        );
    }
    bad(format!("`{whole}` is not a type"), format!("write one of {WORDS}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_docs_spelling() {
        assert_eq!(parse_type("int"), Ok(Type::Int));
        assert_eq!(parse_type(" boolean "), Ok(Type::Bool));
        assert_eq!(parse_type("array"), Ok(Type::Array));
        assert_eq!(
            parse_type("array[array[int]]"),
            Ok(Type::List(Box::new(Type::List(Box::new(Type::Int)))))
        );
        assert_eq!(
            parse_type("array[ OrderItemDetail ]"),
            Ok(Type::List(Box::new(Type::Model("OrderItemDetail".into()))))
        );
        assert_eq!(parse_type("Foo_2"), Ok(Type::Model("Foo_2".into())));
    }

    #[test]
    fn display_reads_back() {
        for t in [Type::Float, Type::Object, Type::List(Box::new(Type::Array)), Type::Model("X".into())] {
            assert_eq!(parse_type(&t.to_string()), Ok(t));
        }
    }

    #[test]
    fn unknown_words_get_hints() {
        assert_eq!(parse_type("integer").unwrap_err().hint, "did you mean `int`?");
        assert!(parse_type("frobnicate").unwrap_err().hint.contains("capital"));
        assert_eq!(parse_type("string[]").unwrap_err().hint, "write `array[string]`");
        assert!(parse_type("Int").unwrap_err().hint.contains("lower case"));
        assert!(parse_type("Integer").is_ok(), "a capitalised word is a model name");
        assert!(parse_type("STRING").unwrap_err().hint.contains("lower case"));
        assert!(parse_type("").is_err());
        assert!(parse_type("array[").is_err());
        assert!(parse_type("array[]").is_err());
        assert!(parse_type("Foo Bar").is_err());
        assert!(parse_type(&"array[".repeat(100)).is_err());
        let deep = format!("{}int{}", "array[".repeat(40), "]".repeat(40));
        assert!(parse_type(&deep).is_err());
    }
}
