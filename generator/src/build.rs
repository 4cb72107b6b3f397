//! The build-script entry point: every family under a specs folder → one Rust file per family
//! in `OUT_DIR` (modules inline), its `api.json` beside it, and a `families.rs` declaring a
//! module per family, so a docs change reaches code by `cargo build` alone. A build script
//! needs only this (`sdkgen = { default-features = false }`): no CLI, no fake server.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
//! sdkgen::build::Builder::new("specs")
//!     .only(|family| std::env::var_os(format!("CARGO_FEATURE_{}", family.to_uppercase())).is_some())
//!     .compile(&out)
//!     .unwrap_or_else(|e| panic!("{e}"));
//! // lib.rs: include!(concat!(env!("OUT_DIR"), "/families.rs"));
//! ```

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// Which families to generate from which folder.
pub struct Builder {
    specs: PathBuf,
    only: Box<dyn Fn(&str) -> bool>,
    watch: bool,
}

/// Why a build failed: every family's diagnostics, rendered as `sdkgen lint` shows them.
#[derive(Debug)]
pub struct BuildError {
    /// The rendered diagnostics and what failed, one block per family.
    pub report: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report)
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// Every family under `specs` (one sub-folder each), watched for changes.
    pub fn new(specs: impl Into<PathBuf>) -> Self {
        Builder { specs: specs.into(), only: Box::new(|_| true), watch: true }
    }

    /// Generates only the families `keep` accepts, by name (a cargo feature per family, say).
    pub fn only(mut self, keep: impl Fn(&str) -> bool + 'static) -> Self {
        self.only = Box::new(keep);
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every file under the specs folder (on by
    /// default: a build script reruns when a page changes; off outside a build script).
    pub fn watch(mut self, watch: bool) -> Self {
        self.watch = watch;
        self
    }

    /// Writes `<name>.rs`, `<name>.api.json` and `families.rs` into `out_dir`; answers the
    /// names of the families written. A family with errors writes nothing and fails the build
    /// after every family was tried, so one report shows all of them.
    pub fn compile(&self, out_dir: &Path) -> Result<Vec<String>, BuildError> {
        if self.watch {
            println!("cargo:rerun-if-changed={}", self.specs.display());
            watch_tree(&self.specs);
        }
        let mut index = String::new();
        let mut written = Vec::new();
        let mut report = String::new();
        let io = |path: &Path, e: std::io::Error| format!("cannot write {}: {e}\n", path.display());
        for loaded in crate::load::load_specs_root(&self.specs) {
            let Some(family) = &loaded.family else { continue };
            let name = family.config.name.clone();
            if !(self.only)(&name) {
                continue;
            }
            if loaded.has_errors() {
                report.push_str(&crate::diag::render(&loaded.diagnostics, &loaded.sources, false));
                continue;
            }
            let valid = crate::validate::ValidFamily::checked(family);
            let code =
                match valid.and_then(|valid| crate::emit::build_mode_file(valid, &format!("specs/{name}"))) {
                    Ok(code) => code,
                    Err(diagnostic) => {
                        let _ = writeln!(report, "{diagnostic}");
                        continue;
                    }
                };
            for (file, text) in [
                (format!("{name}.rs"), code),
                (format!("{name}.api.json"), crate::emit::files::api_json(family)),
            ] {
                let path = out_dir.join(file);
                if let Err(e) = std::fs::write(&path, text) {
                    report.push_str(&io(&path, e));
                }
            }
            // The title is the docs' text: escaped, one line, and a string literal, so it stays doc.
            let title = if family.config.title.is_empty() { &name } else { &family.config.title };
            let doc = format!(
                " The {} API (`{}`), generated from `specs/{name}`.",
                crate::emit::docs::escape(title).replace('\n', " "),
                family.config.crate_name
            );
            let _ = writeln!(index, "#[doc = {}]", proc_macro2::Literal::string(&doc));
            let _ = writeln!(
                index,
                "pub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\"));\n}}"
            );
            written.push(name);
        }
        let families = out_dir.join("families.rs");
        if let Err(e) = std::fs::write(&families, index) {
            report.push_str(&io(&families, e));
        }
        if report.is_empty() {
            Ok(written)
        } else {
            let _ = write!(
                report,
                "the specs under {} have errors (shown above); run `sdkgen lint {}/<family>`",
                self.specs.display(),
                self.specs.display()
            );
            Err(BuildError { report })
        }
    }
}

/// Asks cargo to rerun when any file under `dir` changes (a directory alone only tracks its mtime).
fn watch_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            watch_tree(&path);
        }
    }
}
