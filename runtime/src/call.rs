//! One call of one action, written once for every action of every generated crate.
//!
//! A generated request type says what its action is ([`Action`]: wire name, call options,
//! documented rules, response type, how it encodes) and, for paged actions, how to ask for one
//! page ([`Paged`]). Everything a builder does with it — sending, paging, collecting items —
//! is here, in [`Call`]; generated builders only add one setter per optional param (see
//! [`action!`](crate::action)). Compiling a family then costs its types, not a copy of this
//! logic per action.

use crate::paginate::{
    into_items, paginate_erased, AnyPage, Items, Page, PageFuture, PageRequest, Pages, Paginate,
};
use crate::params::Params;
use crate::transport::{CallOptions, CallSettings, RawResponse, Transport};
use crate::validate::Rule;
use crate::{decode, Error, Result};
use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What the runtime needs to know about a generated request type.
pub trait Action: Clone + Send + Sync + 'static {
    /// The action's wire name (`ListPaidOrders`).
    const NAME: &'static str;
    /// Retry safety and which defaults the transport fills in.
    const OPTIONS: CallOptions;
    /// The rules the docs state, checked before sending.
    const RULES: &'static [Rule] = &[];
    /// What a successful call decodes into.
    type Response: decode::Tolerant + Send + 'static;

    /// Writes the request's params (top level, no prefix) into `out`.
    fn encode(&self, out: &mut Params);
}

/// A paged action: how to address one page and read its items and total back.
pub trait Paged: Action {
    /// One item of a page.
    type Item: Send + 'static;

    /// Paging style, first page and page size, from the request as built (its page size if
    /// set, else the documented default).
    fn paging(&self) -> Paginate;
    /// Points the request at one page.
    fn set_page(&mut self, at: PageRequest);
    /// The page's items and, when the action reports one, the total.
    fn into_page(response: Self::Response) -> Page<Self::Item>;
}

/// A request's `Debug` ([`action!`](crate::action) declares it with this): the params it
/// sends, by wire name, credentials redacted (`ListThingsRequest { Limit: "10", Region:
/// "cn-bj2" }`). One generic function instead of a derived impl per request, which cost each
/// action a body of its own (measured: 3 % of the instructions to check a generated crate).
pub fn debug_request<R: Action>(
    name: &str,
    request: &R,
    f: &mut std::fmt::Formatter<'_>,
) -> std::fmt::Result {
    let mut params = Params::new();
    request.encode(&mut params);
    params.fmt_as(name, f)
}

/// A request on its way: the client's transport and the request built so far. Generated
/// builders wrap one and delegate to it.
#[derive(Debug, Clone)]
pub struct Call<R> {
    transport: Transport,
    /// The request as built so far. Public so a generated setter writes its field directly:
    /// a method call in each of a crate's setters measured 1 % of the instructions to check it.
    #[doc(hidden)]
    pub request: R,
    page_concurrency: usize,
}

impl<R> Call<R> {
    /// A call of `request` over `transport`; up to 4 pages in flight when paging.
    pub fn new(transport: Transport, request: R) -> Self {
        Call { transport, request, page_concurrency: 4 }
    }

    /// The request as built so far.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// This call with `settings` (a timeout, a retry policy) in place of its client's.
    pub fn customize(mut self, settings: CallSettings) -> Self {
        self.transport = self.transport.with_settings(&settings);
        self
    }

    /// How many pages [`pages`](Self::pages) fetches at once once the total is known
    /// (at least 1).
    pub fn page_concurrency(mut self, pages: usize) -> Self {
        self.page_concurrency = pages.max(1);
        self
    }
}

impl<R: Action> Call<R> {
    /// Checks the documented rules, sends the request (retrying as the client's policy allows)
    /// and decodes the response.
    ///
    /// The request is encoded and checked now; the returned future owns everything it needs.
    /// Only encoding and decoding depend on `R`: the call itself is the one compiled
    /// [`Transport::call_response`]. A decode error keeps the response's request id.
    pub fn send(self) -> Sending<R::Response> {
        let (transport, checked) = self.encoded();
        Sending(Box::pin(async move {
            let raw = transport.call_response(R::NAME, checked?, R::OPTIONS).await?;
            decode::from_body_tolerant(R::NAME, &raw.body).map_err(|e| e.with_request_id(raw.request_id))
        }))
    }

    /// Like [`send`](Self::send) — the same rules, retries and errors (a non-2xx status, a
    /// non-zero `RetCode`) — but answers the [`RawResponse`] instead of decoding it: the
    /// status, every header, the body bytes and the request id, for what the typed response
    /// does not keep.
    pub fn send_raw(self) -> Sending<RawResponse> {
        let (transport, checked) = self.encoded();
        Sending(Box::pin(async move { transport.call_response(R::NAME, checked?, R::OPTIONS).await }))
    }

    /// The transport and the request's params, checked against the documented rules.
    fn encoded(self) -> (Transport, Result<Params>) {
        let mut params = Params::new();
        self.request.encode(&mut params);
        let checked = crate::validate::check(&params, R::RULES).map(|()| params);
        (self.transport, checked)
    }
}

/// The future of one call ([`Call::send`]), resolving to the decoded response.
///
/// A named type (one boxed future, one allocation per call) rather than `impl Future`: a
/// generated `send` is then a plain delegation, and the compiler does not look through an
/// opaque future once per action to prove it `Send` (measured: −1 % of the instructions to
/// check a generated crate).
#[must_use = "a request does nothing until awaited"]
pub struct Sending<T>(Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>);

impl<T> Future for Sending<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        self.0.as_mut().poll(cx)
    }
}

impl<T> std::fmt::Debug for Sending<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sending")
    }
}

impl<R: Paged> Call<R> {
    /// Every page, in order. The first page decides: with a total, the remaining pages are
    /// fetched concurrently ([`page_concurrency`](Self::page_concurrency) at a time, order
    /// kept); without one, pages are fetched until a short one. Each page is fetched and
    /// decoded in its own Tokio task, so pages that arrive together decode in parallel; poll
    /// the stream inside a Tokio runtime (as every call of the SDK needs).
    pub fn pages(self) -> CallPages<R> {
        CallPages { start: Some(self), pages: None }
    }

    /// Every item of every page, in order (see [`pages`](Self::pages)).
    pub fn items(self) -> Items<CallPages<R>, R::Item> {
        into_items(self.pages())
    }

    /// Starts the paging engine with a fetch that sends this call at each page.
    fn start_pages(self) -> Pages<R::Item> {
        let settings = self.request.paging().concurrency(self.page_concurrency);
        paginate_erased(
            settings,
            Box::new(move |at| {
                let mut call = self.clone();
                call.request.set_page(at);
                let response = call.send();
                // Only this (what the answer becomes) depends on the action; the engine and
                // the task around each page are compiled once, in `in_own_task`.
                in_own_task(Box::pin(async move { Ok(AnyPage::new(R::into_page(response.await?))) }))
            }),
        )
    }
}

/// The pages of a [`Call`] ([`Call::pages`]), started when first polled.
///
/// Starting on first poll keeps a generated crate's compile cost to its types: the code that
/// sends and decodes an action's pages is compiled where a program pages through it.
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct CallPages<R: Paged> {
    start: Option<Call<R>>,
    pages: Option<Pages<R::Item>>,
}

// Nothing of a `CallPages` is pinned in place: the call is moved out whole, and `Pages` is
// `Unpin` (its requests are boxed).
impl<R: Paged> Unpin for CallPages<R> {}

impl<R: Paged> Stream for CallPages<R> {
    type Item = Result<Page<R::Item>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = Pin::into_inner(self);
        if let Some(call) = this.start.take() {
            this.pages = Some(call.start_pages());
        }
        match this.pages.as_mut() {
            Some(pages) => Pin::new(pages).poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

/// Runs a page's request and decoding in its own Tokio task, so answers that arrive together
/// decode on every core, not one after another in the consumer's task. The task starts when
/// the page is first polled (inside the caller's runtime) and is aborted if the stream is
/// dropped before it answers.
fn in_own_task(page: PageFuture) -> PageFuture {
    Box::pin(async move {
        let mut task = AbortOnDrop(tokio::spawn(page));
        match (&mut task.0).await {
            Ok(page) => page,
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            // Cancelled: only when the runtime that ran the task shut down under the stream.
            Err(_) => Err(Error::Cancelled),
        }
    })
}

/// A spawned page request, aborted when its page is no longer wanted.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
