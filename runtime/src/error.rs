//! The one error type of the runtime.
//!
//! Variants say what went wrong at which layer so callers can decide whether
//! to retry. No variant ever holds a request URL, query string, signature or
//! private key: transport errors are stripped of their URL on construction.
//!
//! # The request id
//!
//! Every error that came back from the server (`Api`, `Http`, `Decode`, `BodyTooLarge`, and
//! `RetriesExhausted` through its last error) keeps the id the gateway gave the request (its
//! `X-UCLOUD-REQUEST-UUID` header, see [`REQUEST_ID_HEADER`](crate::transport::REQUEST_ID_HEADER)):
//! [`Error::request_id`] returns it and `Display` ends with `(request id …)`. Quote it to
//! support.
//!
//! # Printing
//!
//! `Display` describes one layer and [`source`](std::error::Error::source) gives its cause,
//! never both: `RetriesExhausted` prints `gave up after 3 attempts` and its source is the last
//! attempt's error; `Transport` and `Io` print what failed and their source is the
//! `reqwest`/OS error. A report that walks the chain (anyhow's `{:#}`, [`Error::report`])
//! therefore shows every message once:
//!
//! ```
//! # use sdkgen_runtime::Error;
//! let err = Error::RetriesExhausted {
//!     attempts: 3,
//!     last: Box::new(Error::Api {
//!         action: "DescribeUHost".into(),
//!         code: 150,
//!         message: "service busy".into(),
//!         request_id: Some("5f3c0a6e-1d2b-4c3d-9e8f-0a1b2c3d4e5f".into()),
//!     }),
//! };
//! assert_eq!(err.to_string(), "gave up after 3 attempts");
//! assert_eq!(
//!     err.report().to_string(),
//!     "gave up after 3 attempts: DescribeUHost failed with RetCode 150: service busy \
//!      (request id 5f3c0a6e-1d2b-4c3d-9e8f-0a1b2c3d4e5f)"
//! );
//! assert_eq!(err.request_id(), Some("5f3c0a6e-1d2b-4c3d-9e8f-0a1b2c3d4e5f"));
//! ```

use std::fmt;

/// API codes the service documents as transient (busy / rate limited / try again).
pub const RETRYABLE_API_CODES: [i64; 3] = [110, 150, 153];

/// Anything that can go wrong calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a non-zero `RetCode`.
    Api {
        /// Action that was called.
        action: String,
        /// The `RetCode`.
        code: i64,
        /// The service's `Message`, possibly empty.
        message: String,
        /// The gateway's id for the request, when it sent one (see [`Error::request_id`]).
        request_id: Option<String>,
    },
    /// The HTTP status was not 2xx.
    Http {
        /// HTTP status code.
        status: u16,
        /// The start of the response body, for diagnosis.
        body_excerpt: String,
        /// The server's id for the request, when it sent one (see [`Error::request_id`]).
        request_id: Option<String>,
    },
    /// Connecting, sending or receiving failed. The source (the `reqwest` error) says how, and
    /// carries no URL.
    Transport {
        /// The underlying client error, with its URL removed.
        source: reqwest::Error,
    },
    /// The request did not complete within its time limit.
    Timeout,
    /// The request was dropped before it answered: the Tokio runtime that ran it (a page of
    /// `pages()`/`items()` runs in a task of the runtime that first polled it) shut down.
    Cancelled,
    /// The response body was not the JSON the SDK expected.
    Decode {
        /// Action whose response failed to decode.
        action: String,
        /// Path of the offending field (e.g. `UHostSet[0].CPU`), if known.
        path: Option<String>,
        /// What serde said.
        message: String,
        /// The start of the body (about 200 characters).
        excerpt: String,
        /// The gateway's id for the request, when it sent one (see [`Error::request_id`]).
        request_id: Option<String>,
    },
    /// A parameter or setting was rejected before anything was sent.
    Validation {
        /// Which parameter or setting.
        field: String,
        /// Why it was rejected.
        message: String,
    },
    /// No credentials to sign the call with: their source (an `AssumeRole` renewal, your own
    /// [`ProvideCredentials`](crate::provider::ProvideCredentials)) failed and no credentials it
    /// gave before are still valid. Nothing was sent. Its source is the provider's error (for
    /// `AssumeRole`, an [`Error`] such as `Api` with the STS's RetCode).
    CredentialsUnavailable {
        /// Why the provider failed.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The response body was larger than the configured cap.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: u64,
        /// The server's id for the request, when it sent one (see [`Error::request_id`]).
        request_id: Option<String>,
    },
    /// A download ended with a size other than the announced or expected one.
    SizeMismatch {
        /// Bytes announced or expected.
        expected: u64,
        /// Bytes actually received (or at least received, when cut off early).
        actual: u64,
    },
    /// A local file operation failed (downloads). The source is the OS error.
    Io {
        /// What was being done.
        operation: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// A waiter's deadline passed before the resource reached the wanted state.
    WaitTimedOut {
        /// What was awaited (`UHostInstance uhost-1f0c… to be Running`).
        what: String,
        /// How long it waited.
        waited: std::time::Duration,
        /// The state last seen, or `None` when the resource was not found.
        last_state: Option<String>,
    },
    /// A retryable failure persisted through every allowed attempt. Its source is the last
    /// attempt's error.
    RetriesExhausted {
        /// How many attempts were made.
        attempts: u32,
        /// The error of the last attempt.
        last: Box<Error>,
    },
}

impl Error {
    /// Whether the failure is transient: API codes 110/150/153, HTTP
    /// 502/503/504, transport faults and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { code, .. } => RETRYABLE_API_CODES.contains(code),
            Error::Http { status, .. } => matches!(status, 502..=504),
            Error::Transport { .. } | Error::Timeout => true,
            _ => false,
        }
    }

    /// Whether the request surely never reached the server (safe to retry
    /// even for calls that are not idempotent).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source } if source.is_connect())
    }

    /// The API `RetCode`, looking through [`Error::RetriesExhausted`].
    pub fn api_code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } => Some(*code),
            Error::RetriesExhausted { last, .. } => last.api_code(),
            _ => None,
        }
    }

    /// The id the gateway gave the request (its `X-UCLOUD-REQUEST-UUID` header), for an error
    /// that came back from the server: `Api`, `Http`, `Decode`, `BodyTooLarge`, and
    /// `RetriesExhausted` through its last attempt. `None` when nothing answered (`Transport`,
    /// `Timeout`), the error is local (`Validation`, `Io`) or the server sent no id.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::BodyTooLarge { request_id, .. } => request_id.as_deref(),
            Error::RetriesExhausted { last, .. } => last.request_id(),
            _ => None,
        }
    }

    /// The same error with `request_id` recorded, where the variant holds one and has none yet
    /// (a decode error is made before the transport's response is at hand).
    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        match &mut self {
            Error::Api { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::BodyTooLarge { request_id, .. }
                if request_id.is_none() =>
            {
                *request_id = id;
            }
            _ => {}
        }
        self
    }

    /// The whole chain on one line, outermost first, joined with `: ` (what anyhow's `{:#}`
    /// prints): `gave up after 3 attempts: DescribeX failed with RetCode 150: busy (request id
    /// …)`. `Display` alone describes only this layer.
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

/// An [`Error`] and every [`source`](std::error::Error::source) under it, on one line; see
/// [`Error::report`].
#[derive(Debug, Clone, Copy)]
pub struct Report<'a>(&'a Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(self.0);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// ` (request id …)` after a message, when there is one.
fn write_request_id(f: &mut fmt::Formatter<'_>, request_id: &Option<String>) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " (request id {id})"),
        None => Ok(()),
    }
}

impl From<reqwest::Error> for Error {
    /// Classifies a client error, removing its URL (which may hold a signed query).
    fn from(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport { source: err.without_url() }
        }
    }
}

impl fmt::Display for Error {
    /// This layer only: the cause, where there is one, is the [`source`](std::error::Error::source).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { action, code, message, request_id } => {
                write!(f, "{action} failed with RetCode {code}")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                write_request_id(f, request_id)
            }
            Error::Http { status, body_excerpt, request_id } => {
                write!(f, "HTTP status {status}")?;
                if !body_excerpt.is_empty() {
                    write!(f, ": {body_excerpt}")?;
                }
                write_request_id(f, request_id)
            }
            Error::Transport { .. } => f.write_str("transport error"),
            Error::Timeout => f.write_str("request timed out"),
            Error::Cancelled => f.write_str("request cancelled: the runtime running it shut down"),
            Error::Decode { action, path, message, excerpt, request_id } => {
                write!(f, "could not decode the {action} response")?;
                if let Some(path) = path {
                    write!(f, " at {path}")?;
                }
                write!(f, ": {message}; body starts: {excerpt}")?;
                write_request_id(f, request_id)
            }
            Error::Validation { field, message } => write!(f, "invalid {field}: {message}"),
            Error::CredentialsUnavailable { .. } => f.write_str("could not obtain credentials"),
            Error::WaitTimedOut { what, waited, last_state } => {
                let seen =
                    last_state.as_deref().map_or("not found".to_owned(), |s| format!("last seen {s:?}"));
                write!(f, "gave up waiting for {what} after {:.1?} ({seen})", waited)
            }
            Error::BodyTooLarge { limit, request_id } => {
                write!(f, "response body exceeds the {limit}-byte limit")?;
                write_request_id(f, request_id)
            }
            Error::SizeMismatch { expected, actual } => {
                write!(f, "download size mismatch: expected {expected} bytes, got {actual}")
            }
            Error::Io { operation, .. } => f.write_str(operation),
            Error::RetriesExhausted { attempts, .. } => write!(f, "gave up after {attempts} attempts"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source } => Some(source),
            Error::Io { source, .. } => Some(source),
            Error::RetriesExhausted { last, .. } => Some(last.as_ref()),
            Error::CredentialsUnavailable { source } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The first ~`max_chars` characters of a body, lossily decoded and cut on a
/// character boundary, for error messages: on one line (control characters become spaces,
/// so a server's body cannot start a forged log line), trailing spaces trimmed.
pub fn excerpt(body: &[u8], max_chars: usize) -> String {
    // Decode at most 4 bytes per char so huge bodies are not copied whole.
    let head = &body[..body.len().min(max_chars.saturating_mul(4))];
    let text = String::from_utf8_lossy(head);
    let mut chars = text.chars();
    let mut out: String =
        chars.by_ref().take(max_chars).map(|c| if c.is_control() { ' ' } else { c }).collect();
    let cut = chars.next().is_some() || head.len() < body.len();
    out.truncate(out.trim_end().len());
    if cut {
        out.push('…');
    }
    redact_secret_values(&redact_url_queries(&out))
}

pub use sdkgen_schema::names::names_a_secret;

/// Hides the string value of every secret-named key in an excerpt (`"Password":"hunter2"` →
/// `"Password":"[redacted]"`), a value cut off by the excerpt's end included.
fn redact_secret_values(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] != '"' {
            i += 1;
            continue;
        }
        // A string starts at `i`: copy it through its end, then see whether it is a secret's key.
        let mut j = i + 1;
        while j < chars.len() && chars[j] != '"' {
            j += if chars[j] == '\\' { 2 } else { 1 };
        }
        let key: String = chars[i + 1..j.min(chars.len())].iter().collect();
        out.push_str(&key);
        if j >= chars.len() {
            break;
        }
        out.push('"');
        i = j + 1;
        let mut k = i;
        while k < chars.len() && chars[k].is_whitespace() {
            k += 1;
        }
        if !names_a_secret(&key) || chars.get(k) != Some(&':') {
            continue;
        }
        k += 1;
        while k < chars.len() && chars[k].is_whitespace() {
            k += 1;
        }
        if chars.get(k) != Some(&'"') {
            continue;
        }
        out.extend(&chars[i..=k]);
        let mut end = k + 1;
        while end < chars.len() && chars[end] != '"' {
            end += if chars[end] == '\\' { 2 } else { 1 };
        }
        out.push_str("[redacted]");
        if end < chars.len() {
            out.push('"');
        }
        i = end + 1;
    }
    out
}

/// Hides the query of every URL in an excerpt (`https://h/p?Signature=…` → `https://h/p?[redacted]`,
/// JSON's `https:\/\/…` too): a response may hold a presigned URL, a secret while it is valid.
fn redact_url_queries(text: &str) -> String {
    let is_delimiter = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`');
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let mut hiding = false;
    for c in text.chars() {
        if is_delimiter(c) {
            hiding = false;
            token.clear();
        } else if hiding {
            continue;
        } else if c == '?' && (token.contains("//") || token.contains("\\/\\/")) {
            out.push_str("?[redacted]");
            hiding = true;
            continue;
        } else {
            token.push(c);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_classification() {
        let api = |code| Error::Api { action: "X".into(), code, message: String::new(), request_id: None };
        assert!(api(150).is_retryable() && api(110).is_retryable() && api(153).is_retryable());
        assert!(!api(160).is_retryable());
        let http = |status| Error::Http { status, body_excerpt: String::new(), request_id: None };
        assert!(http(502).is_retryable() && http(503).is_retryable() && http(504).is_retryable());
        assert!(!http(500).is_retryable() && !http(404).is_retryable());
        assert!(Error::Timeout.is_retryable());
        assert!(!Error::Validation { field: "f".into(), message: "m".into() }.is_retryable());
        let exhausted = Error::RetriesExhausted { attempts: 3, last: Box::new(api(150)) };
        assert!(!exhausted.is_retryable());
        assert_eq!(exhausted.api_code(), Some(150));
    }

    #[test]
    fn display_says_what_happened() {
        let e = Error::Api {
            action: "DescribeUHost".into(),
            code: 171,
            message: "bad sig".into(),
            request_id: None,
        };
        assert_eq!(e.to_string(), "DescribeUHost failed with RetCode 171: bad sig");
        let e = Error::RetriesExhausted { attempts: 3, last: Box::new(Error::Timeout) };
        assert_eq!(e.to_string(), "gave up after 3 attempts", "the last error is the source, not repeated");
        assert_eq!(e.report().to_string(), "gave up after 3 attempts: request timed out");
        let e = Error::CredentialsUnavailable {
            source: Box::new(Error::Api {
                action: "AssumeRole".into(),
                code: 172,
                message: "Unknown PublicKey".into(),
                request_id: None,
            }),
        };
        assert_eq!(e.to_string(), "could not obtain credentials");
        assert_eq!(
            e.report().to_string(),
            "could not obtain credentials: AssumeRole failed with RetCode 172: Unknown PublicKey"
        );
        assert!(!e.is_retryable());
    }

    #[test]
    fn the_request_id_is_kept_shown_and_found_through_retries() {
        let id = || Some("5f3c-id".to_string());
        let errors = [
            Error::Api { action: "A".into(), code: 150, message: "busy".into(), request_id: id() },
            Error::Http { status: 502, body_excerpt: "bad gateway".into(), request_id: id() },
            Error::Decode {
                action: "A".into(),
                path: None,
                message: "eof".into(),
                excerpt: "{".into(),
                request_id: id(),
            },
            Error::BodyTooLarge { limit: 10, request_id: id() },
        ];
        for e in errors {
            assert_eq!(e.request_id(), Some("5f3c-id"), "{e:?}");
            assert!(e.to_string().ends_with(" (request id 5f3c-id)"), "{e}");
            let wrapped = Error::RetriesExhausted { attempts: 2, last: Box::new(e) };
            assert_eq!(wrapped.request_id(), Some("5f3c-id"));
            assert_eq!(wrapped.report().to_string().matches("5f3c-id").count(), 1, "{}", wrapped.report());
        }
        let none = Error::Http { status: 502, body_excerpt: String::new(), request_id: None };
        assert_eq!((none.request_id(), none.to_string().as_str()), (None, "HTTP status 502"));
        assert_eq!(Error::Timeout.request_id(), None);
        // Recorded once: a later id does not replace the first.
        let e = none.with_request_id(Some("a".into())).with_request_id(Some("b".into()));
        assert_eq!(e.request_id(), Some("a"));
        assert_eq!(Error::Timeout.with_request_id(Some("a".into())).request_id(), None);
    }

    #[test]
    fn secret_named_values_are_hidden_in_excerpts() {
        let body = br#"{"RetCode":0,"Data":{"VncPassword": "hunter2","Name":"web","SecurityToken":"tok\"en","TokenId":"t-1"}}"#;
        let ex = excerpt(body, 200);
        assert!(!ex.contains("hunter2") && !ex.contains("tok"), "{ex}");
        assert!(
            ex.contains(r#""VncPassword": "[redacted]""#) && ex.contains(r#""SecurityToken":"[redacted]""#),
            "{ex}"
        );
        assert!(ex.contains(r#""Name":"web""#) && ex.contains(r#""TokenId":"t-1""#), "{ex}");
        // A value cut off by the excerpt's end is hidden too.
        let cut = excerpt(br#"{"Password":"abcdefghijklmnop"}"#, 20);
        assert!(!cut.contains("abcdefgh"), "{cut}");
    }

    proptest::proptest! {
        #[test]
        fn redaction_never_panics_and_hides_every_secret_value(
            text in "[\"a-zA-Z:\\\\ ,{}]{0,60}",
            secret in "[a-z]{8,12}",
        ) {
            let _ = excerpt(text.as_bytes(), 40);
            let body = format!(r#"{text}{{"Token":"{secret}"}}"#);
            let ex = redact_secret_values(&body);
            // Whatever JSON-free text comes first, the value is hidden.
            if !text.contains(['"', '\\']) {
                proptest::prop_assert!(!ex.contains(&secret), "{}", ex);
            }
        }
    }

    #[test]
    fn excerpt_is_one_line() {
        assert_eq!(excerpt(b"Service Unavailable\n", 200), "Service Unavailable");
        assert_eq!(excerpt(b"a\r\nERROR forged line\tx", 200), "a  ERROR forged line x");
    }

    #[test]
    fn excerpt_is_char_boundary_safe() {
        let body = "中".repeat(300);
        let ex = excerpt(body.as_bytes(), 200);
        assert_eq!(ex.chars().count(), 201);
        assert!(ex.ends_with('…'));
        assert_eq!(excerpt(b"short", 200), "short");
        // Invalid UTF-8 does not panic.
        assert_eq!(excerpt(&[0xff, b'a'], 200), "\u{fffd}a");
        // A cut in the middle of a multi-byte char is replaced, not split.
        let cut = &"é".repeat(10).into_bytes()[..5];
        assert_eq!(excerpt(cut, 200), "éé\u{fffd}");
    }

    #[test]
    fn excerpt_hides_url_queries() {
        let body = br#"{"Url":"https://h/p?Signature=s3cr3t&E=1","Why?":"x? y","U2":"http:\/\/h\/p?Signature=s3cr3t"}"#;
        assert_eq!(
            excerpt(body, 200),
            r#"{"Url":"https://h/p?[redacted]","Why?":"x? y","U2":"http:\/\/h\/p?[redacted]"}"#
        );
    }
}
