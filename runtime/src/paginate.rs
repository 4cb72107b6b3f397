//! Streams over paged list actions.
//!
//! List actions page either by number (`Page`/`PageSize`) or by position
//! (`Offset`/`Limit`) and usually report a total. When the total is known
//! after the first page the remaining pages are fetched concurrently (bounded,
//! results kept in order); otherwise pages are fetched one by one until a
//! short page.

use std::any::Any;
use std::collections::BTreeMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{FuturesUnordered, StreamExt};

use crate::error::Error;

/// Which page to fetch, in the units of the action's paging style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Page number (for [`PageMode::Number`]) or item offset (for [`PageMode::Offset`]).
    pub index: u64,
    /// Page size / limit.
    pub size: u64,
}

/// What one fetch returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Total number of items across all pages (`TotalCount`), if the action reports it.
    pub total: Option<u64>,
}

/// How an action numbers its pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageMode {
    /// `Page`/`PageSize`, first page numbered `first` (0 or 1 depending on the action).
    Number {
        /// Number of the first page.
        first: u64,
    },
    /// `Offset`/`Limit`.
    Offset,
}

/// Paging settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paginate {
    /// How pages are addressed.
    pub mode: PageMode,
    /// Items per page (at least 1).
    pub page_size: u64,
    /// Most pages in flight at once once the total is known (default 4, at least 1).
    pub concurrency: usize,
    /// Where the first request points: a page number (never below the first) or an item
    /// offset. A call built with `.page(3)` or `.offset(40)` pages on from there.
    pub start: u64,
}

impl Paginate {
    /// Offset/limit paging with the given page size and default concurrency.
    pub fn offset(page_size: u64) -> Self {
        Paginate { mode: PageMode::Offset, page_size, concurrency: 4, start: 0 }
    }

    /// Page-number paging starting at `first`.
    pub fn numbered(first: u64, page_size: u64) -> Self {
        Paginate { mode: PageMode::Number { first }, page_size, concurrency: 4, start: first }
    }

    /// Starts at this page number or item offset instead of the first.
    pub fn starting_at(mut self, start: u64) -> Self {
        self.start = start;
        self
    }

    /// Sets how many pages may be in flight.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }

    /// The `k`-th request (0-based) from the start.
    fn request(&self, k: u64) -> PageRequest {
        let index = match self.mode {
            PageMode::Number { .. } => self.start.saturating_add(k),
            PageMode::Offset => self.start.saturating_add(k.saturating_mul(self.page_size)),
        };
        PageRequest { index, size: self.page_size }
    }

    /// How many pages there are from the start on, given the total number of items.
    fn pages_left(&self, total: u64) -> u64 {
        match self.mode {
            PageMode::Number { first } => {
                total.div_ceil(self.page_size).saturating_sub(self.start.saturating_sub(first))
            }
            PageMode::Offset => total.saturating_sub(self.start).div_ceil(self.page_size),
        }
    }
}

/// One page on its way through the engine, its items' type erased: the engine (its request
/// set, its buffer of early answers, the task around each request) is then compiled once in
/// this crate, not once per paged action of every generated crate.
pub(crate) struct AnyPage {
    /// The page's `Vec<T>`.
    items: Box<dyn Any + Send>,
    /// How many items it holds (a short page ends a stream without a total).
    len: usize,
    /// The total the action reported, if any.
    total: Option<u64>,
}

/// A page request on its way, boxed so every action's requests have one type.
pub(crate) type PageFuture = Pin<Box<dyn Future<Output = Result<AnyPage, Error>> + Send>>;

/// Starts the request for one page.
pub(crate) type Fetch = Box<dyn FnMut(PageRequest) -> PageFuture + Send>;

/// Stream of pages produced by [`paginate`]: a typed view of the one paging engine.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<T> {
    engine: Engine,
    items: PhantomData<fn() -> T>,
}

/// The paging engine, the same code for every item type.
struct Engine {
    settings: Paginate,
    fetch: Fetch,
    /// Requests still waiting for an answer, each with its page's 0-based index.
    pending: FuturesUnordered<Indexed>,
    /// Answers that arrived before an earlier page's, by index, until their turn.
    arrived: BTreeMap<u64, Result<AnyPage, Error>>,
    /// Index (0-based) of the next page to start.
    next: u64,
    /// Pages in all, once known from the total.
    page_count: Option<u64>,
    /// Pages yielded so far (the index of the next one to yield).
    yielded: u64,
    /// A request failed: start nothing more.
    failed: bool,
    done: bool,
}

/// A page's request tagged with the page's index, so answers can arrive in any order.
struct Indexed {
    index: u64,
    fut: PageFuture,
}

impl Future for Indexed {
    type Output = (u64, Result<AnyPage, Error>);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let index = self.index;
        self.fut.as_mut().poll(cx).map(|out| (index, out))
    }
}

/// Pages of a list action, fetching with `fetch(PageRequest)`.
///
/// The first page decides the strategy: with a total, the remaining
/// `ceil(total / size) - 1` pages are fetched with up to `concurrency` requests
/// waiting at once, yielded in order; a slow page does not hold back the requests
/// after it (up to `concurrency` answers wait for their turn). Without a total,
/// pages are fetched one at a time until one has fewer than `page_size` items.
/// The stream ends after the first error, in page order.
pub fn paginate<T, F, Fut>(settings: Paginate, mut fetch: F) -> Pages<T>
where
    T: Send + 'static,
    F: FnMut(PageRequest) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    paginate_erased(
        settings,
        Box::new(move |request| {
            let page = fetch(request);
            Box::pin(async move { page.await.map(AnyPage::new) })
        }),
    )
}

/// [`paginate`] over requests whose answers are already erased (what [`Call`](crate::Call) uses).
pub(crate) fn paginate_erased<T>(settings: Paginate, fetch: Fetch) -> Pages<T> {
    let start = match settings.mode {
        PageMode::Number { first } => settings.start.max(first),
        PageMode::Offset => settings.start,
    };
    let settings = Paginate {
        page_size: settings.page_size.max(1),
        concurrency: settings.concurrency.max(1),
        start,
        ..settings
    };
    let mut engine = Engine {
        settings,
        fetch,
        pending: FuturesUnordered::new(),
        arrived: BTreeMap::new(),
        next: 0,
        page_count: None,
        yielded: 0,
        failed: false,
        done: false,
    };
    engine.start_next();
    Pages { engine, items: PhantomData }
}

impl AnyPage {
    pub(crate) fn new<T: Send + 'static>(page: Page<T>) -> Self {
        AnyPage { len: page.items.len(), total: page.total, items: Box::new(page.items) }
    }
}

impl Engine {
    fn start_next(&mut self) {
        let request = self.settings.request(self.next);
        self.pending.push(Indexed { index: self.next, fut: (self.fetch)(request) });
        self.next += 1;
    }

    /// Yields the page whose turn it is and starts what may follow it.
    fn on_turn(&mut self, result: Result<AnyPage, Error>) -> Result<AnyPage, Error> {
        let page = match result {
            Ok(page) => page,
            Err(err) => {
                self.done = true;
                self.pending = FuturesUnordered::new();
                self.arrived.clear();
                return Err(err);
            }
        };
        let first = self.yielded == 0;
        self.yielded += 1;
        if page.len == 0 {
            // An empty page ends the stream whatever the total said: a wrong total must not
            // keep the stream asking for pages that never come.
            self.done = true;
            self.pending = FuturesUnordered::new();
            self.arrived.clear();
            return Ok(page);
        }
        if first {
            self.page_count = page.total.map(|total| self.settings.pages_left(total));
        }
        match self.page_count {
            Some(count) => self.fill(count),
            None => {
                if page.len as u64 >= self.settings.page_size {
                    self.start_next();
                }
            }
        }
        Ok(page)
    }

    /// Starts as many pages as the known count and the concurrency allow: at most
    /// `concurrency` waiting for an answer, and at most `concurrency` more answered early.
    fn fill(&mut self, count: u64) {
        let limit = self.settings.concurrency;
        while !self.failed
            && self.next < count
            && self.pending.len() < limit
            && self.pending.len() + self.arrived.len() < 2 * limit
        {
            self.start_next();
        }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<AnyPage, Error>>> {
        if self.done {
            return Poll::Ready(None);
        }
        loop {
            if let Some(result) = self.arrived.remove(&self.yielded) {
                return Poll::Ready(Some(self.on_turn(result)));
            }
            match self.pending.poll_next_unpin(cx) {
                Poll::Ready(Some((index, result))) => {
                    self.failed |= result.is_err();
                    self.arrived.insert(index, result);
                    // A request finished: another may start while this page waits its turn.
                    if let Some(count) = self.page_count {
                        self.fill(count);
                    }
                }
                Poll::Ready(None) => {
                    self.done = true;
                    return Poll::Ready(None);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T: 'static> Stream for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is Unpin (the closure and the requests are boxed).
        let page = std::task::ready!(self.get_mut().engine.poll_page(cx));
        Poll::Ready(page.map(|result| {
            result.map(|page| Page {
                total: page.total,
                // `Pages<T>` is only made with a fetch whose pages all hold `Vec<T>`
                // (`paginate::<T>`, `Call::pages`): another type is a bug here, not bad input.
                items: *page.items.downcast::<Vec<T>>().expect("a page holds the stream's item type"),
            })
        }))
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("settings", &self.engine.settings)
            .field("next", &self.engine.next)
            .field("yielded", &self.engine.yielded)
            .field("page_count", &self.engine.page_count)
            .finish_non_exhaustive()
    }
}

/// Flattens a stream of pages into a stream of items, in order; ends after an error.
pub fn into_items<T, S>(pages: S) -> Items<S, T>
where
    S: Stream<Item = Result<Page<T>, Error>> + Unpin,
{
    Items { pages, current: Vec::new().into_iter(), done: false }
}

/// The items of a stream of pages ([`into_items`]).
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct Items<S, T> {
    pages: S,
    current: std::vec::IntoIter<T>,
    done: bool,
}

// Nothing of an `Items` is ever pinned in place: the page stream is `Unpin`, and the
// items are moved out of their `Vec` by value.
impl<S: Unpin, T> Unpin for Items<S, T> {}

impl<T, S> Stream for Items<S, T>
where
    S: Stream<Item = Result<Page<T>, Error>> + Unpin,
{
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = Pin::into_inner(self);
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.current = page.items.into_iter(),
                Some(Err(err)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(err)));
                }
                None => {
                    this.done = true;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    type Fetched = Pin<Box<dyn Future<Output = Result<Page<u64>, Error>> + Send>>;

    /// A fake list of `n` items served by offset, optionally reporting the total,
    /// with later pages answering faster to expose ordering bugs.
    fn fetcher(
        n: u64,
        report_total: bool,
        live: Arc<AtomicUsize>,
        peak: Arc<AtomicUsize>,
        calls: Arc<AtomicUsize>,
    ) -> impl FnMut(PageRequest) -> Fetched {
        move |req| {
            let (live, peak, calls) = (live.clone(), peak.clone(), calls.clone());
            Box::pin(async move {
                calls.fetch_add(1, Ordering::SeqCst);
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(30u64.saturating_sub(req.index))).await;
                live.fetch_sub(1, Ordering::SeqCst);
                let items = (req.index..n.min(req.index + req.size)).collect();
                Ok(Page { items, total: report_total.then_some(n) })
            })
        }
    }

    async fn collect(n: u64, report_total: bool, concurrency: usize) -> (Vec<u64>, usize, usize) {
        let (live, peak, calls) = Default::default();
        let f = fetcher(n, report_total, live, Arc::clone(&peak), Arc::clone(&calls));
        let items: Vec<u64> = into_items(paginate(Paginate::offset(3).concurrency(concurrency), f))
            .try_collect()
            .await
            .unwrap();
        (items, peak.load(Ordering::SeqCst), calls.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn concurrent_and_sequential_agree_and_keep_order() {
        let want: Vec<u64> = (0..20).collect();
        let (seq, seq_peak, seq_calls) = collect(20, false, 4).await;
        let (par, par_peak, par_calls) = collect(20, true, 4).await;
        let (one, one_peak, _) = collect(20, true, 1).await;
        assert_eq!(seq, want);
        assert_eq!(par, want);
        assert_eq!(one, want);
        assert_eq!(seq_peak, 1, "no total: one page at a time");
        assert_eq!(one_peak, 1);
        assert!(par_peak > 1 && par_peak <= 4, "bounded concurrency, got {par_peak}");
        assert_eq!(par_calls, 7, "ceil(20/3) pages");
        assert_eq!(seq_calls, 7, "the short last page ends it");
    }

    #[tokio::test]
    async fn exact_multiple_without_total_stops_at_empty_page() {
        let (items, _, calls) = collect(9, false, 4).await;
        assert_eq!(items.len(), 9);
        assert_eq!(calls, 4);
        let (items, _, calls) = collect(0, true, 4).await;
        assert!(items.is_empty());
        assert_eq!(calls, 1);
    }

    #[tokio::test]
    async fn page_numbers_and_errors() {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let pages = paginate(Paginate::numbered(1, 2), move |req: PageRequest| {
            log.lock().unwrap().push(req.index);
            async move {
                if req.index == 3 {
                    Err(Error::Timeout)
                } else {
                    Ok(Page { items: vec![req.index; 2], total: None })
                }
            }
        });
        let results: Vec<_> = pages.collect().await;
        assert_eq!(results.len(), 3);
        assert!(matches!(results[2], Err(Error::Timeout)));
        assert_eq!(*seen.lock().unwrap(), [1, 2, 3], "nothing fetched after the error");
    }

    /// A slow page must not stop the pages after it from being requested: while page 1 waits,
    /// the slots of the pages answered after it are refilled (up to the buffering bound).
    #[tokio::test]
    async fn a_slow_page_does_not_hold_back_later_requests() {
        let release = Arc::new(tokio::sync::Notify::new());
        let started = Arc::new(AtomicUsize::new(0));
        let (gate, count) = (Arc::clone(&release), Arc::clone(&started));
        let pages = paginate(Paginate::offset(1).concurrency(2), move |req: PageRequest| {
            count.fetch_add(1, Ordering::SeqCst);
            let gate = Arc::clone(&gate);
            async move {
                if req.index == 1 {
                    gate.notified().await;
                }
                Ok(Page { items: vec![req.index], total: Some(10) })
            }
        });
        let watcher = {
            let (release, started) = (Arc::clone(&release), Arc::clone(&started));
            tokio::spawn(async move {
                // Page 0, then pages 1 and 2; page 1 hangs, so pages 3 and 4 must start
                // in the slots of 2 and 3 before page 1 is let go.
                while started.load(Ordering::SeqCst) < 5 {
                    tokio::task::yield_now().await;
                }
                release.notify_one();
            })
        };
        let items: Vec<u64> = tokio::time::timeout(Duration::from_secs(5), into_items(pages).try_collect())
            .await
            .expect("later pages were requested while page 1 waited")
            .unwrap();
        watcher.await.unwrap();
        assert_eq!(items, (0..10).collect::<Vec<_>>(), "still yielded in order");
    }

    /// Pages of a list of `n` items by number (first page `first`), reporting the total.
    fn numbered_list(
        n: u64,
        first: u64,
        log: Arc<std::sync::Mutex<Vec<u64>>>,
    ) -> impl FnMut(PageRequest) -> Fetched {
        move |req| {
            log.lock().unwrap().push(req.index);
            let from = (req.index - first) * req.size;
            Box::pin(
                async move { Ok(Page { items: (from..n.min(from + req.size)).collect(), total: Some(n) }) },
            )
        }
    }

    #[tokio::test]
    async fn paging_starts_where_the_call_points() {
        // `.page(3)` with pages of 2 over 10 items numbered from 1: pages 3, 4, 5 (items 4..10).
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let pages =
            paginate(Paginate::numbered(1, 2).starting_at(3), numbered_list(10, 1, Arc::clone(&seen)));
        let items: Vec<u64> = into_items(pages).try_collect().await.unwrap();
        assert_eq!(items, (4..10).collect::<Vec<_>>());
        let mut asked = seen.lock().unwrap().clone();
        asked.sort_unstable();
        assert_eq!(asked, [3, 4, 5], "no page before the start, none past the total");

        // A start below the first page is the first page.
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let pages = paginate(Paginate::numbered(1, 4).starting_at(0), numbered_list(5, 1, seen));
        assert_eq!(into_items(pages).try_collect::<Vec<u64>>().await.unwrap(), (0..5).collect::<Vec<_>>());

        // `.offset(7)` with a limit of 3 over 20 items: 7..20.
        let (live, peak, calls) = Default::default();
        let f = fetcher(20, true, live, peak, Arc::clone(&calls));
        let items: Vec<u64> =
            into_items(paginate(Paginate::offset(3).starting_at(7), f)).try_collect().await.unwrap();
        assert_eq!(items, (7..20).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::SeqCst), 5, "ceil(13/3) pages");
    }

    #[tokio::test]
    async fn a_total_that_lies_stops_at_the_first_empty_page() {
        let calls = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&calls);
        let pages = paginate(Paginate::offset(5).concurrency(2), move |req: PageRequest| {
            count.fetch_add(1, Ordering::SeqCst);
            let items = (req.index..12u64.min(req.index + req.size)).collect();
            async move { Ok(Page { items, total: Some(u64::MAX) }) }
        });
        let items: Vec<u64> = tokio::time::timeout(Duration::from_secs(5), into_items(pages).try_collect())
            .await
            .expect("the stream ends")
            .unwrap();
        assert_eq!(items, (0..12).collect::<Vec<_>>());
        assert!(calls.load(Ordering::SeqCst) <= 3 + 2 * 2, "no more than the in-flight bound past the end");
    }
}
