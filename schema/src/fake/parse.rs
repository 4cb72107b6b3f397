//! Reading the section with serde, and saying where it does not read.
//!
//! serde is the judge of what reads: every entry is deserialized into its type. serde_json's
//! errors carry no path, though, so when an entry does not read, a walk over a small table of
//! the types' keys ([`Shape`]) finds every place that fails (unknown keys, missing keys, values
//! of the wrong kind), each with its path. Entries that read are kept, so the names in them are
//! still checked while another entry is broken.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::{ExportRule, FakeSection, FieldRule, ListRule, Problem, ProblemKind, SumRule};

/// Deserializes `value` as a `T`, keeping only serde's message.
fn reads<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    T::deserialize(value).map(drop).map_err(|e| e.to_string())
}

type Reads = fn(&Value) -> Result<(), String>;

/// How one key's value reads.
enum Kind {
    /// A value read whole (a name, a number, a list of names).
    Leaf(Reads),
    /// A nested structure (or null, where it is optional).
    Struct(Reads, &'static Shape),
    /// A map whose values read like this, each a structure when a shape is given.
    Map(Reads, Option<&'static Shape>),
}

/// One key of a structure.
struct Key {
    name: &'static str,
    required: bool,
    kind: Kind,
}

/// The keys of one of the section's types, as its `Deserialize` accepts them.
pub(super) struct Shape {
    keys: &'static [Key],
}

impl Shape {
    fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }

    fn names(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.name.to_owned()).collect()
    }
}

const fn leaf(name: &'static str, required: bool, reads: Reads) -> Key {
    Key { name, required, kind: Kind::Leaf(reads) }
}

const fn opt(name: &'static str, reads: Reads) -> Key {
    leaf(name, false, reads)
}

const fn req(name: &'static str, reads: Reads) -> Key {
    leaf(name, true, reads)
}

/// [`FakeSection`].
pub(super) static SECTION: Shape = Shape {
    keys: &[
        Key { name: "fields", required: false, kind: Kind::Map(reads::<FieldRule>, Some(&FIELD)) },
        Key { name: "lists", required: false, kind: Kind::Map(reads::<ListRule>, Some(&LIST)) },
        Key { name: "sums", required: false, kind: Kind::Map(reads::<SumRule>, Some(&SUM)) },
        Key { name: "exports", required: false, kind: Kind::Map(reads::<ExportRule>, Some(&EXPORT)) },
        opt("history_days", reads::<Option<u32>>),
    ],
};

/// [`super::FieldRule`].
pub(super) static FIELD: Shape = Shape {
    keys: &[
        opt("one_of", reads::<Option<Vec<Value>>>),
        opt("unique", reads::<Option<String>>),
        opt("distinct", reads::<Option<u32>>),
        opt("min", reads::<Option<f64>>),
        opt("max", reads::<Option<f64>>),
        opt("sum_of", reads::<Option<Vec<String>>>),
    ],
};

/// [`super::ListRule`].
pub(super) static LIST: Shape = Shape {
    keys: &[
        req("items", reads::<String>),
        req("count", reads::<usize>),
        Key { name: "range", required: false, kind: Kind::Struct(reads::<Option<super::RangeRule>>, &RANGE) },
        Key { name: "filters", required: false, kind: Kind::Map(reads::<String>, None) },
        Key {
            name: "paging",
            required: false,
            kind: Kind::Struct(reads::<Option<super::PagingRule>>, &PAGING),
        },
    ],
};

/// [`super::RangeRule`].
pub(super) static RANGE: Shape = Shape {
    keys: &[req("field", reads::<String>), req("start", reads::<String>), req("end", reads::<String>)],
};

/// [`super::PagingRule`].
pub(super) static PAGING: Shape = Shape {
    keys: &[
        opt("page", reads::<Option<String>>),
        opt("first", reads::<Option<i64>>),
        opt("size", reads::<Option<String>>),
        opt("offset", reads::<Option<String>>),
        opt("limit", reads::<Option<String>>),
        opt("total", reads::<Option<String>>),
    ],
};

/// [`super::SumRule`].
pub(super) static SUM: Shape = Shape {
    keys: &[
        req("from", reads::<Vec<String>>),
        Key { name: "filters", required: false, kind: Kind::Map(reads::<String>, None) },
        Key { name: "fields", required: true, kind: Kind::Map(reads::<super::SumField>, Some(&SUM_FIELD)) },
    ],
};

/// [`super::SumField`].
pub(super) static SUM_FIELD: Shape = Shape {
    keys: &[
        opt("sum", reads::<Option<String>>),
        opt("count", reads::<bool>),
        opt("from", reads::<Option<Vec<String>>>),
    ],
};

/// [`super::ExportRule`].
pub(super) static EXPORT: Shape = Shape {
    keys: &[
        req("from", reads::<String>),
        opt("into", reads::<Option<String>>),
        req("url", reads::<String>),
        opt("name", reads::<Option<String>>),
        opt("size", reads::<Option<String>>),
        opt("expires_secs", reads::<Option<u64>>),
    ],
};

/// The section as read: every entry that reads, and a problem for every place that does not.
pub(super) struct Parsed {
    /// The section, without the entries that do not read.
    pub section: FakeSection,
    /// Lists whose entries do not read: other entries may still name them.
    pub broken_lists: BTreeSet<String>,
    /// Where the section does not read.
    pub problems: Vec<Problem>,
}

/// Reads the `fake:` section.
pub(super) fn parse(value: &Value) -> Parsed {
    if let Ok(section) = FakeSection::deserialize(value) {
        return Parsed { section, broken_lists: BTreeSet::new(), problems: Vec::new() };
    }
    let mut problems = Vec::new();
    locate(value, &SECTION, &[], &mut problems);
    if problems.is_empty() {
        // The walk knows every key serde reads, so this is only a guard against the two drifting.
        let message = FakeSection::deserialize(value).err().map(|e| e.to_string()).unwrap_or_default();
        problems.push(invalid(&[], None, message));
    }
    let section = FakeSection {
        fields: entries(value, "fields"),
        lists: entries(value, "lists"),
        sums: entries(value, "sums"),
        exports: entries(value, "exports"),
        history_days: value.get("history_days").and_then(|v| Option::<u32>::deserialize(v).ok()).flatten(),
    };
    let broken_lists = match value.get("lists").and_then(Value::as_object) {
        Some(lists) => lists.keys().filter(|k| !section.lists.contains_key(*k)).cloned().collect(),
        None => BTreeSet::new(),
    };
    Parsed { section, broken_lists, problems }
}

/// The entries of map `key` of the section that read as `T`.
fn entries<T: DeserializeOwned>(section: &Value, key: &str) -> BTreeMap<String, T> {
    let Some(map) = section.get(key).and_then(Value::as_object) else { return BTreeMap::new() };
    map.iter().filter_map(|(k, v)| Some((k.clone(), T::deserialize(v).ok()?))).collect()
}

fn invalid(path: &[String], value: Option<&Value>, message: String) -> Problem {
    Problem {
        kind: ProblemKind::Invalid,
        path: path.to_vec(),
        value: value.map(text_of),
        message,
        candidates: Vec::new(),
    }
}

/// A value as the text it was likely written as (strings unquoted).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn joined(path: &[String], key: &str) -> Vec<String> {
    let mut out = path.to_vec();
    out.push(key.to_owned());
    out
}

/// Every place in `value`, a structure of shape `shape` at `path`, that does not read.
fn locate(value: &Value, shape: &Shape, path: &[String], problems: &mut Vec<Problem>) {
    let Some(map) = value.as_object() else {
        let message = format!("expected a map, found {}", kind_name(value));
        problems.push(invalid(path, Some(value), message));
        return;
    };
    for (name, v) in map {
        let here = joined(path, name);
        let Some(key) = shape.key(name) else {
            problems.push(Problem {
                kind: ProblemKind::UnknownKey,
                path: here,
                value: None,
                message: format!("unknown key `{name}`"),
                candidates: shape.names(),
            });
            continue;
        };
        match key.kind {
            Kind::Leaf(reads) => {
                if let Err(e) = reads(v) {
                    problems.push(invalid(&here, Some(v), e));
                }
            }
            Kind::Struct(reads, inner) => {
                if reads(v).is_err() {
                    locate(v, inner, &here, problems);
                }
            }
            Kind::Map(reads, inner) => {
                let Some(entries) = v.as_object() else {
                    let message = format!("expected a map, found {}", kind_name(v));
                    problems.push(invalid(&here, Some(v), message));
                    continue;
                };
                for (entry, ev) in entries {
                    let Err(e) = reads(ev) else { continue };
                    let at = joined(&here, entry);
                    match inner {
                        Some(inner) => locate(ev, inner, &at, problems),
                        None => problems.push(invalid(&at, Some(ev), e)),
                    }
                }
            }
        }
    }
    for key in shape.keys.iter().filter(|k| k.required && !map.contains_key(k.name)) {
        problems.push(invalid(path, None, format!("`{}` is missing", key.name)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{PagingRule, RangeRule, SumField};
    use super::*;
    use serde_json::json;

    /// The keys a type's `Deserialize` accepts, from its unknown-field error.
    fn serde_keys<T: DeserializeOwned>() -> Vec<String> {
        let err =
            T::deserialize(&json!({ "\u{1}": 0 })).err().expect("an unknown key is refused").to_string();
        let mut keys: Vec<String> = err.split('`').skip(3).step_by(2).map(str::to_owned).collect();
        keys.sort();
        keys
    }

    fn shape_keys(shape: &Shape) -> Vec<String> {
        let mut keys = shape.names();
        keys.sort();
        keys
    }

    #[test]
    fn the_shapes_know_exactly_the_keys_serde_reads() {
        assert_eq!(shape_keys(&SECTION), serde_keys::<FakeSection>());
        assert_eq!(shape_keys(&FIELD), serde_keys::<FieldRule>());
        assert_eq!(shape_keys(&LIST), serde_keys::<ListRule>());
        assert_eq!(shape_keys(&RANGE), serde_keys::<RangeRule>());
        assert_eq!(shape_keys(&PAGING), serde_keys::<PagingRule>());
        assert_eq!(shape_keys(&SUM), serde_keys::<SumRule>());
        assert_eq!(shape_keys(&SUM_FIELD), serde_keys::<SumField>());
        assert_eq!(shape_keys(&EXPORT), serde_keys::<ExportRule>());
    }

    #[test]
    fn the_shapes_know_which_keys_serde_requires() {
        // An empty map lacks exactly the required keys; serde names the first of them.
        for (shape, first) in [
            (&LIST, ListRule::deserialize(&json!({})).err()),
            (&RANGE, RangeRule::deserialize(&json!({})).err()),
            (&SUM, SumRule::deserialize(&json!({})).err()),
            (&EXPORT, ExportRule::deserialize(&json!({})).err()),
        ] {
            let required: Vec<&str> = shape.keys.iter().filter(|k| k.required).map(|k| k.name).collect();
            let first = first.expect("required keys").to_string();
            assert!(required.iter().any(|k| first.contains(&format!("`{k}`"))), "{first} vs {required:?}");
        }
        for ok in [
            FakeSection::deserialize(&json!({})).is_ok(),
            FieldRule::deserialize(&json!({})).is_ok(),
            PagingRule::deserialize(&json!({})).is_ok(),
            SumField::deserialize(&json!({})).is_ok(),
        ] {
            assert!(ok);
        }
        for shape in [&SECTION, &FIELD, &PAGING, &SUM_FIELD] {
            assert!(shape.keys.iter().all(|k| !k.required));
        }
    }

    fn paths(value: Value) -> Vec<(ProblemKind, String, Option<String>)> {
        parse(&value).problems.into_iter().map(|p| (p.kind, p.path.join("/"), p.value)).collect()
    }

    #[test]
    fn every_place_that_does_not_read_is_found_with_its_path() {
        let got = paths(json!({
            "seed": 7,
            "history_days": "long",
            "lists": {
                "A": { "items": "Orders", "count": "many", "listz": 1,
                       "range": { "field": "T", "start": "S" },
                       "filters": { "Regions.N": 3 },
                       "paging": { "page": "Page", "pagez": "P" } },
                "B": { "items": "Orders", "count": 3 },
            },
            "sums": { "S": { "from": "A", "fields": { "F": { "cout": true } } } },
            "exports": { "E": [] },
        }));
        let expected = [
            (ProblemKind::Invalid, "exports/E", Some("[]")),
            (ProblemKind::Invalid, "history_days", Some("long")),
            (ProblemKind::Invalid, "lists/A/count", Some("many")),
            (ProblemKind::Invalid, "lists/A/filters/Regions.N", Some("3")),
            (ProblemKind::UnknownKey, "lists/A/listz", None),
            (ProblemKind::UnknownKey, "lists/A/paging/pagez", None),
            (ProblemKind::Invalid, "lists/A/range", None),
            (ProblemKind::UnknownKey, "seed", None),
            (ProblemKind::UnknownKey, "sums/S/fields/F/cout", None),
            (ProblemKind::Invalid, "sums/S/from", Some("A")),
        ];
        let mut got = got;
        got.sort_by(|a, b| a.1.cmp(&b.1));
        let expected: Vec<_> =
            expected.iter().map(|(k, p, v)| (*k, (*p).to_owned(), v.map(str::to_owned))).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn entries_that_read_are_kept_and_broken_lists_remembered() {
        let parsed = parse(&json!({
            "lists": { "A": { "items": "Orders", "count": 3 }, "B": { "items": "Orders" } },
            "history_days": 30,
        }));
        assert_eq!(parsed.section.lists.keys().collect::<Vec<_>>(), ["A"]);
        assert_eq!(parsed.section.history_days, Some(30));
        assert_eq!(parsed.broken_lists.iter().collect::<Vec<_>>(), ["B"]);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].message, "`count` is missing");
        assert_eq!(parsed.problems[0].path, ["lists", "B"]);
    }

    #[test]
    fn a_section_that_is_not_a_map_is_one_problem() {
        assert_eq!(paths(json!([1])), [(ProblemKind::Invalid, String::new(), Some("[1]".to_owned()))]);
        assert!(parse(&json!({})).problems.is_empty());
    }
}
