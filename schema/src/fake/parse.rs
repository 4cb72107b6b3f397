//! Reading the section with serde, and saying where it does not read.
//!
//! serde is the judge of what reads, and the types in [`super`] are the only schema: each entry
//! of the maps (`fields`, `lists`, `sums`, `exports`) and each other top-level key is read on its
//! own through `serde_path_to_error`, so every one that does not read is a problem at its own
//! path (the first place serde meets in it), and the entries that read are kept, so the names in
//! them are still checked while another entry is broken.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

use super::{FakeSection, Problem, ProblemKind};

/// The section as read: every entry that reads, and a problem for every entry that does not.
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
    let Some(map) = value.as_object() else {
        let problems = read::<FakeSection>(value, &[]).err().into_iter().collect();
        return Parsed { section: FakeSection::default(), broken_lists: BTreeSet::new(), problems };
    };
    let mut reader = Reader { map, split: BTreeSet::new(), problems: Vec::new() };
    let (fields, lists) = (reader.entries("fields"), reader.entries("lists"));
    let (sums, exports) = (reader.entries("sums"), reader.entries("exports"));
    let section = FakeSection { fields, lists, sums, exports, ..reader.rest() };
    let broken_lists = match map.get("lists").and_then(Value::as_object) {
        Some(lists) => lists.keys().filter(|k| !section.lists.contains_key(*k)).cloned().collect(),
        None => BTreeSet::new(),
    };
    Parsed { section, broken_lists, problems: reader.problems }
}

/// Reads a section that is a map, one entry or key at a time.
struct Reader<'v> {
    map: &'v Map<String, Value>,
    /// The maps read entry by entry.
    split: BTreeSet<&'static str>,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    /// The entries of map `key` that read as `T`, each read on its own. When `key`'s value is not
    /// a map, [`Reader::rest`] reads it whole.
    fn entries<T: DeserializeOwned>(&mut self, key: &'static str) -> BTreeMap<String, T> {
        let Some(entries) = self.map.get(key).and_then(Value::as_object) else { return BTreeMap::new() };
        self.split.insert(key);
        let read_one = |(name, value): (&String, &Value)| match read(value, &[key, name]) {
            Ok(entry) => Some((name.clone(), entry)),
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        };
        entries.iter().filter_map(read_one).collect()
    }

    /// The other keys of the section, each read on its own, without those that do not read.
    fn rest(&mut self) -> FakeSection {
        let mut kept = Map::new();
        for (key, value) in self.map.iter().filter(|(k, _)| !self.split.contains(k.as_str())) {
            let alone = Value::Object(Map::from_iter([(key.clone(), value.clone())]));
            if let Err(problem) = read::<FakeSection>(&alone, &[]) {
                self.problems.push(problem);
            } else {
                kept.insert(key.clone(), value.clone());
            }
        }
        // Every key reads alone, and the keys do not depend on each other, so together they read.
        FakeSection::deserialize(Value::Object(kept)).unwrap_or_default()
    }
}

/// Reads `value`, found at `at` inside the section, as a `T`; when it does not read, the
/// problem at the place serde's error points to.
fn read<T: DeserializeOwned>(value: &Value, at: &[&str]) -> Result<T, Problem> {
    let error = match serde_path_to_error::deserialize(value) {
        Ok(read) => return Ok(read),
        Err(error) => error,
    };
    let mut path: Vec<String> = at.iter().map(|p| (*p).to_owned()).collect();
    let mut found = Some(value);
    let mut message = error.inner().to_string();
    if value.is_object() {
        let mut in_list = false;
        for segment in error.path() {
            found = match segment {
                Segment::Map { key } | Segment::Enum { variant: key } => {
                    // Inside a list the element is named in the value, not by a key.
                    if !in_list {
                        path.push(key.clone());
                    }
                    found.and_then(|v| v.get(key))
                }
                Segment::Seq { index } => {
                    in_list = true;
                    found.and_then(|v| v.get(index))
                }
                Segment::Unknown => None,
            };
        }
    } else {
        // serde reads a struct from a list too, and then words its error about an element.
        message = Map::<String, Value>::deserialize(value).err().map_or(message, |e| e.to_string());
    }
    if let Some(unknown) = message.strip_prefix("unknown field `") {
        // serde lists the keys it expects, in order, each between backticks.
        let words: Vec<&str> = unknown.split('`').step_by(2).collect();
        return Err(Problem {
            kind: ProblemKind::UnknownKey,
            path,
            value: None,
            message: format!("unknown key `{}`", words[0]),
            candidates: words[1..].iter().map(|w| (*w).to_owned()).collect(),
        });
    }
    Err(Problem {
        kind: ProblemKind::Invalid,
        path,
        // A map (a key missing in it) is located by its key; other values by their text.
        value: found.filter(|v| !v.is_object()).map(text_of),
        message,
        candidates: Vec::new(),
    })
}

/// A value as the text it was likely written as (strings unquoted).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(value: Value) -> Vec<(ProblemKind, String, Option<String>)> {
        let mut got: Vec<_> =
            parse(&value).problems.into_iter().map(|p| (p.kind, p.path.join("/"), p.value)).collect();
        got.sort_by(|a, b| a.1.cmp(&b.1));
        got
    }

    #[test]
    fn every_entry_that_does_not_read_is_found_with_its_path() {
        let got = paths(json!({
            "seed": 7,
            "history_days": "long",
            "fields": { "F": { "sum_of": ["A", 3] }, "G": { "min": 1 } },
            "lists": {
                "A": { "items": "Orders", "count": "many" },
                "B": { "items": "Orders", "count": 3, "listz": 1 },
                "C": { "items": "Orders", "count": 3, "range": { "field": "T", "start": "S" } },
                "D": { "items": "Orders", "count": 3, "filters": { "Regions.N": 3 } },
                "E": { "items": "Orders", "count": 3, "paging": { "page": "Page", "pagez": "P" } },
                "F": { "items": "Orders", "count": 3 },
            },
            "sums": { "S": { "from": "A", "fields": {} }, "T": { "from": [], "fields": { "F": { "cout": true } } } },
            "exports": { "E": [] },
        }));
        let expected = [
            (ProblemKind::Invalid, "exports/E", Some("[]")),
            (ProblemKind::Invalid, "fields/F/sum_of", Some("3")),
            (ProblemKind::Invalid, "history_days", Some("long")),
            (ProblemKind::Invalid, "lists/A/count", Some("many")),
            (ProblemKind::UnknownKey, "lists/B/listz", None),
            (ProblemKind::Invalid, "lists/C/range", None),
            (ProblemKind::Invalid, "lists/D/filters/Regions.N", Some("3")),
            (ProblemKind::UnknownKey, "lists/E/paging/pagez", None),
            (ProblemKind::UnknownKey, "seed", None),
            (ProblemKind::Invalid, "sums/S/from", Some("A")),
            (ProblemKind::UnknownKey, "sums/T/fields/F/cout", None),
        ];
        let expected: Vec<_> =
            expected.iter().map(|(k, p, v)| (*k, (*p).to_owned(), v.map(str::to_owned))).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn an_entry_broken_in_several_places_is_one_problem() {
        let got = paths(json!({ "lists": { "A": { "items": "Orders", "count": "many", "listz": 1 } } }));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.starts_with("lists/A/"), "{got:?}");
    }

    #[test]
    fn unknown_keys_offer_the_keys_serde_expects_there() {
        let problems = parse(&json!({ "seed": 7, "lists": { "A": {
            "items": "Orders", "count": 3, "paging": { "frist": 1 } } } }))
        .problems;
        let candidates: Vec<(&str, Vec<&str>)> = problems
            .iter()
            .map(|p| (p.message.as_str(), p.candidates.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            candidates,
            [
                ("unknown key `frist`", vec!["page", "first", "size", "offset", "limit", "total"]),
                ("unknown key `seed`", vec!["fields", "lists", "sums", "exports", "history_days"]),
            ]
        );
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
        assert_eq!(parsed.problems[0].message, "missing field `count`");
        assert_eq!(parsed.problems[0].path, ["lists", "B"]);
    }

    #[test]
    fn a_section_or_map_that_is_not_a_map_is_one_problem() {
        assert_eq!(paths(json!([1])), [(ProblemKind::Invalid, String::new(), Some("[1]".to_owned()))]);
        assert_eq!(
            paths(json!({ "lists": 3 })),
            [(ProblemKind::Invalid, "lists".to_owned(), Some("3".to_owned()))]
        );
        assert!(parse(&json!({})).problems.is_empty());
    }
}
