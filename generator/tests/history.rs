//! A crate's history (`api.json`, `CHANGELOG.md`, its version) survives whatever happens to
//! it: an `api.json` this sdkgen cannot read, or one written by a newer sdkgen, is an error
//! for that family, never a silent first generation that would erase the CHANGELOG; and two
//! families never write over each other.

mod support;

use std::path::{Path, PathBuf};

fn billing_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing")
}

/// A specs root holding a copy of billing under `name`, plus a generated crate for it.
fn workspace(tag: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("sdkgen-history-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    support::copy_tree(&billing_specs(), &root.join("specs/billing"));
    let out = root.join("generated");
    let outputs = sdkgen::generate::generate_all(&root.join("specs"), &out, "../../runtime");
    for o in &outputs {
        sdkgen::write::write_crate(&o.crate_dir, &o.files).unwrap();
    }
    (root, out.join("billing"))
}

fn errors(outputs: &[sdkgen::generate::FamilyOutput]) -> Vec<String> {
    outputs
        .iter()
        .flat_map(|o| &o.loaded.diagnostics)
        .filter(|d| d.is_error())
        .map(|d| d.code.clone())
        .collect()
}

#[test]
fn an_unreadable_or_newer_api_json_is_an_error_not_a_new_crate() {
    let (root, krate) = workspace("unreadable");
    let api = krate.join("api.json");
    let good = std::fs::read_to_string(&api).unwrap();
    assert!(good.starts_with("{\n  \"sdkgen_api_format\": 1,\n"), "the format comes first: {}", &good[..60]);
    let changelog = std::fs::read_to_string(krate.join("CHANGELOG.md")).unwrap();
    for bad in [
        good.replace("\"actions\"", "\"actionz\""),
        good.replace("\"sdkgen_api_format\": 1", "\"sdkgen_api_format\": 99"),
        "{".to_string(),
    ] {
        std::fs::write(&api, &bad).unwrap();
        let outputs =
            sdkgen::generate::generate_all(&root.join("specs"), &root.join("generated"), "../../runtime");
        let codes = errors(&outputs);
        assert_eq!(codes, ["unreadable-history"], "{bad:.80}");
        assert!(outputs[0].files.is_empty(), "nothing is written over the history");
        assert_eq!(std::fs::read_to_string(krate.join("CHANGELOG.md")).unwrap(), changelog);
    }
    // An api.json gone with the CHANGELOG still there: the history cannot be compared.
    std::fs::remove_file(&api).unwrap();
    let outputs =
        sdkgen::generate::generate_all(&root.join("specs"), &root.join("generated"), "../../runtime");
    assert_eq!(errors(&outputs), ["unreadable-history"]);
    // A file without the format key is format 1 (what earlier sdkgen versions wrote).
    let old = good.replace("  \"sdkgen_api_format\": 1,\n", "");
    std::fs::write(&api, old).unwrap();
    let outputs =
        sdkgen::generate::generate_all(&root.join("specs"), &root.join("generated"), "../../runtime");
    assert!(errors(&outputs).is_empty());
    assert!(outputs[0].release.is_none(), "same API, no release");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn two_families_for_one_crate_do_not_overwrite_each_other() {
    let (root, _) = workspace("twins");
    support::copy_tree(&billing_specs(), &root.join("specs/billing-copy"));
    let outputs =
        sdkgen::generate::generate_all(&root.join("specs"), &root.join("generated"), "../../runtime");
    assert_eq!(errors(&outputs), ["duplicate-crate"]);
    let written: Vec<bool> = outputs.iter().map(|o| !o.files.is_empty()).collect();
    assert_eq!(written, [true, false], "the first folder keeps its crate; the second writes nothing");
    let _ = std::fs::remove_dir_all(&root);
}
