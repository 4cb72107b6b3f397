//! The loader over real folders: defaults without `family.yaml`, mixed pages and YAML specs,
//! pages that cannot be read, and overlay entries that match nothing.

use std::path::{Path, PathBuf};

/// A fresh folder under the target dir's temp space, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("sdkgen-load-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.0.join(name), bytes).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing").join(name)).unwrap()
}

#[test]
fn a_folder_without_family_yaml_gets_documented_defaults() {
    let dir = TempDir::new("my-shop-api");
    let family_dir = dir.0.join("my-shop-api");
    std::fs::create_dir_all(&family_dir).unwrap();
    std::fs::write(family_dir.join("page.txt"), seed("003_7ecead4a8ce66ab1.txt")).unwrap();
    let loaded = sdkgen::load::load_family(&family_dir);
    let family = loaded.family.unwrap();
    assert_eq!(family.config.name, "my_shop");
    assert_eq!(family.config.crate_name, "my-shop-api");
    assert_eq!(family.config.env_prefix, "MY_SHOP");
    assert_eq!(family.config.endpoint, None);
    assert_eq!(family.actions[0].name, "GetOrderAmount");
}

#[test]
fn a_bad_page_costs_only_itself() {
    let dir = TempDir::new("bad-page");
    dir.write("a.txt", &seed("000_4faf7e6a83497d31.txt"));
    dir.write("b.md", &[0xff, 0xfe, 0x00, 0x41]);
    dir.write("c.txt", &seed("003_7ecead4a8ce66ab1.txt"));
    let loaded = sdkgen::load::load_family(&dir.0);
    assert!(loaded.diagnostics.iter().any(|d| d.code == "not-utf8" && d.is_error()));
    let names: Vec<String> = loaded.family.unwrap().actions.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names, ["GetOrderAmount", "ListPaidOrders"]);
}

#[test]
fn pages_and_yaml_specs_mix_in_one_family() {
    let dir = TempDir::new("mixed");
    dir.write("page.txt", &seed("003_7ecead4a8ce66ab1.txt"));
    dir.write(
        "extra.yaml",
        b"actions:\n  - name: DeleteCoupon\n    params:\n      - { name: CouponId, type: string, required: true }\n",
    );
    let loaded = sdkgen::load::load_family(&dir.0);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let family = loaded.family.unwrap();
    let delete = family.actions.iter().find(|a| a.name == "DeleteCoupon").unwrap();
    assert!(!delete.idempotent, "a delete is not retried by default");
    assert!(family.actions.iter().any(|a| a.name == "GetOrderAmount"));
}

#[test]
fn a_duplicates_choice_that_matches_nothing_is_an_error() {
    let dir = TempDir::new("dup-choice");
    dir.write("a.txt", &seed("002_428c2d0c55bd0e63.txt"));
    dir.write("b.txt", &seed("003_7ecead4a8ce66ab1.txt"));
    dir.write("overlay.yaml", b"duplicates:\n  GetOrderAmount: b.txt\n  DownloadListPaidOrders: zzz.txt\n");
    let loaded = sdkgen::load::load_family(&dir.0);
    let errors: Vec<_> =
        loaded.diagnostics.iter().filter(|d| d.code == "overlay-unknown-duplicate").collect();
    assert_eq!(errors.len(), 2, "{:?}", loaded.diagnostics);
    assert!(errors.iter().all(|d| d.is_error() && d.loc.as_ref().is_some_and(|l| l.line >= 2)));
}

#[test]
fn the_overlay_picks_which_copy_of_a_duplicate_to_keep() {
    let dir = TempDir::new("dup-pick");
    dir.write("a.txt", &seed("002_428c2d0c55bd0e63.txt"));
    dir.write("b.txt", &seed("004_a9b50111a5b22399.txt"));
    dir.write("overlay.yaml", b"duplicates:\n  DownloadListPaidOrders: b.txt\n");
    let loaded = sdkgen::load::load_family(&dir.0);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let kept = &loaded.family.unwrap().actions[0];
    assert!(kept.loc.as_ref().unwrap().file.ends_with("b.txt"));
}

#[test]
fn an_empty_folder_warns_and_a_missing_one_errors() {
    let dir = TempDir::new("empty");
    let loaded = sdkgen::load::load_family(&dir.0);
    assert!(loaded.diagnostics.iter().any(|d| d.code == "no-actions"));
    let loaded = sdkgen::load::load_family(&dir.0.join("missing"));
    assert!(loaded.has_errors());
}
