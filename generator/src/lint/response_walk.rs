//! Walks a response example's JSON alongside the documented response fields and models, so the
//! rules that read response examples share one notion of which row documents which value.

use super::MAX_DEPTH;
use crate::ir::{Examples, Field, Loc, Model, Type};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What the walk meets.
pub(crate) enum Seen<'a> {
    /// A key no row documents; `path` is where it sits (`Orders[].CreditAccount`).
    Unknown { path: String, key: &'a str },
    /// A documented value: the row, the type expected at this point (the element type inside a
    /// list) and the value itself.
    Value { path: String, key: &'a str, field: &'a Field, ty: &'a Type, value: &'a Value },
}

/// The response example parsed as JSON: `None` when there is none, `Some(Err)` when it is not JSON.
pub(crate) fn parse(examples: &Examples) -> Option<Result<Value, serde_json::Error>> {
    let text = examples.response.as_deref()?.trim();
    if text.is_empty() {
        return None;
    }
    Some(serde_json::from_str(text))
}

/// Visits every key of `root` (an object) against `fields`, following models and lists.
pub(crate) fn walk<'a>(
    root: &'a Map<String, Value>,
    fields: &'a [Field],
    models: &'a BTreeMap<String, Model>,
    visit: &mut dyn FnMut(Seen<'a>),
) {
    walk_object(root, fields, models, "", 0, visit);
}

fn walk_object<'a>(
    map: &'a Map<String, Value>,
    fields: &'a [Field],
    models: &'a BTreeMap<String, Model>,
    prefix: &str,
    depth: usize,
    visit: &mut dyn FnMut(Seen<'a>),
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (key, value) in map {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match fields.iter().find(|f| f.name == *key) {
            Some(field) => descend(field, &field.ty, key, value, models, path, depth, visit),
            None => visit(Seen::Unknown { path, key }),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn descend<'a>(
    field: &'a Field,
    ty: &'a Type,
    key: &'a str,
    value: &'a Value,
    models: &'a BTreeMap<String, Model>,
    path: String,
    depth: usize,
    visit: &mut dyn FnMut(Seen<'a>),
) {
    visit(Seen::Value { path: path.clone(), key, field, ty, value });
    match (ty, value) {
        (Type::Model(name), Value::Object(map)) => {
            // An undefined model is the `undefined-model` error's business, not a list of unknowns.
            if let Some(m) = models.get(name) {
                walk_object(map, &m.fields, models, &path, depth + 1, visit);
            }
        }
        (Type::List(inner), Value::Array(items)) if depth <= MAX_DEPTH => {
            let item_path = format!("{path}[]");
            for item in items {
                descend(field, inner, key, item, models, item_path.clone(), depth + 1, visit);
            }
        }
        _ => {}
    }
}

/// Where `"key":` first appears in the response example, for pointing at the offending line;
/// the example's start when it cannot be found.
pub(crate) fn locate_key(examples: &Examples, key: &str) -> Option<Loc> {
    let start = examples.response_loc.clone()?;
    let text = examples.response.as_deref().unwrap_or_default();
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(&quoted)) {
        let at = from + i;
        let after = &text[at + quoted.len()..];
        if after.trim_start().starts_with(':') {
            let before = &text[..at];
            let line_offset = before.matches('\n').count() as u32;
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            let col = before[line_start..].chars().count() as u32;
            let col = if line_offset == 0 { start.col + col } else { col + 1 };
            return Some(Loc { file: start.file, line: start.line + line_offset, col });
        }
        from = at + quoted.len();
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::test_util::*;

    #[test]
    fn locates_keys_by_line() {
        let ex = Examples {
            request: vec![],
            response: Some("{\n\"A\": 1,\n  \"B\" : {\"C\": 2}\n}".into()),
            response_loc: loc(30),
        };
        assert_eq!(locate_key(&ex, "A"), Some(crate::ir::Loc { file: "t.md".into(), line: 31, col: 1 }));
        assert_eq!(locate_key(&ex, "C"), Some(crate::ir::Loc { file: "t.md".into(), line: 32, col: 10 }));
        assert_eq!(locate_key(&ex, "Z"), loc(30));
    }

    #[test]
    fn walks_models_and_lists() {
        let ms = models(vec![model("Item", vec![field("Id", Type::Int, 9)])]);
        let fields = vec![field("Items", Type::List(Box::new(Type::Model("Item".into()))), 3)];
        let json: Value = serde_json::from_str(r#"{"Items":[{"Id":1,"X":2},{"Id":3}],"Y":1}"#).unwrap();
        let mut seen = Vec::new();
        walk(json.as_object().unwrap(), &fields, &ms, &mut |s| match s {
            Seen::Unknown { path, .. } => seen.push(format!("?{path}")),
            Seen::Value { path, ty, .. } => seen.push(format!("{path}:{ty}")),
        });
        assert_eq!(
            seen,
            [
                "Items:array[Item]",
                "Items[]:Item",
                "Items[].Id:int",
                "?Items[].X",
                "Items[]:Item",
                "Items[].Id:int",
                "?Y"
            ]
        );
    }
}
