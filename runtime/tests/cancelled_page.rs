//! A page of `pages()` runs in a task of the runtime that first polled the stream. When that
//! runtime shuts down before the page answers, the stream reports the page as cancelled (not
//! as a timeout, which would invite a retry that cannot help).

mod common;

use std::time::Duration;

use common::{serve_fn, Reply};
use futures_util::StreamExt;
use sdkgen_runtime::{Config, Credentials, Error, Page, PageRequest, Paginate, Transport};

/// What a generated crate's `Client` offers the `action!` macro: its transport.
#[derive(Debug, Clone)]
pub struct Client {
    transport: Transport,
}

sdkgen_runtime::model! {
    /// A page of things.
    pub struct ListThingsResponse {
        /// How many there are.
        optional total_count: i64 = "TotalCount";
        /// This page's things.
        list data_set: String = "DataSet";
    }
}

sdkgen_runtime::builder! {
    /// A request being built.
    pub struct Builder;
}

sdkgen_runtime::action! {
    /// The params of `ListThings`.
    pub struct ListThingsRequest {
        /// Where the page starts.
        optional offset: i64 = "Offset";
        /// Page size.
        optional limit: i64 = "Limit";
    }
    /// Builds and sends `ListThings`.
    pub type ListThings = Builder("ListThings") -> ListThingsResponse;
    impl Client {
        /// Lists things.
        pub fn list_things();
    }
    options: idempotent;
}

impl sdkgen_runtime::Paged for ListThingsRequest {
    type Item = String;

    fn paging(&self) -> Paginate {
        Paginate::offset(self.limit.unwrap_or(10).max(1) as u64)
    }

    fn set_page(&mut self, at: PageRequest) {
        self.offset = Some(at.index as i64);
        self.limit = Some(at.size as i64);
    }

    fn into_page(response: ListThingsResponse) -> Page<String> {
        Page { total: response.total_count.map(|t| t.max(0) as u64), items: response.data_set }
    }
}

#[test]
fn a_page_whose_runtime_shut_down_is_cancelled() {
    let server_runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    // Answers only after the test is over.
    let server = server_runtime.block_on(serve_fn(|_, _| {
        Reply::json(r#"{"RetCode":0,"TotalCount":1,"DataSet":["a"]}"#).delayed(Duration::from_secs(60))
    }));
    let config = Config::new(Credentials::new("pk", "sk")).with_base_url(&server.url);
    let client = Client { transport: Transport::builder(config).build().unwrap() };
    let mut pages = client.list_things().pages();

    // The first poll, on a runtime of its own, starts the first page's task there.
    let first = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    first.block_on(async {
        let waited = tokio::time::timeout(Duration::from_millis(300), pages.next()).await;
        assert!(waited.is_err(), "the page cannot have answered yet");
    });
    drop(first);

    let got =
        server_runtime.block_on(async { tokio::time::timeout(Duration::from_secs(10), pages.next()).await });
    let got = got.expect("a cancelled page is reported at once, not after the server answers");
    assert!(matches!(got, Some(Err(Error::Cancelled))), "{got:?}");
    assert_eq!(server.requests().len(), 1);
    assert!(!Error::Cancelled.is_retryable());
    assert_eq!(Error::Cancelled.to_string(), "request cancelled: the runtime running it shut down");
}
