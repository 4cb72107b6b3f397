//! Pagination through the real transport: concurrent (total known) and
//! sequential (no total) runs collect the same items in order.

mod common;

use std::time::Duration;

use common::{form_pairs, get, serve_fn, Reply};
use futures_util::TryStreamExt;
use sdkgen_runtime::{
    into_items, paginate, CallOptions, Config, Credentials, Page, Paginate, Params, Transport,
};
use serde::Deserialize;

const ITEMS: u64 = 23;

#[derive(Deserialize)]
struct ListResponse {
    #[serde(rename = "TotalCount", default, deserialize_with = "sdkgen_runtime::decode::opt_int")]
    total: Option<u64>,
    #[serde(rename = "DataSet", default, deserialize_with = "sdkgen_runtime::decode::list")]
    data: Vec<String>,
}

/// Serves `ITEMS` items by Offset/Limit; early pages answer slowest so
/// out-of-order completion would show.
async fn list_server(with_total: bool) -> common::Server {
    serve_fn(move |_, req| {
        let pairs = form_pairs(&req.body);
        let offset: u64 = get(&pairs, "Offset").and_then(|v| v.parse().ok()).unwrap_or(0);
        let limit: u64 = get(&pairs, "Limit").and_then(|v| v.parse().ok()).unwrap_or(10);
        let items: Vec<String> =
            (offset..ITEMS.min(offset + limit)).map(|i| format!("\"item-{i}\"")).collect();
        let total = if with_total { format!(",\"TotalCount\":{ITEMS}") } else { String::new() };
        let body = format!("{{\"RetCode\":0,\"DataSet\":[{}]{total}}}", items.join(","));
        Reply::json(&body).delayed(Duration::from_millis(40u64.saturating_sub(offset * 2)))
    })
    .await
}

async fn collect_all(server: &common::Server, concurrency: usize) -> Vec<String> {
    let t = Transport::builder(Config::new(Credentials::new("pk", "sk")).with_base_url(&server.url))
        .build()
        .unwrap();
    let pages = paginate(Paginate::offset(5).concurrency(concurrency), move |req| {
        let t = t.clone();
        async move {
            let mut p = Params::new();
            p.set_uint("Offset", req.index).set_uint("Limit", req.size);
            let r: ListResponse = t.call("ListThings", p, CallOptions::read()).await?;
            Ok(Page { items: r.data, total: r.total })
        }
    });
    into_items(pages).try_collect().await.unwrap()
}

#[tokio::test]
async fn concurrent_and_sequential_collect_the_same_items() {
    let want: Vec<String> = (0..ITEMS).map(|i| format!("item-{i}")).collect();

    let with_total = list_server(true).await;
    assert_eq!(collect_all(&with_total, 4).await, want);
    assert_eq!(with_total.requests().len(), 5, "ceil(23/5) pages, no extra probe");

    let without_total = list_server(false).await;
    assert_eq!(collect_all(&without_total, 4).await, want);
    let offsets: Vec<String> = without_total
        .requests()
        .iter()
        .map(|r| get(&form_pairs(&r.body), "Offset").unwrap_or("").to_owned())
        .collect();
    assert_eq!(offsets, ["0", "5", "10", "15", "20"], "sequential, stops at the short page");
}
