//! `sdkgen diff` on the command line, run in-process: exit codes, `--fail-on`, the three
//! formats, an `api.json` side and a `REV:PATH` side read from a throwaway git repository.
#![cfg(feature = "cli")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::copy_tree;

fn run_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = sdkgen::cli::Io { out: &mut out, err: &mut err };
    let mut argv = vec!["sdkgen"];
    argv.extend_from_slice(args);
    // Parse like the binary does, but run the diff from `cwd` (git sides resolve there).
    let code = match sdkgen::cli::Cli::try_parse_from(argv) {
        Ok(sdkgen::cli::Cli { command: sdkgen::cli::Command::Diff(diff) }) => {
            sdkgen::diff::run(&diff, false, cwd, &mut io)
        }
        Ok(_) => panic!("not a diff command"),
        Err(e) => e.exit_code(),
    };
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn run(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = sdkgen::cli::Io { out: &mut out, err: &mut err };
    let mut argv = vec!["sdkgen"];
    argv.extend_from_slice(args);
    let code = sdkgen::cli::run(argv, &mut io);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

use clap::Parser as _;

fn case(name: &str, side: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
        .join(side)
        .display()
        .to_string()
}

/// A fresh, empty folder under the system temp folder (removed by the caller's guard).
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let dir = std::env::temp_dir().join(format!("sdkgen-diff-test-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn exit_zero_whatever_the_changes_and_text_ends_with_the_bump() {
    let (code, out, err) = run(&["diff", &case("param_removed", "old"), &case("param_removed", "new")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 change: 1 breaking, 0 additive, 0 docs\n"), "{out}");
    assert!(out.contains("breaking  ListGadgets  param `Limit` removed [wire]"), "{out}");
    assert!(out.ends_with("semver: breaking: 0.1.0 → 0.2.0\n"), "{out}");
    let (code, out, _) = run(&[
        "diff",
        &case("optional_param_added", "old"),
        &case("optional_param_added", "new"),
        "--current-version",
        "1.2.3",
    ]);
    assert_eq!(code, 0);
    assert!(out.ends_with("semver: additive: 1.2.3 → 1.3.0\n"), "{out}");
}

#[test]
fn fail_on_thresholds() {
    let breaking = [case("param_removed", "old"), case("param_removed", "new")];
    let additive = [case("enum_value_added", "old"), case("enum_value_added", "new")];
    let same = [case("enum_value_added", "old"), case("enum_value_added", "old")];
    let code = |pair: &[String; 2], level: &str| run(&["diff", &pair[0], &pair[1], "--fail-on", level]).0;
    assert_eq!(code(&breaking, "breaking"), 1);
    assert_eq!(code(&breaking, "additive"), 1, "breaking reaches the additive threshold");
    assert_eq!(code(&additive, "breaking"), 0);
    assert_eq!(code(&additive, "additive"), 1);
    assert_eq!(code(&same, "additive"), 0);
}

#[test]
fn usage_errors_keep_exit_code_two() {
    assert_eq!(run(&["diff", &case("param_removed", "old")]).0, 2, "NEW is missing");
    let pair = [case("param_removed", "old"), case("param_removed", "new")];
    assert_eq!(run(&["diff", &pair[0], &pair[1], "--fail-on", "docs"]).0, 2);
    assert_eq!(run(&["diff", &pair[0], &pair[1], "--format", "html"]).0, 2);
    assert_eq!(run(&["diff", &pair[0], &pair[1], "--current-version", "one"]).0, 2);
}

#[test]
fn markdown_and_json_formats() {
    let pair = [case("enum_value_added", "old"), case("enum_value_added", "new")];
    let (code, out, _) = run(&["diff", &pair[0], &pair[1], "--format", "markdown"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "## API changes\n\n1 change: 0 breaking, 1 additive, 0 docs\n\n\
         | effect | where | change | wire |\n|---|---|---|---|\n\
         | additive | `ListGadgets` | param `Color` accepts the new value `green` | yes |\n\n\
         **semver: additive: 0.1.0 → 0.1.1**\n"
    );
    let (code, out, _) = run(&["diff", &pair[0], &pair[1], "--format", "json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        value,
        serde_json::json!({
            "changes": [{
                "kind": "enum_value_added",
                "value": "green",
                "scope": { "action": "ListGadgets" },
                "part": "param",
                "item": "Color",
                "effect": { "api": "additive", "wire": true },
                "summary": "param `Color` accepts the new value `green`"
            }],
            "level": "additive",
            "bump": "minor",
            "current_version": "0.1.0",
            "next_version": "0.1.1"
        })
    );
}

#[test]
fn an_api_json_side_compares_like_its_folder() {
    let scratch = Scratch::new("json");
    let old = case("type_changed", "old");
    let (code, ir, _) = run(&["ir", &old]);
    assert_eq!(code, 0);
    let api = scratch.0.join("api.json");
    std::fs::write(&api, ir).unwrap();
    let api = api.display().to_string();
    let (code, out, err) = run(&["diff", &api, &old]);
    assert_eq!((code, out.lines().next()), (0, Some("0 changes: 0 breaking, 0 additive, 0 docs")), "{err}");
    let (code, out, _) = run(&["diff", &api, &case("type_changed", "new"), "--format", "json"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"kind\": \"model_field_retyped\""), "{out}");
}

#[test]
fn an_api_json_side_takes_the_version_from_the_cargo_toml_beside_it() {
    let scratch = Scratch::new("version");
    let old = case("type_changed", "old");
    let (_, ir, _) = run(&["ir", &old]);
    std::fs::write(scratch.0.join("api.json"), ir).unwrap();
    std::fs::write(
        scratch.0.join("Cargo.toml"),
        "[package]\nname = \"x\"\nversion = \"0.1.2\"\n\n[dependencies]\nserde = { version = \"1\" }\n",
    )
    .unwrap();
    let api = scratch.0.join("api.json").display().to_string();
    let new = case("type_changed", "new");
    let (code, out, err) = run(&["diff", &api, &new]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0.1.2 → 0.2.0"), "the crate's own version, not 0.1.0:\n{out}");
    // An explicit --current-version still wins; a folder side has no crate, so 0.1.0.
    let (_, out, _) = run(&["diff", &api, &new, "--current-version", "1.4.0"]);
    assert!(out.contains("1.4.0 → 2.0.0"), "{out}");
    let (_, out, _) = run(&["diff", &old, &new]);
    assert!(out.contains("0.1.0 → 0.2.0"), "{out}");
}

#[test]
fn unloadable_sides_are_rendered_and_exit_one() {
    let scratch = Scratch::new("bad");
    let bad = scratch.0.join("api.json");
    std::fs::write(&bad, "{ \"config\": 7 }").unwrap();
    let good = case("param_removed", "old");
    let (code, out, err) = run(&["diff", &bad.display().to_string(), &good]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("error[bad-api-json]"), "{err}");
    assert!(err.contains("cannot load the old side"), "{err}");
    let missing = scratch.0.join("nowhere").display().to_string();
    let (code, _, err) = run(&["diff", &good, &missing]);
    assert_eq!(code, 1);
    assert!(err.contains("error[diff-side]") && err.contains("cannot load the new side"), "{err}");
}

fn git(cwd: &Path, args: &[&str]) -> bool {
    Command::new("git").args(args).current_dir(cwd).output().is_ok_and(|o| o.status.success())
}

#[test]
fn a_git_revision_side() {
    if !Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("note: git is not installed; skipping the REV:PATH test");
        return;
    }
    let repo = Scratch::new("git");
    let root = &repo.0;
    let family = root.join("specs/gadgets");
    copy_tree(Path::new(&case("param_removed", "old")), &family);
    let ident = [
        "-c",
        "user.name=sdkgen test",
        "-c",
        "user.email=test@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ];
    let commit = |msg: &str| {
        let mut args = ident.to_vec();
        args.extend(["commit", "-q", "-m", msg]);
        assert!(git(root, &["add", "-A"]) && git(root, &args), "git commit failed");
    };
    assert!(git(root, &["init", "-q"]), "git init failed");
    commit("old gadgets");
    copy_tree(Path::new(&case("param_removed", "new")), &family);
    commit("drop Limit");
    // The previous revision against the working folder: the removed param.
    let (code, out, err) =
        run_in(root, &["diff", "HEAD~1:specs/gadgets", "specs/gadgets", "--fail-on", "breaking"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("param `Limit` removed"), "{out}{err}");
    // Both sides from git, one of them relative to the current folder.
    let (code, out, err) = run_in(&family, &["diff", "HEAD~1:./", "HEAD:./"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("param `Limit` removed"), "{out}{err}");
    // A path the revision does not have is an error, not a panic.
    let (code, _, err) = run_in(root, &["diff", "HEAD~1:specs/nope", "specs/gadgets"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read `HEAD~1:specs/nope` from git"), "{err}");
}
