//! The billing SDK against a strict server: the fake server enforcing the request params exactly
//! as `specs/billing`'s pages state them, with no `overlay.yaml` (the overlay's conveniences, such
//! as giving `Page` a default, do not count). Responses are the family's own. Every action,
//! called as the quickstart calls it, must be accepted and decode.

use futures_util::TryStreamExt;
use sdkgen_runtime::fake::FakeServer;
use std::path::Path;
use surfercloud_sdk::billing;

/// The billing IR whose actions take their request params from the pages alone.
fn strict_api() -> String {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/billing");
    let dir = std::env::temp_dir().join(format!("sdkgen-strict-{}", std::process::id())).join("billing");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&specs).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            std::fs::copy(&path, dir.join(entry.file_name())).unwrap();
        }
    }
    let pages = sdkgen::load::load_family(&dir).family.expect("the pages load");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    let loaded = sdkgen::load::load_family(&specs);
    assert!(!loaded.has_errors(), "{}", sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false));
    let mut family = loaded.family.expect("the family loads");
    for action in &mut family.actions {
        let documented = pages.actions.iter().find(|a| a.name == action.name).expect("a page documents it");
        action.params.clone_from(&documented.params);
    }
    sdkgen::emit::files::api_json(&family)
}

#[tokio::test]
async fn every_billing_action_is_accepted_by_a_server_that_enforces_the_pages() {
    let api = strict_api();
    let server = FakeServer::builder(&api).seed(3).start().await.unwrap();
    let client = billing::Client::builder().fake_server(&server).build().unwrap();
    let now = billing::UnixTime::now();
    let since = now.days_ago(30);
    // The pages mark Page and PageSize required; the SDK sends its defaults when unset.
    client.list_paid_orders(since, now).send().await.expect("ListPaidOrders");
    let _: Vec<_> =
        client.list_paid_orders(since, now).items().try_collect().await.expect("ListPaidOrders pages");
    client.list_unpaid_orders(since, now).send().await.expect("ListUnpaidOrders");
    client.get_order_amount(since, now).send().await.expect("GetOrderAmount");
    client.download_list_paid_orders(since, now).send().await.expect("DownloadListPaidOrders");
}
