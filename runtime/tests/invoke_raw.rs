//! `Transport::invoke` (an action the SDK has no method for) and raw responses
//! (`Call::send_raw`, `send_raw()` on a generated builder), over real HTTP on loopback.
#![cfg(feature = "fake")]

mod common;
mod fake_support;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{form_pairs, get, serve, Reply};
use fake_support::{last_days, DAY, NOW, PRIVATE, PUBLIC};
use sdkgen_runtime::fake::{Failure, Faults, RunningServer};
use sdkgen_runtime::{CallOptions, Config, Credentials, Error, Params, RetryPolicy, Transport};

/// What a generated crate's `Client` offers the macros: its transport.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Transport,
}

sdkgen_runtime::builder! {
    /// A request being built.
    pub struct Builder;
}

sdkgen_runtime::action! {
    /// The params of `GetOrderAmount`, as a generated crate declares them.
    pub struct GetOrderAmountRequest {
        /// Start.
        required start_time: i64 = "StartTime";
        /// End.
        required end_time: i64 = "EndTime";
    }
    /// Builds and sends `GetOrderAmount`.
    pub type GetOrderAmount = Builder("GetOrderAmount") -> sdkgen_runtime::EmptyResponse;
    impl Client {
        /// Sums orders.
        pub fn get_order_amount(start_time: i64, end_time: i64);
    }
    options: idempotent;
}

sdkgen_runtime::action! {
    /// The params of `ListPaidOrders`, with its documented page-size rule.
    pub struct ListPaidOrdersRequest {
        /// Start.
        required start_time: i64 = "StartTime";
        /// End.
        required end_time: i64 = "EndTime";
        /// Page size.
        optional page_size: i64 = "PageSize";
    }
    /// Builds and sends `ListPaidOrders`.
    pub type ListPaidOrders = Builder("ListPaidOrders") -> sdkgen_runtime::EmptyResponse;
    impl Client {
        /// Lists paid orders.
        pub fn list_paid_orders(start_time: i64, end_time: i64);
    }
    options: idempotent;
    rules: [Range { name: "PageSize", min: Some(10), max: Some(100) }];
}

sdkgen_runtime::action! {
    /// The params of `DownloadListPaidOrders`: its answer holds a presigned URL.
    pub struct DownloadListPaidOrdersRequest {
        /// Start.
        required start_time: i64 = "StartTime";
        /// End.
        required end_time: i64 = "EndTime";
    }
    /// Builds and sends `DownloadListPaidOrders`.
    pub type DownloadListPaidOrders = Builder("DownloadListPaidOrders") -> sdkgen_runtime::EmptyResponse;
    impl Client {
        /// Exports paid orders.
        pub fn download_list_paid_orders(start_time: i64, end_time: i64);
    }
    options: ;
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn transport_to(url: &str, config: impl FnOnce(Config) -> Config, attempts: u32) -> Transport {
    Transport::builder(config(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(url)))
        .retry_policy(fast(attempts))
        .build()
        .unwrap()
}

async fn fake(faults: Faults) -> (RunningServer, Transport) {
    let server = fake_support::builder(9).faults(faults).start().await.unwrap();
    let t = transport_to(server.base_url(), |c| c, 3);
    (server, t)
}

const START: i64 = NOW - 30 * DAY;

// ---- invoke ----

#[tokio::test]
async fn invoke_calls_any_action_and_answers_its_json() {
    let (_server, t) = fake(Faults::default()).await;
    let (start, end) = (START.to_string(), NOW.to_string());
    // Pairs of &str, an owned Vec, a map and `Params` all work.
    let answer = t.invoke("GetOrderAmount", [("StartTime", start.as_str()), ("EndTime", end.as_str())]).await;
    let answer = answer.unwrap();
    assert_eq!(answer["RetCode"], 0, "{answer}");
    assert_eq!(answer["Action"], "GetOrderAmountResponse");
    assert!(answer.get("TotalOrderAmount").is_some(), "the whole answer: {answer}");
    let owned: Vec<(String, String)> = last_days(30).into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    assert_eq!(t.invoke("GetOrderAmount", owned.clone()).await.unwrap(), answer);
    let map: BTreeMap<String, String> = owned.iter().cloned().collect();
    assert_eq!(t.invoke("GetOrderAmount", map).await.unwrap(), answer);
    let params: Params = owned.into_iter().collect();
    assert_eq!(t.invoke("GetOrderAmount", &params).await.unwrap(), answer);
    assert_eq!(t.invoke_idempotent("GetOrderAmount", params).await.unwrap(), answer);
}

#[tokio::test]
async fn invoke_reports_a_nonzero_retcode_as_an_api_error() {
    let (_server, t) = fake(Faults::default()).await;
    let err = t.invoke("DescribeSomethingNewer", [("Limit", "10")]).await.unwrap_err();
    match &err {
        Error::Api { action, code: 161, message, request_id: Some(_) } => {
            assert_eq!(action, "DescribeSomethingNewer");
            assert!(message.contains("DescribeSomethingNewer"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // A wrong-typed param, checked by the server like any call's.
    let err = t.invoke("ListPaidOrders", [("StartTime", "x"), ("EndTime", "y")]).await.unwrap_err();
    assert!(err.api_code().is_some(), "{err:?}");
}

#[tokio::test]
async fn invoke_signs_and_fills_region_and_project_unless_told_otherwise() {
    let server = serve(vec![Reply::json(r#"{"RetCode":0,"Action":"NewThingResponse","Id":"t-1"}"#)]).await;
    let t = transport_to(
        &server.url,
        |c| c.with_region("cn-bj2").with_zone("cn-bj2-02").with_project_id("org-1"),
        1,
    );
    let answer = t.invoke("NewThing", [("Name", "a b"), ("Region", "hk")]).await.unwrap();
    assert_eq!(answer["Id"], "t-1");
    t.invoke_with("NewThing", [("Name", "x")], CallOptions::NONE.default_zone()).await.unwrap();
    let requests = server.requests();
    let first = form_pairs(&requests[0].body);
    assert_eq!(get(&first, "Action"), Some("NewThing"));
    assert_eq!(get(&first, "Name"), Some("a b"));
    assert_eq!(get(&first, "Region"), Some("hk"), "the call's own value wins");
    assert_eq!(get(&first, "ProjectId"), Some("org-1"), "the client's project is filled in");
    assert_eq!(get(&first, "Zone"), None, "Zone only when asked for");
    assert_eq!(get(&first, "PublicKey"), Some(PUBLIC));
    let signed: Params =
        first.iter().filter(|(k, _)| k != "Signature").map(|(k, v)| (k.clone(), v.clone())).collect();
    let expected = sdkgen_runtime::sign(&signed, &Credentials::new(PUBLIC, PRIVATE));
    assert_eq!(get(&first, "Signature"), Some(expected.as_str()), "signed over exactly what was sent");
    let second = form_pairs(&requests[1].body);
    assert_eq!(
        (get(&second, "Zone"), get(&second, "Region"), get(&second, "ProjectId")),
        (Some("cn-bj2-02"), None, None),
        "invoke_with: exactly the options given"
    );
    assert!(!requests.iter().any(|r| r.body.contains(PRIVATE)));
}

#[tokio::test]
async fn invoke_is_not_retried_unless_the_caller_says_it_is_safe() {
    let faults = || Faults { fail_first: 2, fail_first_with: Failure::Http(503), ..Faults::default() };
    let (_server, t) = fake(faults()).await;
    let err = t.invoke("GetOrderAmount", last_days(30)).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "one attempt only: {err:?}");

    let (_server, t) = fake(faults()).await;
    let answer = t.invoke_idempotent("GetOrderAmount", last_days(30)).await.unwrap();
    assert_eq!(answer["RetCode"], 0, "retried through two 503s: {answer}");

    let (_server, t) = fake(faults()).await;
    let answer = t.invoke_with("GetOrderAmount", last_days(30), CallOptions::read()).await.unwrap();
    assert_eq!(answer["RetCode"], 0);

    // A RetCode the docs call transient, through every attempt.
    let (_server, t) = fake(Faults { retcode_rate: 1.0, ..Faults::default() }).await;
    let err = t.invoke_idempotent("GetOrderAmount", last_days(30)).await.unwrap_err();
    assert!(matches!(err, Error::RetriesExhausted { attempts: 3, .. }), "{err:?}");
    assert_eq!(err.api_code(), Some(150));
}

#[tokio::test]
async fn invoke_refuses_what_is_not_an_action_name_before_sending() {
    let server = serve(vec![Reply::json(r#"{"RetCode":0}"#)]).await;
    let t = transport_to(&server.url, |c| c, 1);
    for bad in ["", "Describe Thing", "A&Signature=x"] {
        let err = t.invoke(bad, Vec::<(String, String)>::new()).await.unwrap_err();
        assert!(matches!(&err, Error::Validation { field, .. } if field == "Action"), "{bad:?}: {err:?}");
    }
    assert!(server.requests().is_empty(), "nothing sent");
}

#[tokio::test]
async fn invoke_decodes_what_is_not_json_as_a_decode_error() {
    let (_server, t) = fake(Faults { truncate_rate: 1.0, ..Faults::default() }).await;
    let err = t.invoke("GetOrderAmount", last_days(30)).await.unwrap_err();
    assert!(matches!(err, Error::Decode { request_id: Some(_), .. }), "{err:?}");
}

// ---- raw responses ----

#[tokio::test]
async fn send_raw_answers_status_headers_body_and_request_id() {
    let (_server, t) = fake(Faults::default()).await;
    let client = Client { transport: t };
    let raw = client.get_order_amount(START, NOW).send_raw().await.unwrap();
    assert_eq!(raw.status.as_u16(), 200);
    assert_eq!(raw.header("content-type"), Some("application/json"));
    let id = raw.request_id.clone().expect("the fake names every request");
    assert_eq!(raw.header(sdkgen_runtime::REQUEST_ID_HEADER), Some(id.as_str()));
    let body: serde_json::Value = serde_json::from_slice(&raw.body).unwrap();
    assert_eq!(
        (body["RetCode"].as_i64(), body["Action"].as_str()),
        (Some(0), Some("GetOrderAmountResponse"))
    );
    // The same bytes as the typed call would have decoded.
    let again = sdkgen_runtime::Call::new(
        client.transport.clone(),
        client.get_order_amount(START, NOW).request().clone(),
    )
    .send_raw()
    .await
    .unwrap();
    assert_eq!(again.body, raw.body);
    assert_ne!(again.request_id, raw.request_id);
}

#[tokio::test]
async fn send_raw_checks_retcode_and_rules_and_retries_like_send() {
    let (_server, t) = fake(Faults { retcode_rate: 1.0, retcode: 171, ..Faults::default() }).await;
    let client = Client { transport: t };
    let err = client.get_order_amount(START, NOW).send_raw().await.unwrap_err();
    assert!(
        matches!(err, Error::Api { code: 171, request_id: Some(_), .. }),
        "after the RetCode check: {err:?}"
    );

    // Transient failures of an idempotent action are retried.
    let (_server, t) =
        fake(Faults { fail_first: 2, fail_first_with: Failure::RetCode(150), ..Faults::default() }).await;
    let client = Client { transport: t };
    let raw = client.get_order_amount(START, NOW).send_raw().await.unwrap();
    assert_eq!(raw.status.as_u16(), 200);

    // The documented rules are checked before anything is sent.
    let server = serve(vec![Reply::json(r#"{"RetCode":0}"#)]).await;
    let client = Client { transport: transport_to(&server.url, |c| c, 1) };
    let err = client.list_paid_orders(START, NOW).page_size(5).send_raw().await.unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "PageSize"), "{err:?}");
    assert!(server.requests().is_empty());
    // A non-2xx status is an HTTP error, not a raw response.
    let server = serve(vec![Reply::status(404, "text/plain", "nope")]).await;
    let client = Client { transport: transport_to(&server.url, |c| c, 1) };
    let err = client.get_order_amount(START, NOW).send_raw().await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 404, request_id: None, .. }), "{err:?}");
}

#[tokio::test]
async fn a_raw_response_shows_no_presigned_query_in_debug() {
    let (_server, t) = fake(Faults::default()).await;
    let client = Client { transport: t };
    let raw = client.download_list_paid_orders(START, NOW).send_raw().await.unwrap();
    let body = String::from_utf8_lossy(&raw.body).into_owned();
    assert!(body.contains("Token="), "the body holds the presigned URL: {body}");
    let shown = format!("{raw:?} {raw:#?}");
    assert!(!shown.contains("Token="), "{shown}");
    assert!(shown.contains("?[redacted]") && shown.contains("request_id"), "{shown}");
}
