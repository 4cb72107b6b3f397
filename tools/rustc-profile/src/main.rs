//! Where rustc spends its time on one crate, by query and by the kind of item it ran on.
//!
//! Record a profile of the crate (in a workspace that builds it):
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 cargo rustc -p ulb-api --profile check -- \
//!     -Zself-profile=/tmp/prof -Zself-profile-events=default,query-keys
//! cargo run --release --manifest-path tools/rustc-profile/Cargo.toml -- /tmp/prof/ulb_api-<pid>
//! ```
//!
//! It prints the queries by self time, then `typeck`, `mir_borrowck` and `check_well_formed`
//! summed by item kind: a method by its name (`fmt`, `clone`, `visit`, `encode`, …), anything
//! else by the module it is in. Times are the profile's (a profiled run is slower than a plain
//! one); compare kinds within one profile, and measure a change in instructions
//! (`INSTRUCTIONS=1 tools/bench-compile.sh`).

use analyzeme::{ProfilingData, Timestamp};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// One timed event: thread, start, end, label (with the item it ran on, for the grouped queries).
struct Event {
    thread: u32,
    start: SystemTime,
    end: SystemTime,
    label: String,
}

/// Queries worth splitting by item.
const BY_ITEM: &[&str] = &["typeck", "mir_borrowck", "check_well_formed"];

fn main() {
    let Some(stem) = std::env::args().nth(1) else {
        eprintln!("usage: rustc-profile <profile path without .mm_profdata> [rows]");
        std::process::exit(2);
    };
    let rows: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(30);
    let data = match ProfilingData::new(Path::new(&stem)) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("rustc-profile: cannot read {stem}: {err}");
            std::process::exit(1);
        }
    };
    let mut events = Vec::new();
    for event in data.iter_full() {
        let Some(Timestamp::Interval { start, end }) = event.payload.timestamp() else { continue };
        let mut label = event.label.to_string();
        if BY_ITEM.contains(&label.as_str()) {
            if let Some(key) = event.additional_data.first() {
                label = format!("{label} {}", item_kind(key));
            }
        }
        events.push(Event { thread: event.thread_id, start, end, label });
    }
    // Outer events first at equal starts, so a stack per thread gives each its self time.
    events.sort_by_key(|e| (e.thread, e.start, std::cmp::Reverse(e.end)));
    let mut totals: HashMap<String, (Duration, Duration, u64)> = HashMap::new();
    let mut stack: Vec<(SystemTime, String, Duration)> = Vec::new();
    let mut thread = None;
    let pop_until = |stack: &mut Vec<(SystemTime, String, Duration)>,
                     at: Option<SystemTime>,
                     totals: &mut HashMap<String, (Duration, Duration, u64)>| {
        while stack.last().is_some_and(|top| at.is_none_or(|at| top.0 <= at)) {
            if let Some((_, label, own)) = stack.pop() {
                totals.entry(label).or_default().0 += own;
            }
        }
    };
    for event in events {
        if thread != Some(event.thread) {
            pop_until(&mut stack, None, &mut totals);
            thread = Some(event.thread);
        }
        pop_until(&mut stack, Some(event.start), &mut totals);
        let length = event.end.duration_since(event.start).unwrap_or_default();
        if let Some(parent) = stack.last_mut() {
            parent.2 = parent.2.saturating_sub(length);
        }
        let entry = totals.entry(event.label.clone()).or_default();
        entry.1 += length;
        entry.2 += 1;
        stack.push((event.end, event.label, length));
    }
    pop_until(&mut stack, None, &mut totals);

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut all: Vec<_> = totals.iter().filter(|(label, _)| !label.contains(' ')).collect();
    all.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    println!(
        "{:>9} {:>9} {:>7}  query or activity (self time, inclusive time, count)",
        "self ms", "incl ms", "count"
    );
    for (label, (own, incl, count)) in all.iter().take(rows) {
        println!("{:9.1} {:9.1} {:7}  {label}", ms(*own), ms(*incl), count);
    }
    let mut by_item: Vec<_> = totals.iter().filter(|(label, _)| label.contains(' ')).collect();
    by_item.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    println!(
        "\n{:>9} {:>7} {:>9}  query and item kind (inclusive time, count, per item)",
        "incl ms", "count", "ms/item"
    );
    for (label, (_, incl, count)) in by_item.iter().take(rows) {
        println!("{:9.1} {:7} {:9.2}  {label}", ms(*incl), count, ms(*incl) / (*count).max(1) as f64);
    }
}

/// `my_crate::model::{{impl}}[12]::visit` → `visit (model)`; an item outside an impl → its
/// module; an impl itself → `impl (module)`.
fn item_kind(key: &str) -> String {
    let segments: Vec<&str> = key.split("::").collect();
    let module = segments.get(1).copied().unwrap_or("crate");
    let last = segments.last().copied().unwrap_or(key);
    if last.starts_with("{{impl}}") {
        format!("impl ({module})")
    } else if key.contains("{{impl}}") {
        format!("{last} ({module})")
    } else {
        format!("item ({module})")
    }
}
