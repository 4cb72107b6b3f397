//! The Markdown front-end over the real UCloud doc sample, when it is present on this machine:
//! no page panics, every row is accounted for, and nearly every action page reads cleanly.

use sdkgen::markdown::{parse_page, PageOutcome};
use std::path::{Path, PathBuf};

/// `<CARGO_MANIFEST_DIR>/../../shared/corpus/ucloud-docs`; from a git worktree one level deeper,
/// the nearest ancestor holding `shared/corpus/ucloud-docs`.
fn corpus_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let direct = manifest.join("../../shared/corpus/ucloud-docs");
    if direct.exists() {
        return direct;
    }
    manifest.ancestors().map(|a| a.join("shared/corpus/ucloud-docs")).find(|p| p.exists()).unwrap_or(direct)
}

fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Counts table data rows, independently of the parser: every pipe table's rows outside code
/// fences, except the public-params table's (the same on every page, covered by the signer).
/// Rows the parser reads become fields or diagnostics; the rest sit in tables it reports as
/// unread (`unread-table`, `reference-tables`), and count as seen all the same.
fn independent_row_count(text: &str) -> usize {
    let mut in_fence = false;
    let mut table_line = 0usize;
    let mut public = false;
    let mut count = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.starts_with('#') {
            let lower = t.to_lowercase();
            public = lower.contains("公共参数") || lower.contains("public param");
            table_line = 0;
            continue;
        }
        if t.starts_with('|') {
            table_line += 1;
            if !public && table_line > 2 {
                count += 1;
            }
        } else {
            table_line = 0;
        }
    }
    count
}

#[test]
fn the_corpus_reads() {
    let dir = corpus_dir();
    if !dir.exists() {
        eprintln!("note: {} not found; corpus test skipped", dir.display());
        return;
    }
    let (mut actions, mut skipped, mut clean, mut rows_seen, mut rows_fields, mut rows_diag) =
        (0, 0, 0, 0, 0, 0);
    let mut failing = Vec::new();
    for page in pages(&dir) {
        let text = std::fs::read_to_string(&page).unwrap();
        let rel = page.strip_prefix(&dir).unwrap().display().to_string();
        let result = parse_page(&rel, &text);
        let r = result.rows;
        if std::env::var_os("MD_CORPUS_VERBOSE").is_some() {
            match &result.outcome {
                PageOutcome::Skipped { reason } => eprintln!("skip {rel}: {reason}"),
                PageOutcome::Action(doc) => {
                    let a = &doc.actions[0];
                    eprintln!(
                        "page {rel}: {} params {} response {} models {} ex-req {} ex-resp {}",
                        a.name,
                        a.params.len(),
                        a.response.len(),
                        doc.models.len(),
                        a.examples.request.len(),
                        a.examples.response.is_some()
                    );
                }
            }
            for d in &result.diagnostics {
                eprintln!("  {d}");
            }
        }
        assert_eq!(r.seen, r.fields + r.diagnosed, "{rel}: row parity");
        rows_seen += r.seen;
        rows_fields += r.fields;
        rows_diag += r.diagnosed;
        match &result.outcome {
            PageOutcome::Skipped { reason } => {
                skipped += 1;
                assert!(!reason.is_empty());
                assert_eq!(r.seen, 0, "{rel}: a skipped page reads no rows");
            }
            PageOutcome::Action(doc) => {
                actions += 1;
                assert_eq!(r.seen, independent_row_count(&text), "{rel}: rows seen vs lines counted");
                assert_eq!(doc.actions.len(), 1);
                let errors: Vec<_> = result.diagnostics.iter().filter(|d| d.is_error()).collect();
                if errors.is_empty() {
                    clean += 1;
                } else {
                    failing.push(format!("{rel}: {}", errors[0]));
                }
            }
        }
    }
    for f in &failing {
        eprintln!("error page: {f}");
    }
    println!(
        "corpus: {} pages, {actions} action, {skipped} skipped, {clean} clean, rows seen {rows_seen} = fields {rows_fields} + diagnosed {rows_diag}",
        actions + skipped
    );
    assert!((85..=95).contains(&skipped), "skipped {skipped}, expected about 90 (88 + 2 summary pages)");
    assert!(clean * 100 >= actions * 99, "{clean} of {actions} action pages without errors");
}
