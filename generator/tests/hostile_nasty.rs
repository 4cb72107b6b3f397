//! The nasty family (`tests/fixtures/hostile/nasty/`): keyword and colliding names, deep nesting,
//! empty tables, a model that holds itself, descriptions full of fences, comment ends, attributes,
//! HTML and backslashes, hundreds of rows. Its crate is committed in `tests/nasty-crate/`, a
//! workspace member, so `cargo test --workspace` compiles it and clippy lints it; this test keeps
//! it fresh (`SDKGEN_BLESS=1` rewrites it) and checks its rustdoc holds no code block.

use sdkgen::emit::GeneratedFile;
use std::path::{Path, PathBuf};

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn fresh() -> Vec<GeneratedFile> {
    let out = std::env::temp_dir().join(format!("sdkgen-nasty-{}", std::process::id()));
    let outputs = sdkgen::generate::generate_all(&here().join("fixtures/hostile"), &out, "../../../runtime");
    let nasty = outputs
        .into_iter()
        .find(|o| o.crate_dir.ends_with("nasty"))
        .expect("the fixtures hold the nasty family");
    assert!(
        !nasty.loaded.has_errors(),
        "{}",
        sdkgen::diag::render(&nasty.loaded.diagnostics, &nasty.loaded.sources, false)
    );
    nasty.files
}

#[test]
fn the_committed_nasty_crate_is_fresh() {
    let files = fresh();
    let dir = here().join("nasty-crate");
    if std::env::var_os("SDKGEN_BLESS").is_some() {
        sdkgen::write::write_crate(&dir, &files).unwrap();
    }
    let stale = sdkgen::write::stale_files(&dir, &files);
    assert!(stale.is_empty(), "{stale:?} stale: rerun with SDKGEN_BLESS=1 and review");
}

#[test]
fn no_code_block_survives_in_the_nasty_rustdoc() {
    let files = fresh();
    let mut doc_lines = 0;
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
        assert!(!parsed.items.is_empty() || !parsed.attrs.is_empty(), "{}", file.path);
        for line in file.contents.lines().map(str::trim_start) {
            let Some(doc) = line.strip_prefix("///").or_else(|| line.strip_prefix("//!")) else { continue };
            doc_lines += 1;
            let doc = doc.strip_prefix(' ').unwrap_or(doc);
            assert!(!doc.starts_with("```") && !doc.starts_with("~~~"), "{}: {line}", file.path);
            assert!(!doc.starts_with("    ") && !doc.starts_with('\t'), "{}: {line}", file.path);
            assert!(!doc.contains("<script") && !doc.contains("<img"), "{}: {line}", file.path);
        }
        assert!(!file.contents.contains("#[cfg(any())]"), "{}: an attribute from the docs", file.path);
    }
    assert!(doc_lines > 300, "the nasty descriptions reached the docs: {doc_lines}");
    // The descriptions were nasty: the escaped forms are there.
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(all.contains("\\`\\`\\`rust") && all.contains("\\*/") && all.contains("&lt;script&gt;"));
}

#[test]
fn the_nasty_crate_runs_no_doctests() {
    // Every ``` in the crate's sources is escaped (`\``) or sits in a string: no doctest can exist.
    let dir = here().join("nasty-crate/src");
    let mut stack = vec![dir];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                seen += 1;
                let text = std::fs::read_to_string(&p).unwrap();
                for line in text.lines().map(str::trim_start) {
                    if line.starts_with("///") || line.starts_with("//!") {
                        let unescaped =
                            line.match_indices("```").any(|(i, _)| i == 0 || &line[i - 1..i] != "\\");
                        assert!(!unescaped, "{}: {line}", p.display());
                    }
                }
            }
        }
    }
    assert!(seen >= 4, "the committed crate is there");
}
