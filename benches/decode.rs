//! Decoding a 100-order `ListPaidOrders` page: the generated tolerant decoders
//! (`sdkgen_runtime::decode::from_body` into the build-mode `ListPaidOrdersResponse`) against
//! plain `serde_json::from_slice` into plain structs of the same shape (the ceiling).
//!
//! `cargo bench --bench decode` (criterion; release). Target: tolerant ≥ 0.7× plain throughput.

#[path = "support/order_json.rs"]
mod order_json;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sdkgen_runtime::decode::from_body;
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
            let r: ListPaidOrdersResponse = sdkgen_runtime::serde_json::from_slice(black_box(&body)).unwrap();
            black_box(r)
        })
    });
    group.finish();
    println!("decode: body {} bytes, 100 orders of {} fields", body.len(), order_json::order_fields().len());
}

criterion_group!(decode, benches);
criterion_main!(decode);
