//! The docs-change workflow on a copy of the billing specs and crate: edit a page, regenerate,
//! and find the change in the generated code, the version, the CHANGELOG and the diff report;
//! regenerating again changes nothing. Runs the generator in-process on temporary folders.
//! Versions are read from the crate and pages found by their action, so a docs change in
//! `specs/billing` leaves this test green (the README's own example runs in readme_workflows.rs).

mod support;

use std::path::{Path, PathBuf};
use support::copy_tree;

fn file<'a>(files: &'a [sdkgen::emit::GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} generated")).contents
}

/// The first page under `dir` that documents `action` (its title line names it).
fn page_of(dir: &Path, action: &str) -> PathBuf {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    pages.sort();
    pages
        .into_iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "txt" || e == "md")
                && std::fs::read_to_string(p)
                    .is_ok_and(|t| t.lines().next().is_some_and(|l| l.contains(action)))
        })
        .unwrap_or_else(|| panic!("a page documents {action}"))
}

#[test]
fn a_docs_change_reaches_code_version_changelog_and_diff() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work: PathBuf = std::env::temp_dir().join(format!("sdkgen-docs-change-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    copy_tree(&root.join("specs/billing"), &work.join("specs/billing"));
    copy_tree(&root.join("generated/billing"), &work.join("generated/billing"));
    let current = sdkgen::generate::existing_version(&work.join("generated/billing")).unwrap();
    // The docs add an optional filter to the request params of the page: an additive change,
    // whatever else the live page says.
    let page = page_of(&work.join("specs/billing"), "GetOrderAmount");
    let text = std::fs::read_to_string(&page).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let request =
        lines.iter().position(|l| l.trim_start_matches('#').trim() == "Request Parameters").unwrap();
    let separator = request + lines[request..].iter().position(|l| l.starts_with("|---")).unwrap();
    lines.insert(separator + 1, "| SdkgenProbes.N | string | Probe list (optional) | No |");
    std::fs::write(&page, lines.join("\n") + "\n").unwrap();

    let outputs =
        sdkgen::generate::generate_all(&work.join("specs"), &work.join("generated"), "../../runtime");
    let output = &outputs[0];
    assert!(!output.loaded.has_errors());
    let op = file(&output.files, "src/operation/get_order_amount.rs");
    assert!(op.contains("list sdkgen_probes: String = \"SdkgenProbes\";"), "the new param has a setter");
    let release = output.release.as_ref().expect("the API changed");
    let next = sdkgen::diff::bump(&current, &release.report).unwrap();
    assert_ne!(next, current, "an added param is a release");
    assert_eq!((release.from.as_str(), release.to.as_str()), (current.as_str(), next.as_str()));
    let cargo = file(&output.files, "Cargo.toml");
    assert!(cargo.contains(&format!("version = \"{next}\"")), "{cargo}");
    let log = file(&output.files, "CHANGELOG.md");
    let (entry, older) = log.split_once(&format!("## {current}")).expect("the old entry stays");
    assert!(entry.contains(&format!("## {next}")) && entry.contains("SdkgenProbes.N"), "{log}");
    assert!(!older.is_empty());

    let old = sdkgen::diff::source::load_api_json(&work.join("generated/billing/api.json")).family.unwrap();
    let new = output.loaded.family.clone().unwrap();
    let report = sdkgen::diff::diff(&old, &new);
    let text = sdkgen::diff::render(&report, sdkgen::diff::Format::Text);
    assert!(text.contains("SdkgenProbes.N"), "{text}");
    assert_eq!(report.changes.len(), 1, "{text}");

    // Written, then generated again: nothing changes any more.
    sdkgen::write::write_crate(&output.crate_dir, &output.files).unwrap();
    let again = sdkgen::generate::generate_all(&work.join("specs"), &work.join("generated"), "../../runtime");
    assert!(sdkgen::write::stale_files(&again[0].crate_dir, &again[0].files).is_empty(), "idempotent");
    assert!(again[0].release.is_none(), "no second release");
    assert!(file(&again[0].files, "Cargo.toml").contains(&format!("version = \"{next}\"")));
    let _ = std::fs::remove_dir_all(&work);
}
