//! The synthesised data: pages partition, filters filter, sums agree, exports download.
#![cfg(feature = "fake")]

mod fake_support;

use std::collections::HashSet;
use std::str::FromStr;
use std::time::Duration;

use fake_support::*;
use rust_decimal::Decimal;
use serde_json::Value;

/// Every item of a list action over `query`, page by page (size 100).
async fn all_pages(client: &Client, action: &str, query: &[(&'static str, String)]) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1.. {
        let mut q = query.to_vec();
        q.push(("Page", page.to_string()));
        q.push(("PageSize", "100".into()));
        let v = client.call(action, &q).await;
        assert_eq!(ret_code(&v), 0, "{v}");
        let items = v["Orders"].as_array().expect("Orders").clone();
        if items.is_empty() {
            break;
        }
        out.extend(items);
    }
    out
}

fn money(v: &Value, field: &str) -> Decimal {
    Decimal::from_str(v[field].as_str().unwrap_or_else(|| panic!("{field} is a string in {v}"))).unwrap()
}

#[tokio::test]
async fn pages_partition_the_result_set_exactly() {
    let (_server, client) = start(3).await;
    let query = last_days(60);
    for size in [10usize, 37, 100] {
        let mut seen = Vec::new();
        let mut total = None;
        for page in 1.. {
            let mut q = query.clone();
            q.push(("Page", page.to_string()));
            q.push(("PageSize", size.to_string()));
            let v = client.call("ListPaidOrders", &q).await;
            assert_eq!(ret_code(&v), 0, "{v}");
            assert_eq!(v["Page"], page);
            assert_eq!(v["PageSize"], size);
            let t = v["Total"].as_u64().unwrap() as usize;
            assert_eq!(*total.get_or_insert(t), t, "Total is stable across pages");
            let items = v["Orders"].as_array().unwrap();
            assert!(items.len() <= size);
            if items.is_empty() {
                break;
            }
            seen.extend(items.iter().cloned());
        }
        let total = total.unwrap();
        assert!(total > 100, "60 days of 1200 orders over 90 days: {total}");
        assert_eq!(seen.len(), total, "Total = sum of page sizes (size {size})");
        let ids: HashSet<&str> = seen.iter().map(|o| o["OrderNo"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), seen.len(), "no duplicates");
        let times: Vec<i64> = seen.iter().map(|o| o["StartTime"].as_i64().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "in order");
        assert!(times.iter().all(|t| (NOW - 60 * DAY..NOW).contains(t)), "inside [StartTime, EndTime)");
    }
    // Default page size is the documented default (100), default page the first.
    let v = client.call("ListPaidOrders", &query).await;
    assert_eq!(v["Orders"].as_array().unwrap().len(), 100);
    assert_eq!(v["Page"], 1);
}

#[tokio::test]
async fn items_look_real() {
    let (_server, client) = start(3).await;
    let v = client.call("ListPaidOrders", &with(last_days(30), &[("PageSize", "10")])).await;
    for o in v["Orders"].as_array().unwrap() {
        for f in ["OrderTotalPrice", "CashAccount", "ListPrice"] {
            let s = o[f].as_str().unwrap();
            assert_eq!(s.split('.').nth(1).map(str::len), Some(2), "{f} = {s}");
        }
        assert!(["modelverse", "sandbox"].contains(&o["ProductCode"].as_str().unwrap()));
        assert!(o["Quantity"].as_i64().unwrap() >= 1);
        let parts: Decimal = ["CashAccount", "BonusAccount", "Coupon", "StarCardAccount", "CreditAccount"]
            .iter()
            .map(|f| money(o, f))
            .sum();
        assert_eq!(money(o, "OrderTotalPrice"), parts);
        assert!(o["OrderNo"].as_str().unwrap().starts_with("ORD"));
    }
}

#[tokio::test]
async fn filters_filter() {
    let (_server, client) = start(4).await;
    let base = last_days(90);
    let everything = all_pages(&client, "ListPaidOrders", &base).await;
    assert_eq!(everything.len(), 1200);
    let cases: [(&str, &str, &[&str]); 5] = [
        ("Regions", "Region", &["hk", "sg"]),
        ("ProductCodes", "ProductCode", &["sandbox"]),
        ("OrderTypes", "OrderType", &["2"]),
        ("OrganizationIds", "OrganizationID", &["1001", "1003"]),
        ("ResourceIds", "ResourceID", &["ResourceID-3", "ResourceID-7"]),
    ];
    for (param, field, wanted) in cases {
        let mut q = base.clone();
        let names: Vec<&'static str> =
            (0..wanted.len()).map(|i| &*Box::leak(format!("{param}.{i}").into_boxed_str())).collect();
        for (name, value) in names.iter().zip(wanted) {
            q.push((name, (*value).to_owned()));
        }
        let got = all_pages(&client, "ListPaidOrders", &q).await;
        let text = |o: &Value| match &o[field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let expected: Vec<&Value> =
            everything.iter().filter(|o| wanted.contains(&text(o).as_str())).collect();
        assert!(!got.is_empty(), "{param} matches something");
        assert!(got.len() < everything.len(), "{param} filters something out");
        assert_eq!(got.iter().collect::<Vec<_>>(), expected, "{param}");
    }
    // Filters combine (AND).
    let q = with(base.clone(), &[("Regions.0", "hk"), ("ProductCodes.0", "sandbox")]);
    let got = all_pages(&client, "ListPaidOrders", &q).await;
    assert!(got.iter().all(|o| o["Region"] == "hk" && o["ProductCode"] == "sandbox"));
}

#[tokio::test]
async fn sums_equal_the_lists() {
    let (_server, client) = start(5).await;
    for query in [
        last_days(30),
        with(last_days(90), &[("Regions.0", "cn-zj"), ("OrderTypes.0", "1"), ("OrderTypes.1", "3")]),
        with(last_days(45), &[("ProductCodes.0", "modelverse")]),
    ] {
        let paid = all_pages(&client, "ListPaidOrders", &query).await;
        let unpaid = all_pages(&client, "ListUnpaidOrders", &query).await;
        assert!(!paid.is_empty() && !unpaid.is_empty());
        let sum = |items: &[Value], f: &str| items.iter().map(|o| money(o, f)).sum::<Decimal>();
        let v = client.call("GetOrderAmount", &query).await;
        assert_eq!(ret_code(&v), 0, "{v}");
        assert_eq!(money(&v, "PaidAmount"), sum(&paid, "OrderTotalPrice"));
        assert_eq!(money(&v, "UnpaidAmount"), sum(&unpaid, "OrderTotalPrice"));
        // Unpaid items have none of the account fields OrderTotalPrice sums on paid ones: they
        // still carry a price, so the unpaid amount is not zero.
        assert!(money(&v, "UnpaidAmount") > Decimal::ZERO, "unpaid orders have prices");
        assert_eq!(
            money(&v, "TotalOrderAmount"),
            sum(&paid, "OrderTotalPrice") + sum(&unpaid, "OrderTotalPrice")
        );
        assert_eq!(money(&v, "CashAmount"), sum(&paid, "CashAccount"));
        assert_eq!(money(&v, "BonusAmount"), sum(&paid, "BonusAccount"));
        assert_eq!(money(&v, "CouponAmount"), sum(&paid, "Coupon"));
        assert_eq!(money(&v, "StarCardAmount"), sum(&paid, "StarCardAccount"));
        assert_eq!(v["PaidCount"].as_u64().unwrap() as usize, paid.len());
        assert_eq!(v["UnpaidCount"].as_u64().unwrap() as usize, unpaid.len());
        assert_eq!(v["OrderCount"].as_u64().unwrap() as usize, paid.len() + unpaid.len());
        assert!(v["TotalOrderAmount"].as_str().unwrap().ends_with(|c: char| c.is_ascii_digit()));
    }
}

#[tokio::test]
async fn same_seed_same_data_other_seed_other_data() {
    let (_a, ca) = start(11).await;
    let (_b, cb) = start(11).await;
    let (_c, cc) = start(12).await;
    let q = with(last_days(30), &[("PageSize", "50")]);
    let a = ca.call("ListPaidOrders", &q).await;
    let a_again = ca.call("ListPaidOrders", &q).await;
    let b = cb.call("ListPaidOrders", &q).await;
    let c = cc.call("ListPaidOrders", &q).await;
    assert_eq!(a, a_again, "stable across requests");
    assert_eq!(a, b, "same seed");
    assert_ne!(a["Orders"], c["Orders"], "different seed");
    let sums = ca.call("GetOrderAmount", &last_days(30)).await;
    assert_eq!(sums, cb.call("GetOrderAmount", &last_days(30)).await);
    assert_ne!(sums["TotalOrderAmount"], cc.call("GetOrderAmount", &last_days(30)).await["TotalOrderAmount"]);
}

#[tokio::test]
async fn export_downloads_a_real_xlsx() {
    let (_server, client) = start(6).await;
    let q = with(last_days(30), &[("Regions.0", "hk")]);
    let v = client.call("DownloadListPaidOrders", &q).await;
    assert_eq!(ret_code(&v), 0, "{v}");
    let data = &v["Data"];
    let url = data["DownloadURL"].as_str().unwrap();
    assert!(url.starts_with(&client.base), "{url}");
    assert!(data["FileName"].as_str().unwrap().ends_with(".xlsx"));
    let resp = client.http.get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, data["FileSize"].as_u64().unwrap());
    assert_eq!(&bytes[..2], b"PK");

    // Forged: a changed expiry or token is refused.
    let later = url.replace("Expires=", "Expires=9");
    assert_eq!(client.http.get(&later).send().await.unwrap().status().as_u16(), 403);
    let (head, token) = url.rsplit_once("Token=").unwrap();
    let flipped: String = token
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                if c == 'a' {
                    'b'
                } else {
                    'a'
                }
            } else {
                c
            }
        })
        .collect();
    assert_eq!(
        client.http.get(format!("{head}Token={flipped}")).send().await.unwrap().status().as_u16(),
        403
    );
    let no_token = url.split('?').next().unwrap();
    assert_eq!(client.http.get(no_token).send().await.unwrap().status().as_u16(), 403);
}

#[tokio::test]
async fn expired_download_is_refused() {
    let server = builder(6).download_ttl(Duration::from_secs(1)).start().await.unwrap();
    let client = Client::new(&server);
    let v = client.call("DownloadListPaidOrders", &last_days(10)).await;
    let url = v["Data"]["DownloadURL"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let resp = client.http.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    assert!(resp.text().await.unwrap().contains("expired"));
}

#[tokio::test]
async fn blocking_server_serves_and_stops() {
    let server = builder(2).start_blocking().unwrap();
    let client = Client::new(&server);
    let v = client.call("GetOrderAmount", &last_days(30)).await;
    assert_eq!(ret_code(&v), 0);
    let base = server.base_url().to_owned();
    tokio::task::spawn_blocking(move || server.shutdown()).await.unwrap();
    assert!(client.http.get(format!("{base}/")).send().await.is_err(), "stopped");
}
