//! Paging 10,000 paid orders from the fake server with 20 ms latency per answer: page by page
//! (`.page(n).page_size(100).send()`) against `.page_size(100).items()`, which fetches up to 4
//! pages at once after the first.
//!
//! `cargo bench -p sdkgen-benches --bench paginate` (release). Target: concurrent within 1.3× of
//! (1 + ⌈(pages − 1) / 4⌉) × 20 ms.

use futures_util::TryStreamExt;
use sdkgen_runtime::fake::{FakeServer, Faults};
use sdkgen_runtime::serde_json::{self, Value};
use sdkgen_runtime::UnixTime;
use std::time::{Duration, Instant};
use surfercloud_sdk::billing::mock::{Server, API_JSON};

const ORDERS: u64 = 10_000;
const PAGE: i64 = 100;
const LATENCY: Duration = Duration::from_millis(20);
const RUNS: usize = 5;

fn main() {
    // The billing fake with 10,000 paid orders instead of the family's 1,200.
    let mut api: Value = serde_json::from_str(API_JSON).expect("api.json");
    api["config"]["fake"]["lists"]["ListPaidOrders"]["count"] = ORDERS.into();
    let api = serde_json::to_string(&api).expect("api.json");
    let now = 1_767_225_600; // 2026-01-01, pinned so every run sees the same data
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    // On the bench's multi-thread runtime (not `start_blocking`'s single thread), so the fake's
    // own work per page can use both cores like a real server's would.
    let start = |latency: Option<Duration>| {
        rt.block_on(
            FakeServer::builder(&api).now(now).faults(Faults { latency, ..Default::default() }).start(),
        )
        .expect("start the fake")
    };
    let server = start(Some(LATENCY));
    let client = Server::client(&server).expect("client");
    let (since, until) = (UnixTime(now - 366 * 86_400 + 1), UnixTime(now + 1));

    let first =
        rt.block_on(client.list_paid_orders(since, until).page(1).page_size(PAGE).send()).expect("page 1");
    let total = first.total.unwrap_or(0) as u64;
    if total != ORDERS {
        println!("paginate: the fake reports {total} orders in range, not {ORDERS}; figures are for {total}");
    }
    let pages = total.div_ceil(PAGE as u64);
    let ideal = LATENCY * (1 + (pages - 1).div_ceil(4)) as u32;

    let mut seq = Vec::new();
    let mut conc = Vec::new();
    for _ in 0..RUNS {
        // Side by side in each run, so load on the machine hits both alike.
        let start = Instant::now();
        let n = rt.block_on(async {
            let mut n = 0;
            for page in 1..=pages as i64 {
                let r = client.list_paid_orders(since, until).page(page).page_size(PAGE).send().await?;
                n += r.orders.len();
            }
            Ok::<_, sdkgen_runtime::Error>(n)
        });
        seq.push(start.elapsed());
        assert_eq!(n.expect("sequential") as u64, total);

        let start = Instant::now();
        let items: Vec<_> = rt
            .block_on(client.list_paid_orders(since, until).page_size(PAGE).items().try_collect())
            .expect("concurrent");
        conc.push(start.elapsed());
        assert_eq!(items.len() as u64, total);
    }
    // The floor under the latency: the same pages from a fake without it (client + server CPU).
    let quick = start(None);
    let quick_client = Server::client(&quick).expect("client");
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let begin = Instant::now();
        rt.block_on(async {
            for page in 1..=pages as i64 {
                quick_client.list_paid_orders(since, until).page(page).page_size(PAGE).send().await?;
            }
            Ok::<_, sdkgen_runtime::Error>(())
        })
        .expect("no-latency pages");
        floor.push(begin.elapsed());
    }
    let floor = median(&mut floor);
    println!(
        "paginate: without latency, {pages} pages one after another take {:.0} ms ({:.1} ms of client + fake CPU per page)",
        ms(floor),
        ms(floor) / pages as f64
    );
    quick.shutdown();
    let (s, c) = (median(&mut seq), median(&mut conc));
    println!(
        "paginate: {total} orders, {pages} pages of {PAGE}, {} ms latency; median of {RUNS}: sequential {:.0} ms, \
         concurrent (items, 4 in flight) {:.0} ms ({:.1}x faster); ideal {:.0} ms, concurrent/ideal {:.2} (target <= 1.30)",
        LATENCY.as_millis(),
        ms(s),
        ms(c),
        s.as_secs_f64() / c.as_secs_f64(),
        ms(ideal),
        c.as_secs_f64() / ideal.as_secs_f64(),
    );
    server.shutdown();
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
