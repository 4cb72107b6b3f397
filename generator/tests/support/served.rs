//! `sdkgen serve` as a child process, for the tests that drive it with another client
//! (`#[path = "support/served.rs"] mod served;`). Each uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// A running `sdkgen serve` and the `NAME=value` lines it printed (`BASE_URL`, `PUBLIC_KEY`,
/// `PRIVATE_KEY`); killed when dropped, however the test ends.
pub struct Served {
    child: Child,
    vars: Vec<(String, String)>,
}

impl Served {
    /// Starts `sdkgen serve ARGS…` in the workspace root and waits for its three lines.
    pub fn start(args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
            .arg("serve")
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sdkgen starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut vars = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some((k, v)) = line.split_once('=') {
                vars.push((k.to_owned(), v.to_owned()));
            }
            if line.starts_with("PRIVATE_KEY=") {
                break;
            }
        }
        Served { child, vars }
    }

    /// Every printed `NAME=value` line, in order (what a shell would `eval`).
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    /// The value of a printed line, e.g. `BASE_URL`.
    pub fn var(&self, name: &str) -> &str {
        let found = self.vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        found.unwrap_or_else(|| panic!("sdkgen serve printed no {name}= line: {:?}", self.vars))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
