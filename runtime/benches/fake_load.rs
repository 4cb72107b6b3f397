//! The fake server under load: 1, 16 and 64 concurrent clients, each a loop of signed calls
//! over a keep-alive loopback connection, against the billing `api.json` served as
//! `sdkgen serve` serves it (`start_blocking`: one thread). Then 16 clients again while 200
//! slowloris connections hang open and one client posts JSON bodies that flatten to 400 MB.
//!
//! The server runs in a child process (this binary again, `FAKE_LOAD_SERVE=1`), so its memory is
//! its own: VmRSS and VmHWM from `/proc/<pid>/status`. Reports requests/s, p50 and p99 latency.
//!
//! `cargo bench -p sdkgen-runtime --features fake --bench fake_load` (about 45 s;
//! `FAKE_LOAD_SECS=N` sets each level's measured seconds, default 8).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sdkgen_runtime::fake::FakeServer;
use sdkgen_runtime::{CallOptions, Config, Credentials, Params, RetryPolicy, Transport, UnixTime};
use tokio::io::AsyncWriteExt;

const API: &str = include_str!("../../generated/billing/api.json");
const PUBLIC: &str = "bench-public";
const PRIVATE: &str = "bench-private";
/// Set in the child process that serves.
const SERVE_ENV: &str = "FAKE_LOAD_SERVE";

fn main() {
    if std::env::var_os(SERVE_ENV).is_some() {
        serve();
        return;
    }
    let secs = std::env::var("FAKE_LOAD_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    let measure = Duration::from_secs(secs);
    let server = Server::spawn();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    println!("fake_load: billing api.json, server on one thread in a child process, {secs} s per level");
    println!("server memory at start: {}", server.memory());
    println!(
        "{:<28} {:>9} {:>10} {:>9} {:>9} {:>12} {:>18}",
        "clients", "requests", "req/s", "p50 ms", "p99 ms", "server µs/req", "server RSS (MB)"
    );
    for clients in [1, 16, 64] {
        let run = runtime.block_on(load(&server, clients, measure, Hostile::None));
        println!("{}", run.row(&format!("{clients}"), &server));
    }
    let run = runtime.block_on(load(&server, 16, measure, Hostile::SlowlorisAndBombs));
    println!("{}", run.row("16 + 200 slowloris + bombs", &server));
    println!("  flatten bombs answered 413: {} of {}", run.bombs_refused, run.bombs_sent);
    println!("server memory at end: {}", server.memory());
    server.stop();
}

/// The child: serves until its standard input closes.
fn serve() {
    let server = FakeServer::builder(API)
        .public_key(PUBLIC)
        .private_key(PRIVATE)
        .seed(7)
        .start_blocking()
        .expect("the fake starts");
    println!("{}", server.base_url());
    std::io::stdout().flush().expect("stdout");
    let _ = std::io::stdin().lines().count();
    server.shutdown();
}

/// The serving child process.
struct Server {
    child: Child,
    base_url: String,
}

impl Server {
    fn spawn() -> Server {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .env(SERVE_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("server process starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("base URL");
        Server { child, base_url: line.trim().to_owned() }
    }

    /// `VmRSS` now and `VmHWM` (peak) of the server, in MB.
    fn memory(&self) -> String {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let kb = |key: &str| -> f64 {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key)?.trim().strip_suffix("kB")?.trim().parse().ok())
                .unwrap_or(f64::NAN)
        };
        format!("{:.1} (peak {:.1})", kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
    }

    /// CPU time the server has used so far (user + system), from `/proc/<pid>/stat`.
    fn cpu(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which may hold spaces): state is the 3rd field, utime
        // and stime the 14th and 15th, in clock ticks of 1/100 s.
        let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let ticks: u64 = rest.split_whitespace().skip(11).take(2).filter_map(|t| t.parse::<u64>().ok()).sum();
        Duration::from_millis(ticks * 10)
    }

    fn stop(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Traffic besides the measured clients.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hostile {
    None,
    /// 200 connections that send half a request's headers and stop, and one client posting
    /// JSON bodies that would flatten to 400 MB, one after another.
    SlowlorisAndBombs,
}

/// One level's result.
struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
    /// Server CPU time over the measured span (the bombs' included).
    server_cpu: Duration,
    errors: usize,
    bombs_sent: usize,
    bombs_refused: usize,
}

impl Run {
    fn row(&self, label: &str, server: &Server) -> String {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = |q: f64| {
            let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len().max(1)) - 1;
            sorted.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
        };
        let cpu = self.server_cpu.as_secs_f64() * 1e6 / sorted.len().max(1) as f64;
        let memory = server.memory();
        let errors = if self.errors > 0 { format!("  ({} errors)", self.errors) } else { String::new() };
        format!(
            "{label:<28} {:>9} {:>10.0} {:>9.2} {:>9.2} {cpu:>12.0} {memory:>18}{errors}",
            sorted.len(),
            sorted.len() as f64 / self.elapsed.as_secs_f64(),
            at(0.50),
            at(0.99)
        )
    }
}

/// `clients` tasks calling for one warm-up second and then `measure`, alternating a page of
/// `ListPaidOrders` (50 orders of the last 30 days) and `GetOrderAmount` over the same range.
async fn load(server: &Server, clients: usize, measure: Duration, hostile: Hostile) -> Run {
    let base_url = server.base_url.as_str();
    let config = Config::new(Credentials::new(PUBLIC, PRIVATE)).with_base_url(base_url);
    let transport =
        Arc::new(Transport::builder(config).retry_policy(RetryPolicy::never()).build().expect("transport"));
    let warm_until = Instant::now() + Duration::from_secs(1);
    let stop_at = warm_until + measure;
    let mut slow = Vec::new();
    let mut bombs = None;
    if hostile == Hostile::SlowlorisAndBombs {
        let addr = base_url.trim_start_matches("http://");
        for _ in 0..200 {
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connects");
            stream.write_all(b"POST / HTTP/1.1\r\nHost: fake\r\nContent-Ty").await.expect("writes");
            slow.push(stream);
        }
        bombs = Some(tokio::spawn(bomb(base_url.to_owned(), stop_at)));
    }
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let transport = transport.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0);
                let now = UnixTime::now();
                for n in c.. {
                    let started = Instant::now();
                    if started >= stop_at {
                        break;
                    }
                    let mut params = Params::new();
                    params.set_int("StartTime", now.days_ago(30).seconds()).set_int("EndTime", now.seconds());
                    let action = if n % 2 == 0 {
                        params.set_int("PageSize", 50).set_int("Page", (n % 5 + 1) as i64);
                        "ListPaidOrders"
                    } else {
                        "GetOrderAmount"
                    };
                    let ok = transport.call_raw(action, params, CallOptions::read()).await.is_ok();
                    if started >= warm_until {
                        latencies.push(started.elapsed());
                        errors += usize::from(!ok);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    tokio::time::sleep_until(warm_until.into()).await;
    let cpu_before = server.cpu();
    let mut run = Run {
        latencies: Vec::new(),
        elapsed: measure,
        server_cpu: Duration::ZERO,
        errors: 0,
        bombs_sent: 0,
        bombs_refused: 0,
    };
    for task in tasks {
        let (latencies, errors) = task.await.expect("client task");
        run.latencies.extend(latencies);
        run.errors += errors;
    }
    if let Some(bombs) = bombs {
        (run.bombs_sent, run.bombs_refused) = bombs.await.expect("bomb task");
    }
    run.server_cpu = server.cpu().saturating_sub(cpu_before);
    drop(slow);
    run
}

/// Posts a 200 KB JSON body whose 100 000 leaves each repeat a 4 KiB name until `stop_at`;
/// how many were sent and how many got 413.
async fn bomb(base_url: String, stop_at: Instant) -> (usize, usize) {
    let body = format!(r#"{{"{}":[{}]}}"#, "K".repeat(4096), vec!["0"; 100_000].join(","));
    sdkgen_runtime::ensure_tls_provider();
    let http = reqwest::Client::new();
    let (mut sent, mut refused) = (0, 0);
    while Instant::now() < stop_at {
        let resp = http
            .post(format!("{base_url}/"))
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await;
        sent += 1;
        refused += usize::from(resp.is_ok_and(|r| r.status() == 413));
    }
    (sent, refused)
}
