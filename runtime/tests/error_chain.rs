//! Error chains print each message once: a layer's `Display` describes that layer only and
//! `source()` gives the cause, so a report that walks the chain (anyhow's `{:#}`, `tracing`'s
//! error fields, `Error::report`) shows every message exactly once.
#![cfg(feature = "fake")]

mod common;
mod fake_support;

use std::error::Error as StdError;
use std::time::Duration;

use sdkgen_runtime::fake::{Failure, Faults};
use sdkgen_runtime::{
    CallOptions, Config, Credentials, DownloadOptions, Error, Params, RetryPolicy, Transport,
};

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn transport(url: &str, creds: Credentials, attempts: u32) -> Transport {
    Transport::builder(Config::new(creds).with_base_url(url)).retry_policy(fast(attempts)).build().unwrap()
}

/// What anyhow's `{:#}` prints: every layer's `Display`, outermost first, joined with `: `.
fn alternate(err: &(dyn StdError + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// No layer of ours repeats what its source says: the cause is printed by the next layer.
fn assert_prints_once(err: &Error) {
    let mut layer: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(current) = layer {
        let source = current.source();
        if let (Some(ours), Some(cause)) = (current.downcast_ref::<Error>(), source) {
            let (outer, inner) = (ours.to_string(), cause.to_string());
            assert!(
                !outer.contains(&inner),
                "`{outer}` repeats its source `{inner}`; the chain prints it twice: {}",
                alternate(err)
            );
        }
        layer = source;
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn retries_exhausted_over_an_api_error_prints_it_once() {
    let faults = Faults { retcode_rate: 1.0, retcode: 150, ..Faults::default() };
    let server = fake_support::builder(3).faults(faults).start().await.unwrap();
    let t = transport(server.base_url(), Credentials::new(fake_support::PUBLIC, fake_support::PRIVATE), 3);
    let mut p = Params::new();
    for (k, v) in fake_support::last_days(30) {
        p.set_str(k, v);
    }
    let err = t.call_raw("GetOrderAmount", p, CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::RetriesExhausted { attempts: 3, .. }), "{err:?}");
    assert_prints_once(&err);
    let report = alternate(&err);
    assert!(
        report.starts_with("gave up after 3 attempts: GetOrderAmount failed with RetCode 150"),
        "{report}"
    );
    assert_eq!(count(&report, "Injected fault"), 1, "{report}");
    assert_eq!(count(&report, "failed with RetCode 150"), 1, "{report}");
    // The request id is the last attempt's, shown once, by the layer that holds it.
    let id = err.request_id().expect("the fake names every request");
    assert_eq!(count(&report, id), 1, "{report}");
    assert!(report.ends_with(&format!(" (request id {id})")), "{report}");
    assert_eq!(err.report().to_string(), report, "Error::report prints what anyhow's {{:#}} does");
}

#[tokio::test]
async fn retries_exhausted_over_a_transport_error_prints_it_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = transport(&format!("http://127.0.0.1:{port}/"), Credentials::new("pk", "sk"), 2);
    let err = t.call_raw("DescribeX", Params::new(), CallOptions::read()).await.unwrap_err();
    match &err {
        Error::RetriesExhausted { attempts: 2, last } => assert!(matches!(**last, Error::Transport { .. })),
        other => panic!("{other:?}"),
    }
    assert_prints_once(&err);
    let report = alternate(&err);
    assert_eq!(count(&report, "transport error"), 1, "{report}");
    assert_eq!(count(&report, "error sending request"), 1, "{report}");
}

#[tokio::test]
async fn io_errors_print_the_os_error_once() {
    let server = common::serve(vec![common::Reply::status(200, "text/plain", "data")]).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("no-such-dir").join("file.bin");
    sdkgen_runtime::ensure_tls_provider();
    let err =
        sdkgen_runtime::download(&reqwest::Client::new(), &server.url, &dest, &DownloadOptions::default())
            .await
            .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_prints_once(&err);
    let os = err.source().expect("the OS error is the source").to_string();
    assert_eq!(count(&alternate(&err), &os), 1, "{}", alternate(&err));
}

#[tokio::test]
async fn retries_exhausted_over_an_http_error_prints_it_once() {
    let faults = Faults { fail_first: 10, fail_first_with: Failure::Http(503), ..Faults::default() };
    let server = fake_support::builder(3).faults(faults).start().await.unwrap();
    let t = transport(server.base_url(), Credentials::new(fake_support::PUBLIC, fake_support::PRIVATE), 2);
    let err = t.call_raw("GetOrderAmount", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::RetriesExhausted { attempts: 2, .. }), "{err:?}");
    assert_prints_once(&err);
    let report = alternate(&err);
    assert_eq!(count(&report, "HTTP status 503"), 1, "{report}");
    assert_eq!(count(&report, "Service Unavailable"), 1, "{report}");
}
