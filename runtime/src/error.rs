//! The one error type of the runtime.
//!
//! Variants say what went wrong at which layer so callers can decide whether
//! to retry. No variant ever holds a request URL, query string, signature or
//! private key: transport errors are stripped of their URL on construction.

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
    },
    /// The HTTP status was not 2xx.
    Http {
        /// HTTP status code.
        status: u16,
        /// The start of the response body, for diagnosis.
        body_excerpt: String,
    },
    /// Connecting, sending or receiving failed. The source carries no URL.
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
    },
    /// A parameter or setting was rejected before anything was sent.
    Validation {
        /// Which parameter or setting.
        field: String,
        /// Why it was rejected.
        message: String,
    },
    /// The response body was larger than the configured cap.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// A download ended with a size other than the announced or expected one.
    SizeMismatch {
        /// Bytes announced or expected.
        expected: u64,
        /// Bytes actually received (or at least received, when cut off early).
        actual: u64,
    },
    /// A local file operation failed (downloads).
    Io {
        /// What was being done.
        operation: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// A retryable failure persisted through every allowed attempt.
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { action, code, message } => {
                write!(f, "{action} failed with RetCode {code}")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            Error::Http { status, body_excerpt } => {
                write!(f, "HTTP status {status}")?;
                if !body_excerpt.is_empty() {
                    write!(f, ": {body_excerpt}")?;
                }
                Ok(())
            }
            Error::Transport { source } => write!(f, "transport error: {source}"),
            Error::Timeout => f.write_str("request timed out"),
            Error::Cancelled => f.write_str("request cancelled: the runtime running it shut down"),
            Error::Decode { action, path, message, excerpt } => {
                write!(f, "could not decode the {action} response")?;
                if let Some(path) = path {
                    write!(f, " at {path}")?;
                }
                write!(f, ": {message}; body starts: {excerpt}")
            }
            Error::Validation { field, message } => write!(f, "invalid {field}: {message}"),
            Error::BodyTooLarge { limit } => write!(f, "response body exceeds the {limit}-byte limit"),
            Error::SizeMismatch { expected, actual } => {
                write!(f, "download size mismatch: expected {expected} bytes, got {actual}")
            }
            Error::Io { operation, source } => write!(f, "{operation}: {source}"),
            Error::RetriesExhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source } => Some(source),
            Error::Io { source, .. } => Some(source),
            Error::RetriesExhausted { last, .. } => Some(last.as_ref()),
            _ => None,
        }
    }
}

/// The first ~`max_chars` characters of a body, lossily decoded and cut on a
/// character boundary, for error messages.
pub fn excerpt(body: &[u8], max_chars: usize) -> String {
    // Decode at most 4 bytes per char so huge bodies are not copied whole.
    let head = &body[..body.len().min(max_chars.saturating_mul(4))];
    let text = String::from_utf8_lossy(head);
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() || head.len() < body.len() {
        out.push('…');
    }
    redact_url_queries(&out)
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
        let api = |code| Error::Api { action: "X".into(), code, message: String::new() };
        assert!(api(150).is_retryable() && api(110).is_retryable() && api(153).is_retryable());
        assert!(!api(160).is_retryable());
        let http = |status| Error::Http { status, body_excerpt: String::new() };
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
        let e = Error::Api { action: "DescribeUHost".into(), code: 171, message: "bad sig".into() };
        assert_eq!(e.to_string(), "DescribeUHost failed with RetCode 171: bad sig");
        let e = Error::RetriesExhausted { attempts: 3, last: Box::new(Error::Timeout) };
        assert_eq!(e.to_string(), "gave up after 3 attempts: request timed out");
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
