//! Markdown → IR → YAML → IR is the identity (source locations aside: they say where a spec was
//! read from, not what it means), on every seed and every sample page.

use sdkgen::ir::{locs, Document};
use sdkgen::load::{read_file, FileOutcome};
use std::path::{Path, PathBuf};

fn page_document(path: &str, text: &str) -> Option<Document> {
    match read_file(path, text).outcome {
        FileOutcome::Document(mut doc) => {
            locs::strip_document(&mut doc);
            Some(doc)
        }
        _ => None,
    }
}

fn assert_round_trip(path: &str, text: &str) -> bool {
    let Some(doc) = page_document(path, text) else { return false };
    let yaml = sdkgen::yaml::to_yaml(&doc);
    let (back, diags) = sdkgen::yaml::parse_spec("roundtrip.yaml", &yaml);
    assert!(diags.iter().all(|d| !d.is_error()), "{path}: {diags:?}\n{yaml}");
    let mut back = back.unwrap_or_else(|| panic!("{path}: the YAML does not read back:\n{yaml}"));
    locs::strip_document(&mut back);
    assert_eq!(back, doc, "{path}: Markdown → IR → YAML → IR changed the IR:\n{yaml}");
    true
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_seed_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing");
    let mut n = 0;
    for path in files_under(&dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            assert_round_trip(&path.display().to_string(), &text),
            "{} is an action page",
            path.display()
        );
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn every_sample_page_round_trips() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ucloud-docs");
    if !corpus.is_dir() {
        println!("note: no sample corpus at {}; skipped", corpus.display());
        return;
    }
    let mut actions = 0;
    for path in files_under(&corpus).into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(&path).unwrap();
        if assert_round_trip(&path.display().to_string(), &text) {
            actions += 1;
        }
    }
    println!("round trip: {actions} sample action pages");
    assert!(actions >= 440, "only {actions} sample pages were action pages");
}
