//! Build mode: runs the sdkgen library over `specs/` and writes each enabled family's SDK into
//! OUT_DIR (one file per family, modules inline), so a docs change reaches code by `cargo build`
//! alone. A family is built when the cargo feature of its name is on. Writes nothing outside
//! OUT_DIR.

fn main() {
    let root =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let enabled =
        |family: &str| std::env::var_os(format!("CARGO_FEATURE_{}", family.to_uppercase())).is_some();
    if let Err(e) = sdkgen::build::Builder::new(root.join("specs")).only(enabled).compile(&out) {
        panic!("{e}");
    }
}
