//! Any bytes as a doc page (or, when the first byte is odd, a YAML spec) through the whole
//! pipeline: load (parse, prose, assemble, validate, lint) → plan → emit. Never a panic; and when
//! the family loads without errors, every emitted `.rs` file parses as Rust and `Cargo.toml` as
//! TOML (what `sdkgen lint` accepts must generate a crate).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-fuzz-pipeline-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let dir = scratch();
    let name = if kind % 2 == 1 { "spec.yaml" } else { "page.md" };
    for old in ["spec.yaml", "page.md"] {
        let _ = std::fs::remove_file(dir.join(old));
    }
    if std::fs::write(dir.join(name), text.as_bytes()).is_err() {
        return;
    }
    let loaded = sdkgen::load::load_family(&dir);
    let Some(family) = loaded.family.as_ref().filter(|_| !loaded.has_errors()) else { return };
    let options = sdkgen::emit::CrateOptions {
        source: "fuzz".into(),
        version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
    };
    let valid = sdkgen::validate::ValidFamily::new(family).expect("the loader and validation agree");
    let files = sdkgen::emit::crate_files(valid, &options).expect("a family without errors emits");
    for file in &files {
        if file.path.ends_with(".rs") {
            if let Err(err) = syn::parse_file(&file.contents) {
                panic!("{} does not parse: {err}\n{}", file.path, file.contents);
            }
        } else if file.path == "Cargo.toml" {
            file.contents.parse::<toml_edit::DocumentMut>().expect("Cargo.toml parses");
        }
    }
});
