//! The HTTP face: parse GET queries, form and JSON bodies into flat params, apply faults,
//! serve downloads. Every bad request gets a 4xx or an API error, never a 500.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderValue, CONNECTION, CONTENT_DISPOSITION, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::engine::{error_answer, Engine};
use super::exports::Refusal;
use super::faults::{Failure, Faults};
use super::rng::{hash_str, mix};
use super::validate::{codes, ApiError};
use crate::transport::REQUEST_ID_HEADER;

/// Largest request body read; larger ones get HTTP 413.
const MAX_BODY: usize = 4 << 20;

/// What one client may cost the server: the size of a request and of its params once
/// flattened, and how long a connection may take to send one. Over a size bound the answer is
/// HTTP 413, over the body's time HTTP 408; a connection slow to send its headers (or idle
/// between requests for that long) is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body read (default 4 MiB).
    pub max_body_bytes: usize,
    /// Most params one request may carry: query and form pairs (repeats included) and JSON
    /// leaves (default 100 000).
    pub max_params: usize,
    /// Most bytes of param names and values one request may carry once flattened, where a
    /// JSON leaf's name repeats its whole path (default 8 MiB).
    pub max_param_bytes: usize,
    /// How long a connection may take to send a request's headers, counted from when it
    /// could start one: an idle keep-alive connection is closed after this long too
    /// (default 30 s).
    pub header_timeout: Duration,
    /// How long a request's body may take to arrive after its headers (default 30 s).
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: MAX_BODY,
            max_params: 100_000,
            max_param_bytes: 8 << 20,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
        }
    }
}
/// Requests carrying more bytes than this (query and body) are parsed and answered on tokio's
/// blocking pool rather than on the connection's thread.
const INLINE_BYTES: usize = 64 << 10;
/// Chunks a slow body is cut into.
const SLOW_CHUNKS: u32 = 16;

pub(crate) type Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

/// Shared per-server state.
pub(crate) struct Server {
    pub(crate) engine: Engine,
    pub(crate) faults: Faults,
    pub(crate) limits: Limits,
    pub(crate) seed: u64,
    pub(crate) counter: AtomicU64,
    /// Every HTTP request's number (API calls, downloads, refusals), for its request id.
    pub(crate) requests: AtomicU64,
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Answers one HTTP request, naming it in [`REQUEST_ID_HEADER`] as the gateway does.
pub(crate) async fn serve(server: Arc<Server>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let number = server.requests.fetch_add(1, Ordering::Relaxed);
    let id = request_uuid(server.seed, number);
    let Ok(mut resp) = answer(server, req).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(resp)
}

/// The id of a server's `number`th HTTP request: UUID-shaped (version 4 layout), a pure
/// function of the seed and the number, so a run is reproducible; the low 62 bits come from a
/// bijection of the number, so the requests of one server do not share an id in practice.
pub(crate) fn request_uuid(seed: u64, number: u64) -> String {
    let high = mix(seed ^ mix(number ^ hash_str("request-id")));
    let low = mix(number.wrapping_add(mix(seed)));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0x0fff,
        0x8000 | ((low >> 48) & 0x3fff),
        low & 0xffff_ffff_ffff
    )
}

async fn answer(server: Arc<Server>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    if let Some(rest) = req.uri().path().strip_prefix("/_fake/downloads/") {
        let rest = rest.to_owned();
        let query = parse_form(req.uri().query().unwrap_or(""));
        return Ok(download(&server, &rest, &query));
    }
    // Latency counts from here, so the fake's own work overlaps it as a server's would
    // overlap a network round trip.
    let arrived = tokio::time::Instant::now();
    let (parts, body) = req.into_parts();
    let (kind, body) = match parts.method {
        Method::GET | Method::HEAD => (BodyKind::None, Bytes::new()),
        Method::POST => {
            let is_json = parts
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
            match read_body(body, &server.limits).await {
                Ok(bytes) => (if is_json { BodyKind::Json } else { BodyKind::Form }, bytes),
                Err(refusal) => return Ok(refusal),
            }
        }
        _ => return Ok(plain(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST")),
    };
    let query = parts.uri.query().unwrap_or("");
    let outcome = if query.len() + body.len() > INLINE_BYTES {
        // A big request is parsed and answered on the blocking pool: its milliseconds must not
        // hold up the other connections sharing this thread (`start_blocking` has only one).
        let (server, query) = (server.clone(), query.to_owned());
        match tokio::task::spawn_blocking(move || compute(&server, &query, &body, kind)).await {
            Ok(outcome) => outcome,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => return Ok(plain(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down")),
        }
    } else {
        compute(&server, query, &body, kind)
    };
    let faults = &server.faults;
    let text = match outcome {
        Outcome::Refused(over) => {
            return Ok(closing(plain(StatusCode::PAYLOAD_TOO_LARGE, &over.to_string())))
        }
        Outcome::Fault(status) => {
            wait_latency(faults, arrived).await;
            return Ok(plain(status, status.canonical_reason().unwrap_or("injected fault")));
        }
        Outcome::Json(text) => text,
    };
    let body = match faults.slow_body {
        Some(total) => trickle(Bytes::from(text), total),
        None => Full::new(Bytes::from(text)).boxed(),
    };
    let mut resp = Response::new(body);
    resp.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    wait_latency(faults, arrived).await;
    Ok(resp)
}

/// How a request's body carries params.
#[derive(Debug, Clone, Copy)]
enum BodyKind {
    /// No body is read (`GET`, `HEAD`).
    None,
    /// `application/x-www-form-urlencoded`, or anything not JSON.
    Form,
    /// A JSON object, flattened to wire names.
    Json,
}

/// What [`compute`] decided, before the asynchronous part (latency, trickling) applies.
enum Outcome {
    /// The params went over a [`Limits`] bound: HTTP 413, and not an API request.
    Refused(Overflow),
    /// An injected HTTP error.
    Fault(StatusCode),
    /// The JSON answer, with any body fault applied.
    Json(Vec<u8>),
}

/// Reads a request body within [`Limits::max_body_bytes`] and [`Limits::body_timeout`]; a
/// refusal (413, 408, 400) closes the connection, since the rest of the body is not read.
async fn read_body(body: Incoming, limits: &Limits) -> Result<Bytes, Response<Body>> {
    let read = Limited::new(body, limits.max_body_bytes).collect();
    match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(closing(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("request body is over {} bytes", limits.max_body_bytes),
        ))),
        Ok(Err(_)) => Err(closing(plain(StatusCode::BAD_REQUEST, "request body is unreadable"))),
        Err(_) => Err(closing(plain(
            StatusCode::REQUEST_TIMEOUT,
            &format!("request body did not arrive within {:?}", limits.body_timeout),
        ))),
    }
}

/// Parses one request's params within the server's [`Limits`], draws its faults and answers it:
/// the synchronous, CPU-bound part of a request.
fn compute(server: &Server, query: &str, body: &[u8], kind: BodyKind) -> Outcome {
    let mut params = FlatParams::new(&server.limits);
    let mut parse_error = None;
    let parsed = params.add_form(query).and_then(|()| match kind {
        BodyKind::None => Ok(()),
        BodyKind::Form => match std::str::from_utf8(body) {
            Ok(text) => params.add_form(text),
            Err(_) => {
                parse_error = Some("form body is not UTF-8".to_owned());
                Ok(())
            }
        },
        BodyKind::Json => match add_json(body, &mut params) {
            Ok(()) => Ok(()),
            Err(JsonError::Over(over)) => Err(over),
            Err(JsonError::Bad(message)) => {
                parse_error = Some(message);
                Ok(())
            }
        },
    });
    if let Err(over) = parsed {
        return Outcome::Refused(over);
    }
    let params = params.map;
    let action = params.get("Action").cloned().unwrap_or_default();
    let n = server.counter.fetch_add(1, Ordering::Relaxed);
    let plan = server.faults.plan(server.seed, n);
    let answer = match (plan.fail, parse_error) {
        (Some(Failure::Http(status)), _) => {
            return Outcome::Fault(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY))
        }
        (Some(Failure::RetCode(code)), _) => error_answer(
            &action,
            &ApiError::new(code, format!("Injected fault: RetCode {code} (request {n})")),
        ),
        (None, Some(message)) => error_answer(&action, &ApiError::new(codes::BAD_TYPE, message)),
        (None, None) => server.engine.handle(&params, unix_now()),
    };
    let mut text = answer.to_json();
    if plan.malformed {
        // Drop the closing brace and add a dangling member: invalid however it is read.
        text.pop();
        text.extend_from_slice(b",\"RetCode\":");
    } else if plan.truncate {
        text.truncate(text.len() / 2);
    }
    Outcome::Json(text)
}

/// Holds an answer until the configured latency has passed since the request arrived.
async fn wait_latency(faults: &Faults, arrived: tokio::time::Instant) {
    if let Some(latency) = faults.latency {
        tokio::time::sleep_until(arrived + latency).await;
    }
}

/// A body sent in [`SLOW_CHUNKS`] pieces spread over `total`.
fn trickle(bytes: Bytes, total: Duration) -> Body {
    let step = bytes.len().div_ceil(SLOW_CHUNKS as usize).max(1);
    let pause = total / SLOW_CHUNKS;
    let stream = futures_util::stream::unfold((bytes, true), move |(mut rest, first)| async move {
        if rest.is_empty() {
            return None;
        }
        if !first {
            tokio::time::sleep(pause).await;
        }
        let chunk = rest.split_to(step.min(rest.len()));
        Some((Ok::<_, Infallible>(Frame::data(chunk)), (rest, false)))
    });
    StreamBody::new(stream).boxed()
}

fn download(server: &Server, rest: &str, query: &BTreeMap<String, String>) -> Response<Body> {
    let id = rest.split('/').next().and_then(|s| s.parse::<u64>().ok());
    let expires = query.get("Expires").and_then(|s| s.parse::<i64>().ok());
    let (Some(id), Some(expires), Some(token)) = (id, expires, query.get("Token")) else {
        return plain(StatusCode::FORBIDDEN, "download link is incomplete");
    };
    match server.engine.download(id, expires, token, unix_now()) {
        Ok(file) => {
            let mut resp = Response::new(Full::new(Bytes::from(file.bytes)).boxed());
            let headers = resp.headers_mut();
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.name)) {
                headers.insert(CONTENT_DISPOSITION, v);
            }
            resp
        }
        Err(Refusal::Forged) => plain(StatusCode::FORBIDDEN, "download link signature does not match"),
        Err(Refusal::Expired) => plain(StatusCode::FORBIDDEN, "download link has expired"),
        Err(Refusal::Gone) => plain(StatusCode::NOT_FOUND, "download no longer available"),
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Body> {
    let mut resp = Response::new(Full::new(Bytes::from(format!("{text}\n"))).boxed());
    *resp.status_mut() = status;
    resp.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    resp
}

/// `resp` with `Connection: close`: hyper closes the connection once it is written.
fn closing(mut resp: Response<Body>) -> Response<Body> {
    resp.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// `a=1&b=x%20y` (and `+` for space) into pairs; later duplicates win. For a download link's
/// query, which hyper's header limit bounds; API requests go through [`FlatParams::add_form`].
pub(crate) fn parse_form(text: &str) -> BTreeMap<String, String> {
    form_pairs(text).map(|(k, v)| (decode_form(k), decode_form(v))).collect()
}

/// The raw `name=value` pairs of a query or form body, still encoded.
fn form_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&').filter(|pair| !pair.is_empty()).map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// One form-encoded name or value: `+` is a space, `%XX` a byte; bad UTF-8 is replaced.
fn decode_form(text: &str) -> String {
    percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Which [`Limits`] bound a request went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// More params than [`Limits::max_params`].
    Params(usize),
    /// More bytes of names and values than [`Limits::max_param_bytes`].
    Bytes(usize),
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Overflow::Params(max) => write!(f, "request has more than {max} params"),
            Overflow::Bytes(max) => {
                write!(f, "request has more than {max} bytes of params (names and values)")
            }
        }
    }
}

/// One request's params as they are collected, within its [`Limits`]: every pair added counts
/// (a repeated name too, since reading it was work), and so do its name's and value's bytes,
/// checked before they are copied. So neither the map nor the work building it can outgrow
/// the limits, whatever the request.
pub(crate) struct FlatParams<'l> {
    /// The params; a later pair of the same name replaces an earlier one.
    pub(crate) map: BTreeMap<String, String>,
    /// Pairs added so far.
    pairs: usize,
    /// Bytes of names and values added so far.
    bytes: usize,
    limits: &'l Limits,
}

impl<'l> FlatParams<'l> {
    pub(crate) fn new(limits: &'l Limits) -> Self {
        FlatParams { map: BTreeMap::new(), pairs: 0, bytes: 0, limits }
    }

    /// Counts one more pair of `len` bytes; the bound it would break, if any.
    fn count(&mut self, len: usize) -> Result<(), Overflow> {
        self.pairs += 1;
        if self.pairs > self.limits.max_params {
            return Err(Overflow::Params(self.limits.max_params));
        }
        self.bytes = self.bytes.saturating_add(len);
        if self.bytes > self.limits.max_param_bytes {
            return Err(Overflow::Bytes(self.limits.max_param_bytes));
        }
        Ok(())
    }

    /// Whether a name of `len` bytes could still fit, so a JSON path longer than everything
    /// the request may carry is refused before it grows further.
    fn name_fits(&self, len: usize) -> Result<(), Overflow> {
        if self.bytes.saturating_add(len) > self.limits.max_param_bytes {
            return Err(Overflow::Bytes(self.limits.max_param_bytes));
        }
        Ok(())
    }

    fn insert(&mut self, name: &str, value: String) -> Result<(), Overflow> {
        self.count(name.len() + value.len())?;
        self.map.insert(name.to_owned(), value);
        Ok(())
    }

    /// Adds the pairs of a query string or form body.
    pub(crate) fn add_form(&mut self, text: &str) -> Result<(), Overflow> {
        for (k, v) in form_pairs(text) {
            // Decoding only shrinks: the encoded length bounds what is about to be copied.
            self.count(k.len() + v.len())?;
            self.map.insert(decode_form(k), decode_form(v));
        }
        Ok(())
    }
}

/// Why a JSON body gave no params.
#[derive(Debug)]
enum JsonError {
    /// It went over a [`Limits`] bound (HTTP 413).
    Over(Overflow),
    /// It is not JSON, or not an object (an API error, RetCode 231).
    Bad(String),
}

/// A JSON object body into wire names as it is parsed — objects as `Foo.Bar`, arrays as
/// `Foo.0`, the way a form body would carry them, so one signature rule covers both; whole
/// numbers without `.0`, `null` left out. No document is built: each leaf goes straight into
/// `out` under the path so far, which grows and shrinks in one buffer, so the work is the
/// body's length plus the params' bytes, and both are bounded. serde_json refuses nesting
/// deeper than 128 (`recursion limit exceeded`), which also bounds the stack.
fn add_json(body: &[u8], out: &mut FlatParams<'_>) -> Result<(), JsonError> {
    let mut over = None;
    let mut path = String::new();
    let mut de = serde_json::Deserializer::from_slice(body);
    let read = Node { path: &mut path, out, over: &mut over, top: true }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    match (read, over) {
        (_, Some(over)) => Err(JsonError::Over(over)),
        (Ok(()), None) => Ok(()),
        (Err(e), None) if e.is_data() => Err(JsonError::Bad("JSON body must be an object".to_owned())),
        (Err(e), None) => Err(JsonError::Bad(format!("JSON body does not parse: {e}"))),
    }
}

/// A JSON value under `path`: its leaves go into `out`. The top one (`top`) must be an object
/// (serde_json refuses anything else as the wrong type) and names its members without a dot.
struct Node<'a, 'l> {
    path: &'a mut String,
    out: &'a mut FlatParams<'l>,
    /// The bound broken, when the parse stopped for one.
    over: &'a mut Option<Overflow>,
    top: bool,
}

impl Node<'_, '_> {
    /// A leaf: `value` under the current path.
    fn leaf<E: de::Error>(self, value: String) -> Result<(), E> {
        self.out.insert(self.path, value).map_err(|o| stop(self.over, o))
    }
}

/// Records the bound broken and stops the parse.
fn stop<E: de::Error>(over: &mut Option<Overflow>, bound: Overflow) -> E {
    *over = Some(bound);
    E::custom(bound)
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.top {
            d.deserialize_map(self)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.top { "a JSON object" } else { "a JSON value" })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.leaf(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.leaf(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.leaf(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.leaf(crate::params::format_float(v).unwrap_or_else(|| v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        // Counted before it is copied (a string's bytes are in the body, but still).
        self.out.name_fits(self.path.len() + v.len()).map_err(|o| stop(self.over, o))?;
        self.leaf(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.leaf(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Node { path, out, over, .. } = self;
        let base = path.len();
        for i in 0usize.. {
            path.truncate(base);
            let _ = write!(path, ".{i}");
            out.name_fits(path.len()).map_err(|o| stop(over, o))?;
            let element = Node { path: &mut *path, out: &mut *out, over: &mut *over, top: false };
            if seq.next_element_seed(element)?.is_none() {
                break;
            }
        }
        path.truncate(base);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Node { path, out, over, top } = self;
        let base = path.len();
        loop {
            path.truncate(base);
            let key = Segment { path: &mut *path, out: &*out, over: &mut *over, dot: !top };
            if map.next_key_seed(key)?.is_none() {
                break;
            }
            map.next_value_seed(Node { path: &mut *path, out: &mut *out, over: &mut *over, top: false })?;
        }
        path.truncate(base);
        Ok(())
    }
}

/// An object member's name, appended to the path (after a dot below the top level).
struct Segment<'a, 'l> {
    path: &'a mut String,
    out: &'a FlatParams<'l>,
    over: &'a mut Option<Overflow>,
    dot: bool,
}

impl<'de> DeserializeSeed<'de> for Segment<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Segment<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.out.name_fits(self.path.len() + 1 + v.len()).map_err(|o| stop(self.over, o))?;
        if self.dot {
            self.path.push('.');
        }
        self.path.push_str(v);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_shaped_reproducible_and_distinct() {
        let ids: Vec<String> = (0..1000).map(|n| request_uuid(7, n)).collect();
        for id in &ids {
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
            assert!(id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()), "{id}");
            assert_eq!(&id[14..15], "4", "{id}");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
        let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
        assert_eq!(request_uuid(7, 3), ids[3]);
        assert_ne!(request_uuid(8, 3), ids[3], "the seed counts");
    }

    #[test]
    fn form_decoding() {
        let p = parse_form("A=1&B=x%20y+z&C&D=%E4%B8%AD");
        assert_eq!(p["A"], "1");
        assert_eq!(p["B"], "x y z");
        assert_eq!(p["C"], "");
        assert_eq!(p["D"], "中");
    }

    /// The params of a JSON body, or why it gave none.
    fn json(body: &str, limits: &Limits) -> Result<Vec<(String, String)>, JsonError> {
        let mut out = FlatParams::new(limits);
        add_json(body.as_bytes(), &mut out)?;
        Ok(out.map.into_iter().collect())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn json_flattening() {
        let body = r#"{"Ids": ["a", "b"], "Disk": {"Size": 20, "Ratio": 0.5}, "On": true, "N": null,
            "Big": 18446744073709551615, "Neg": -3, "Exp": 1.5e3, "Empty": [[], {}, null], "": {"a": 1}}"#;
        let got = json(body, &Limits::default()).unwrap();
        assert_eq!(
            got,
            pairs(&[
                (".a", "1"),
                ("Big", "18446744073709551615"),
                ("Disk.Ratio", "0.5"),
                ("Disk.Size", "20"),
                ("Exp", "1500"),
                ("Ids.0", "a"),
                ("Ids.1", "b"),
                ("Neg", "-3"),
                ("On", "true"),
            ])
        );
    }

    #[test]
    fn a_json_body_must_be_an_object_and_parse() {
        let message = |body: &str| match json(body, &Limits::default()) {
            Err(JsonError::Bad(m)) => m,
            other => panic!("{body}: {other:?}"),
        };
        for body in ["[1]", "1", "\"x\"", "null"] {
            assert_eq!(message(body), "JSON body must be an object", "{body}");
        }
        assert!(message(r#"{"A": 1} x"#).starts_with("JSON body does not parse"));
        assert!(message(r#"{"A": 1e400}"#).starts_with("JSON body does not parse"));
        let deep = format!(r#"{{"A":{}{}}}"#, "[".repeat(200), "]".repeat(200));
        assert!(message(&deep).contains("recursion limit exceeded"));
    }

    #[test]
    fn json_params_stop_at_the_count_cap() {
        let limits = Limits { max_params: 3, ..Limits::default() };
        assert_eq!(json(r#"{"A": [1, 2], "B": 3}"#, &limits).unwrap().len(), 3);
        let mut out = FlatParams::new(&limits);
        let over = add_json(br#"{"A": [1, 2, 3, 4, 5, 6, 7]}"#, &mut out);
        assert!(matches!(over, Err(JsonError::Over(Overflow::Params(3)))), "{over:?}");
        assert_eq!(out.map.len(), 3, "nothing past the cap is kept");
    }

    #[test]
    fn json_names_that_repeat_a_long_path_stop_at_the_byte_cap() {
        let limits = Limits { max_param_bytes: 10_000, ..Limits::default() };
        // 1 000 leaves under a 1 000-byte name: a megabyte flattened, from 3 KB of body.
        let body = format!(r#"{{"{}": [{}]}}"#, "K".repeat(1000), vec!["0"; 1000].join(","));
        let mut out = FlatParams::new(&limits);
        let over = add_json(body.as_bytes(), &mut out);
        assert!(matches!(over, Err(JsonError::Over(Overflow::Bytes(10_000)))), "{over:?}");
        assert!(out.bytes <= 10_000 + 1010, "{} bytes", out.bytes);
        assert!(out.map.len() <= 10, "{} params kept", out.map.len());
        // A single name longer than the cap is refused before the path grows past it.
        let long = format!(r#"{{"A": {{"{}": 1}}}}"#, "K".repeat(20_000));
        let mut out = FlatParams::new(&limits);
        assert!(matches!(add_json(long.as_bytes(), &mut out), Err(JsonError::Over(Overflow::Bytes(_)))));
        assert!(out.map.is_empty());
    }

    #[test]
    fn form_params_count_repeats_and_bytes() {
        let limits = Limits { max_params: 4, max_param_bytes: 20, ..Limits::default() };
        let mut out = FlatParams::new(&limits);
        assert_eq!(out.add_form("A=1&A=2&B=3"), Ok(()));
        assert_eq!(out.add_form("C=4&C=5"), Err(Overflow::Params(4)), "a repeated name still counts");
        let mut out = FlatParams::new(&limits);
        assert_eq!(out.add_form("Name=0123456789abcdefghij"), Err(Overflow::Bytes(20)));
        assert!(out.map.is_empty());
        assert_eq!(Overflow::Params(4).to_string(), "request has more than 4 params");
    }
}
