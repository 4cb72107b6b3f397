//! Replays the hostile inputs (hand-written seeds and the minimized crashes the fuzzers found)
//! through every front-end entry point: the Markdown page parser, the pipe-less row recogniser,
//! the YAML spec parser and overlay parsing + application. Deterministic, seconds, stable Rust.
//! Whatever the bytes, each returns: no panic, and the row accounting holds.

use sdkgen::ir::{Action, Model};
use sdkgen::markdown::{flat_table, parse_page, PageOutcome};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn hostile_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(sub)
}

fn files(sub: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(hostile_dir(sub))
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    out.retain(|p| p.file_name().is_some_and(|n| n != "README.md"));
    out.sort();
    out
}

/// The billing family's actions and models, for overlays to apply to.
fn billing() -> (Vec<Action>, BTreeMap<String, Model>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing");
    let mut actions = Vec::new();
    let mut models = BTreeMap::new();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    pages.sort();
    for page in pages.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let text = std::fs::read_to_string(page).unwrap();
        if let PageOutcome::Action(doc) = parse_page("page.txt", &text).outcome {
            actions.extend(doc.actions);
            models.extend(doc.models.into_iter().map(|m| (m.name.clone(), m)));
        }
    }
    assert!(actions.len() >= 4, "the billing pages parse");
    (actions, models)
}

/// Runs one input through all four entry points; returns how many pipe-less rows it tried.
fn replay(bytes: &[u8], base: &(Vec<Action>, BTreeMap<String, Model>)) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let page = parse_page("hostile.md", &text);
    assert_eq!(page.rows.seen, page.rows.fields + page.rows.diagnosed);

    let lines: Vec<&str> = text.lines().collect();
    let models: Vec<String> = lines.iter().take(8).map(|l| l.trim().to_string()).collect();
    for line in &lines {
        let _ = flat_table::is_flat_header(line);
        for has_required in [false, true] {
            if let Ok(row) = flat_table::recognise(line, 1, &models, has_required) {
                assert!(line.contains(&row.name) && line.contains(&row.ty), "{line:?} → {row:?}");
            }
        }
    }

    if let (Some(doc), _) = sdkgen::yaml::parse_spec("hostile.yaml", &text) {
        let _ = sdkgen::yaml::to_yaml(&doc);
    }

    if let (Some(overlay), _) = sdkgen::overlay::parse_overlay("overlay.yaml", &text) {
        let (mut actions, mut models) = base.clone();
        let _ = sdkgen::overlay::apply(&overlay, &mut actions, &mut models);
    }
    lines.len()
}

#[test]
fn seeds_and_regressions_never_panic() {
    let base = billing();
    let seeds = files("seeds");
    let regressions = files("regressions");
    assert!(seeds.len() >= 5, "the hand-written seeds are there: {seeds:?}");
    let mut lines = 0;
    for path in seeds.iter().chain(&regressions) {
        let bytes = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| replay(&bytes, &base));
        match outcome {
            Ok(n) => lines += n,
            Err(_) => panic!("{} panics a front-end", path.display()),
        }
    }
    assert!(lines > 50);
}

#[test]
fn the_nasty_seeds_are_diagnosed_not_accepted_silently() {
    // The YAML spec seed names a model that does not exist and an empty param name: it must not
    // come back as a clean document.
    let text = std::fs::read_to_string(hostile_dir("seeds").join("spec.yaml")).unwrap();
    let (doc, diags) = sdkgen::yaml::parse_spec("spec.yaml", &text);
    assert!(doc.is_none() || !diags.is_empty(), "{diags:?}");
    // The alias bomb is refused or bounded, never expanded without limit.
    let text = std::fs::read_to_string(hostile_dir("seeds").join("aliases.yaml")).unwrap();
    let started = std::time::Instant::now();
    let (doc, _) = sdkgen::yaml::parse_spec("aliases.yaml", &text);
    assert!(doc.is_none());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
