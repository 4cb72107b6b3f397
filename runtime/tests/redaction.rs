//! Secrets (private key, signature, signed query) never reach Debug, Display, errors or traces.

mod common;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{serve, Reply};
use sdkgen_runtime::{
    sign, CallOptions, Config, Credentials, Error, HttpMethod, Params, RetryPolicy, Transport,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const PUBLIC: &str = "public-key-visible";
const PRIVATE: &str = "PRIVATE-46f09bb9fab4f12dfc160dae12273d5332b5debe";

/// Records every span and event field as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Writer<'a>(&'a mut String);

impl Visit for Writer<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut out = self.0.lock().unwrap();
        let _ = write!(out, "\nspan {} ", span.metadata().name());
        span.record(&mut Writer(&mut out));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Writer(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut out = self.0.lock().unwrap();
        out.push_str("\nevent ");
        event.record(&mut Writer(&mut out));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn get_transport(url: &str, timeout: Duration) -> Transport {
    Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(url))
        .method(HttpMethod::Get)
        .timeout(timeout)
        .retry_policy(RetryPolicy { base_delay: Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .unwrap()
}

fn expected_signature() -> String {
    let mut p = Params::new();
    p.set_str("Action", "DescribeX").set_str("PublicKey", PUBLIC);
    sign(&p, &Credentials::new(PUBLIC, PRIVATE))
}

/// Every way an error can be printed, including its source chain.
fn render(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n{err:#?}");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        let _ = write!(text, "\n{s}\n{s:?}");
        source = s.source();
    }
    text
}

fn assert_clean(text: &str, signature: &str) {
    assert!(!text.contains(PRIVATE), "private key leaked: {text}");
    assert!(!text.contains(signature), "signature leaked: {text}");
    assert!(!text.contains("Signature="), "signed query leaked: {text}");
}

#[tokio::test]
async fn errors_and_traces_never_show_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let signature = expected_signature();
    let mut errors = Vec::new();

    // Refused connection with the signed query in the URL.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = get_transport(&format!("http://127.0.0.1:{port}/"), Duration::from_secs(5));
    errors.push(t.call_raw("DescribeX", Params::new(), CallOptions::read()).await.unwrap_err());

    // Timeout.
    let server = serve(vec![Reply::json(r#"{"RetCode":0}"#).delayed(Duration::from_secs(5))]).await;
    let t = get_transport(&server.url, Duration::from_millis(100));
    errors.push(t.call_raw("DescribeX", Params::new(), CallOptions::write()).await.unwrap_err());

    // API error, HTTP error, decode error.
    for reply in [
        Reply::json(r#"{"RetCode":171,"Message":"bad signature"}"#),
        Reply::status(503, "text/plain", "down"),
        Reply::json("{not json"),
    ] {
        let server = serve(vec![reply]).await;
        let t = get_transport(&server.url, Duration::from_secs(5));
        errors.push(t.call_raw("DescribeX", Params::new(), CallOptions::read()).await.unwrap_err());
        // The server did receive the signature, so the check below is meaningful.
        assert!(server.requests()[0].target.contains(&signature));
    }

    assert!(matches!(errors[0], Error::RetriesExhausted { .. }), "{:?}", errors[0]);
    assert!(matches!(errors[1], Error::Timeout), "{:?}", errors[1]);
    for err in &errors {
        assert_clean(&render(err), &signature);
    }

    let trace = capture.0.lock().unwrap().clone();
    assert!(trace.contains("action=\"DescribeX\""), "trace captured: {trace}");
    assert!(trace.contains("attempt=3"), "retries traced: {trace}");
    assert_clean(&trace, &signature);

    // Debug of the configuration objects.
    let creds = Credentials::new(PUBLIC, PRIVATE);
    let config = Config::new(creds.clone());
    let text = format!("{creds:?} {config:?} {config:#?} {} {t:?}", creds.private_key);
    assert!(text.contains(PUBLIC));
    assert_clean(&text, &signature);
}
