//! Fault injection is deterministic and does what it says.
#![cfg(feature = "fake")]

mod fake_support;

use std::time::{Duration, Instant};

use fake_support::*;
use sdkgen_runtime::fake::{Failure, Faults};

async fn faulty(faults: Faults) -> (sdkgen_runtime::fake::RunningServer, Client) {
    let server = builder(21).faults(faults).start().await.unwrap();
    let client = Client::new(&server);
    (server, client)
}

#[tokio::test]
async fn retcode_rate_one_always_answers_150() {
    let (_s, client) = faulty(Faults { retcode_rate: 1.0, ..Faults::default() }).await;
    for _ in 0..3 {
        let v = client.call("GetOrderAmount", &last_days(30)).await;
        assert_eq!(ret_code(&v), 150, "{v}");
        assert_eq!(v["Action"], "GetOrderAmountResponse");
    }
    let (_s, client) = faulty(Faults { retcode_rate: 1.0, retcode: 153, ..Faults::default() }).await;
    assert_eq!(ret_code(&client.call("GetOrderAmount", &last_days(30)).await), 153);
}

#[tokio::test]
async fn http_errors() {
    let (_s, client) = faulty(Faults { http_error_rate: 1.0, ..Faults::default() }).await;
    let (status, _) = client.post(&client.signed("GetOrderAmount", &last_days(30))).await;
    assert_eq!(status, 502);
    let (_s, client) = faulty(Faults { http_error_rate: 1.0, http_status: 503, ..Faults::default() }).await;
    assert_eq!(client.post(&client.signed("GetOrderAmount", &last_days(30))).await.0, 503);
}

#[tokio::test]
async fn truncated_and_malformed_json_do_not_parse() {
    for faults in [
        Faults { truncate_rate: 1.0, ..Faults::default() },
        Faults { malformed_rate: 1.0, ..Faults::default() },
    ] {
        let (_s, client) = faulty(faults).await;
        let (status, body) = client.post(&client.signed("ListPaidOrders", &last_days(30))).await;
        assert_eq!(status, 200);
        assert!(!body.is_empty());
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_err(), "{body}");
    }
}

#[tokio::test]
async fn fail_first_then_succeed() {
    let faults = Faults { fail_first: 2, fail_first_with: Failure::Http(503), ..Faults::default() };
    let (_s, client) = faulty(faults).await;
    let p = client.signed("GetOrderAmount", &last_days(30));
    assert_eq!(client.post(&p).await.0, 503);
    assert_eq!(client.post(&p).await.0, 503);
    let (status, body) = client.post(&p).await;
    assert_eq!(status, 200);
    assert!(body.contains("\"RetCode\":0"), "{body}");
}

#[tokio::test]
async fn partial_rates_are_reproducible_per_seed() {
    let outcomes = |_: ()| async {
        let (_s, client) = faulty(Faults { retcode_rate: 0.5, ..Faults::default() }).await;
        let mut codes = Vec::new();
        for _ in 0..20 {
            codes.push(ret_code(&client.call("GetOrderAmount", &last_days(30)).await));
        }
        codes
    };
    let first = outcomes(()).await;
    assert_eq!(first, outcomes(()).await);
    assert!(first.contains(&0) && first.contains(&150), "{first:?}");
}

#[tokio::test]
async fn latency_and_slow_body() {
    let (_s, client) =
        faulty(Faults { latency: Some(Duration::from_millis(200)), ..Faults::default() }).await;
    let t = Instant::now();
    assert_eq!(ret_code(&client.call("GetOrderAmount", &last_days(30)).await), 0);
    assert!(t.elapsed() >= Duration::from_millis(200));

    let (_s, client) =
        faulty(Faults { slow_body: Some(Duration::from_millis(400)), ..Faults::default() }).await;
    let t = Instant::now();
    let v = client.call("ListPaidOrders", &with(last_days(30), &[("PageSize", "10")])).await;
    assert_eq!(ret_code(&v), 0, "a trickled body is still whole");
    assert!(t.elapsed() >= Duration::from_millis(300), "{:?}", t.elapsed());
}
