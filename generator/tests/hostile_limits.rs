//! Limits are diagnostics, not unbounded work or a stack overflow: an oversized page or spec, wire
//! names nesting lists too deep, `array[array[…]]` too deep, JSON examples nested deeper than any
//! parser allows. Each runs on a thread with the default 2 MiB test stack, as a user's would.

use sdkgen::diag::Diagnostic;
use sdkgen::markdown::{parse_page, PageOutcome};
use std::path::Path;
use std::time::{Duration, Instant};

fn page(request_rows: &str, response_example: &str) -> String {
    format!(
        "# Get Thing - GetThing\n\n## Request Parameters\n\n| Parameter name | Type | Description | Required |\n\
         |---|---|---|---|\n{request_rows}\n\n## Response Elements\n\n\
         | Parameter name | Type | Description | Required |\n|---|---|---|---|\n\
         | RetCode | int | code | Yes |\n| Data | array[int] | data | No |\n\n## Examples\n\n\
         ```json\n{response_example}\n```\n"
    )
}

fn codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

/// Runs `f` on a fresh thread with a 2 MiB stack and a time bound.
fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let started = Instant::now();
    let out = std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap().join().expect("no panic");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    out
}

#[test]
fn an_oversized_page_is_refused_with_a_diagnostic() {
    let rows: String = (0..120_000).map(|i| format!("| Name{i} | string | a description | No |\n")).collect();
    let text = page(&rows, "{}");
    assert!(text.len() > 4 << 20);
    let result = bounded(move || parse_page("big.md", &text));
    assert!(codes(&result.diagnostics).contains(&"page-too-large"), "{:?}", codes(&result.diagnostics));
    assert!(result.diagnostics.iter().any(Diagnostic::is_error));
    assert!(!matches!(result.outcome, PageOutcome::Action(_)));
}

#[test]
fn an_oversized_spec_is_refused_with_a_diagnostic() {
    let mut text = String::from("actions:\n  - name: GetThing\n    params:\n");
    let mut i = 0;
    while text.len() <= 4 << 20 {
        text.push_str(&format!("      - {{ name: Name{i}, type: string, description: a description }}\n"));
        i += 1;
    }
    let (doc, diags) = bounded(move || sdkgen::yaml::parse_spec("big.yaml", &text));
    assert!(doc.is_none());
    assert!(codes(&diags).contains(&"page-too-large"), "{:?}", codes(&diags));
}

#[test]
fn a_page_just_under_the_bound_still_reads() {
    let rows: String = (0..2_000).map(|i| format!("| Name{i} | string | a description | No |\n")).collect();
    let text = page(&rows, "{\"RetCode\": 0}");
    let result = bounded(move || parse_page("ok.md", &text));
    assert!(matches!(result.outcome, PageOutcome::Action(_)), "{:?}", codes(&result.diagnostics));
    assert_eq!(result.rows.fields, 2_002);
}

#[test]
fn wire_names_nesting_lists_too_deep_are_diagnosed() {
    let deep = (0..9).map(|i| format!("L{i}.N")).collect::<Vec<_>>().join(".") + ".Leaf";
    let ok = (0..8).map(|i| format!("L{i}.N")).collect::<Vec<_>>().join(".") + ".Leaf";
    let huge = (0..50_000).map(|i| format!("L{i}.N")).collect::<Vec<_>>().join(".");
    for (name, refused) in [(deep, true), (ok, false), (huge, true)] {
        let text = page(&format!("| {name} | string | deep | No |"), "{}");
        let diags = bounded(move || {
            let dir = tempdir("nest");
            std::fs::write(dir.join("page.md"), text).unwrap();
            let loaded = sdkgen::load::load_family(&dir);
            let _ = std::fs::remove_dir_all(&dir);
            loaded.diagnostics
        });
        assert_eq!(codes(&diags).contains(&"nesting-too-deep"), refused, "{:?}", codes(&diags));
    }
}

#[test]
fn list_types_nesting_too_deep_are_diagnosed_not_overflowed() {
    for depth in [40, 200_000] {
        let ty = format!("{}int{}", "array[".repeat(depth), "]".repeat(depth));
        let text = page(&format!("| Deep | {ty} | deep | No |"), "{}");
        let result = bounded(move || parse_page("deep.md", &text));
        assert!(!codes(&result.diagnostics).is_empty(), "depth {depth} passes silently");
        let yaml =
            format!("actions:\n  - name: GetThing\n    params:\n      - {{ name: Deep, type: \"{ty}\" }}\n");
        let (doc, diags) = bounded(move || sdkgen::yaml::parse_spec("deep.yaml", &yaml));
        assert!(doc.is_none() && !diags.is_empty());
    }
    // A flat row with a deeply nested type is cut without recursion.
    let line = format!("Deep{}int{}deepNo", "array[".repeat(100_000), "]".repeat(100_000));
    let _ = bounded(move || sdkgen::markdown::flat_table::recognise(&line, 1, &[], true));
}

#[test]
fn json_examples_nested_deeper_than_any_parser_allows_are_walked_safely() {
    for depth in [100, 127, 129, 100_000] {
        let json = format!("{{\"RetCode\": 0, \"Data\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
        let body =
            format!("{{\"Action\": \"GetThing\", \"Deep\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
        let text = page("| Deep | array[int] | deep | No |", &json)
            + &format!("\n## Request Example\n\n```json\n{body}\n```\n");
        let diags = bounded(move || {
            let dir = tempdir("json");
            std::fs::write(dir.join("page.md"), text).unwrap();
            let loaded = sdkgen::load::load_family(&dir);
            let _ = std::fs::remove_dir_all(&dir);
            loaded.diagnostics
        });
        // Whatever the depth, the loader answers; a very deep example is reported, not followed.
        if depth > 128 {
            assert!(!diags.is_empty(), "depth {depth}");
        }
    }
}

fn tempdir(tag: &str) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("sdkgen-hostile-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    assert!(Path::new(&dir).is_dir());
    dir
}
