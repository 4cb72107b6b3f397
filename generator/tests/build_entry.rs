//! `sdkgen::build`, the build-script entry point: what it writes into OUT_DIR, how a family
//! with errors fails the build, and that a build script using it compiles no CLI crates.

use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator sits in the repository")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-build-entry-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_enabled_families_and_their_index_are_written() {
    let out = scratch("ok");
    let written = sdkgen::build::Builder::new(repo().join("specs"))
        .watch(false)
        .only(|family| family == "billing")
        .compile(&out)
        .unwrap();
    assert_eq!(written, ["billing"]);
    let code = std::fs::read_to_string(out.join("billing.rs")).unwrap();
    syn::parse_file(&code).expect("the family's file is Rust");
    assert!(code.contains("fn list_paid_orders"), "the billing SDK");
    assert!(out.join("billing.api.json").is_file());
    assert!(!out.join("compute.rs").exists(), "a family left out is not written");
    let index = std::fs::read_to_string(out.join("families.rs")).unwrap();
    assert!(index.contains("pub mod billing {") && !index.contains("compute"), "{index}");
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_family_with_errors_fails_with_its_diagnostics_and_the_others_are_still_written() {
    let specs = scratch("specs");
    for (family, page) in [
        ("broken", "| **Things** | array[Missing] | a model nobody defines | No |"),
        ("fine", "| **Limit** | int | how many | No |"),
    ] {
        let dir = specs.join(family);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("family.yaml"), format!("name: {family}\ncrate_name: {family}-sdk\n"))
            .unwrap();
        let text = format!(
            "# Get Thing - GetThing\n\n## Request Parameters\n\n| Parameter name | Type | Description | Required |\n\
             |---|---|---|---|\n{page}\n\n## Response Elements\n\n| Parameter name | Type | Description | Required |\n\
             |---|---|---|---|\n| **RetCode** | int | code | **Yes** |\n"
        );
        std::fs::write(dir.join("get_thing.md"), text).unwrap();
    }
    let out = scratch("out");
    let err = sdkgen::build::Builder::new(&specs).watch(false).compile(&out).unwrap_err();
    let report = err.to_string();
    assert!(report.contains("Missing") && report.contains("get_thing.md"), "{report}");
    assert!(report.contains("have errors"), "{report}");
    assert!(out.join("fine.rs").is_file(), "the family without errors is written");
    assert!(!out.join("broken.rs").exists());
    std::fs::remove_dir_all(&specs).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_title_cannot_add_items_to_the_index() {
    let specs = scratch("title-specs");
    let dir = specs.join("titled");
    std::fs::create_dir_all(&dir).unwrap();
    let family =
        "name: titled\ncrate_name: titled-sdk\ntitle: \"Titled\\npub fn injected() -> u8 { 1 }\\n//\"\n";
    std::fs::write(dir.join("family.yaml"), family).unwrap();
    let page = "# Get Thing - GetThing\n\n## Request Parameters\n\n| Parameter name | Type | Description | Required |\n\
                |---|---|---|---|\n| **Limit** | int | how many | No |\n\n## Response Elements\n\n\
                | Parameter name | Type | Description | Required |\n|---|---|---|---|\n| **RetCode** | int | code | **Yes** |\n";
    std::fs::write(dir.join("get_thing.md"), page).unwrap();
    let out = scratch("title-out");
    sdkgen::build::Builder::new(&specs).watch(false).compile(&out).unwrap();
    let index = std::fs::read_to_string(out.join("families.rs")).unwrap();
    let file = syn::parse_file(&index).expect("the index is Rust");
    let items: Vec<String> =
        file.items.iter().map(|i| quote::ToTokens::to_token_stream(i).to_string()).collect();
    assert_eq!(items.len(), 1, "one module, nothing else: {index}");
    assert!(items[0].starts_with("# [doc ="), "{index}");
    std::fs::remove_dir_all(&specs).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn the_root_packages_build_script_compiles_no_cli_crates() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = Command::new(cargo)
        .args(["tree", "--offline", "-e", "build,normal", "-p", "surfercloud-sdk", "--prefix", "none"])
        .current_dir(repo())
        .output()
        .expect("cargo runs");
    if !tree.status.success() {
        println!("note: `cargo tree` failed, skipped: {}", String::from_utf8_lossy(&tree.stderr));
        return;
    }
    let text = String::from_utf8_lossy(&tree.stdout);
    assert!(text.lines().any(|l| l.starts_with("sdkgen v")), "the build script uses sdkgen:\n{text}");
    for cli in ["clap", "codespan-reporting"] {
        assert!(!text.lines().any(|l| l.starts_with(cli)), "{cli} is in the root package's build:\n{text}");
    }
}
