//! Downloading a file (e.g. a signed export URL) to disk, atomically.
//!
//! The body is written to a temporary file beside the destination and renamed
//! into place only once complete and of the right size, so a failed download
//! never leaves a partial file under the final name. Download URLs often carry
//! signatures in their query, so errors and `Debug` show only scheme and host.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;
use tokio::fs;
use tokio::io::AsyncWriteExt;

use crate::error::{excerpt, Error};
use crate::transport::request_id_of;

/// Download settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DownloadOptions {
    /// Size the caller knows the file must have (e.g. from the API); checked
    /// in addition to the server's `Content-Length`.
    pub expected_size: Option<u64>,
    /// Refuse files larger than this.
    pub max_bytes: Option<u64>,
    /// Limit for the whole download; `None` keeps the client's own.
    pub timeout: Option<Duration>,
}

/// A URL shown as `scheme://host:port/…`, never with path or query.
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedUrl(Url);

impl RedactedUrl {
    /// The full URL, for sending only.
    pub fn expose(&self) -> &Url {
        &self.0
    }
}

impl fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.0.scheme(), self.0.host_str().unwrap_or(""))?;
        if let Some(port) = self.0.port() {
            write!(f, ":{port}")?;
        }
        f.write_str("/…")
    }
}

impl fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedactedUrl({self})")
    }
}

/// Checks that `url` is an absolute http(s) URL, without echoing it in the error.
pub fn parse_download_url(url: &str) -> Result<RedactedUrl, Error> {
    let parsed = Url::parse(url)
        .map_err(|e| Error::Validation { field: "url".into(), message: format!("not a valid URL ({e})") })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Validation {
            field: "url".into(),
            message: format!("scheme {:?} is not http or https", parsed.scheme()),
        });
    }
    Ok(RedactedUrl(parsed))
}

/// Streams `url` into `dest` atomically; returns the number of bytes written.
///
/// Fails, leaving no file at `dest` and no temporary file, if the URL is not
/// http(s), the status is not 2xx, the body exceeds `max_bytes` or the
/// announced / expected size, or ends short of it.
pub async fn download(
    client: &reqwest::Client,
    url: &str,
    dest: &Path,
    options: &DownloadOptions,
) -> Result<u64, Error> {
    let file_name = dest
        .file_name()
        .ok_or_else(|| Error::Validation { field: "dest".into(), message: "has no file name".into() })?;
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (url, mut response, exact) = open(client, url, options).await?;
    let temp =
        TempFile(dir.join(format!(".{}.{:016x}.part", file_name.to_string_lossy(), fastrand::u64(..))));
    let written = write_body(&mut response, &temp.0, exact, options.max_bytes).await?;
    fs::rename(&temp.0, dest)
        .await
        .map_err(|source| Error::Io { operation: "moving the download into place", source })?;
    temp.disarm();
    tracing::debug!(url = %url, bytes = written, "download finished");
    Ok(written)
}

/// Streams `url` into `writer` (a socket, a buffer, an archive entry); returns the bytes written.
/// The same checks as [`download`], but a writer cannot be rolled back: on a size error it
/// may already hold part of the body. Use [`download`] when the result must be whole or absent.
pub async fn download_into<W: tokio::io::AsyncWrite + Unpin>(
    client: &reqwest::Client,
    url: &str,
    writer: &mut W,
    options: &DownloadOptions,
) -> Result<u64, Error> {
    let (url, mut response, exact) = open(client, url, options).await?;
    let written = copy_body(&mut response, writer, exact, options.max_bytes).await?;
    writer.flush().await.map_err(|source| Error::Io { operation: "writing the download", source })?;
    tracing::debug!(url = %url, bytes = written, "download finished");
    Ok(written)
}

/// Sends the request and checks what can be checked before the body: the scheme, the status,
/// the announced size against the expected one and the cap. Returns the size the body must have.
async fn open(
    client: &reqwest::Client,
    url: &str,
    options: &DownloadOptions,
) -> Result<(RedactedUrl, reqwest::Response, Option<u64>), Error> {
    let url = parse_download_url(url)?;
    let mut request = client.get(url.expose().clone());
    if let Some(timeout) = options.timeout {
        request = request.timeout(timeout);
    }
    tracing::debug!(url = %url, "download started");
    let mut response = request.send().await?;
    let status = response.status();
    let request_id = request_id_of(response.headers());
    if !status.is_success() {
        let mut head = Vec::new();
        if let Ok(Some(chunk)) = response.chunk().await {
            head.extend_from_slice(&chunk[..chunk.len().min(1024)]);
        }
        return Err(Error::Http { status: status.as_u16(), body_excerpt: excerpt(&head, 200), request_id });
    }
    let announced = response.content_length();
    if let (Some(a), Some(e)) = (announced, options.expected_size) {
        if a != e {
            return Err(Error::SizeMismatch { expected: e, actual: a });
        }
    }
    let exact = announced.or(options.expected_size);
    if let (Some(max), Some(len)) = (options.max_bytes, exact) {
        if len > max {
            return Err(Error::BodyTooLarge { limit: max, request_id });
        }
    }
    Ok((url, response, exact))
}

/// Removes the temporary file when dropped, so errors and cancelled futures
/// leave nothing behind.
struct TempFile(PathBuf);

impl TempFile {
    fn disarm(self) {
        std::mem::forget(self);
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

async fn write_body(
    response: &mut reqwest::Response,
    temp: &Path,
    exact: Option<u64>,
    max_bytes: Option<u64>,
) -> Result<u64, Error> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
        .await
        .map_err(|source| Error::Io { operation: "creating the temporary download file", source })?;
    let written = copy_body(response, &mut file, exact, max_bytes).await?;
    file.flush().await.map_err(|source| Error::Io { operation: "writing the download", source })?;
    file.sync_all().await.map_err(|source| Error::Io { operation: "syncing the download", source })?;
    Ok(written)
}

/// Copies the body chunk by chunk, stopping at the announced size or the cap, and checks the
/// body was not short.
async fn copy_body<W: tokio::io::AsyncWrite + Unpin>(
    response: &mut reqwest::Response,
    file: &mut W,
    exact: Option<u64>,
    max_bytes: Option<u64>,
) -> Result<u64, Error> {
    let mut written: u64 = 0;
    while let Some(chunk) = response.chunk().await? {
        let total = written + chunk.len() as u64;
        match (exact, max_bytes) {
            (Some(expected), _) if total > expected => {
                return Err(Error::SizeMismatch { expected, actual: total })
            }
            (_, Some(limit)) if total > limit => {
                return Err(Error::BodyTooLarge { limit, request_id: request_id_of(response.headers()) })
            }
            _ => {}
        }
        file.write_all(&chunk)
            .await
            .map_err(|source| Error::Io { operation: "writing the download", source })?;
        written = total;
    }
    if let Some(expected) = exact {
        if written != expected {
            return Err(Error::SizeMismatch { expected, actual: written });
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_url_hides_path_and_query() {
        let url = parse_download_url("https://files.example.com:8443/bucket/x.csv?Signature=abc123").unwrap();
        let shown = format!("{url} {url:?}");
        assert!(!shown.contains("abc123") && !shown.contains("bucket"), "{shown}");
        assert!(shown.contains("https://files.example.com:8443/…"), "{shown}");
    }

    #[test]
    fn only_http_urls_are_accepted() {
        for bad in ["file:///etc/passwd", "ftp://host/x", "relative/path", "javascript:alert(1)"] {
            match parse_download_url(bad) {
                Err(Error::Validation { field, .. }) => assert_eq!(field, "url"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert!(parse_download_url("http://127.0.0.1/x").is_ok());
    }
}

/// A presigned download URL from a response: a secret while it is valid, so `Debug` and
/// `Display` show only scheme, host and port. Fetch it with [`DownloadUrl::download_to`].
#[derive(Clone, PartialEq, Eq)]
pub struct DownloadUrl(String);

impl DownloadUrl {
    /// Wraps a URL.
    pub fn new(url: impl Into<String>) -> Self {
        DownloadUrl(url.into())
    }

    /// The full URL, query and signature included. Handle with care.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Streams the file into `writer` through `transport`'s HTTP client (see [`download_into`]:
    /// on a size error the writer may hold part of the body).
    pub async fn download_into<W: tokio::io::AsyncWrite + Unpin>(
        &self,
        transport: &crate::Transport,
        writer: &mut W,
        expected_size: Option<u64>,
    ) -> Result<u64, Error> {
        let options = DownloadOptions { expected_size, ..DownloadOptions::default() };
        download_into(transport.http_client(), &self.0, writer, &options).await
    }

    /// Streams the file to `dest` through `transport`'s HTTP client: only http(s), written to a
    /// temporary file beside `dest` and renamed into place, so `dest` is whole or absent. With
    /// `expected_size` (the response's file size) a different length is an error and leaves no
    /// file. Returns the bytes written.
    pub async fn download_to(
        &self,
        transport: &crate::Transport,
        dest: &Path,
        expected_size: Option<u64>,
    ) -> Result<u64, Error> {
        let options = DownloadOptions { expected_size, ..DownloadOptions::default() };
        download(transport.http_client(), &self.0, dest, &options).await
    }
}

impl fmt::Debug for DownloadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DownloadUrl({self})")
    }
}

impl fmt::Display for DownloadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match parse_download_url(&self.0) {
            Ok(url) => write!(f, "{url}"),
            Err(_) => f.write_str("[not an http(s) URL]"),
        }
    }
}

impl<'de> serde::Deserialize<'de> for DownloadUrl {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::decode::string(d).map(DownloadUrl)
    }
}

/// An optional download URL: `null`, `""` and a missing key are `None`.
pub fn opt_download_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DownloadUrl>, D::Error> {
    Ok(crate::decode::opt_string(d)?.filter(|s| !s.is_empty()).map(DownloadUrl))
}
