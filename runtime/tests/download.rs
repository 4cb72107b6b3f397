//! Downloads against a real HTTP server on loopback.

mod common;

use common::{serve, Reply};
use sdkgen_runtime::{download, DownloadOptions, Error};

/// A reqwest client of the test's own, as an app would pass one (a TLS provider first).
fn http() -> reqwest::Client {
    sdkgen_runtime::ensure_tls_provider();
    reqwest::Client::new()
}

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn good_file_lands_atomically() {
    let content: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let server = serve(vec![Reply::status(200, "application/octet-stream", &content)]).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("export.bin");
    let url = format!("{}export.bin?Signature=abc", server.url);
    let n = download(&http(), &url, &dest, &DownloadOptions::default()).await.unwrap();
    assert_eq!(n, content.len() as u64);
    assert_eq!(std::fs::read(&dest).unwrap(), content);
    assert_eq!(entries(dir.path()), ["export.bin"], "no temp file left");
    assert_eq!(server.requests()[0].target, "/export.bin?Signature=abc");

    // Replaces an existing file and honours a matching expected size.
    let server = serve(vec![Reply::status(200, "text/plain", "v2")]).await;
    let opts = DownloadOptions { expected_size: Some(2), ..Default::default() };
    download(&http(), &server.url, &dest, &opts).await.unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), b"v2");
}

#[tokio::test]
async fn short_body_leaves_no_file() {
    // Announces 100 bytes, sends 50, closes.
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(&[b'a'; 50]);
    let server = serve(vec![Reply::raw(raw)]).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.csv");
    let err = download(&http(), &server.url, &dest, &DownloadOptions::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. } | Error::SizeMismatch { .. }), "{err:?}");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[tokio::test]
async fn expected_size_mismatch_leaves_no_file() {
    // Unannounced length (read to close) that differs from what the caller expects.
    let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(&[b'z'; 64]);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.bin");
    for expected in [10, 1000] {
        let server = serve(vec![Reply::raw(raw.clone())]).await;
        let opts = DownloadOptions { expected_size: Some(expected), ..Default::default() };
        let err = download(&http(), &server.url, &dest, &opts).await.unwrap_err();
        match err {
            Error::SizeMismatch { expected: e, actual } => {
                assert_eq!(e, expected);
                assert!(actual > expected || actual == 64, "{actual}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(entries(dir.path()).is_empty());
    }
    // Announced length disagreeing with the expected size is refused before writing.
    let server = serve(vec![Reply::status(200, "text/plain", "12345")]).await;
    let opts = DownloadOptions { expected_size: Some(4), ..Default::default() };
    let err = download(&http(), &server.url, &dest, &opts).await.unwrap_err();
    assert!(matches!(err, Error::SizeMismatch { expected: 4, actual: 5 }), "{err:?}");
    // And a cap below the size refuses it.
    let server = serve(vec![Reply::status(200, "text/plain", "12345")]).await;
    let opts = DownloadOptions { max_bytes: Some(3), ..Default::default() };
    let err = download(&http(), &server.url, &dest, &opts).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 3, .. }), "{err:?}");
    assert!(entries(dir.path()).is_empty());
}

#[tokio::test]
async fn http_error_and_non_http_urls_are_refused() {
    let server = serve(vec![Reply::status(403, "text/xml", "<Error>AccessDenied</Error>")]).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f");
    let url = format!("{}f?Signature=topsecret", server.url);
    let err = download(&http(), &url, &dest, &DownloadOptions::default()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 403, body_excerpt, .. } if body_excerpt.contains("AccessDenied"))
    );
    assert!(!format!("{err} {err:?}").contains("topsecret"));
    for bad in ["file:///etc/passwd", "ftp://127.0.0.1/x"] {
        let err = download(&http(), bad, &dest, &DownloadOptions::default()).await.unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    }
    assert!(entries(dir.path()).is_empty());
}
