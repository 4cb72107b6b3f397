//! The fake server under hostile clients (issue 17): request bodies that flatten into far more
//! than they weigh, nested list params sent by the tens of thousands, and connections that
//! never finish their headers, trickle their body or sit idle. Every answer is a 4xx or an API
//! error, quickly, and other clients keep being served.
//!
//! The time bounds here are hang guards, many times what the work needs: what they catch are
//! the minutes (or forever) of the unbounded versions. Speed itself is measured by
//! `benches/fake_load.rs`.
#![cfg(feature = "fake")]

mod fake_support;

use std::time::{Duration, Instant};

use fake_support::*;
use sdkgen_runtime::fake::{codes, FakeServer, Limits, RunningServer};
use sdkgen_runtime::Params;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous bound for anything that should take milliseconds.
const GUARD: Duration = Duration::from_secs(20);

/// Short connection timeouts, so the slow-client tests run in about a second each.
fn short_timeouts() -> Limits {
    Limits {
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(500),
        ..Limits::default()
    }
}

/// The billing fixture with a nested list param two levels deep, `Groups.N.Ids.N` (ints), on
/// `GetOrderAmount`.
fn nested_api() -> String {
    let mut api: Value = serde_json::from_str(API).expect("fixture parses");
    let action = api["actions"]
        .as_array_mut()
        .expect("actions")
        .iter_mut()
        .find(|a| a["name"] == "GetOrderAmount")
        .expect("GetOrderAmount");
    action["params"].as_array_mut().expect("params").push(serde_json::json!({
        "name": "Groups.N.Ids.N", "type": "int", "required": false, "description": "nested ids"
    }));
    api.to_string()
}

/// `Groups.i.Ids.j` for `groups` groups of two ids each, after the last 30 days' range.
fn nested_params(groups: usize) -> Vec<(String, String)> {
    let mut extra =
        vec![("StartTime".to_owned(), (NOW - 30 * DAY).to_string()), ("EndTime".to_owned(), NOW.to_string())];
    for g in 0..groups {
        for i in 0..2 {
            extra.push((format!("Groups.{g}.Ids.{i}"), (g * 2 + i).to_string()));
        }
    }
    extra
}

fn signed(client: &Client, action: &str, extra: &[(String, String)]) -> Params {
    let extra: Vec<(&str, String)> = extra.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    client.signed(action, &extra)
}

/// POSTs `body` with `content_type`; the status and body text, within [`GUARD`].
async fn post_raw(client: &Client, content_type: &str, body: Vec<u8>) -> (u16, String) {
    let sent =
        client.http.post(format!("{}/", client.base)).header("Content-Type", content_type).body(body).send();
    let resp = tokio::time::timeout(GUARD, sent).await.expect("answered within the guard").expect("sent");
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap_or_default())
}

fn address(server: &RunningServer) -> String {
    server.base_url().trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the connection (EOF or reset) or `bound` passes; what was read
/// and whether it closed.
async fn read_until_closed(read: &mut (impl AsyncReadExt + Unpin), bound: Duration) -> (String, bool) {
    let deadline = tokio::time::Instant::now() + bound;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, read.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), false),
            Ok(Ok(0) | Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_list_params_are_validated_in_linear_time() {
    // On a thread of its own, so a stuck server cannot stall this test's hang guard.
    let server = FakeServer::builder(&nested_api())
        .public_key(PUBLIC)
        .private_key(PRIVATE)
        .now(NOW)
        .start_blocking()
        .expect("starts");
    let client = Client::new(&server);
    // 80 000 wire params under one nested list: each `Groups.g.Ids` list used to be found by a
    // scan of every param, 40 000 scans of 80 000 names.
    let mut extra = nested_params(40_000);
    let started = Instant::now();
    let (status, body) = post_raw(
        &client,
        "application/x-www-form-urlencoded",
        signed(&client, "GetOrderAmount", &extra).to_form_body().into_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(ret_code(&v), 0, "{v}");
    eprintln!("80 000 nested params answered in {:?}", started.elapsed());

    // Every element is still checked: the very last one is not an int.
    extra.last_mut().expect("params").1 = "x".to_owned();
    let (_, body) = post_raw(
        &client,
        "application/x-www-form-urlencoded",
        signed(&client, "GetOrderAmount", &extra).to_form_body().into_bytes(),
    )
    .await;
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(ret_code(&v), codes::BAD_TYPE, "{v}");
    assert!(v["Message"].as_str().expect("Message").contains("[Groups.39999.Ids.1]"), "{v}");
}

#[tokio::test]
async fn a_json_body_that_flattens_to_far_more_than_it_weighs_gets_413() {
    let (_server, client) = start(1).await;
    // 200 KB: one 4 KiB name over 100 000 zeros. Flattened, every zero's name repeats the
    // 4 KiB: 400 MB of names, which used to be built before anything was checked.
    let name = "K".repeat(4096);
    let zeros = vec!["0"; 100_000].join(",");
    let body = format!(r#"{{"{name}":[{zeros}]}}"#);
    assert!(body.len() < 300_000);
    let (status, text) = post_raw(&client, "application/json", body.into_bytes()).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("bytes of params"), "{text}");

    // Wide instead of long: more leaves than params allowed.
    let ones = vec!["1"; 150_000].join(",");
    let (status, text) =
        post_raw(&client, "application/json", format!(r#"{{"Ids":[{ones}]}}"#).into_bytes()).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("100000 params"), "{text}");

    // The server is fine, and a normal JSON body is still read.
    let v = client.call("GetOrderAmount", &last_days(30)).await;
    assert_eq!(ret_code(&v), 0, "{v}");
}

#[tokio::test]
async fn a_form_body_with_too_many_params_gets_413() {
    let (_server, client) = start(1).await;
    let body: String = (0..150_000).map(|i| format!("P{i}=&")).collect();
    let (status, text) = post_raw(&client, "application/x-www-form-urlencoded", body.into_bytes()).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("100000 params"), "{text}");
}

#[tokio::test]
async fn the_caps_are_the_configured_ones() {
    let limits = Limits { max_params: 10, max_param_bytes: 200, ..Limits::default() };
    let server = builder(1).limits(limits).start().await.expect("starts");
    let client = Client::new(&server);
    // Within both caps: answered.
    let v = client.call("GetOrderAmount", &last_days(30)).await;
    assert_eq!(ret_code(&v), 0, "{v}");
    // 11 params.
    let body: String = (0..11).map(|i| format!("P{i}=&")).collect();
    let (status, text) = post_raw(&client, "application/x-www-form-urlencoded", body.into_bytes()).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("10 params"), "{text}");
    // Three params, 201 bytes.
    let body = format!("A=1&B=2&C={}", "x".repeat(198));
    let (status, text) = post_raw(&client, "application/x-www-form-urlencoded", body.into_bytes()).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("200 bytes of params"), "{text}");
    // The query counts too.
    let url =
        format!("{}/?{}", client.base, (0..11).map(|i| format!("Q{i}=1")).collect::<Vec<_>>().join("&"));
    let resp = client.http.get(url).send().await.expect("sent");
    assert_eq!(resp.status().as_u16(), 413);
}

#[tokio::test]
async fn json_nested_past_serde_json_recursion_limit_is_an_api_error() {
    let (_server, client) = start(1).await;
    let depth = 100_000;
    let body = format!(r#"{{"A":{}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    let (status, text) = post_raw(&client, "application/json", body.into_bytes()).await;
    assert_eq!(status, 200, "{text}");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(ret_code(&v), codes::BAD_TYPE, "{v}");
    assert!(v["Message"].as_str().expect("Message").contains("recursion limit"), "{v}");
}

#[tokio::test]
async fn a_connection_trickling_its_headers_is_closed() {
    let server = builder(1).limits(short_timeouts()).start().await.expect("starts");
    let stream = TcpStream::connect(address(&server)).await.expect("connects");
    let (mut read, mut write) = stream.into_split();
    let trickle = tokio::spawn(async move {
        write.write_all(b"GET /?Action=GetOrderAmount HTTP/1.1\r\nHost: fake\r\n").await?;
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            write.write_all(b"X-Pad: 1\r\n").await?;
        }
        #[allow(unreachable_code)]
        Ok::<(), std::io::Error>(())
    });
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut read, Duration::from_secs(10)).await;
    assert!(closed, "a slowloris connection is still open after {:?}", started.elapsed());
    trickle.abort();
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let server = builder(1).limits(short_timeouts()).start().await.expect("starts");
    let mut stream = TcpStream::connect(address(&server)).await.expect("connects");
    stream.write_all(b"GET /?Action=GetOrderAmount HTTP/1.1\r\nHost: fake\r\n\r\n").await.expect("writes");
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle keep-alive connection is still open");
}

#[tokio::test]
async fn a_trickled_body_gets_408() {
    let server = builder(1).limits(short_timeouts()).start().await.expect("starts");
    let stream = TcpStream::connect(address(&server)).await.expect("connects");
    let (mut read, mut write) = stream.into_split();
    let trickle = tokio::spawn(async move {
        write
            .write_all(
                b"POST / HTTP/1.1\r\nHost: fake\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                  Content-Length: 100000\r\n\r\n",
            )
            .await?;
        loop {
            write.write_all(b"A=1&").await?;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        #[allow(unreachable_code)]
        Ok::<(), std::io::Error>(())
    });
    let (answer, closed) = read_until_closed(&mut read, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(closed, "the connection stays open after its body timed out");
    trickle.abort();
}

/// On a `start_blocking` server (one thread for every connection) a crowd of slowloris
/// connections, a body that would flatten to 400 MB and 80 000 nested params in flight do not
/// stop a normal client's calls from being answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_heavy_clients_do_not_starve_others() {
    let server = FakeServer::builder(&nested_api())
        .public_key(PUBLIC)
        .private_key(PRIVATE)
        .now(NOW)
        .limits(Limits { header_timeout: Duration::from_secs(5), ..Limits::default() })
        .start_blocking()
        .expect("starts");
    let addr = address(&server);
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut stream = TcpStream::connect(&addr).await.expect("connects");
        stream.write_all(b"GET / HTTP/1.1\r\nHost: fake\r\n").await.expect("writes");
        slow.push(stream);
    }
    let client = Client::new(&server);
    let heavy_client = Client::new(&server);
    let heavy = tokio::spawn(async move {
        let name = "K".repeat(4096);
        let zeros = vec!["0"; 100_000].join(",");
        let bomb = format!(r#"{{"{name}":[{zeros}]}}"#).into_bytes();
        let nested =
            signed(&heavy_client, "GetOrderAmount", &nested_params(40_000)).to_form_body().into_bytes();
        let mut statuses = Vec::new();
        for _ in 0..2 {
            statuses.push(post_raw(&heavy_client, "application/json", bomb.clone()).await.0);
            statuses
                .push(post_raw(&heavy_client, "application/x-www-form-urlencoded", nested.clone()).await.0);
        }
        statuses
    });
    for _ in 0..20 {
        let v = tokio::time::timeout(GUARD, client.call("GetOrderAmount", &last_days(30)))
            .await
            .expect("a normal call is answered within the guard");
        assert_eq!(ret_code(&v), 0, "{v}");
    }
    assert_eq!(heavy.await.expect("heavy client"), [413, 200, 413, 200]);
    drop(slow);
}
