//! `sdkgen serve` as a user runs it: a child process, checked by an independent client
//! (`tools/check_signature.py`, standard-library Python) that signs by the documented rule.
#![cfg(feature = "cli")]

use std::process::Command;

#[path = "support/served.rs"]
mod served;

use served::{root, Served};

#[test]
fn python_client_signs_by_the_documented_rule() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let server = Served::start(&[
        "specs/billing",
        "--port",
        "0",
        "--public-key",
        "pk-test",
        "--private-key",
        "sk-test",
        "--seed",
        "5",
    ]);
    let get = |k: &str| server.var(k).to_owned();
    assert!(get("BASE_URL").starts_with("http://127.0.0.1:"));
    assert_eq!(get("PUBLIC_KEY"), "pk-test");
    assert_eq!(get("PRIVATE_KEY"), "sk-test");
    let out = Command::new("python3")
        .arg(root().join("tools/check_signature.py"))
        .envs(server.vars().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("4 passed, 0 failed"), "{text}");
}

#[test]
fn refuses_what_does_not_load() {
    let out = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["serve", "specs/does-not-exist", "--port", "0"])
        .current_dir(root())
        .output()
        .expect("sdkgen runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
}
