//! The command line, run in-process: exit codes, outputs and `--deny warnings`.
#![cfg(feature = "cli")]

use std::path::Path;

fn run(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = sdkgen::cli::Io { out: &mut out, err: &mut err };
    let mut argv = vec!["sdkgen"];
    argv.extend_from_slice(args);
    let code = sdkgen::cli::run(argv, &mut io);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn billing() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing").display().to_string()
}

#[test]
fn ir_prints_the_family_as_json_and_yaml() {
    let (code, out, _) = run(&["ir", &billing()]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(value["config"]["crate_name"], "surfercloud-billing");
    assert_eq!(value["actions"].as_array().unwrap().len(), 4);
    let (code, out, _) = run(&["ir", &billing(), "--format", "yaml"]);
    assert_eq!(code, 0);
    assert!(out.contains("crate_name: surfercloud-billing"), "{out}");
}

#[test]
fn ir_of_a_single_page() {
    let page = format!("{}/000_4faf7e6a83497d31.txt", billing());
    let (code, out, _) = run(&["ir", &page]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["actions"][0]["name"], "ListPaidOrders");
}

#[test]
fn lint_reports_warnings_and_deny_makes_them_fail() {
    let (code, out, err) = run(&["lint", &billing(), "--color", "never"]);
    assert_eq!(code, 0, "warnings alone pass:\n{out}{err}");
    assert!(out.contains("warning[example-breaks-rule]"), "{out}");
    assert!(out.contains("000_4faf7e6a83497d31.txt:"), "file:line:col shown:\n{out}");
    assert!(err.contains("errors") && err.contains("warnings"), "{err}");
    let (code, out, _) = run(&["lint", &billing(), "--deny", "warnings", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[example-breaks-rule]"), "{out}");
    let (code, out, _) = run(&["lint", &billing(), "--format", "json"]);
    assert_eq!(code, 0);
    let diags: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(diags.as_array().unwrap().iter().any(|d| d["code"] == "undocumented-field"));
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["ir"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = run(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn a_missing_path_is_an_error_not_a_panic() {
    let (code, _, err) = run(&["lint", "/definitely/not/here", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn convert_writes_yaml_that_reads_back() {
    let page = format!("{}/003_7ecead4a8ce66ab1.txt", billing());
    let (code, out, err) = run(&["convert", &page, "--to", "yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("GetOrderAmount"), "{out}");
    let (doc, diags) = sdkgen::yaml::parse_spec("converted.yaml", &out);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    assert_eq!(doc.unwrap().actions[0].name, "GetOrderAmount");
}
