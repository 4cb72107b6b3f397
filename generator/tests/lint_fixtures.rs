//! One fixture family per lint rule (`fixtures/lint/<rule>/`), read by the real loader: each must
//! produce exactly the diagnostics its `expected.lint` lists (notes aside), at those lines.

use std::path::Path;

#[test]
fn every_rule_fixture_produces_exactly_its_expected_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint");
    let mut folders: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).collect();
    folders.sort();
    assert!(folders.len() >= 14, "one folder per rule");
    for folder in folders.iter().filter(|p| p.is_dir()) {
        let expected_text = std::fs::read_to_string(folder.join("expected.lint")).unwrap();
        let mut expected: Vec<String> = expected_text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(String::from)
            .collect();
        let loaded = sdkgen::load::load_family(folder);
        let mut got: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity != sdkgen::diag::Severity::Note)
            .map(|d| {
                let loc = d.loc.as_ref().expect("every fixture diagnostic points at the page");
                let file = Path::new(&loc.file).file_name().unwrap().to_string_lossy().into_owned();
                let severity = if d.is_error() { "error" } else { "warning" };
                format!("{file}:{}: {severity}[{}]", loc.line, d.code)
            })
            .collect();
        expected.sort();
        got.sort();
        let rendered = sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false);
        assert_eq!(got, expected, "{}:\n{rendered}", folder.display());
    }
}
