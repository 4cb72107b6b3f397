//! Build mode: runs the sdkgen library over `specs/` and writes each enabled family's SDK into
//! OUT_DIR (one file per family, modules inline), so a docs change reaches code by `cargo build`
//! alone. A family is built when the cargo feature of its name is on. Writes nothing outside
//! OUT_DIR.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let specs = root.join("specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    watch_tree(&specs);

    let mut index = String::new();
    let mut failed = false;
    for loaded in sdkgen::load::load_specs_root(&specs) {
        let Some(family) = &loaded.family else { continue };
        let name = family.config.name.clone();
        if std::env::var_os(format!("CARGO_FEATURE_{}", name.to_uppercase())).is_none() {
            continue;
        }
        if loaded.has_errors() {
            failed = true;
            eprintln!("{}", sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false));
            continue;
        }
        match sdkgen::emit::build_mode_file(family, &format!("specs/{name}")) {
            Ok(code) => {
                std::fs::write(out.join(format!("{name}.rs")), code).expect("OUT_DIR is writable");
                let api = sdkgen::emit::files::api_json(family);
                std::fs::write(out.join(format!("{name}.api.json")), api).expect("OUT_DIR is writable");
                let title = if family.config.title.is_empty() { &name } else { &family.config.title };
                let _ = writeln!(
                    index,
                    "/// The {title} API (`{}`), generated from `specs/{name}`.",
                    family.config.crate_name
                );
                let _ = writeln!(
                    index,
                    "pub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\"));\n}}"
                );
            }
            Err(diagnostic) => {
                failed = true;
                eprintln!("{diagnostic}");
            }
        }
    }
    if failed {
        panic!(
            "the specs under {} have errors (shown above); run `cargo run -p sdkgen -- lint specs/<family>`",
            specs.display()
        );
    }
    std::fs::write(out.join("families.rs"), index).expect("OUT_DIR is writable");
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
