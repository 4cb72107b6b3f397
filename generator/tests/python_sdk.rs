//! The fake server against a client nobody here wrote: the official UCloud Python SDK
//! (`ucloud-sdk-python3`, pinned in `tests/python/requirements.txt`) drives `sdkgen serve` for
//! four sample-corpus families (issue 17 item 4). `tests/python/sdk_sweep.py` measures, per
//! family: (a) the sweep: every action the docs and the SDK both have, called with its required
//! params; (b) page walks with Limit=2; (c) id filters; (d) create, describe, delete. This file
//! starts the servers, prints the numbers and asserts the floors below.
//!
//! Needs `../shared/corpus/ucloud-docs` (else a note, and it passes) and Python 3 with `venv`
//! and PyPI (the venv lives in `target/python-sdk-venv`, rebuilt when the requirements change;
//! without Python it is a note locally, a failure under `CI=true`).
//!
//! `cargo test -p sdkgen --test python_sdk -- --nocapture` shows the table and every failure.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/served.rs"]
mod served;

use served::{root, Served};

use serde_json::Value;

/// The families driven, with the SDK's product client for each (`ucloud.client.Client().<name>()`).
const FAMILIES: &[(&str, &str)] = &[("uhost", "uhost"), ("ulb", "ulb"), ("unet", "unet"), ("uk8s", "uk8s")];
/// The fake's data seed: the same data, so the same numbers, every run.
const SEED: &str = "17";

/// (a) Share of the counted actions (both docs and SDK have them, not allow-listed) that answer
/// RetCode 0, over all families: issue 17's floor. Env `PYTHON_SDK_FLOOR_SWEEP` overrides.
const SWEEP_FLOOR: f64 = 0.995;
// Issue 17's targets are pages 0.95, filters 0.90, resources 0.80. The fake meets all three in
// full (seed 17: pages 19/19, filters 30/30, resources 17/17; before the inferred collections,
// 03da2cd: 2/19, 10/30, 0/17), so the floors hold that: any walk, filter or lifecycle that
// breaks fails the test.
/// (b) Share of page walks that are consistent, over all families. Env `PYTHON_SDK_FLOOR_PAGES`.
const PAGES_FLOOR: f64 = 1.0;
/// (c) Share of id filters that are consistent, over all families. Env `PYTHON_SDK_FLOOR_FILTERS`.
const FILTERS_FLOOR: f64 = 1.0;
/// (d) Share of create/describe/delete cycles that are consistent. Env `PYTHON_SDK_FLOOR_RESOURCES`.
const RESOURCES_FLOOR: f64 = 1.0;

/// Actions where the pinned SDK and the docs disagree, so no server can satisfy both: left out
/// of every count. (family, action, why).
const ALLOWED: &[(&str, &str, &str)] = &[];

fn floor(name: &str, default: f64) -> f64 {
    let var = format!("PYTHON_SDK_FLOOR_{name}");
    std::env::var(&var).ok().map_or(default, |v| v.parse().unwrap_or_else(|e| panic!("{var}={v:?}: {e}")))
}

fn allowed(family: &str, action: &str) -> bool {
    ALLOWED.iter().any(|(f, a, _)| *f == family && *a == action)
}

/// The venv's Python, made or reused by `tests/python/make_venv.py`; `None` (after a note)
/// where Python, `venv` or PyPI is missing, except under CI, where that is a failure.
fn venv_python() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").join("python-sdk-venv");
    let script = root().join("generator/tests/python/make_venv.py");
    let made = Command::new("python3").arg(&script).arg(&venv).output();
    let why = match made {
        Ok(out) if out.status.success() => {
            println!("{}", String::from_utf8_lossy(&out.stdout).trim());
            let python = venv.join(if cfg!(windows) { "Scripts/python.exe" } else { "bin/python" });
            return Some(python);
        }
        Ok(out) => format!("{} failed: {}", script.display(), String::from_utf8_lossy(&out.stderr).trim()),
        Err(e) => format!("python3 does not run: {e}"),
    };
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "CI must have Python 3 with venv and PyPI for the official SDK (.ci/run makes the venv): {why}"
        );
    }
    println!("note: {why}; python_sdk skipped");
    None
}

/// `sdkgen serve` on a free port, with a fixed seed and a fixed "server start" so the answers
/// do not move with the date.
fn serve(folder: &Path) -> Served {
    let folder = folder.to_str().expect("a UTF-8 corpus path");
    let keys = ["--public-key", "pk-python", "--private-key", "sk-python"];
    Served::start(&[&[folder, "--port", "0", "--seed", SEED, "--now", "1749945600"][..], &keys[..]].concat())
}

/// Runs the driver against a fresh fake of one family: its JSON report.
fn drive(python: &Path, corpus: &Path, family: &str, service: &str) -> Value {
    let folder = corpus.join(format!("{family}-api"));
    let ir =
        Command::new(env!("CARGO_BIN_EXE_sdkgen")).arg("ir").arg(&folder).output().expect("sdkgen ir runs");
    assert!(ir.status.success(), "sdkgen ir {}: {}", folder.display(), String::from_utf8_lossy(&ir.stderr));
    let api = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("python-sdk-{family}.json"));
    std::fs::write(&api, &ir.stdout).unwrap();
    let server = serve(&folder);
    let base_url = server.var("BASE_URL");
    let out = Command::new(python)
        .arg(root().join("generator/tests/python/sdk_sweep.py"))
        .arg(&api)
        .arg(service)
        .env("BASE_URL", base_url)
        .env("PUBLIC_KEY", "pk-python")
        .env("PRIVATE_KEY", "sk-python")
        .output()
        .expect("the venv's python runs");
    assert!(out.status.success(), "sdk_sweep.py {family}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("sdk_sweep.py prints JSON")
}

/// Consistent and total counts of one measure.
#[derive(Default, Clone, Copy)]
struct Count {
    ok: usize,
    all: usize,
}

impl Count {
    fn add(&mut self, ok: bool) {
        self.ok += usize::from(ok);
        self.all += 1;
    }

    fn rate(self) -> f64 {
        if self.all == 0 {
            1.0
        } else {
            self.ok as f64 / self.all as f64
        }
    }

    fn cell(self) -> String {
        format!("{}/{} {:5.1}%", self.ok, self.all, 100.0 * self.rate())
    }
}

fn text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A family's four counts (and docs-only actions, called through `invoke`, not counted);
/// every failure is printed.
fn tally(family: &str, report: &Value) -> [Count; 5] {
    let [mut sweep, mut docs_only, mut pages, mut filters, mut resources] = [Count::default(); 5];
    let rows = |key: &str| report[key].as_array().cloned().unwrap_or_default();
    for row in rows("sweep") {
        let action = text(&row, "action");
        let ok = text(&row, "status") == "ok";
        if text(&row, "via") != "typed" {
            docs_only.add(ok);
            if !ok {
                println!(
                    "  {family} docs-only {action}: {} {} {}",
                    text(&row, "status"),
                    text(&row, "retcode"),
                    text(&row, "message")
                );
            }
            continue;
        }
        if allowed(family, &action) {
            if ok {
                println!("  note: {family} {action} is allow-listed but answered RetCode 0");
            }
            continue;
        }
        sweep.add(ok);
        if !ok {
            let notes = row["notes"].as_array().map(|n| format!(" {n:?}")).unwrap_or_default();
            println!(
                "  {family} sweep {action}: {} {} {}{notes}",
                text(&row, "status"),
                text(&row, "retcode"),
                text(&row, "message")
            );
        }
    }
    for (key, count) in [("pages", &mut pages), ("filters", &mut filters), ("resources", &mut resources)] {
        for row in rows(key) {
            let actions = ["action", "create", "describe", "delete"].map(|k| text(&row, k));
            if actions.iter().any(|a| allowed(family, a)) {
                continue;
            }
            let ok = row["consistent"] == Value::Bool(true);
            count.add(ok);
            if !ok {
                let what = [text(&row, "action"), text(&row, "param"), text(&row, "resource")].join(" ");
                println!("  {family} {key} {}: {}", what.trim(), text(&row, "detail"));
            }
        }
    }
    [sweep, docs_only, pages, filters, resources]
}

#[test]
fn official_python_sdk_against_the_fake() {
    let corpus = root().join("../shared/corpus/ucloud-docs");
    if !corpus.exists() {
        println!("note: ../shared/corpus/ucloud-docs is absent; python_sdk skipped");
        return;
    }
    let Some(python) = venv_python() else { return };
    let mut table = Vec::new();
    let mut totals = [Count::default(); 5];
    for (family, service) in FAMILIES {
        let counts = tally(family, &drive(&python, &corpus, family, service));
        for (total, c) in totals.iter_mut().zip(counts) {
            total.ok += c.ok;
            total.all += c.all;
        }
        table.push((family.to_string(), counts));
    }
    table.push(("all".into(), totals));
    println!(
        "\nofficial UCloud Python SDK against sdkgen serve (seed {SEED}); allow-listed actions: {}",
        ALLOWED.len()
    );
    println!(
        "{:<7} {:>16} {:>16} {:>16} {:>16} {:>16}",
        "family", "sweep RetCode 0", "docs-only", "pages", "filters", "resources"
    );
    for (family, [sweep, docs_only, pages, filters, resources]) in &table {
        println!(
            "{family:<7} {:>16} {:>16} {:>16} {:>16} {:>16}",
            sweep.cell(),
            docs_only.cell(),
            pages.cell(),
            filters.cell(),
            resources.cell()
        );
    }
    for (family, action, why) in ALLOWED {
        println!("allowed: {family} {action}: {why}");
    }
    let [sweep, _, pages, filters, resources] = totals;
    let checks = [
        ("sweep", sweep, floor("SWEEP", SWEEP_FLOOR)),
        ("pages", pages, floor("PAGES", PAGES_FLOOR)),
        ("filters", filters, floor("FILTERS", FILTERS_FLOOR)),
        ("resources", resources, floor("RESOURCES", RESOURCES_FLOOR)),
    ];
    let below: Vec<String> = checks
        .iter()
        .filter(|(_, count, min)| count.rate() < *min)
        .map(|(name, count, min)| format!("{name}: {} is below the floor {min}", count.cell()))
        .collect();
    assert!(below.is_empty(), "{}", below.join("; "));
}
