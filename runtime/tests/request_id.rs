//! The gateway's request id (`X-UCLOUD-REQUEST-UUID`): the fake server sends one per request,
//! and every error that came back from the server keeps it, over real HTTP on loopback.
#![cfg(feature = "fake")]

mod fake_support;

use std::time::Duration;

use fake_support::{last_days, PRIVATE, PUBLIC};
use sdkgen_runtime::fake::{Failure, Faults, RunningServer};
use sdkgen_runtime::{
    CallOptions, Config, Credentials, Error, Params, RetryPolicy, Transport, REQUEST_ID_HEADER,
};

/// What a generated crate's `Client` offers the `action!` macro: its transport.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Transport,
}

sdkgen_runtime::model! {
    /// `GetOrderAmount`'s answer as an SDK that expects a field the server never sends.
    pub struct StrictAmountResponse {
        /// Sent.
        required total_order_amount: sdkgen_runtime::Decimal = "TotalOrderAmount";
        /// Never sent: decoding fails here, after `RetCode` 0.
        required not_sent: i64 = "NotSentByTheServer";
    }
}

sdkgen_runtime::builder! {
    /// A request being built.
    pub struct Builder;
}

sdkgen_runtime::action! {
    /// The params of `GetOrderAmount`.
    pub struct GetOrderAmountRequest {
        /// Start.
        required start_time: i64 = "StartTime";
        /// End.
        required end_time: i64 = "EndTime";
    }
    /// Builds and sends `GetOrderAmount`.
    pub type GetOrderAmount = Builder("GetOrderAmount") -> StrictAmountResponse;
    impl Client {
        /// Sums orders.
        pub fn get_order_amount(start_time: i64, end_time: i64);
    }
    options: idempotent;
}

fn transport(server: &RunningServer, attempts: u32) -> Transport {
    Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(server.base_url()))
        .retry_policy(RetryPolicy {
            max_attempts: attempts,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

async fn server(faults: Faults) -> RunningServer {
    fake_support::builder(5).faults(faults).start().await.unwrap()
}

fn params(pairs: Vec<(&str, String)>) -> Params {
    pairs.into_iter().collect()
}

fn assert_uuid_shaped(id: &str) {
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
}

/// The id is in the error, in its `Display`, and looks like the gateway's.
fn assert_carries_id(err: &Error) -> String {
    let id = err.request_id().unwrap_or_else(|| panic!("no request id in {err:?}")).to_owned();
    assert_uuid_shaped(&id);
    assert!(err.report().to_string().ends_with(&format!(" (request id {id})")), "{}", err.report());
    id
}

#[tokio::test]
async fn the_fake_names_every_answer_and_successes_keep_the_name() {
    let server = server(Faults::default()).await;
    let t = transport(&server, 1);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let raw =
            t.call_response("GetOrderAmount", params(last_days(30)), CallOptions::read()).await.unwrap();
        let id = raw.request_id.clone().expect("an id");
        assert_uuid_shaped(&id);
        assert_eq!(raw.header(REQUEST_ID_HEADER), Some(id.as_str()));
        assert_eq!(raw.header("X-UCloud-Request-UUID"), Some(id.as_str()), "header names ignore case");
        seen.push(id);
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "one id per request: {seen:?}");
    // Plain-text refusals and downloads are named too, not only API answers.
    sdkgen_runtime::ensure_tls_provider();
    let http = reqwest::Client::new();
    let refused = http.delete(format!("{}/", server.base_url())).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 405);
    assert!(refused.headers().contains_key(REQUEST_ID_HEADER));
    let download = http.get(format!("{}/_fake/downloads/1/x.xlsx", server.base_url())).send().await.unwrap();
    assert_eq!(download.status().as_u16(), 403);
    assert!(download.headers().contains_key(REQUEST_ID_HEADER));
}

#[tokio::test]
async fn an_api_error_keeps_the_request_id() {
    let server = server(Faults::default()).await;
    let err = transport(&server, 1).call_raw("DescribeNothing", Params::new(), CallOptions::read()).await;
    let err = err.unwrap_err();
    assert!(matches!(&err, Error::Api { code: 161, request_id: Some(_), .. }), "{err:?}");
    assert_carries_id(&err);
}

#[tokio::test]
async fn an_http_error_keeps_the_request_id_and_retries_keep_the_last() {
    let faults = Faults { http_error_rate: 1.0, http_status: 502, ..Faults::default() };
    let server = server(faults).await;
    let err = transport(&server, 1).call_raw("GetOrderAmount", Params::new(), CallOptions::read()).await;
    let err = err.unwrap_err();
    assert!(matches!(&err, Error::Http { status: 502, request_id: Some(_), .. }), "{err:?}");
    let first = assert_carries_id(&err);

    let err = transport(&server, 3).call_raw("GetOrderAmount", Params::new(), CallOptions::read()).await;
    let err = err.unwrap_err();
    let Error::RetriesExhausted { attempts: 3, last } = &err else { panic!("{err:?}") };
    assert_eq!(err.request_id(), last.request_id(), "RetriesExhausted answers its last error's id");
    let last_id = assert_carries_id(&err);
    assert_ne!(last_id, first, "each attempt is a request of its own");
}

#[tokio::test]
async fn decode_errors_keep_the_request_id_before_and_after_the_retcode_check() {
    // Before: the body is not JSON at all.
    let server = server(Faults { malformed_rate: 1.0, ..Faults::default() }).await;
    let err =
        transport(&server, 1).call_raw("GetOrderAmount", params(last_days(30)), CallOptions::read()).await;
    let err = err.unwrap_err();
    assert!(matches!(&err, Error::Decode { request_id: Some(_), .. }), "{err:?}");
    assert_carries_id(&err);

    // After: RetCode 0, but the typed response wants a field that is not there, through a
    // generated builder (`Call::send`) and through `Transport::call`.
    let healthy = self::server(Faults::default()).await;
    let client = Client { transport: transport(&healthy, 1) };
    let (start, end) = (fake_support::NOW - 30 * fake_support::DAY, fake_support::NOW);
    let err = client.get_order_amount(start, end).send().await.unwrap_err();
    assert!(matches!(&err, Error::Decode { request_id: Some(_), .. }), "{err:?}");
    assert!(err.to_string().contains("NotSentByTheServer"), "{err}");
    assert_carries_id(&err);

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Strict {
        #[serde(rename = "NotSentByTheServer")]
        not_sent: i64,
    }
    let err = client
        .transport
        .call::<Strict>("GetOrderAmount", params(last_days(30)), CallOptions::read())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Decode { request_id: Some(_), .. }), "{err:?}");
    assert_carries_id(&err);
}

#[tokio::test]
async fn a_body_too_large_keeps_the_request_id() {
    let server = server(Faults::default()).await;
    let t =
        Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(server.base_url()))
            .max_response_bytes(16)
            .build()
            .unwrap();
    let err = t.call_raw("GetOrderAmount", params(last_days(30)), CallOptions::read()).await.unwrap_err();
    assert!(matches!(&err, Error::BodyTooLarge { limit: 16, request_id: Some(_) }), "{err:?}");
    assert_carries_id(&err);
}

#[tokio::test]
async fn errors_that_never_reached_a_server_have_no_id() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = Transport::builder(
        Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(format!("http://127.0.0.1:{port}/")),
    )
    .retry_policy(RetryPolicy::never())
    .build()
    .unwrap();
    let err = t.call_raw("GetOrderAmount", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.request_id(), None);
    assert!(!err.to_string().contains("request id"), "{err}");
    let faults = Faults { fail_first: 1, fail_first_with: Failure::RetCode(150), ..Faults::default() };
    let server = server(faults).await;
    // A retried call that then succeeds: the id is the successful attempt's.
    let raw = transport(&server, 2)
        .call_response("GetOrderAmount", params(last_days(30)), CallOptions::read())
        .await
        .unwrap();
    assert!(raw.request_id.is_some());
}
