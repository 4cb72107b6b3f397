//! Signing and encoding a `ListPaidOrders`-shaped request with every list filled (10 values in
//! each of its 8 lists, plus the scalars and the common params: 89 wire params).
//!
//! `cargo bench -p sdkgen-runtime --bench sign_encode` (criterion; release).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sdkgen_runtime::{sign, Credentials, Params};
use std::hint::black_box;

const LIST_LEN: usize = 10;

/// The request as generated code builds it: scalars, then every list as `Name.N`.
fn request() -> Params {
    let mut p = Params::new();
    p.set_str("Action", "ListPaidOrders")
        .set_str("PublicKey", "ucloudsomeone@example.com1296235120854146120")
        .set_str("Region", "cn-zj")
        .set_str("Zone", "cn-zj-01")
        .set_str("ProjectId", "org-4f2a9c")
        .set_int("StartTime", 1_735_689_600)
        .set_int("EndTime", 1_738_368_000)
        .set_int("Page", 3)
        .set_int("PageSize", 100)
        .set_list("ResourceIds", (0..LIST_LEN).map(|i| format!("uhost-{i:08x}")))
        .set_list("ModelIds", (0..LIST_LEN).map(|i| format!("deepseek-ai/DeepSeek-V3-{i}")))
        .set_list("PricingUnits", (0..LIST_LEN).map(|i| (i % 4).to_string()))
        .set_list("OrderTypes", (0..LIST_LEN).map(|i| (i % 6).to_string()))
        .set_list("PricingSkus", (0..LIST_LEN).map(|i| format!("sku.tokens.input-{i}")))
        .set_list("ProductCodes", (0..LIST_LEN).map(|i| if i % 2 == 0 { "modelverse" } else { "sandbox" }))
        .set_list("Regions", (0..LIST_LEN).map(|i| format!("region-{i} (east)")))
        .set_list("OrganizationIds", (0..LIST_LEN).map(|i| (50_000 + i).to_string()));
    p
}

fn benches(c: &mut Criterion) {
    let credentials = Credentials::new(
        "ucloudsomeone@example.com1296235120854146120",
        "46f09bb9fab4f12dfc160dae12273d5332b5debe",
    );
    let params = request();
    let body_len = params.to_form_body().len();
    let mut group = c.benchmark_group("list_paid_orders_request");
    group.throughput(Throughput::Elements(1));
    group.bench_function("build_params", |b| b.iter(|| black_box(request())));
    group.bench_function("sign", |b| b.iter(|| black_box(sign(black_box(&params), &credentials))));
    group.bench_function("to_form_body", |b| b.iter(|| black_box(black_box(&params).to_form_body())));
    group.bench_function("sign_and_encode", |b| {
        b.iter(|| {
            let mut p = black_box(&params).clone();
            let signature = sign(&p, &credentials);
            p.set_str("Signature", signature);
            black_box(p.to_form_body())
        })
    });
    group.bench_function("build_sign_encode", |b| {
        b.iter(|| {
            let mut p = request();
            let signature = sign(&p, &credentials);
            p.set_str("Signature", signature);
            black_box(p.to_form_body())
        })
    });
    group.finish();
    println!("sign_encode: {} wire params, form body {} bytes", params.len(), body_len);
}

criterion_group!(sign_encode, benches);
criterion_main!(sign_encode);
