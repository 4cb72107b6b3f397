//! A tiny real HTTP/1.1 server on loopback serving canned responses, recording requests.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One canned reply.
#[derive(Clone, Debug)]
pub struct Reply {
    /// Exact bytes to write (status line, headers, body).
    pub raw: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16, content_type: &str, body: impl AsRef<[u8]>) -> Self {
        let body = body.as_ref();
        let mut raw = format!(
            "HTTP/1.1 {status} Canned\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(body);
        Reply { raw, delay: Duration::ZERO }
    }

    pub fn json(body: &str) -> Self {
        Self::status(200, "application/json", body)
    }

    /// A response whose headers and body the test writes byte for byte.
    pub fn raw(raw: impl Into<Vec<u8>>) -> Self {
        Reply { raw: raw.into(), delay: Duration::ZERO }
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Server {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

type Responder = Arc<dyn Fn(usize, &Seen) -> Reply + Send + Sync>;

/// Serves `replies` in order; the last one repeats for any further request.
pub async fn serve(replies: Vec<Reply>) -> Server {
    assert!(!replies.is_empty());
    serve_fn(move |n, _| replies[n.min(replies.len() - 1)].clone()).await
}

/// Answers each request with `respond(request_number, request)`.
pub async fn serve_fn(respond: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Server {
    let respond: Responder = Arc::new(respond);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let slot = {
                let mut log = log.lock().unwrap();
                // Reserve this connection's slot so request numbers follow arrival order.
                log.push(Seen {
                    method: String::new(),
                    target: String::new(),
                    headers: vec![],
                    body: String::new(),
                });
                log.len() - 1
            };
            let (log, respond) = (Arc::clone(&log), Arc::clone(&respond));
            tokio::spawn(async move { handle(stream, slot, respond, log).await });
        }
    });
    Server { url, seen }
}

async fn handle(mut stream: TcpStream, slot: usize, respond: Responder, log: Arc<Mutex<Vec<Seen>>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("").to_owned();
    let target = request_line.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + len {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buf[header_end..buf.len().min(header_end + len)]).into_owned();
    let seen = Seen { method, target, headers, body };
    let reply = respond(slot, &seen);
    log.lock().unwrap()[slot] = seen;
    tokio::time::sleep(reply.delay).await;
    let _ = stream.write_all(&reply.raw).await;
    let _ = stream.shutdown().await;
}

/// Decodes a form body / query string into pairs, as form-urlencoded parsers do.
pub fn form_pairs(s: &str) -> Vec<(String, String)> {
    let dec =
        |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (dec(k), dec(v))
        })
        .collect()
}

pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
