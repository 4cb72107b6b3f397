//! The prose miner measured against hand-labelled facts (`fixtures/prose-labels/`, see its
//! README): for each kind of fact, precision (of what the miner states, how much the labels
//! confirm) and recall (of what the labels state, how much the miner finds), over request params
//! of the real doc pages in `../shared/corpus/ucloud-docs`. The pages go through the real
//! pipeline (page → IR → prose facts). Prints the table; fails under the floors.
//!
//! `PROSE_LABELS_MISSES=1` prints every disagreement.

use sdkgen::ir::{Constraints, Field};
use sdkgen::load::load_path;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One labelled param (the README's format).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    page: String,
    param: String,
    #[serde(default)]
    r#enum: Option<Vec<serde_yaml::Value>>,
    #[serde(default)]
    enum_open: bool,
    #[serde(default)]
    case_insensitive: bool,
    #[serde(default)]
    default: Option<serde_yaml::Value>,
    #[serde(default)]
    min: Option<i64>,
    #[serde(default)]
    max: Option<i64>,
    #[serde(default)]
    min_items: Option<u32>,
    #[serde(default)]
    max_items: Option<u32>,
    #[serde(default)]
    greater_than: Option<String>,
    #[serde(default)]
    max_range_days: Option<u32>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for readers of the fixture
    conditional: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    notes: Option<String>,
}

/// The kinds of fact, in the order the table prints them.
const KINDS: [&str; 9] = [
    "enum",
    "case_insensitive",
    "default",
    "min",
    "max",
    "min_items",
    "max_items",
    "greater_than",
    "max_range_days",
];

/// Precision and recall floors per kind (the bar: 0.99 and 0.90).
const PRECISION_FLOOR: f64 = 0.99;
const RECALL_FLOOR: f64 = 0.90;

fn text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => String::new(),
        other => format!("{other:?}"),
    }
}

/// The label as the IR's constraints, so both sides are compared by one function.
fn constraints_of_label(l: &Label) -> Constraints {
    Constraints {
        enum_values: l.r#enum.iter().flatten().map(text).collect(),
        enum_open: l.enum_open,
        case_insensitive: l.case_insensitive,
        default: l.default.as_ref().map(text),
        min: l.min,
        max: l.max,
        min_items: l.min_items,
        max_items: l.max_items,
        greater_than: l.greater_than.clone(),
        max_range_days: l.max_range_days,
    }
}

/// Each fact as comparable text, per kind.
fn facts_of_field(c: &Constraints) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    if !c.enum_values.is_empty() {
        let set: BTreeSet<String> = c.enum_values.iter().cloned().collect();
        out.insert("enum", format!("{set:?}{}", if c.enum_open { " open" } else { "" }));
    }
    if c.case_insensitive {
        out.insert("case_insensitive", "yes".into());
    }
    let mut put = |k, v: Option<String>| {
        if let Some(v) = v {
            out.insert(k, v);
        }
    };
    put("default", c.default.clone());
    put("min", c.min.map(|v| v.to_string()));
    put("max", c.max.map(|v| v.to_string()));
    put("min_items", c.min_items.map(|v| v.to_string()));
    put("max_items", c.max_items.map(|v| v.to_string()));
    put("greater_than", c.greater_than.clone());
    put("max_range_days", c.max_range_days.map(|v| v.to_string()));
    out
}

fn corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().map(|a| a.join("shared/corpus/ucloud-docs")).find(|p| p.is_dir())
}

#[derive(Default)]
struct Score {
    labelled: usize,
    emitted: usize,
    right: usize,
}

#[test]
fn the_miner_meets_the_labelled_set() {
    let Some(corpus) = corpus() else {
        println!("note: no shared/corpus/ucloud-docs; the labelled prose set is not measured");
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prose-labels");
    let mut labels: Vec<Label> = Vec::new();
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    sets.sort();
    for set in &sets {
        let text = std::fs::read_to_string(set).unwrap();
        let mut more: Vec<Label> =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", set.display()));
        labels.append(&mut more);
    }
    assert!(labels.len() >= 300, "the set has {} params; it needs at least 300", labels.len());

    let misses = std::env::var_os("PROSE_LABELS_MISSES").is_some();
    let mut pages: BTreeMap<String, Vec<Field>> = BTreeMap::new();
    let mut absent = BTreeSet::new();
    let mut score: BTreeMap<&str, Score> = KINDS.iter().map(|k| (*k, Score::default())).collect();
    for label in &labels {
        let params = pages.entry(label.page.clone()).or_insert_with(|| {
            let loaded = load_path(&corpus.join(&label.page));
            loaded.family.map(|f| f.actions.into_iter().flat_map(|a| a.params).collect()).unwrap_or_default()
        });
        // A param the pipeline does not read (a page it skips) states nothing: its facts count
        // as missed.
        let field = params.iter().find(|p| p.name == label.param);
        if field.is_none() {
            absent.insert(format!("{} {}", label.page, label.param));
        }
        let want = facts_of_field(&constraints_of_label(label));
        let got = field.map(|f| facts_of_field(&f.constraints)).unwrap_or_default();
        for kind in KINDS {
            let s = score.get_mut(kind).unwrap();
            let (w, g) = (want.get(kind), got.get(kind));
            s.labelled += usize::from(w.is_some());
            s.emitted += usize::from(g.is_some());
            s.right += usize::from(w.is_some() && w == g);
            if misses && w != g {
                let description = field.map_or("", |f| f.description.as_str());
                println!(
                    "{} {} {kind}: labelled {w:?}, mined {g:?}\n    {description}",
                    label.page, label.param
                );
            }
        }
    }

    println!("{} labelled params from {} pages", labels.len(), pages.len());
    if !absent.is_empty() {
        println!("{} labelled params are not in the IR (their pages are skipped): {absent:?}", absent.len());
    }
    println!(
        "{:<17} {:>8} {:>8} {:>6} {:>10} {:>7}",
        "kind", "labelled", "mined", "right", "precision", "recall"
    );
    let mut failures = Vec::new();
    for kind in KINDS {
        let s = &score[kind];
        let precision = if s.emitted == 0 { 1.0 } else { s.right as f64 / s.emitted as f64 };
        let recall = if s.labelled == 0 { 1.0 } else { s.right as f64 / s.labelled as f64 };
        println!(
            "{kind:<17} {:>8} {:>8} {:>6} {precision:>10.3} {recall:>7.3}",
            s.labelled, s.emitted, s.right
        );
        if precision < PRECISION_FLOOR || recall < RECALL_FLOOR {
            failures.push(format!("{kind}: precision {precision:.3}, recall {recall:.3}"));
        }
    }
    assert!(
        failures.is_empty(),
        "under the floors (P ≥ {PRECISION_FLOOR}, R ≥ {RECALL_FLOOR}): {failures:?}"
    );
}
