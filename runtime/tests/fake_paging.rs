//! Pins what a list page holds: the `[StartTime, EndTime)` range at its exact edges, filters
//! on top of it, `Total`, pages past the end, repeated queries, and the bytes of an answer.
#![cfg(feature = "fake")]

mod fake_support;

use fake_support::*;
use serde_json::Value;

/// One page of `ListPaidOrders` over `query`: (Total, Orders).
async fn page(
    client: &Client,
    query: &[(&'static str, String)],
    page: usize,
    size: usize,
) -> (usize, Vec<Value>) {
    let mut q = query.to_vec();
    q.push(("Page", page.to_string()));
    q.push(("PageSize", size.to_string()));
    let v = client.call("ListPaidOrders", &q).await;
    assert_eq!(ret_code(&v), 0, "{v}");
    let total = v["Total"].as_u64().expect("Total") as usize;
    (total, v["Orders"].as_array().expect("Orders").clone())
}

/// Every page of `query` at `size`, checked against `expected` one page at a time, then the
/// first page past the end (empty, same Total).
async fn assert_pages(client: &Client, query: &[(&'static str, String)], size: usize, expected: &[&Value]) {
    let pages = expected.len().div_ceil(size);
    for n in 1..=pages + 1 {
        let (total, items) = page(client, query, n, size).await;
        assert_eq!(total, expected.len(), "Total, page {n} of size {size}");
        let from = ((n - 1) * size).min(expected.len());
        let to = (n * size).min(expected.len());
        assert_eq!(items.iter().collect::<Vec<_>>(), expected[from..to], "page {n} of size {size}");
    }
}

fn time(o: &Value) -> i64 {
    o["StartTime"].as_i64().expect("StartTime")
}

/// Every paid order, through one wide range and big pages.
async fn everything(client: &Client) -> Vec<Value> {
    let query = last_days(365);
    let mut out = Vec::new();
    for n in 1.. {
        let (total, items) = page(client, &query, n, 100).await;
        assert_eq!(total, 1200);
        if items.is_empty() {
            break;
        }
        out.extend(items);
    }
    assert_eq!(out.len(), 1200);
    out
}

#[tokio::test]
async fn range_is_start_inclusive_end_exclusive() {
    let (_server, client) = start(21).await;
    let all = everything(&client).await;
    assert!(all.windows(2).all(|w| time(&w[0]) <= time(&w[1])), "in StartTime order");
    // Edges exactly on item times, so an off-by-one on either side changes the answer.
    let (start, end) = (time(&all[137]), time(&all[911]));
    assert!(start < end);
    let query = vec![("StartTime", start.to_string()), ("EndTime", end.to_string())];
    let expected: Vec<&Value> = all.iter().filter(|o| (start..end).contains(&time(o))).collect();
    assert!(expected.first().is_some_and(|o| time(o) == start), "the start is inside");
    assert!(expected.iter().all(|o| time(o) != end), "the end is outside");
    assert_pages(&client, &query, 100, &expected).await;
    assert_pages(&client, &query, 37, &expected).await;
    // A range between two items' times holds nothing: Total 0, no items.
    let gap = all.windows(2).find(|w| time(&w[1]) - time(&w[0]) > 2).expect("a gap between orders");
    let query = vec![("StartTime", (time(&gap[0]) + 1).to_string()), ("EndTime", time(&gap[1]).to_string())];
    assert_eq!(page(&client, &query, 1, 10).await, (0, vec![]));
}

#[tokio::test]
async fn filters_apply_inside_the_range_and_repeat_alike() {
    let (_server, client) = start(22).await;
    let all = everything(&client).await;
    let (start, end) = (time(&all[200]), time(&all[1000]));
    let query = with(
        vec![("StartTime", start.to_string()), ("EndTime", end.to_string())],
        &[("Regions.0", "hk"), ("Regions.1", "sg"), ("OrderTypes.0", "2")],
    );
    let expected: Vec<&Value> = all
        .iter()
        .filter(|o| (start..end).contains(&time(o)))
        .filter(|o| ["hk", "sg"].contains(&o["Region"].as_str().unwrap()) && o["OrderType"] == 2)
        .collect();
    assert!(expected.len() > 20, "{} matches", expected.len());
    // Twice: the second time may come from what the first computed; it must not differ.
    assert_pages(&client, &query, 10, &expected).await;
    assert_pages(&client, &query, 10, &expected).await;
    assert_pages(&client, &query, 100, &expected).await;
    // The same filter over another range is another result set.
    let wider = with(last_days(365), &[("Regions.0", "hk"), ("Regions.1", "sg"), ("OrderTypes.0", "2")]);
    let expected_wider: Vec<&Value> = all
        .iter()
        .filter(|o| ["hk", "sg"].contains(&o["Region"].as_str().unwrap()) && o["OrderType"] == 2)
        .collect();
    assert!(expected_wider.len() > expected.len());
    assert_pages(&client, &wider, 100, &expected_wider).await;
    // A value no item has matches nothing.
    let none = with(last_days(365), &[("Regions.0", "atlantis")]);
    assert_eq!(page(&client, &none, 1, 10).await, (0, vec![]));
}

#[tokio::test]
async fn sums_filter_by_params_the_list_does_not_take() {
    let (_server, client) = start(23).await;
    let query = with(last_days(365), &[("OrganizationIds.0", "1002")]);
    let v = client.call("GetOrderAmount", &query).await;
    assert_eq!(ret_code(&v), 0, "{v}");
    let paid = everything(&client).await;
    let paid = paid.iter().filter(|o| o["OrganizationID"] == 1002).count();
    assert_eq!(v["PaidCount"].as_u64().unwrap() as usize, paid);
    let mut unpaid = Vec::new();
    for n in 1.. {
        let mut q = last_days(365);
        q.push(("Page", n.to_string()));
        q.push(("PageSize", "100".into()));
        let page = client.call("ListUnpaidOrders", &q).await;
        let items = page["Orders"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        unpaid.extend(items);
    }
    assert_eq!(unpaid.len(), 300);
    let unpaid = unpaid.iter().filter(|o| o["OrganizationID"] == 1002).count();
    assert!(unpaid > 0 && unpaid < 300);
    assert_eq!(v["UnpaidCount"].as_u64().unwrap() as usize, unpaid);
}

#[tokio::test]
async fn answers_are_compact_json_with_sorted_keys_and_repeat_byte_for_byte() {
    let (_server, client) = start(24).await;
    let query = with(last_days(60), &[("Page", "2"), ("PageSize", "50")]);
    let params = client.signed("ListPaidOrders", &query);
    let (status, body) = client.post(&params).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["Orders"].as_array().unwrap().len(), 50);
    assert_eq!(serde_json::to_string(&v).unwrap(), body, "compact, keys in order");
    assert_eq!(client.post(&params).await, (200, body));
}
