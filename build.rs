//! Build mode: runs the sdkgen library over `specs/` and writes what it generates into OUT_DIR,
//! so a docs change reaches code by `cargo build` alone. Writes nothing outside OUT_DIR.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=specs");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let specs = root.join("specs");
    watch_tree(&specs);

    let mut code = String::new();
    let mut failed = false;
    for loaded in sdkgen::load::load_specs_root(&specs) {
        if loaded.has_errors() {
            failed = true;
            eprintln!("{}", sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false));
            continue;
        }
        let Some(family) = loaded.family else { continue };
        let _ = writeln!(code, "/// The `{}` family ({}).", family.config.name, family.config.crate_name);
        let _ = writeln!(code, "pub mod {} {{", family.config.name);
        let _ = writeln!(code, "    /// Every action the docs define, by wire name.");
        let _ = writeln!(code, "    pub const ACTIONS: &[&str] = &[");
        for action in &family.actions {
            let _ = writeln!(code, "        {:?},", action.name);
        }
        let _ = writeln!(code, "    ];\n}}");
    }
    if failed {
        panic!(
            "the specs under {} have errors (shown above); run `cargo run -p sdkgen -- lint specs/<family>`",
            specs.display()
        );
    }
    std::fs::write(out.join("families.rs"), code).expect("OUT_DIR is writable");
}

/// Asks cargo to rerun when any file under `dir` changes (a directory alone only tracks its mtime).
fn watch_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            watch_tree(&path);
        }
    }
}
