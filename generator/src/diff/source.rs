//! The two sides of `sdkgen diff`: a family folder (or page/spec files), an `api.json` (the IR
//! as `sdkgen ir` prints it and the emitter writes it), or `REV:PATH`, a folder or file as it was
//! in a git revision. Every failure is a diagnostic, so the command renders it like a lint error.

use crate::diag::{Diagnostic, Sources};
use crate::ir::{Family, Loc};
use crate::load::{self, Loaded};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Loads one side of a diff. `cwd` is where relative paths and git commands start.
///
/// An existing path wins: a folder is loaded as a family, a `.json` file as IR JSON, any other
/// file as a page or spec. Otherwise `REV:PATH` is looked up with git (`PATH` as in `git show`:
/// from the repository root, or `./PATH` from `cwd`); a folder is extracted with `git archive`
/// into a temporary folder named like the original (the family name defaults from it), which is
/// removed once loaded.
pub fn load_side(spec: &str, cwd: &Path) -> Loaded {
    let path = cwd.join(spec);
    if path.exists() {
        return load_existing(&path);
    }
    match spec.split_once(':') {
        Some((rev, rel)) if !rev.is_empty() && !rel.is_empty() => load_git(rev, rel, spec, cwd),
        _ => failed(
            Diagnostic::error("diff-side", format!("`{spec}` is neither a file nor a folder"))
                .hint("give a family folder, an api.json file, or REV:PATH (e.g. HEAD~1:specs/billing)"),
        ),
    }
}

fn failed(diagnostic: Diagnostic) -> Loaded {
    Loaded { family: None, diagnostics: vec![diagnostic], sources: Sources::new(), files: Vec::new() }
}

fn load_existing(path: &Path) -> Loaded {
    let is_json = path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        load_api_json(path)
    } else {
        load::load_path(path)
    }
}

/// Reads an `api.json`: a serialized [`Family`].
pub fn load_api_json(path: &Path) -> Loaded {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => return failed(Diagnostic::error("unreadable", format!("cannot read {shown}: {err}"))),
    };
    let mut sources = Sources::new();
    sources.add(&shown, &text);
    let (format_key, supported) =
        (crate::emit::files::API_JSON_FORMAT_KEY, crate::emit::files::API_JSON_FORMAT);
    let mut value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => return bad_json(&shown, &err, sources),
    };
    let format = value.as_object_mut().and_then(|o| o.remove(format_key));
    match format.as_ref().map(serde_json::Value::as_u64) {
        None => {}
        Some(Some(n)) if n <= supported => {}
        Some(found) => {
            let what = found.map_or_else(|| "an unknown format".to_string(), |n| format!("format {n}"));
            let d = Diagnostic::error(
                "api-json-format",
                format!("{shown} is {what}; this sdkgen reads api.json up to format {supported}"),
            )
            .at(Some(Loc { file: shown.clone(), line: 2, col: 3 }))
            .hint("it was written by a newer sdkgen: upgrade sdkgen");
            return Loaded { family: None, diagnostics: vec![d], sources, files: Vec::new() };
        }
    }
    let text = if format.is_some() { value.to_string() } else { text };
    match serde_json::from_str::<Family>(&text) {
        Ok(family) => Loaded { family: Some(family), diagnostics: Vec::new(), sources, files: Vec::new() },
        Err(err) => bad_json(&shown, &err, sources),
    }
}

/// The error for an `api.json` that is not an sdkgen IR.
fn bad_json(shown: &str, err: &serde_json::Error, sources: Sources) -> Loaded {
    let line = u32::try_from(err.line()).unwrap_or(u32::MAX).max(1);
    let col = u32::try_from(err.column()).unwrap_or(u32::MAX).max(1);
    let d = Diagnostic::error("bad-api-json", format!("{shown} is not an sdkgen IR: {err}"))
        .at(Some(Loc { file: shown.to_string(), line, col }))
        .hint("an api.json holds what `sdkgen ir FAMILY` prints");
    Loaded { family: None, diagnostics: vec![d], sources, files: Vec::new() }
}

/// A folder under the system temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sdkgen-diff-{}-{nanos}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs git in `cwd`, returning its standard output or a message with its standard error.
fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

fn load_git(rev: &str, rel: &str, spec: &str, cwd: &Path) -> Loaded {
    let object = format!("{rev}:{rel}");
    let git_error =
        |err: String| {
            failed(Diagnostic::error("diff-side", format!("cannot read `{spec}` from git: {err}")).hint(
                "REV:PATH takes PATH from the repository root (as `git show` does); ./PATH starts here",
            ))
        };
    let kind = match git(cwd, &["cat-file", "-t", &object]) {
        Ok(kind) => String::from_utf8_lossy(&kind).trim().to_string(),
        Err(err) => return git_error(err),
    };
    let tmp = match TempDir::new() {
        Ok(tmp) => tmp,
        Err(err) => return git_error(format!("cannot make a temporary folder: {err}")),
    };
    // Keep the original name: a family without `family.yaml` takes its name from its folder.
    let base = Path::new(rel.trim_end_matches('/'))
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "family".into());
    let target = tmp.0.join(base);
    let written = match kind.as_str() {
        "tree" => extract_tree(cwd, &object, &target),
        "blob" => git(cwd, &["cat-file", "blob", &object])
            .and_then(|bytes| std::fs::write(&target, bytes).map_err(|e| e.to_string())),
        other => Err(format!("`{object}` is a git {other}, not a folder or file")),
    };
    if let Err(err) = written {
        return git_error(err);
    }
    let mut loaded = load_existing(&target);
    // Diagnostics name the temporary copy; say where it came from.
    let shown = target.display().to_string();
    for d in &mut loaded.diagnostics {
        d.notes.push(format!("{shown} is `{spec}`, extracted from git"));
    }
    loaded
}

/// `git archive OBJECT | tar -x -C TARGET`, without a shell.
fn extract_tree(cwd: &Path, object: &str, target: &Path) -> Result<(), String> {
    std::fs::create_dir_all(target).map_err(|e| e.to_string())?;
    // Resolve the tree here (`./PATH` is relative to `cwd`), then archive it from the top of the
    // work tree: run in a sub-folder, `git archive` keeps only that sub-folder of the tree.
    let id = String::from_utf8_lossy(&git(cwd, &["rev-parse", "--verify", object])?).trim().to_string();
    // A bare repository has no work tree; there `cwd` is the top.
    let top = git(cwd, &["rev-parse", "--show-toplevel"])
        .map(|out| String::from_utf8_lossy(&out).trim().to_string())
        .unwrap_or_default();
    let top = if top.is_empty() { cwd.to_path_buf() } else { PathBuf::from(top) };
    let archive = git(&top, &["archive", "--format=tar", &id])?;
    let mut tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(target)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if let Some(mut stdin) = tar.stdin.take() {
        stdin.write_all(&archive).map_err(|e| format!("cannot feed tar: {e}"))?;
    }
    let output = tar.wait_with_output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("tar failed: {}", String::from_utf8_lossy(&output.stderr).trim()))
    }
}
