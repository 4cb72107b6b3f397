//! The HTTP face: parse GET queries, form and JSON bodies into flat params, apply faults,
//! serve downloads. Every bad request gets a 4xx or an API error, never a 500.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderValue, CONTENT_DISPOSITION, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::engine::{error_answer, Engine, Refusal};
use super::faults::{Failure, Faults};
use super::rng::{hash_str, mix};
use super::validate::{codes, ApiError};
use crate::transport::REQUEST_ID_HEADER;

/// Largest request body read; larger ones get HTTP 413.
const MAX_BODY: usize = 4 << 20;
/// Chunks a slow body is cut into.
const SLOW_CHUNKS: u32 = 16;

pub(crate) type Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

/// Shared per-server state.
pub(crate) struct Server {
    pub(crate) engine: Engine,
    pub(crate) faults: Faults,
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
    let mut params = parse_form(parts.uri.query().unwrap_or(""));
    let mut parse_error = None;
    match parts.method {
        Method::GET | Method::HEAD => {}
        Method::POST => {
            let bytes = match Limited::new(body, MAX_BODY).collect().await {
                Ok(c) => c.to_bytes(),
                Err(_) => {
                    return Ok(plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large or unreadable"))
                }
            };
            let is_json = parts
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
            if is_json {
                match serde_json::from_slice::<Value>(&bytes) {
                    Ok(Value::Object(map)) => {
                        for (k, v) in map {
                            flatten(&k, &v, &mut params);
                        }
                    }
                    Ok(_) => parse_error = Some("JSON body must be an object".to_owned()),
                    Err(e) => parse_error = Some(format!("JSON body does not parse: {e}")),
                }
            } else {
                match std::str::from_utf8(&bytes) {
                    Ok(text) => params.extend(parse_form(text)),
                    Err(_) => parse_error = Some("form body is not UTF-8".to_owned()),
                }
            }
        }
        _ => return Ok(plain(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST")),
    }
    let action = params.get("Action").cloned().unwrap_or_default();
    let n = server.counter.fetch_add(1, Ordering::Relaxed);
    let faults = &server.faults;
    let plan = faults.plan(server.seed, n);
    let answer = match (plan.fail, parse_error) {
        (Some(Failure::Http(status)), _) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            wait_latency(faults, arrived).await;
            return Ok(plain(status, status.canonical_reason().unwrap_or("injected fault")));
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
    let body = match faults.slow_body {
        Some(total) => trickle(Bytes::from(text), total),
        None => Full::new(Bytes::from(text)).boxed(),
    };
    let mut resp = Response::new(body);
    resp.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    wait_latency(faults, arrived).await;
    Ok(resp)
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

/// `a=1&b=x%20y` (and `+` for space) into pairs; later duplicates win.
pub(crate) fn parse_form(text: &str) -> BTreeMap<String, String> {
    let decode = |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// A JSON body into wire names: objects as `Foo.Bar`, arrays as `Foo.0`, the way a form
/// body would carry them, so one signature rule covers both.
pub(crate) fn flatten(name: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{name}.{k}"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{name}.{i}"), v, out);
            }
        }
        Value::String(s) => {
            out.insert(name.to_owned(), s.clone());
        }
        Value::Number(n) => {
            let text = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => i.to_string(),
                (_, Some(u), _) => u.to_string(),
                (_, _, Some(f)) => crate::params::format_float(f).unwrap_or_else(|| n.to_string()),
                _ => n.to_string(),
            };
            out.insert(name.to_owned(), text);
        }
        Value::Bool(b) => {
            out.insert(name.to_owned(), b.to_string());
        }
        Value::Null => {}
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

    #[test]
    fn json_flattening() {
        let v: Value =
            serde_json::json!({"Ids": ["a", "b"], "Disk": {"Size": 20, "Ratio": 0.5}, "On": true, "N": null});
        let mut out = BTreeMap::new();
        for (k, v) in v.as_object().unwrap() {
            flatten(k, v, &mut out);
        }
        let got: Vec<(&str, &str)> = out.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            vec![("Disk.Ratio", "0.5"), ("Disk.Size", "20"), ("Ids.0", "a"), ("Ids.1", "b"), ("On", "true")]
        );
    }
}
