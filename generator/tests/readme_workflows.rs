//! The README's two maintainer workflows, "When the docs change" and "Adding a family", followed
//! as the README writes them on a copy of the repository: its commands are read from the README
//! and run with the real `sdkgen` binary, and what it promises is checked: lint clean, the diff
//! and the CHANGELOG entry exactly as printed there, the version bumps, a workspace that still
//! compiles (the `cargo check` that `generate` runs), and every action of the changed and the
//! added crate answering its own fake server (their generated smoke tests). One `cargo check` and
//! one `cargo test` of two crates, on the shared target dir: bounded, not a second test run.
#![cfg(feature = "cli")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::copy_tree;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

/// The README section under `heading`, up to the next `## ` heading.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme.find(heading).unwrap_or_else(|| panic!("the README has `{heading}`"));
    let rest = &readme[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

/// The `sdkgen` commands of a section's code blocks: `cargo run -p sdkgen -- ARGS  # comment`
/// lines, as argument lists.
fn sdkgen_commands(section: &str) -> Vec<Vec<String>> {
    section
        .lines()
        .filter_map(|l| l.trim().strip_prefix("cargo run -p sdkgen -- "))
        .map(|l| l.split('#').next().unwrap().split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The quoted block (`> ` lines) that follows the line containing `marker`, unquoted.
fn quoted_after(section: &str, marker: &str) -> String {
    let start = section.find(marker).unwrap_or_else(|| panic!("the README says `{marker}`"));
    let lines: Vec<&str> = section[start..]
        .lines()
        .skip_while(|l| !l.starts_with('>'))
        .take_while(|l| l.starts_with('>'))
        .map(|l| l.strip_prefix("> ").unwrap_or(l.trim_start_matches('>')))
        .collect();
    lines.join("\n") + "\n"
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from)
}

fn sdkgen(cwd: &Path, args: &[String]) -> Run {
    let o = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(cwd)
        .env("CARGO", env!("CARGO"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("sdkgen runs");
    Run {
        code: o.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&o.stdout).into_owned(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// The version in the `Cargo.toml` of the package folder `dir`.
fn version_of(dir: &Path) -> String {
    sdkgen::generate::existing_version(dir).expect("a package version")
}

/// The folder of the sample corpus to add as a family, when `../shared` is there.
fn corpus_family() -> Option<PathBuf> {
    let dir = repo().join("../shared/corpus/ucloud-docs/umon-api");
    dir.is_dir().then_some(dir)
}

#[test]
fn the_readme_workflows_end_green() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let work = std::env::temp_dir().join(format!("sdkgen-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    copy_tree(&repo(), &work);

    // The README's example edits the billing pages as first published. Start from them (the
    // seed pages, with the family.yaml and overlay.yaml frozen for the family_check tests) and
    // regenerate, so the example applies whatever docs changes specs/billing has seen since.
    restore_first_published(&work);

    // --- When the docs change: the README's example edit of the GetOrderAmount page.
    let change = section(&readme, "## When the docs change");
    let page = work.join("specs/billing/003_7ecead4a8ce66ab1.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    if !text.contains("| PaidCount | int | Paid order count | No |") {
        println!(
            "note: without ../shared/seeds the README's example needs the page as first published; skipped"
        );
        return;
    }
    let edited = text
        .replace(
            "| OrganizationIds.N | string | Organization ID list (optional) | No |",
            "| OrganizationIds.N | string | Organization ID list (optional) | No |\n\
             | Currencies.N | string | Currency list (optional) | No |",
        )
        .replace("| PaidCount | int | Paid order count | No |\n", "");
    assert_ne!(edited, text, "the example edit applies to the page");
    std::fs::write(&page, edited).unwrap();

    // --- Adding a family: a sample-corpus folder, family.yaml as the README shows, the feature.
    let added = corpus_family();
    match &added {
        Some(corpus) => {
            let add = section(&readme, "## Adding a family");
            assert!(add.contains("family.yaml") && add.contains("<family> = []"), "{add}");
            // A name no family of the repository has, so the step works whatever was added before.
            copy_tree(corpus, &work.join("specs/readme_sample"));
            std::fs::write(
                work.join("specs/readme_sample/family.yaml"),
                "name: readme_sample\ncrate_name: readme-sample-sdk\ntitle: README Sample (UMon pages)\n\
                 endpoint: https://api.surfercloud.com\nenv_prefix: SURFERCLOUD\n",
            )
            .unwrap();
            let manifest = work.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).unwrap();
            let text = text.replacen("compute = []\n", "compute = []\nreadme_sample = []\n", 1);
            std::fs::write(&manifest, text).unwrap();
            let lint = sdkgen(&work, &["lint".into(), "specs/readme_sample".into()]);
            assert_eq!(lint.code, 0, "a sample family lints without errors:\n{}{}", lint.out, lint.err);
        }
        None => println!("note: ../shared/corpus is absent; the add-a-family half is skipped"),
    }

    let commands = sdkgen_commands(change);
    let names: Vec<&str> = commands.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(names, ["lint", "diff", "generate"], "the README's docs-change commands");
    let old_version = version_of(&work.join("generated/billing"));
    let root_version = version_of(&work);

    // 1. lint: family.yaml's fake section still sums the removed field; the README says what to do.
    let lint = sdkgen(&work, &commands[0]);
    assert_eq!(lint.code, 1, "lint finds family.yaml out of date:\n{}{}", lint.out, lint.err);
    let shown = format!("{}{}", lint.out, lint.err);
    assert!(shown.contains("specs/billing/family.yaml:") && shown.contains("PaidCount"), "{shown}");
    assert!(change.contains("delete the `PaidCount:` line"), "the README tells the fix");
    let family = work.join("specs/billing/family.yaml");
    let yaml = std::fs::read_to_string(&family).unwrap();
    let fixed: String = yaml
        .lines()
        .filter(|l| !l.trim_start().starts_with("PaidCount:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&family, fixed).unwrap();
    let lint = sdkgen(&work, &commands[0]);
    assert_eq!(lint.code, 0, "{}{}", lint.out, lint.err);

    // 2. diff: exactly the README's report, versions read from the crate.
    let mut diff = commands[1].clone();
    diff.extend(["--format".to_string(), "markdown".to_string()]);
    let report = sdkgen(&work, &diff);
    assert_eq!(report.code, 0, "{}", report.err);
    let next = bumped_minor(&old_version);
    let expected = quoted_after(change, "--format markdown` prints:")
        .replace("0.2.0", &next)
        .replace("0.1.0", &old_version);
    assert_eq!(report.out, expected);

    // 3. generate: the crates, versions and CHANGELOG; the workspace checked (quickstart included).
    let generate = sdkgen(&work, &commands[2]);
    assert_eq!(generate.code, 0, "generate and its cargo check:\n{}{}", generate.out, generate.err);
    assert!(generate.out.contains("cargo check: the workspace compiles"), "{}", generate.out);
    assert_eq!(version_of(&work.join("generated/billing")), next);
    assert_eq!(version_of(&work), bumped_minor(&root_version), "build mode follows");
    let log = std::fs::read_to_string(work.join("generated/billing/CHANGELOG.md")).unwrap();
    let entry = quoted_after(change, "prepends to `generated/billing/CHANGELOG.md`:").replace("0.2.0", &next);
    assert!(log.contains(&entry), "the README's CHANGELOG entry:\n{entry}\nin:\n{log}");
    assert!(log.contains(&format!("## {old_version}")), "older entries stay");
    let again = sdkgen(&work, &commands[2]);
    let written = again.out.lines().filter(|l| l.contains(" written, "));
    assert!(
        written.clone().count() > 0 && written.clone().all(|l| l.contains(": 0 written")),
        "{}",
        again.out
    );

    // 4. The changed and the added crate answer their own fake servers, action by action.
    let mut smoke = vec!["test", "-p", "surfercloud-billing"];
    if added.is_some() {
        smoke.extend(["-p", "readme-sample-sdk"]);
    }
    smoke.extend(["--test", "smoke"]);
    let o = Command::new(env!("CARGO"))
        .args(&smoke)
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "smoke tests:\n{out}\n{}", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&work);
}

/// Puts the billing family as first published into the copy at `work` (when `../shared/seeds`
/// is there) and regenerates its crate from it, without checking the workspace.
fn restore_first_published(work: &Path) {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        println!("note: ../shared/seeds is absent; the docs-change example runs on specs/billing as it is");
        return;
    }
    let billing = work.join("specs/billing");
    std::fs::remove_dir_all(&billing).unwrap();
    copy_tree(&seeds, &billing);
    copy_tree(&repo().join("generator/tests/fixtures/family-check"), &billing);
    let generate = sdkgen(work, &["generate".into(), "--no-cargo-check".into()]);
    assert_eq!(generate.code, 0, "{}{}", generate.out, generate.err);
}

/// The next version after a breaking change (0.x: the minor moves).
fn bumped_minor(version: &str) -> String {
    let parts: Vec<u64> = version.split('.').map(|p| p.parse().unwrap()).collect();
    match parts[..] {
        [0, minor, _] => format!("0.{}.0", minor + 1),
        [major, ..] => format!("{}.0.0", major + 1),
        _ => unreachable!("a version"),
    }
}
