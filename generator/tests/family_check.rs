//! `family.yaml` checked against the docs by the loader, so by `lint`, `generate` and `check`:
//! every name its `fake:` section uses (actions, params, response and model fields, lists) and
//! its `endpoint`. Each mistake is an error at its line and column in `family.yaml`, with a
//! "did you mean" when a valid name is close, else a hint saying what to do.
//!
//! Every test edits a temporary copy of the billing family as first published: the seed pages
//! (`../shared/seeds`) with the `family.yaml` and `overlay.yaml` frozen in
//! `tests/fixtures/family-check/`, so a docs change in `specs/billing` never breaks these tests.
//! Without `../shared` they print a note and pass.
#![cfg(feature = "cli")]

mod support;

use std::path::{Path, PathBuf};
use support::copy_tree;

use sdkgen::diag::Diagnostic;

fn specs(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(family)
}

/// A copy of a family folder under the temp dir, removed on drop.
struct Copy {
    root: PathBuf,
    dir: PathBuf,
}

impl Copy {
    /// The frozen billing family in a scratch folder; `None`, with a note, without the seeds.
    fn billing(tag: &str) -> Option<Copy> {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let seeds = here.join("../../shared/seeds");
        if !seeds.is_dir() {
            println!("note: {} is absent; skipped", seeds.display());
            return None;
        }
        let root = std::env::temp_dir().join(format!("sdkgen-family-check-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("billing");
        std::fs::create_dir_all(&dir).unwrap();
        let settings = here.join("tests/fixtures/family-check");
        copy_tree(&seeds, &dir);
        copy_tree(&settings, &dir);
        Some(Copy { root, dir })
    }

    fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap()
    }

    /// Replaces the one occurrence of `from` in `file` by `to`.
    fn edit(&self, file: &str, from: &str, to: &str) -> &Copy {
        let text = self.text(file);
        assert_eq!(text.matches(from).count(), 1, "{from:?} once in {file}");
        std::fs::write(self.dir.join(file), text.replacen(from, to, 1)).unwrap();
        self
    }

    fn errors(&self) -> Vec<Diagnostic> {
        sdkgen::load::load_family(&self.dir).diagnostics.into_iter().filter(Diagnostic::is_error).collect()
    }

    /// 1-based line and column of the first occurrence of `needle` in `family.yaml`.
    fn position(&self, needle: &str) -> (u32, u32) {
        let text = self.text("family.yaml");
        let (index, line) = text.lines().enumerate().find(|(_, l)| l.contains(needle)).expect(needle);
        let col = line[..line.find(needle).unwrap()].chars().count() + 1;
        (index as u32 + 1, col as u32)
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The only error, which must have this code.
fn only(errors: &[Diagnostic], code: &str) -> Diagnostic {
    let listing: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{}", listing.join("\n"));
    assert_eq!(errors[0].code, code, "{}", listing.join("\n"));
    errors[0].clone()
}

fn at(d: &Diagnostic) -> (u32, u32) {
    let loc = d.loc.as_ref().expect("located");
    assert!(loc.file.ends_with("family.yaml"), "{d}");
    (loc.line, loc.col)
}

#[test]
fn the_real_families_have_no_errors() {
    for family in ["billing", "compute"] {
        let loaded = sdkgen::load::load_family(&specs(family));
        let errors: Vec<String> =
            loaded.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{family}:\n{}", errors.join("\n"));
        assert!(loaded.family.unwrap().config.fake.is_some(), "{family} has a fake: section");
    }
}

#[test]
fn a_typo_in_a_list_action_is_an_error_at_the_key_with_the_name_meant() {
    let Some(copy) = Copy::billing("list-typo") else { return };
    // Only the list's own key: the sum and the export still name `ListPaidOrders`.
    copy.edit(
        "family.yaml",
        "    ListPaidOrders:\n      items: Orders",
        "    ListPaidOrder:\n      items: Orders",
    );
    let errors = copy.errors();
    let typo: Vec<&Diagnostic> = errors.iter().filter(|d| d.code == "family-fake-unknown-action").collect();
    assert_eq!(typo.len(), 1, "{errors:#?}");
    let d = typo[0];
    assert_eq!(at(d), copy.position("ListPaidOrder:"));
    assert_eq!(at(d).1, 5);
    assert_eq!(d.len, 13);
    assert_eq!(d.message, "fake.lists.ListPaidOrder: there is no action `ListPaidOrder`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `ListPaidOrders`?"));
    let (line, col) = copy.position("ListPaidOrder:");
    assert!(d.to_string().ends_with(&format!(
        "family.yaml:{line}:{col}: error[family-fake-unknown-action]: fake.lists.ListPaidOrder: \
         there is no action `ListPaidOrder` (hint: did you mean `ListPaidOrders`?)"
    )));
    // What still names `ListPaidOrders` is told that no list declares it, at the name itself.
    let export = errors
        .iter()
        .find(|d| d.message.starts_with("fake.exports.DownloadListPaidOrders.from:"))
        .expect("the export's source");
    assert_eq!(export.code, "family-fake-unknown-list");
    let (line, col) = copy.position("from: ListPaidOrders");
    assert_eq!(at(export), (line, col + "from: ".len() as u32));
    assert_eq!(export.hint.as_deref(), Some("declare the list under `fake.lists`, or remove it from here"));
    assert!(errors.iter().all(|d| d.code.starts_with("family-fake-")), "{errors:#?}");
}

#[test]
fn a_sum_of_a_response_field_removed_from_the_docs_is_an_error_at_its_line() {
    let Some(copy) = Copy::billing("removed-field") else { return };
    copy.edit("003_7ecead4a8ce66ab1.txt", "| PaidCount | int | Paid order count | No |\n", "").edit(
        "003_7ecead4a8ce66ab1.txt",
        "\"PaidCount\": 8,",
        "",
    );
    let d = only(&copy.errors(), "family-fake-unknown-field");
    assert_eq!(at(&d), copy.position("PaidCount:"));
    assert_eq!(
        d.message,
        "fake.sums.GetOrderAmount.fields.PaidCount: `GetOrderAmount` has no response field `PaidCount`"
    );
    // `UnpaidCount` is close, but already computed: no suggestion, what to do instead.
    assert_eq!(d.hint.as_deref(), Some("the docs no longer have this field: remove it from family.yaml"));
}

#[test]
fn a_filter_on_a_param_the_docs_dropped_is_an_error_at_its_line() {
    let Some(copy) = Copy::billing("removed-param") else { return };
    copy.edit(
        "000_4faf7e6a83497d31.txt",
        "| OrganizationIds.N | int | Organization ID list (optional) | No |\n",
        "",
    );
    let d = only(&copy.errors(), "family-fake-unknown-param");
    // ListPaidOrders' filters come first in the file; the sum's own filter is GetOrderAmount's.
    assert_eq!(at(&d), copy.position("OrganizationIds.N: OrganizationID"));
    assert_eq!(
        d.message,
        "fake.lists.ListPaidOrders.filters.OrganizationIds.N: `ListPaidOrders` has no param `OrganizationIds.N`"
    );
    assert_eq!(d.hint.as_deref(), Some("the docs no longer have this param: remove it from family.yaml"));
}

#[test]
fn a_filter_on_a_misspelt_item_field_points_at_the_value() {
    let Some(copy) = Copy::billing("field-typo") else { return };
    copy.edit("family.yaml", "        Regions.N: Region\n        ProductCodes.N: ProductCode\n      paging: { page: Page, first: 1, size: PageSize, total: Total }", "        Regions.N: Regoin\n        ProductCodes.N: ProductCode\n      paging: { page: Page, first: 1, size: PageSize, total: Total }");
    let d = only(&copy.errors(), "family-fake-unknown-field");
    assert_eq!(at(&d), copy.position("Regoin"));
    assert_eq!(d.len, 6);
    assert_eq!(d.hint.as_deref(), Some("did you mean `Region`?"));
}

#[test]
fn keys_the_section_does_not_have_are_errors_at_the_key() {
    // The spec format's old example: the seed is a server option (`sdkgen serve --seed`).
    let Some(copy) = Copy::billing("seed") else { return };
    copy.edit("family.yaml", "\nfake:\n", "\nfake:\n  seed: 7\n");
    let d = only(&copy.errors(), "family-fake-unknown-key");
    assert_eq!(at(&d), copy.position("seed: 7"));
    assert_eq!(d.message, "fake.seed: unknown key `seed`");
    assert_eq!(
        d.hint.as_deref(),
        Some("the keys allowed here are: fields, lists, sums, exports, history_days")
    );

    let Some(copy) = Copy::billing("listz") else { return };
    copy.edit("family.yaml", "\n  lists:\n", "\n  listz:\n");
    let errors = copy.errors();
    let d = errors.iter().find(|d| d.code == "family-fake-unknown-key").expect("unknown key");
    assert_eq!(at(d), copy.position("listz:"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `lists`?"));

    // Deeper down too, with the keys of that place.
    let Some(copy) = Copy::billing("pagez") else { return };
    copy.edit(
        "family.yaml",
        "      paging: { page: Page, first: 1, size: PageSize }",
        "      paging: { page: Page, frist: 1, size: PageSize }",
    );
    let d = only(&copy.errors(), "family-fake-unknown-key");
    assert_eq!(at(&d), copy.position("frist"));
    assert_eq!(d.message, "fake.lists.ListUnpaidOrders.paging.frist: unknown key `frist`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `first`?"));
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_at_the_value() {
    let Some(copy) = Copy::billing("count") else { return };
    copy.edit("family.yaml", "      count: 300\n", "      count: lots\n");
    let d = only(&copy.errors(), "family-fake-invalid");
    assert_eq!(at(&d), copy.position("lots"));
    assert!(d.message.starts_with("fake.lists.ListUnpaidOrders.count: invalid type: string \"lots\""), "{d}");
}

#[test]
fn an_endpoint_that_is_not_an_http_url_is_an_error_at_the_value() {
    let Some(copy) = Copy::billing("endpoint") else { return };
    copy.edit("family.yaml", "endpoint: https://api.surfercloud.com", "endpoint: not a url");
    let d = only(&copy.errors(), "family-bad-endpoint");
    assert_eq!(at(&d), copy.position("not a url"));
    assert_eq!(d.len, 9);
    assert!(d.hint.as_deref().unwrap().contains("https://"), "{d}");
    // The rest of family.yaml still counts: its `fake:` section is checked as usual.
    copy.edit("family.yaml", "\nfake:\n", "\nfake:\n  seed: 7\n");
    let codes: Vec<String> = copy.errors().into_iter().map(|d| d.code).collect();
    assert_eq!(codes, ["family-bad-endpoint", "family-fake-unknown-key"]);
}

#[test]
fn lint_fails_and_shows_the_line_and_the_suggestion() {
    let Some(copy) = Copy::billing("cli") else { return };
    copy.edit(
        "family.yaml",
        "    ListPaidOrders:\n      items: Orders",
        "    ListPaidOrder:\n      items: Orders",
    );
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = sdkgen::cli::Io { out: &mut out, err: &mut err };
    let dir = copy.dir.display().to_string();
    let code = sdkgen::cli::run(vec!["sdkgen", "lint", &dir], &mut io);
    let shown = format!("{}{}", String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(code, 1, "{shown}");
    let (line, col) = copy.position("ListPaidOrder:");
    assert!(shown.contains(&format!("family.yaml:{line}:{col}")), "{shown}");
    assert!(shown.contains("error[family-fake-unknown-action]"), "{shown}");
    assert!(shown.contains("did you mean `ListPaidOrders`?"), "{shown}");
}
