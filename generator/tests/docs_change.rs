//! The docs-change workflow on a copy of the billing specs and crate: edit a page, regenerate,
//! and find the change in the generated code, the version, the CHANGELOG and the diff report;
//! regenerating again changes nothing. Runs the generator in-process on temporary folders.

use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn file<'a>(files: &'a [sdkgen::emit::GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} generated")).contents
}

#[test]
fn a_docs_change_reaches_code_version_changelog_and_diff() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work: PathBuf = std::env::temp_dir().join(format!("sdkgen-docs-change-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&root.join("specs/billing"), &work.join("specs/billing"));
    copy_dir(&root.join("generated/billing"), &work.join("generated/billing"));
    let page = work.join("specs/billing/003_7ecead4a8ce66ab1.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    // The docs add an optional filter and drop a response field.
    let edited = text
        .replace(
            "| OrganizationIds.N | string | Organization ID list (optional) | No |",
            "| OrganizationIds.N | string | Organization ID list (optional) | No |\n| Currencies.N | string | Currency list (optional) | No |",
        )
        .replace("| PaidCount | int | Paid order count | No |\n", "");
    assert_ne!(edited, text, "the page changed");
    std::fs::write(&page, edited).unwrap();

    let outputs =
        sdkgen::generate::generate_all(&work.join("specs"), &work.join("generated"), "../../runtime");
    let output = &outputs[0];
    assert!(!output.loaded.has_errors());
    let op = file(&output.files, "src/operation/get_order_amount.rs");
    assert!(op.contains("list currencies: String = \"Currencies\";"), "the new param has a setter");
    assert!(!op.contains("pub paid_count"), "the removed field is gone");
    let cargo = file(&output.files, "Cargo.toml");
    assert!(cargo.contains("version = \"0.2.0\""), "a removed field is breaking: 0.1.0 → 0.2.0\n{cargo}");
    let log = file(&output.files, "CHANGELOG.md");
    let (entry, older) = log.split_once("## 0.1.0").expect("the old entry stays");
    assert!(
        entry.contains("## 0.2.0") && entry.contains("PaidCount") && entry.contains("Currencies.N"),
        "{log}"
    );
    assert!(older.contains("First generation"));

    let old = sdkgen::diff::source::load_api_json(&work.join("generated/billing/api.json")).family.unwrap();
    let new = output.loaded.family.clone().unwrap();
    let report = sdkgen::diff::diff(&old, &new);
    let text = sdkgen::diff::render(&report, sdkgen::diff::Format::Text);
    assert!(text.contains("Currencies.N") && text.contains("PaidCount"), "{text}");
    assert_eq!(report.changes.len(), 2, "{text}");

    // Written, then generated again: nothing changes any more.
    sdkgen::write::write_crate(&output.crate_dir, &output.files).unwrap();
    let again = sdkgen::generate::generate_all(&work.join("specs"), &work.join("generated"), "../../runtime");
    assert!(sdkgen::write::stale_files(&again[0].crate_dir, &again[0].files).is_empty(), "idempotent");
    assert!(file(&again[0].files, "Cargo.toml").contains("version = \"0.2.0\""));
    let _ = std::fs::remove_dir_all(&work);
}
