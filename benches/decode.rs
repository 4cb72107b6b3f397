//! Decoding a 100-order `ListPaidOrders` page: the generated tolerant decoders
//! (`sdkgen_runtime::decode::from_body_tolerant` into the build-mode `ListPaidOrdersResponse`) against
//! plain `serde_json::from_slice` into plain structs of the same shape (the ceiling).
//!
//! `cargo bench -p sdkgen-benches --bench decode` (criterion; release). Target: tolerant ≥ 0.7× plain throughput.

#[path = "support/order_json.rs"]
mod order_json;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sdkgen_runtime::decode::{from_body_tolerant as from_body, from_json};
use std::hint::black_box;
use surfercloud_sdk::billing::operation::list_paid_orders::ListPaidOrdersResponse;

fn benches(c: &mut Criterion) {
    let body = order_json::page_body(100);
    // Both sides read the same orders.
    let tolerant: ListPaidOrdersResponse = from_body("ListPaidOrders", &body).expect("tolerant decode");
    let plain: order_json::PlainResponse =
        sdkgen_runtime::serde_json::from_slice(&body).expect("plain decode");
    assert_eq!(tolerant.orders.len(), 100);
    assert_eq!(plain.Orders.len(), 100);

    let mut group = c.benchmark_group("decode_100_orders");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("tolerant_from_body", |b| {
        b.iter(|| {
            let r: ListPaidOrdersResponse = from_body("ListPaidOrders", black_box(&body)).unwrap();
            black_box(r)
        })
    });
    group.bench_function("plain_serde_json", |b| {
        b.iter(|| {
            let r: order_json::PlainResponse =
                sdkgen_runtime::serde_json::from_slice(black_box(&body)).unwrap();
            black_box(r)
        })
    });
    // The tolerant structs without serde_path_to_error: how much of the gap is the path tracking.
    group.bench_function("tolerant_serde_json", |b| {
        b.iter(|| {
            let r: ListPaidOrdersResponse = from_json(black_box(&body)).unwrap();
            black_box(r)
        })
    });
    group.finish();
    println!("decode: body {} bytes, 100 orders of {} fields", body.len(), order_json::order_fields().len());
    interleaved(&body);
}

/// The ratio on a shared, noisy machine: plain and tolerant batches alternate, so load that
/// comes and goes hits both alike; the median of the per-round ratios is printed.
fn interleaved(body: &[u8]) {
    const ROUNDS: usize = 41;
    const BATCH: u32 = 40;
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        for _ in 0..BATCH {
            f();
        }
        start.elapsed().as_secs_f64() / f64::from(BATCH)
    };
    let plain = || {
        let r: order_json::PlainResponse = sdkgen_runtime::serde_json::from_slice(black_box(body)).unwrap();
        black_box(r);
    };
    let tolerant = || {
        let r: ListPaidOrdersResponse = from_body("ListPaidOrders", black_box(body)).unwrap();
        black_box(r);
    };
    let mut ratios = Vec::new();
    let (mut plain_times, mut tolerant_times) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let p = time(&plain);
        let t = time(&tolerant);
        ratios.push(p / t);
        plain_times.push(p);
        tolerant_times.push(t);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "decode interleaved ({ROUNDS} rounds of {BATCH}): plain {:.0} µs, tolerant from_body {:.0} µs; \
         tolerant throughput = {:.2}× plain (median of per-round ratios; target ≥ 0.7×)",
        median(&mut plain_times) * 1e6,
        median(&mut tolerant_times) * 1e6,
        median(&mut ratios)
    );
}

criterion_group!(decode, benches);
criterion_main!(decode);
