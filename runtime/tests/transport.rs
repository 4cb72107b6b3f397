//! Transport behaviour against a real HTTP server on loopback.

mod common;

use std::time::{Duration, Instant};

use common::{form_pairs, get, serve, Reply};
use sdkgen_runtime::{
    sign, CallOptions, Config, Credentials, Error, HttpMethod, Params, RetryPolicy, Transport,
};
use serde::Deserialize;

const PUBLIC: &str = "ucloudsomeone@example.com1296235120854146120";
const PRIVATE: &str = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

fn transport(url: &str) -> Transport {
    Transport::builder(
        Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(url).with_region("cn-bj2"),
    )
    .retry_policy(fast_retries())
    .product("surfercloud-sdk", "9.9.9")
    .build()
    .unwrap()
}

#[derive(Debug, Deserialize)]
struct Describe {
    #[serde(rename = "TotalCount", deserialize_with = "sdkgen_runtime::decode::int")]
    total: u32,
    #[serde(rename = "UHostSet")]
    hosts: Vec<Host>,
}

#[derive(Debug, Deserialize)]
struct Host {
    #[serde(rename = "UHostId")]
    id: String,
}

const OK: &str = r#"{"RetCode":0,"Action":"DescribeUHostInstanceResponse","TotalCount":"1","UHostSet":[{"UHostId":"uhost-1"}]}"#;
const BUSY: &str = r#"{"RetCode":150,"Action":"DescribeUHostInstanceResponse","Message":"service busy"}"#;

fn limit10() -> Params {
    let mut p = Params::new();
    p.set_int("Limit", 10);
    p
}

#[tokio::test]
async fn success_sends_signed_form_post() {
    let server = serve(vec![Reply::json(OK)]).await;
    let t = transport(&server.url);
    let out: Describe = t.call("DescribeUHostInstance", limit10(), CallOptions::read()).await.unwrap();
    assert_eq!(out.total, 1);
    assert_eq!(out.hosts[0].id, "uhost-1");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.header("content-type"), Some("application/x-www-form-urlencoded"));
    let ua = req.header("user-agent").unwrap();
    assert!(ua.starts_with("surfercloud-sdk/9.9.9 sdkgen-runtime/"), "{ua}");
    let pairs = form_pairs(&req.body);
    assert_eq!(get(&pairs, "Action"), Some("DescribeUHostInstance"));
    assert_eq!(get(&pairs, "Region"), Some("cn-bj2"), "default region filled in");
    assert_eq!(get(&pairs, "PublicKey"), Some(PUBLIC));
    // The documented vector: these exact params sign to this value.
    assert_eq!(get(&pairs, "Signature"), Some("cba5cf5ec4d4233d206b1b54951e3787350a642f"));
    assert!(!req.body.contains(PRIVATE));
}

#[tokio::test]
async fn get_puts_signed_params_in_the_query() {
    let server = serve(vec![Reply::json(OK)]).await;
    let t = Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(&server.url))
        .method(HttpMethod::Get)
        .build()
        .unwrap();
    let mut p = limit10();
    p.set_str("Region", "cn-bj2").set_str("Name", "a b&c");
    t.call_raw("DescribeUHostInstance", p.clone(), CallOptions::read()).await.unwrap();
    let req = &server.requests()[0];
    assert_eq!(req.method, "GET");
    let query = req.target.split_once('?').unwrap().1;
    let pairs = form_pairs(query);
    assert_eq!(get(&pairs, "Name"), Some("a b&c"));
    p.set_str("Action", "DescribeUHostInstance").set_str("PublicKey", PUBLIC);
    assert_eq!(get(&pairs, "Signature").unwrap(), sign(&p, &Credentials::new(PUBLIC, PRIVATE)));
}

#[tokio::test]
async fn busy_is_retried_for_idempotent_calls() {
    let server = serve(vec![Reply::json(BUSY), Reply::json(BUSY), Reply::json(OK)]).await;
    let out: Describe =
        transport(&server.url).call("DescribeUHostInstance", limit10(), CallOptions::read()).await.unwrap();
    assert_eq!(out.hosts.len(), 1);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    // Every attempt carries the same signed payload.
    assert!(reqs.iter().all(|r| r.body == reqs[0].body));
}

#[tokio::test]
async fn busy_is_not_retried_for_non_idempotent_calls() {
    let server = serve(vec![Reply::json(BUSY), Reply::json(BUSY), Reply::json(OK)]).await;
    let err = transport(&server.url)
        .call_raw("CreateUHostInstance", Params::new(), CallOptions::write())
        .await
        .unwrap_err();
    match &err {
        Error::Api { action, code, message, .. } => {
            assert_eq!(
                (action.as_str(), *code, message.as_str()),
                ("CreateUHostInstance", 150, "service busy")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn persistent_busy_exhausts_retries() {
    let server = serve(vec![Reply::json(BUSY)]).await;
    let err = transport(&server.url)
        .call_raw("DescribeUHostInstance", Params::new(), CallOptions::read())
        .await
        .unwrap_err();
    match &err {
        Error::RetriesExhausted { attempts: 3, last } => assert_eq!(last.api_code(), Some(150)),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn non_retryable_api_error_is_returned_at_once() {
    let server = serve(vec![Reply::json(r#"{"RetCode":171,"Message":"Signature VerifyAC Error"}"#)]).await;
    let err = transport(&server.url)
        .call_raw("DescribeUHostInstance", Params::new(), CallOptions::read())
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(171));
    assert!(err.to_string().contains("Signature VerifyAC Error"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn bad_gateway_is_retried_then_reported() {
    let server = serve(vec![Reply::status(502, "text/html", "<h1>502 Bad Gateway</h1>")]).await;
    let err = transport(&server.url)
        .call_raw("DescribeUHostInstance", Params::new(), CallOptions::read())
        .await
        .unwrap_err();
    match &err {
        Error::RetriesExhausted { attempts: 3, last } => match last.as_ref() {
            Error::Http { status: 502, body_excerpt, .. } => assert!(body_excerpt.contains("Bad Gateway")),
            other => panic!("unexpected {other:?}"),
        },
        other => panic!("unexpected {other:?}"),
    }
    // A 404 is not transient.
    let server = serve(vec![Reply::status(404, "text/plain", "nope")]).await;
    let err = transport(&server.url).call_raw("X", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 404, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_excerpt() {
    let body = format!("<html><body>maintenance {}</body></html>", "é".repeat(400));
    let server = serve(vec![Reply::status(200, "text/html", &body)]).await;
    let err = transport(&server.url)
        .call::<Describe>("DescribeUHostInstance", Params::new(), CallOptions::read())
        .await
        .unwrap_err();
    match &err {
        Error::Decode { action, excerpt, .. } => {
            assert_eq!(action, "DescribeUHostInstance");
            assert!(excerpt.starts_with("<html><body>maintenance é"), "{excerpt}");
            assert!(excerpt.chars().count() <= 201);
        }
        other => panic!("unexpected {other:?}"),
    }

    // Valid envelope, wrong field type: the path is reported.
    let server = serve(vec![Reply::json(r#"{"RetCode":0,"TotalCount":"many","UHostSet":[]}"#)]).await;
    let err = transport(&server.url)
        .call::<Describe>("DescribeUHostInstance", Params::new(), CallOptions::read())
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path.as_deref(), Some("TotalCount"));
            assert!(message.contains("many"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }

    // No RetCode at all.
    let server = serve(vec![Reply::json(r#"{"Hello":1}"#)]).await;
    let err = transport(&server.url).call_raw("X", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { message, .. } if message.contains("RetCode")), "{err:?}");
}

#[tokio::test]
async fn body_over_the_cap_is_refused() {
    let big = format!(r#"{{"RetCode":0,"Pad":"{}"}}"#, "x".repeat(4096));
    // Announced via Content-Length…
    let server = serve(vec![Reply::json(&big)]).await;
    let t = Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(&server.url))
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = t.call_raw("X", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 1024, .. }), "{err:?}");

    // …and unannounced (read until close).
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(big.as_bytes());
    let server = serve(vec![Reply::raw(raw)]).await;
    let t = Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(&server.url))
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = t.call_raw("X", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 1024, .. }), "{err:?}");

    // Under the cap it passes.
    let t = Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(&server.url))
        .max_response_bytes(8192)
        .build()
        .unwrap();
    t.call_raw("X", Params::new(), CallOptions::read()).await.unwrap();
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = serve(vec![Reply::json(OK).delayed(Duration::from_secs(5))]).await;
    let t = Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(&server.url))
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = t.call_raw("X", Params::new(), CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind then drop to get a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = Transport::builder(
        Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(format!("http://127.0.0.1:{port}/")),
    )
    .retry_policy(RetryPolicy { max_attempts: 2, ..fast_retries() })
    .build()
    .unwrap();
    // Refused connections never reached the server, so even a write is retried.
    let err = t.call_raw("CreateX", Params::new(), CallOptions::write()).await.unwrap_err();
    match &err {
        Error::RetriesExhausted { attempts: 2, last } => {
            assert!(matches!(last.as_ref(), Error::Transport { .. }), "{last:?}")
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn invalid_params_fail_before_sending() {
    let server = serve(vec![Reply::json(OK)]).await;
    let mut p = Params::new();
    p.set_float("Price", f64::INFINITY);
    let err = transport(&server.url).call_raw("X", p, CallOptions::read()).await.unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "Price"), "{err:?}");
    assert!(server.requests().is_empty());
}
