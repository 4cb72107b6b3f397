//! `sdkgen serve` as a user runs it: a child process, checked by an independent client
//! (`tools/check_signature.py`, standard-library Python) that signs by the documented rule.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

#[test]
fn python_client_signs_by_the_documented_rule() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let child = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args([
            "serve",
            "specs/billing",
            "--port",
            "0",
            "--public-key",
            "pk-test",
            "--private-key",
            "sk-test",
        ])
        .args(["--seed", "5"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("sdkgen starts");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut vars = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some((k, v)) = line.split_once('=') {
            vars.push((k.to_owned(), v.to_owned()));
        }
        if line.starts_with("PRIVATE_KEY=") {
            break;
        }
    }
    let get = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).expect(k);
    assert!(get("BASE_URL").starts_with("http://127.0.0.1:"));
    assert_eq!(get("PUBLIC_KEY"), "pk-test");
    assert_eq!(get("PRIVATE_KEY"), "sk-test");
    let out = Command::new("python3")
        .arg(root().join("tools/check_signature.py"))
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
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
