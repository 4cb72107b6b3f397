//! The billing family as the loader assembles it from `specs/billing`: the IR snapshot, and the
//! diagnostics its pages must produce (the seeds' own mistakes).

use sdkgen::diag::Severity;
use sdkgen::ir::{Format, Type};
use std::path::{Path, PathBuf};

fn billing_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/billing")
}

fn load() -> (sdkgen::ir::Family, Vec<sdkgen::diag::Diagnostic>) {
    let loaded = sdkgen::load::load_family(&billing_dir());
    let rendered = sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false);
    assert!(!loaded.has_errors(), "billing must load without errors:\n{rendered}");
    let mut family = loaded.family.expect("billing assembles");
    sdkgen::ir::locs::relativize_family(&mut family, &billing_dir());
    (family, loaded.diagnostics)
}

#[test]
fn billing_has_its_four_actions_and_settings() {
    let (family, _) = load();
    let names: Vec<&str> = family.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["DownloadListPaidOrders", "GetOrderAmount", "ListPaidOrders", "ListUnpaidOrders"]);
    assert_eq!(family.config.crate_name, "surfercloud-billing");
    assert_eq!(family.config.endpoint.as_deref(), Some("https://api.surfercloud.com"));
    assert_eq!(family.config.env_prefix, "SURFERCLOUD");
    let common: Vec<&str> = family.config.common_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(common, ["Region", "Zone", "ProjectId"]);
    assert!(family.actions.iter().all(|a| a.idempotent), "every billing action only reads");
    let models: Vec<&String> = family.models.keys().collect();
    assert_eq!(models, ["DownloadFileData", "OrderItemDetail", "UnpaidOrderItem"]);
}

#[test]
fn prose_and_money_marks_reach_the_ir() {
    let (family, _) = load();
    let list = family.actions.iter().find(|a| a.name == "ListPaidOrders").unwrap();
    let page_size = list.params.iter().find(|p| p.name == "PageSize").unwrap();
    assert_eq!((page_size.constraints.min, page_size.constraints.max), (Some(10), Some(100)));
    let page = list.params.iter().find(|p| p.name == "Page").unwrap();
    assert_eq!(page.constraints.min, Some(1));
    let start = list.params.iter().find(|p| p.name == "StartTime").unwrap();
    assert_eq!(start.format, Some(Format::UnixSeconds));
    let end = list.params.iter().find(|p| p.name == "EndTime").unwrap();
    assert_eq!(
        end.constraints.greater_than.as_deref(),
        Some("StartTime"),
        "stated in StartTime's row, about EndTime"
    );
    assert_eq!(start.constraints.greater_than, None);
    let codes = list.params.iter().find(|p| p.name == "ProductCodes.N").unwrap();
    assert_eq!(codes.constraints.enum_values, ["modelverse", "sandbox"]);
    let amount = family.actions.iter().find(|a| a.name == "GetOrderAmount").unwrap();
    let start = amount.params.iter().find(|p| p.name == "StartTime").unwrap();
    assert_eq!(start.constraints.max_range_days, Some(366));
    let total = amount.response.iter().find(|f| f.name == "TotalOrderAmount").unwrap();
    assert_eq!(total.format, Some(Format::Money));
    let order = &family.models["OrderItemDetail"];
    let price = order.fields.iter().find(|f| f.name == "ListPrice").unwrap();
    assert_eq!(price.format, Some(Format::Money));
    let quantity = order.fields.iter().find(|f| f.name == "Quantity").unwrap();
    assert_eq!((&quantity.ty, quantity.format), (&Type::Int, None));
    let download = family.actions.iter().find(|a| a.name == "DownloadListPaidOrders").unwrap();
    let end = download.params.iter().find(|p| p.name == "EndTime").unwrap();
    assert_eq!(end.constraints.greater_than.as_deref(), Some("StartTime"));
}

/// The billing pages and `family.yaml`, without the overlay, in a fresh folder.
fn load_without_overlay() -> Vec<sdkgen::diag::Diagnostic> {
    let dir = std::env::temp_dir().join(format!("sdkgen-billing-raw-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(billing_dir()).unwrap().flatten() {
        if entry.file_name() != "overlay.yaml" {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    let loaded = sdkgen::load::load_family(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    loaded.diagnostics
}

fn has(diags: &[sdkgen::diag::Diagnostic], code: &str, needle: &str) -> bool {
    diags
        .iter()
        .any(|d| d.code == code && (d.message.contains(needle) || d.notes.iter().any(|n| n.contains(needle))))
}

#[test]
fn the_seeds_own_mistakes_are_reported() {
    let diags = load_without_overlay();
    let listing: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    let listing = listing.join("\n");
    assert!(has(&diags, "example-breaks-rule", "PageSize"), "PageSize=9 breaks min 10:\n{listing}");
    assert!(has(&diags, "example-breaks-rule", "EndTime"), "EndTime before StartTime:\n{listing}");
    assert!(has(&diags, "undocumented-field", "CreditAccount"), "{listing}");
    assert!(has(&diags, "inconsistent-type", "OrganizationIds.N"), "{listing}");
    assert!(has(&diags, "timestamp-as-string", "CreateTime"), "{listing}");
    assert!(has(&diags, "example-type-mismatch", "BonusAccount"), "placeholder money values:\n{listing}");
    assert!(has(&diags, "duplicate-action", "DownloadListPaidOrders"), "002 and 004:\n{listing}");
    // The pages' mistakes are warnings. family.yaml's `fake:` section synthesises
    // `CreditAccount`, which only the overlay adds to the docs: without it, those are errors.
    let errors: Vec<&sdkgen::diag::Diagnostic> =
        diags.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 2, "{listing}");
    assert!(
        errors.iter().all(|d| d.code == "family-fake-unknown-field" && d.message.contains("`CreditAccount`")),
        "{listing}"
    );
    assert!(diags.iter().all(|d| d.loc.is_some()), "{listing}");
}

#[test]
fn the_overlay_corrects_what_it_says_it_does() {
    let (family, diags) = load();
    assert!(!has(&diags, "undocumented-field", "CreditAccount"));
    assert!(!has(&diags, "inconsistent-type", "OrganizationIds.N"));
    assert!(!has(&diags, "timestamp-as-string", "CreateTime"));
    // The example mistakes stay: the overlay corrects the API description, not the examples.
    assert!(has(&diags, "example-breaks-rule", "PageSize"));
    let order = &family.models["OrderItemDetail"];
    let credit = order.fields.iter().find(|f| f.name == "CreditAccount").unwrap();
    assert_eq!(credit.format, Some(Format::Money));
    let unpaid = &family.models["UnpaidOrderItem"];
    let created = unpaid.fields.iter().find(|f| f.name == "CreateTime").unwrap();
    assert_eq!((&created.ty, created.format), (&Type::Int, Some(Format::UnixSeconds)));
    let list = family.actions.iter().find(|a| a.name == "ListPaidOrders").unwrap();
    let page_size = list.params.iter().find(|p| p.name == "PageSize").unwrap();
    // Required, as the page says; the overlay's default is what the SDK sends when unset.
    assert!(page_size.required);
    assert_eq!(page_size.sent_default(), Some("100"));
}

#[test]
fn loading_twice_gives_identical_json() {
    let (a, da) = load();
    let (b, db) = load();
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    assert_eq!(da, db);
}
