//! Peak heap while decoding a ~10 MB `ListPaidOrders` response with the generated tolerant
//! decoders (`from_body`), against plain serde into plain structs; a counting global allocator
//! measures the bytes live above the body itself.
//!
//! `cargo bench -p sdkgen-benches --bench decode_memory` (release).

#[path = "support/order_json.rs"]
mod order_json;

use sdkgen_runtime::decode::from_body_tolerant;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use surfercloud_sdk::billing::operation::list_paid_orders::ListPaidOrdersResponse;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak bytes allocated above what was live when `f` started, and what `f`'s result holds.
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, usize, T) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (PEAK.load(Relaxed) - base, LIVE.load(Relaxed) - base, out)
}

fn main() {
    // ~10 MB: orders of ~1.5 KB each.
    let probe = order_json::page_body(100).len();
    let count = 10_000_000 * 100 / probe;
    let body = order_json::page_body(count);
    let mb = |b: usize| b as f64 / 1e6;
    let (peak, held, r) =
        peak_of(|| from_body_tolerant::<ListPaidOrdersResponse>("ListPaidOrders", &body).unwrap());
    let orders = r.orders.len();
    drop(r);
    println!(
        "decode_memory: body {:.1} MB ({orders} orders): tolerant from_body peak heap {:.1} MB above the body \
         ({:.2}x the body), result holds {:.1} MB",
        mb(body.len()),
        mb(peak),
        peak as f64 / body.len() as f64,
        mb(held)
    );
    let (peak, held, r) =
        peak_of(|| sdkgen_runtime::serde_json::from_slice::<order_json::PlainResponse>(&body).unwrap());
    drop(r);
    println!(
        "decode_memory: plain serde_json peak heap {:.1} MB above the body ({:.2}x the body), result holds {:.1} MB",
        mb(peak),
        peak as f64 / body.len() as f64,
        mb(held)
    );
}
