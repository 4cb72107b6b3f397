//! Families are independent: loading and emitting them in parallel uses every core. A scoped
//! thread pool over an atomic index, results kept in input order (so output never depends on
//! scheduling).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `items.map(f)` on up to `available_parallelism()` threads, in input order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let value = f(item);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(value);
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_input_order() {
        let items: Vec<u64> = (0..100).collect();
        let out = super::map(&items, |n| n * 2);
        assert_eq!(out, (0..100).map(|n| n * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |n| *n).is_empty());
    }
}
