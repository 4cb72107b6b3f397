//! Runs the prose analyser over every field description of the real UCloud doc pages in the shared
//! corpus (when present): nothing may panic, and the facts found must not fall below measured floors,
//! so a regression in extraction fails the test. `PROSE_CORPUS_DUMP=1` prints every fact found.

use sdkgen::prose::{analyze, mentions_unix_time};
use std::path::{Path, PathBuf};

/// All `.md` files under `dir`, sorted, so counts are stable.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The description cell of a field-table row: `| **Name** | type | description | Yes |`.
fn description_cell(line: &str) -> Option<&str> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    if cells.len() != 4 {
        return None;
    }
    let ty = cells[1];
    let looks_like_type = !ty.is_empty()
        && ty.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && !ty.starts_with(':')
        && !ty.starts_with('-');
    (looks_like_type && ty != "type").then_some(cells[2])
}

#[derive(Default, Debug)]
struct Counts {
    descriptions: usize,
    deprecated: usize,
    unix: usize,
    min: usize,
    max: usize,
    enums: usize,
    enum_values: usize,
    defaults: usize,
    min_items: usize,
    max_items: usize,
    greater_than: usize,
    max_range_days: usize,
}

#[test]
fn corpus_descriptions_are_analysed_without_panic() {
    // `<manifest>/../../shared/corpus/ucloud-docs` in the main checkout; a worktree sits one level
    // deeper, so look in every ancestor.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(root) = manifest.ancestors().map(|a| a.join("shared/corpus/ucloud-docs")).find(|p| p.is_dir())
    else {
        println!("note: no shared/corpus/ucloud-docs above {}; corpus test skipped", manifest.display());
        return;
    };
    let dump = std::env::var_os("PROSE_CORPUS_DUMP").is_some();
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    files.sort();
    let mut n = Counts::default();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        for line in text.lines() {
            let Some(desc) = description_cell(line) else { continue };
            n.descriptions += 1;
            let facts = analyze(desc);
            let _ = mentions_unix_time(desc);
            let c = &facts.constraints;
            if let (Some(lo), Some(hi)) = (c.min, c.max) {
                assert!(lo <= hi, "{desc}");
            }
            n.deprecated += usize::from(facts.deprecated);
            n.unix += usize::from(facts.unix_seconds);
            n.min += usize::from(c.min.is_some());
            n.max += usize::from(c.max.is_some());
            n.enums += usize::from(!c.enum_values.is_empty());
            n.enum_values += c.enum_values.len();
            n.defaults += usize::from(c.default.is_some());
            n.min_items += usize::from(c.min_items.is_some());
            n.max_items += usize::from(c.max_items.is_some());
            n.greater_than += usize::from(c.greater_than.is_some());
            n.max_range_days += usize::from(c.max_range_days.is_some());
            if dump && (facts.deprecated || facts.unix_seconds || !c.is_empty()) {
                println!("{desc}\n    => {facts:?}");
            }
        }
    }
    println!("prose corpus: {} files, {n:#?}", files.len());
    // Floors measured on the corpus (a little below the measured figures), so that extraction
    // regressions fail while small corpus edits do not.
    // Measured: 8846 descriptions, 16 deprecated, 69 unix, 138 min, 154 max, 330 enums
    // (1064 values), 402 defaults, 8 min_items, 41 max_items, 2 greater_than, 2 max_range_days.
    assert!(n.descriptions >= 8000, "{n:?}");
    assert!(n.deprecated >= 14, "{n:?}");
    assert!(n.unix >= 60, "{n:?}");
    assert!(n.min >= 120, "{n:?}");
    assert!(n.max >= 135, "{n:?}");
    assert!(n.enums >= 300, "{n:?}");
    assert!(n.enum_values >= 950, "{n:?}");
    assert!(n.defaults >= 360, "{n:?}");
    assert!(n.min_items >= 6, "{n:?}");
    assert!(n.max_items >= 35, "{n:?}");
    assert!(n.max_range_days >= 2, "{n:?}");
}
