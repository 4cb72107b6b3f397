//! A spec-driven fake of an Action-style gateway, for trying and testing SDKs offline.
//!
//! It reads sdkgen's IR (`api.json`): requests are checked the way the real gateway checks
//! them (signature, action, required params, types, enums, bounds, relations between
//! params) and answered from a dataset synthesised once at start from the declared models.
//! What the docs imply but no field states — which list is paged how, which param filters
//! which field, which totals are sums of which list — comes from the family's `fake:`
//! section (see `docs/fake-server.md`); nothing specific to one API is coded here.
//!
//! One action is built in for every API: STS's `AssumeRole`, which mints temporary key pairs
//! that are accepted with their `SecurityToken` until they expire
//! ([`FakeServerBuilder::temporary_credentials_lifetime`], [`RunningServer::issued_credentials`]).
//!
//! ```no_run
//! # async fn demo(api_json: &str) -> Result<(), sdkgen_runtime::fake::FakeError> {
//! use sdkgen_runtime::fake::FakeServer;
//! let server = FakeServer::builder(api_json).public_key("pk").private_key("sk").seed(7).start().await?;
//! println!("{}", server.base_url());
//! server.shutdown();
//! # Ok(()) }
//! ```

mod auth;
mod data;
mod datasets;
mod engine;
mod exports;
mod faults;
mod http;
mod infer;
mod resources;
mod rng;
pub mod spec;
mod sts;
mod sums;
mod validate;
mod xlsx;

use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use faults::{Failure, Faults};
pub use http::Limits;
pub use sts::IssuedCredentials;
pub use validate::{codes, ApiError};

use crate::credentials::Credentials;

/// Why a fake server could not start.
#[derive(Debug)]
pub enum FakeError {
    /// The api.json does not read as sdkgen's IR.
    Spec(String),
    /// The `fake:` section is malformed or names what the API does not have.
    Config(String),
    /// The address could not be bound, or the server thread could not start.
    Io(std::io::Error),
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FakeError::Spec(m) => write!(f, "api.json: {m}"),
            FakeError::Config(m) => write!(f, "{m}"),
            FakeError::Io(e) => write!(f, "cannot start the fake server: {e}"),
        }
    }
}

impl std::error::Error for FakeError {}

/// Entry point; see [`FakeServer::builder`].
#[derive(Debug)]
pub struct FakeServer;

impl FakeServer {
    /// Starts configuring a server for the API described by `api_json` (sdkgen's IR).
    pub fn builder(api_json: &str) -> FakeServerBuilder {
        FakeServerBuilder {
            api_json: api_json.to_owned(),
            public_key: None,
            private_key: None,
            seed: 0,
            faults: Faults::default(),
            limits: Limits::default(),
            bind: "127.0.0.1:0".to_owned(),
            now: None,
            download_ttl: None,
            settle_reads: 1,
            adopt_unknown_ids: false,
            more_keys: Vec::new(),
            sts_lifetime: None,
        }
    }
}

/// Configuration of one fake server.
#[derive(Debug, Clone)]
pub struct FakeServerBuilder {
    api_json: String,
    public_key: Option<String>,
    private_key: Option<String>,
    seed: u64,
    faults: Faults,
    limits: Limits,
    bind: String,
    now: Option<i64>,
    download_ttl: Option<Duration>,
    settle_reads: u32,
    adopt_unknown_ids: bool,
    more_keys: Vec<(String, String)>,
    sts_lifetime: Option<Duration>,
}

impl FakeServerBuilder {
    /// The only `PublicKey` accepted (default: derived from the seed).
    pub fn public_key(mut self, key: impl Into<String>) -> Self {
        self.public_key = Some(key.into());
        self
    }

    /// The private key signatures are checked with (default: derived from the seed).
    pub fn private_key(mut self, key: impl Into<String>) -> Self {
        self.private_key = Some(key.into());
        self
    }

    /// Seed of the synthesised data and of fault decisions (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Faults to inject (default none).
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Bounds on what one client may cost the server: request size, params once flattened,
    /// header and body read times (default [`Limits::default`]).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Address to listen on (default `127.0.0.1:0`, an ephemeral port).
    pub fn bind(mut self, addr: impl Into<String>) -> Self {
        self.bind = addr.into();
        self
    }

    /// Pins "server start" (Unix seconds) that timestamps are spread back from; by default
    /// the start of the current UTC day, so one seed gives the same data all day.
    pub fn now(mut self, unix_seconds: i64) -> Self {
        self.now = Some(unix_seconds);
        self
    }

    /// How long download URLs stay valid, overriding the `fake:` section (default 10 min).
    pub fn download_ttl(mut self, ttl: Duration) -> Self {
        self.download_ttl = Some(ttl);
        self
    }

    /// How many list reads show an item in its documented transitional state (`Initializing`
    /// after a create, `Stopping` after a stop) before it settles (default 1; 0 settles at once).
    pub fn settle_after_reads(mut self, reads: u32) -> Self {
        self.settle_reads = reads;
        self
    }

    /// Accepts another key pair too, as another account: it starts from the same seeded
    /// resources, and what it creates, changes or deletes the others never see.
    pub fn key_pair(mut self, public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        self.more_keys.push((public_key.into(), private_key.into()));
        self
    }

    /// How long the temporary credentials the built-in `AssumeRole` mints stay valid (rounded
    /// up to whole seconds), whatever `DurationSeconds` asks: short for tests of renewal and
    /// expiry. Default: the request's `DurationSeconds` (900–3600), else 3600 s.
    pub fn temporary_credentials_lifetime(mut self, lifetime: Duration) -> Self {
        self.sts_lifetime = Some(lifetime);
        self
    }

    /// Takes an id that names no item as an item made before the server started, instead of
    /// answering [`codes::NOT_FOUND`]: for callers with made-up ids, such as a generated crate's
    /// smoke test (default off).
    pub fn adopt_unknown_ids(mut self, adopt: bool) -> Self {
        self.adopt_unknown_ids = adopt;
        self
    }

    fn prepare(self) -> Result<(Prepared, String), FakeError> {
        let api = spec::read_api_json(&self.api_json).map_err(|e| FakeError::Spec(e.to_string()))?;
        let public = self.public_key.unwrap_or_else(|| format!("fake-public-{}", self.seed));
        let private = self.private_key.unwrap_or_else(|| format!("fake-private-{}", self.seed));
        let now = self.now.unwrap_or_else(|| http::unix_now() / 86_400 * 86_400);
        let ttl = self.download_ttl.map(|d| d.as_secs().max(1));
        let prepared = Prepared {
            api,
            public,
            private,
            seed: self.seed,
            faults: self.faults,
            limits: self.limits,
            now,
            ttl,
            settle_reads: self.settle_reads,
            adopt_unknown_ids: self.adopt_unknown_ids,
            more_keys: self.more_keys,
            sts_lifetime: self.sts_lifetime,
        };
        Ok((prepared, self.bind))
    }

    /// Binds, synthesises the data and serves on the current tokio runtime until
    /// [`RunningServer::shutdown`] or drop.
    pub async fn start(self) -> Result<RunningServer, FakeError> {
        let (prepared, bind) = self.prepare()?;
        let listener = TcpListener::bind(&bind).await.map_err(FakeError::Io)?;
        let addr = listener.local_addr().map_err(FakeError::Io)?;
        let (server, mut running) = prepared.build(addr)?;
        let (tx, rx) = oneshot::channel();
        tokio::spawn(accept_loop(listener, server, rx));
        running.stop = Some(tx);
        Ok(running)
    }

    /// Like [`FakeServerBuilder::start`], on a thread of its own with its own runtime; for
    /// command lines and examples that have no runtime.
    pub fn start_blocking(self) -> Result<RunningServer, FakeError> {
        let (prepared, bind) = self.prepare()?;
        // Bound here, not on the thread, so the port is known (and bind errors reported)
        // before returning; std's listener so this works inside or outside a runtime.
        let listener = std::net::TcpListener::bind(&bind).map_err(FakeError::Io)?;
        listener.set_nonblocking(true).map_err(FakeError::Io)?;
        let addr = listener.local_addr().map_err(FakeError::Io)?;
        let (server, mut running) = prepared.build(addr)?;
        let (tx, rx) = oneshot::channel();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("sdkgen-fake".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(r) => r,
                    Err(e) => return drop(ready_tx.send(Err(e))),
                };
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => {
                            let _ = ready_tx.send(Ok(()));
                            accept_loop(listener, server, rx).await;
                        }
                        Err(e) => drop(ready_tx.send(Err(e))),
                    }
                });
            })
            .map_err(FakeError::Io)?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(FakeError::Io(e)),
            Err(_) => return Err(FakeError::Io(std::io::Error::other("server thread ended early"))),
        }
        running.stop = Some(tx);
        running.thread = Some(thread);
        Ok(running)
    }
}

struct Prepared {
    api: spec::Api,
    public: String,
    private: String,
    seed: u64,
    faults: Faults,
    limits: Limits,
    now: i64,
    ttl: Option<u64>,
    settle_reads: u32,
    adopt_unknown_ids: bool,
    more_keys: Vec<(String, String)>,
    sts_lifetime: Option<Duration>,
}

impl Prepared {
    /// The server for `addr`, and its handle before it serves (no stop channel, no thread yet).
    fn build(self, addr: SocketAddr) -> Result<(Arc<http::Server>, RunningServer), FakeError> {
        let base_url = format!("http://{addr}");
        let credentials = Credentials::new(self.public.clone(), self.private.clone());
        let mut engine = engine::Engine::new(self.api, credentials, self.seed, self.now, base_url.clone())?;
        engine.download_ttl_secs = self.ttl;
        engine.resources.settle_reads = self.settle_reads;
        engine.resources.adopt_unknown_ids = self.adopt_unknown_ids;
        engine.sts = Arc::new(sts::Sts::new(self.seed, self.sts_lifetime));
        for (public, private) in self.more_keys {
            engine.add_key(Credentials::new(public, private));
        }
        let running = RunningServer {
            base_url,
            public_key: self.public,
            private_key: self.private,
            sts: engine.sts.clone(),
            stop: None,
            thread: None,
        };
        let server = Arc::new(http::Server {
            engine,
            faults: self.faults,
            limits: self.limits,
            seed: self.seed,
            counter: AtomicU64::new(0),
            requests: AtomicU64::new(0),
        });
        Ok((server, running))
    }
}

/// Accepts connections until `stop`, serving each on a task of its own within the server's
/// [`Limits`]: a connection that takes longer than `header_timeout` to send a request's headers,
/// or sits idle that long between requests, is closed (hyper's header read timer starts again
/// as soon as a connection could send its next request).
async fn accept_loop(listener: TcpListener, server: Arc<http::Server>, mut stop: oneshot::Receiver<()>) {
    let mut connection = hyper::server::conn::http1::Builder::new();
    connection.timer(TokioTimer::new()).header_read_timeout(server.limits.header_timeout);
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Transient accept errors (too many open files, reset) must not end the server.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        // Every connection is a task of its own, so a slow one waits without holding up others.
        let server = server.clone();
        let connection = connection.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| http::serve(server.clone(), req));
            // A client hanging up mid-request is its business, not an error of the server.
            let _ = connection.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// One fake server per API description for the whole process, started on first use on a thread
/// of its own (default keys and seed) and never stopped: for test files whose tests each have a
/// runtime of their own, such as a generated crate's `tests/smoke.rs`. A failed start is not
/// kept; the next call tries again.
pub fn shared(api_json: &'static str) -> Result<&'static RunningServer, FakeError> {
    shared_server(api_json, false)
}

/// Like [`shared`], with [`FakeServerBuilder::adopt_unknown_ids`]: for tests that call actions
/// with made-up ids, as a generated crate's smoke test does.
pub fn shared_adopting(api_json: &'static str) -> Result<&'static RunningServer, FakeError> {
    shared_server(api_json, true)
}

fn shared_server(api_json: &'static str, adopt: bool) -> Result<&'static RunningServer, FakeError> {
    type Started = (&'static str, bool, &'static RunningServer);
    static SERVERS: std::sync::Mutex<Vec<Started>> = std::sync::Mutex::new(Vec::new());
    let mut servers = SERVERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, _, server)) = servers.iter().find(|(api, a, _)| *api == api_json && *a == adopt) {
        return Ok(server);
    }
    let builder = FakeServer::builder(api_json).adopt_unknown_ids(adopt);
    let server: &'static RunningServer = Box::leak(Box::new(builder.start_blocking()?));
    servers.push((api_json, adopt, server));
    Ok(server)
}

/// A started fake server. Dropping it stops accepting connections.
#[derive(Debug)]
pub struct RunningServer {
    base_url: String,
    public_key: String,
    private_key: String,
    sts: Arc<sts::Sts>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT`, to use as the SDK's endpoint.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The accepted `PublicKey`.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The private key requests must be signed with.
    pub fn private_key(&self) -> &str {
        &self.private_key
    }

    /// The temporary key pairs the built-in `AssumeRole` has minted, oldest first (without
    /// their secrets): how many, for which role, issued and expiring when. Pairs expired over
    /// an hour ago are forgotten.
    pub fn issued_credentials(&self) -> Vec<IssuedCredentials> {
        self.sts.issued()
    }

    /// Stops accepting connections; for a [`FakeServerBuilder::start_blocking`] server,
    /// also waits for its thread.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    /// Blocks until the server stops (a blocking server runs until the process ends, e.g.
    /// on Ctrl-C); returns at once for a server started with [`FakeServerBuilder::start`].
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}
