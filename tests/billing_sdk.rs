//! The generated billing SDK (build mode) over real HTTP on loopback: what it sends, how it
//! signs, how it decodes realistic responses written from the models, and what it refuses.

#[path = "../runtime/tests/common/mod.rs"]
mod common;

use common::{serve, Reply};
use futures_util::TryStreamExt;
use std::collections::BTreeMap;
use surfercloud_sdk::billing::model::OrderItemDetail;
use surfercloud_sdk::billing::{enums::ProductCode, Client, Decimal, Error, OrUnknown, UnixTime};

const PUBLIC: &str = "test-public-key";
const PRIVATE: &str = "test-private-key-never-shown";

fn client(url: &str) -> Client {
    Client::builder().credentials(PUBLIC, PRIVATE).endpoint(url).region("cn-zj").build().unwrap()
}

/// Decodes a form body the way servers do.
fn form(body: &str) -> BTreeMap<String, String> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        percent_decode(&s)
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// A realistic ListPaidOrders page, written from the OrderItemDetail model: money as strings,
/// some numbers as strings, an undocumented field, an unknown product code.
fn paid_orders_page(orders: &[(&str, &str)], total: usize) -> String {
    let items: Vec<String> = orders
        .iter()
        .map(|(no, price)| {
            format!(
                r#"{{"OrderNo": "{no}", "OrderTotalPrice": "{price}", "ListPrice": 1.5, "CashAccount": "",
                    "ProductCode": "modelverse", "Quantity": "12", "PaidTime": "1700000000",
                    "StartTime": 1699990000, "CreditAccount": "0.00", "PricingItemID": 7,
                    "OrganizationID": 42}}"#
            )
        })
        .collect();
    format!(
        r#"{{"RetCode": 0, "Action": "ListPaidOrdersResponse", "Page": 1, "PageSize": 10, "Total": {total},
            "Orders": [{}], "Data": {{}}}}"#,
        items.join(",")
    )
}

#[tokio::test]
async fn a_call_is_encoded_signed_and_decoded() {
    let server = serve(vec![Reply::json(&paid_orders_page(&[("A-1", "12.30"), ("A-2", "0.10")], 2))]).await;
    let response = client(&server.url)
        .list_paid_orders(1_699_000_000, UnixTime(1_700_000_000))
        .page_size(10)
        .resource_ids(["res & co=1", "中文 +plus"])
        .product_codes([OrUnknown::from(ProductCode::Modelverse), OrUnknown::from("sandbox")])
        .organization_ids([10, 2])
        .send()
        .await
        .unwrap();
    assert_eq!(response.total, Some(2));
    assert_eq!(response.orders.len(), 2);
    let first: &OrderItemDetail = &response.orders[0];
    assert_eq!(first.order_no.as_deref(), Some("A-1"));
    assert_eq!(first.order_total_price, Some("12.30".parse::<Decimal>().unwrap()));
    assert_eq!(
        first.list_price,
        Some("1.5".parse::<Decimal>().unwrap()),
        "a number where a money string is documented"
    );
    assert_eq!(first.cash_account, None, "\"\" is an absent optional amount");
    assert_eq!(first.quantity, Some(12), "a number sent as a string");
    assert_eq!(first.paid_time.map(UnixTime::seconds), Some(1_700_000_000));
    assert_eq!(first.credit_account, Some(Decimal::ZERO), "the overlay documents CreditAccount");

    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert!(seen[0].header("user-agent").unwrap().contains("sdkgen-runtime/"));
    let params = form(&seen[0].body);
    assert_eq!(params["Action"], "ListPaidOrders");
    assert_eq!(params["StartTime"], "1699000000");
    assert_eq!(params["EndTime"], "1700000000");
    assert_eq!(params["PageSize"], "10");
    assert_eq!(params["ResourceIds.0"], "res & co=1");
    assert_eq!(params["ResourceIds.1"], "中文 +plus");
    assert_eq!(params["ProductCodes.1"], "sandbox");
    assert_eq!(params["OrganizationIds.0"], "10");
    assert_eq!(params["Region"], "cn-zj", "the client's region fills an unset Region");
    assert_eq!(params["Page"], "1", "a param the docs require is sent with its default when unset");
    assert!(!params.contains_key("Zone"), "unset optional params are not sent");
    assert_eq!(params["PublicKey"], PUBLIC);
    // The signature: every param but Signature, sorted by name, concatenated, key appended, SHA-1.
    let mut signed = sdkgen_runtime::Params::new();
    for (k, v) in params.iter().filter(|(k, _)| *k != "Signature") {
        signed.set_str(k.as_str(), v.as_str());
    }
    let expected = sdkgen_runtime::sign(&signed, &sdkgen_runtime::Credentials::new(PUBLIC, PRIVATE));
    assert_eq!(params["Signature"], expected);
    assert!(!seen[0].body.contains(PRIVATE));
}

#[tokio::test]
async fn documented_rules_are_checked_before_sending() {
    let server = serve(vec![Reply::json(r#"{"RetCode": 0}"#)]).await;
    let c = client(&server.url);
    let err = c.list_paid_orders(100, 200).page_size(5).send().await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "PageSize"), "{err}");
    let err = c.list_paid_orders(200, 200).send().await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "EndTime"), "{err}");
    let year_and_a_half = 548 * 86_400;
    let err = c.get_order_amount(0, year_and_a_half).send().await.unwrap_err();
    assert!(err.to_string().contains("366 days"), "{err}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn decode_errors_name_the_field_and_show_the_body() {
    let bad_money = r#"{"RetCode": 0, "TotalOrderAmount": "twelve", "OrderCount": 3}"#;
    let missing = r#"{"RetCode": 0, "OrderCount": 3}"#;
    let server = serve(vec![Reply::json(bad_money), Reply::json(missing)]).await;
    let c = client(&server.url);
    let err = c.get_order_amount(0, 86_400).send().await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Decode { .. }), "{text}");
    assert!(text.contains("TotalOrderAmount") && text.contains("twelve"), "{text}");
    let err = c.get_order_amount(0, 86_400).send().await.unwrap_err();
    assert!(err.to_string().contains("TotalOrderAmount"), "a missing required field is named: {err}");
}

#[tokio::test]
async fn api_errors_are_typed() {
    let server = serve(vec![Reply::json(r#"{"RetCode": 171, "Message": "Signature VerifyAC Error"}"#)]).await;
    let err = client(&server.url).list_unpaid_orders(0, 86_400).send().await.unwrap_err();
    assert_eq!(err.api_code(), Some(171), "{err:?}");
    assert!(err.to_string().contains("ListUnpaidOrders") && err.to_string().contains("Signature"), "{err}");
    assert!(!format!("{err:?}").contains(PRIVATE));
}

#[tokio::test]
async fn items_follow_pages_up_to_the_total() {
    let page = |n: usize| {
        let orders: Vec<(String, &str)> = (0..10).map(|i| (format!("P{n}-{i}"), "1.00")).collect();
        let refs: Vec<(&str, &str)> = orders.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        paid_orders_page(&refs, 25)
    };
    let last: Vec<(String, &str)> = (0..5).map(|i| (format!("P3-{i}"), "1.00")).collect();
    let last_refs: Vec<(&str, &str)> = last.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    let bodies = [page(1), page(2), paid_orders_page(&last_refs, 25)];
    let server = common::serve_fn(move |_, seen| {
        let p = form(&seen.body).get("Page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1);
        Reply::json(&bodies[(p - 1).min(2)])
    })
    .await;
    let items: Vec<OrderItemDetail> =
        client(&server.url).list_paid_orders(0, 86_400).page_size(10).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 25);
    let names: Vec<String> = items.iter().map(|o| o.order_no.clone().unwrap()).collect();
    assert_eq!(names[0], "P1-0");
    assert_eq!(names[10], "P2-0");
    assert_eq!(names[24], "P3-4");
    let pages: Vec<String> = server.requests().iter().map(|r| form(&r.body)["Page"].clone()).collect();
    let mut sorted = pages.clone();
    sorted.sort();
    assert_eq!(sorted, ["1", "2", "3"], "each page fetched once");
}
