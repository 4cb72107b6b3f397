//! Secrets under every failure, with a real `tracing-subscriber` capturing at TRACE: the private
//! key, the signature and the signed query never reach logs, `Debug`, `Display` or errors; a
//! presigned URL's query never reaches a `DownloadUrl`'s `Debug`/`Display`, download errors, or
//! the body excerpt of a response that failed to decode. Extends `redaction.rs` (a hand-made
//! subscriber, 503) with HTTP 502, a cut connection, a real fmt subscriber and presigned URLs.

mod common;
mod logs;

use std::time::Duration;

use common::{serve, Reply};
use logs::Logs;
use sdkgen_runtime::{
    download, sign, CallOptions, Config, Credentials, DownloadOptions, DownloadUrl, Error, HttpMethod,
    Params, RetryPolicy, Transport,
};

const PUBLIC: &str = "public-key-hostile";
const PRIVATE: &str = "PRIVATE-hostile-9c1f0e5d7a2b4c6e8f0a1b3c5d7e9f1a";
const URL_SECRET: &str = "presigned-secret-7d41c0";

fn transport(url: &str, method: HttpMethod, timeout: Duration) -> Transport {
    Transport::builder(Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(url))
        .method(method)
        .timeout(timeout)
        .retry_policy(RetryPolicy { base_delay: Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .unwrap()
}

fn params() -> Params {
    let mut p = Params::new();
    p.set_str("Note", "visible-note");
    p
}

fn signature() -> String {
    let mut p = params();
    p.set_str("Action", "DescribeX").set_str("PublicKey", PUBLIC);
    sign(&p, &Credentials::new(PUBLIC, PRIVATE))
}

fn render(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n{err:#?}");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    text
}

fn assert_clean(what: &str, text: &str, signature: &str) {
    for secret in [PRIVATE, signature, "Signature=", URL_SECRET] {
        assert!(!text.contains(secret), "{what}: `{secret}` leaked in {text}");
    }
}

#[tokio::test]
async fn every_failure_keeps_key_signature_and_query_out_of_logs_and_errors() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());
    let sig = signature();
    let mut errors = Vec::new();
    for method in [HttpMethod::Get, HttpMethod::Post] {
        // Refused connection.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let t = transport(&format!("http://127.0.0.1:{port}/"), method, Duration::from_secs(5));
        errors.push(t.call_raw("DescribeX", params(), CallOptions::read()).await.unwrap_err());
        // Timeout.
        let server = serve(vec![Reply::json(r#"{"RetCode":0}"#).delayed(Duration::from_secs(5))]).await;
        let t = transport(&server.url, method, Duration::from_millis(100));
        errors.push(t.call_raw("DescribeX", params(), CallOptions::write()).await.unwrap_err());
        // API error echoing what it got, 502, bad JSON, a body cut mid-way.
        let mut cut =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n".to_vec();
        cut.extend_from_slice(br#"{"RetCode":0,"Da"#);
        for reply in [
            Reply::json(r#"{"RetCode":171,"Message":"signature mismatch"}"#),
            Reply::status(502, "text/html", "<html>Bad Gateway</html>"),
            Reply::json("{not json"),
            Reply::raw(cut),
        ] {
            let server = serve(vec![reply]).await;
            let t = transport(&server.url, method, Duration::from_secs(5));
            errors.push(t.call_raw("DescribeX", params(), CallOptions::write()).await.unwrap_err());
            let seen = server.requests();
            let sent = format!("{} {}", seen[0].target, seen[0].body);
            assert!(sent.contains(&sig), "the signature was on the wire, so the checks below mean something");
        }
    }
    assert_eq!(errors.len(), 12);
    assert!(errors.iter().any(|e| matches!(e, Error::Http { status: 502, .. })), "{errors:?}");
    assert!(errors.iter().any(|e| matches!(e, Error::Timeout)), "{errors:?}");
    for err in &errors {
        assert_clean("error", &render(err), &sig);
    }
    let text = logs.text();
    assert!(text.contains("DescribeX") && text.contains("sdkgen.call"), "the subscriber captured: {text}");
    assert!(text.contains("ret_code=171"), "the call's span records the RetCode: {text}");
    assert_clean("trace", &text, &sig);
}

#[tokio::test]
async fn presigned_urls_stay_secret_in_debug_display_download_errors_and_decode_excerpts() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());
    let secret_query = format!("Signature={URL_SECRET}&Expires=1");
    let url = DownloadUrl::new(format!("https://bucket.example.com/export.xlsx?{secret_query}"));
    let shown = format!("{url} {url:?} {url:#?}");
    assert!(shown.contains("bucket.example.com"), "{shown}");
    assert_clean("DownloadUrl", &shown, "unused-signature");
    let odd = DownloadUrl::new(format!("javascript:alert(1)?{secret_query}"));
    assert_clean("odd DownloadUrl", &format!("{odd} {odd:?}"), "unused-signature");

    // Download failures: refused, 403, 502, cut mid-body, timeout.
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.xlsx");
    sdkgen_runtime::ensure_tls_provider();
    let client = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut urls = vec![format!("http://127.0.0.1:{port}/f?{secret_query}")];
    let mut cut = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".to_vec();
    cut.extend_from_slice(&[b'x'; 10]);
    let mut servers = Vec::new();
    for reply in [
        Reply::status(403, "text/xml", format!("<Error>denied {secret_query}</Error>")),
        Reply::status(502, "text/plain", "bad gateway"),
        Reply::raw(cut),
        Reply::json("{}").delayed(Duration::from_secs(3)),
    ] {
        let server = serve(vec![reply]).await;
        urls.push(format!("{}f?{secret_query}", server.url));
        servers.push(server);
    }
    for u in &urls {
        let err = download(&client, u, &dest, &DownloadOptions::default()).await.unwrap_err();
        // The 403 body echoing the query is the server's text; the URL itself must not appear.
        let text = render(&err).replace(&format!("denied {secret_query}"), "denied [echo]");
        assert_clean(&format!("download of {u}"), &text, "unused-signature");
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "no partial file left");

    // A response holding a presigned URL that fails to decode: the excerpt hides the query.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Resp {
        #[serde(rename = "FileUrl")]
        file_url: DownloadUrl,
        #[serde(rename = "Count", deserialize_with = "sdkgen_runtime::decode::int")]
        count: i64,
    }
    for body in [
        format!(r#"{{"FileUrl":"https://b.example.com/x?{secret_query}","Count":"many"}}"#),
        format!(r#"{{"FileUrl":"https:\/\/b.example.com\/x?{secret_query}","Count":[]}}"#),
        format!(r#"{{"FileUrl": "http://b.example.com/x?{secret_query}" , "Count": {{}}}}"#),
    ] {
        let err = sdkgen_runtime::decode::from_body::<Resp>("GetExport", body.as_bytes()).unwrap_err();
        let text = render(&err);
        assert!(text.contains("Count"), "{text}");
        assert_clean("decode excerpt", &text, "unused-signature");
    }
    assert_clean("trace", &logs.text(), "unused-signature");
}

#[tokio::test]
async fn downloads_stop_at_the_announced_size_and_never_leave_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.bin");
    sdkgen_runtime::ensure_tls_provider();
    let client = reqwest::Client::new();
    // A body longer than announced: exactly the announced bytes land, nothing more.
    let mut long = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n".to_vec();
    long.extend_from_slice(b"12345EXTRA-BYTES-BEYOND-THE-LENGTH");
    let server = serve(vec![Reply::raw(long)]).await;
    let n = download(&client, &server.url, &dest, &DownloadOptions::default()).await.unwrap();
    assert_eq!((n, std::fs::read(&dest).unwrap()), (5, b"12345".to_vec()));
    std::fs::remove_file(&dest).unwrap();
    // A chunked body cut mid-chunk, and one cut between chunks: an error, no file.
    for raw in [
        &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-half"[..],
        &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n"[..],
    ] {
        let server = serve(vec![Reply::raw(raw.to_vec())]).await;
        let err = download(&client, &server.url, &dest, &DownloadOptions::default()).await.unwrap_err();
        assert!(matches!(err, Error::Transport { .. } | Error::SizeMismatch { .. }), "{err:?}");
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "partial file left");
    }
    // A server that sends forever is stopped at the cap.
    let mut endless = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    endless.extend(std::iter::repeat_n(b'z', 1 << 20));
    let server = serve(vec![Reply::raw(endless)]).await;
    let opts = DownloadOptions { max_bytes: Some(1000), ..Default::default() };
    let err = download(&client, &server.url, &dest, &opts).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 1000, .. }), "{err:?}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    // Only http(s).
    for bad in ["file:///etc/passwd", "data:text/plain,hi", "gopher://127.0.0.1/x", "//host/x", "http//x"] {
        let err = download(&client, bad, &dest, &DownloadOptions::default()).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{bad}: {err:?}");
    }
}
