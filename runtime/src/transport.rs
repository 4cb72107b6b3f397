//! Sending signed calls: the one non-generic core every generated method uses.
//!
//! [`Transport::call_response`] signs, sends, checks the HTTP status and the
//! `RetCode`, and retries per [`RetryPolicy`], answering the [`RawResponse`] (status, headers,
//! body, request id); [`Transport::call_raw`] keeps its body and [`Transport::call`] only adds
//! decoding, so the generic code monomorphized into every SDK method stays tiny.
//! [`Transport::invoke`] calls an action the SDK does not know yet and answers its JSON.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, USER_AGENT};
use reqwest::{Response, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tracing::Instrument;

use crate::credentials::{Config, Credentials, SECURITY_TOKEN};
use crate::decode::{self, decode_error};
use crate::error::{excerpt, Error};
use crate::params::{IntoParams, Params};
use crate::provider::{CredentialsSource, REFUSED_TOKEN};
use crate::retry::RetryPolicy;
use crate::signing::{sign, SIGNATURE};

/// Responses above this size are refused unless configured otherwise (32 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// Default limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for a whole request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

const RUNTIME_PRODUCT: &str = concat!("sdkgen-runtime/", env!("CARGO_PKG_VERSION"));

/// The response header the gateway names each request with (`X-UCLOUD-REQUEST-UUID`; header
/// names are case-insensitive). Its value is kept in every [`Error`] that came back from the
/// server ([`Error::request_id`]) and in [`RawResponse::request_id`]: support asks for it.
pub const REQUEST_ID_HEADER: &str = "x-ucloud-request-uuid";

/// Longest request id kept (a UUID is 36 characters); a longer header value is cut.
const MAX_REQUEST_ID_CHARS: usize = 128;

/// The request id a response carries, if any: the [`REQUEST_ID_HEADER`] value, trimmed, when
/// it is visible ASCII and not blank.
pub(crate) fn request_id_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(REQUEST_ID_HEADER)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.chars().take(MAX_REQUEST_ID_CHARS).collect())
}

/// A successful answer as it came over the wire, for what a typed response does not keep
/// (a header, an undocumented field, the exact bytes): from [`Transport::call_response`] and
/// `send_raw()` on a generated request builder ([`Call::send_raw`](crate::Call::send_raw)).
///
/// It is what a typed call would have decoded: the HTTP status was 2xx and the body JSON with
/// `RetCode` 0 — anything else is the same [`Error`] the typed call returns, after the same
/// retries.
///
/// `Debug` shows the body's length and start and the header values with URL queries hidden
/// (the body may hold a presigned URL, a secret while it is valid); the fields themselves are
/// as received.
#[derive(Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// The HTTP status (2xx).
    pub status: StatusCode,
    /// Every response header.
    pub headers: HeaderMap,
    /// The whole body: JSON with `RetCode` 0.
    pub body: Bytes,
    /// The gateway's id for the request ([`REQUEST_ID_HEADER`]), when it sent one.
    pub request_id: Option<String>,
}

impl RawResponse {
    /// The value of header `name` (case-insensitive), when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a HeaderMap);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    let sensitive = value.is_sensitive()
                        || matches!(name.as_str(), "set-cookie" | "authorization" | "proxy-authorization");
                    if sensitive {
                        map.entry(&name.as_str(), &format_args!("[REDACTED]"));
                    } else {
                        map.entry(&name.as_str(), &excerpt(value.as_bytes(), 200));
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("RawResponse")
            .field("status", &self.status.as_u16())
            .field("headers", &Headers(&self.headers))
            .field("body", &format_args!("{} bytes: {}", self.body.len(), excerpt(&self.body, 200)))
            .field("request_id", &self.request_id)
            .finish()
    }
}

/// How parameters travel: form body (the default) or URL query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HttpMethod {
    /// `POST` with an `application/x-www-form-urlencoded` body.
    #[default]
    Post,
    /// `GET` with the parameters (signature included) in the query string.
    Get,
}

/// Settings of one call that differ from its client's, for `.customize(..)` on any call:
/// `client.describe_instances().customize(CallSettings::new().timeout(Duration::from_secs(5)))`.
/// Unset ones keep the client's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallSettings {
    /// The whole-request timeout of each attempt.
    pub timeout: Option<Duration>,
    /// Which failures are retried, how often and how far apart.
    pub retry_policy: Option<RetryPolicy>,
}

impl CallSettings {
    /// The client's settings, unchanged.
    pub fn new() -> Self {
        CallSettings::default()
    }

    /// A timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A retry policy of this call (`RetryPolicy::never()` for one attempt).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }
}

/// Per-call facts the generator knows from the API docs.
///
/// `Region`, `Zone` and `ProjectId` are settings of the client, not arguments: an action that
/// takes one gets the configured value when the call sets none, and an action whose docs
/// require one fails with [`Error::Validation`] naming it, before sending, when it is set
/// nowhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Safe to repeat (reads, deletes by ID): transient failures are retried.
    pub idempotent: bool,
    /// The action takes `Region`: fill in the configured default if unset.
    pub default_region: bool,
    /// The action takes `Zone`: fill in the configured default if unset.
    pub default_zone: bool,
    /// The action takes `ProjectId`: fill in the configured default if unset.
    pub default_project: bool,
    /// The docs require `Region`.
    pub require_region: bool,
    /// The docs require `Zone`.
    pub require_zone: bool,
    /// The docs require `ProjectId`.
    pub require_project: bool,
    /// The docs send this action's params as a JSON body (`Content-Type: application/json`):
    /// always `POST`ed as JSON, whatever the client's [`HttpMethod`].
    pub json_body: bool,
    /// The docs send this action as `GET` with a query string, whatever the client's method.
    pub get: bool,
    /// The docs do not allow `GET` for this action: `POST`ed as a form even when the client's
    /// method is [`HttpMethod::Get`].
    pub post_only: bool,
}

impl CallOptions {
    /// A read-only action taking `Region` and `ProjectId` (the common `Describe*` shape).
    pub const fn read() -> Self {
        Self::NONE.idempotent().default_region().default_project()
    }

    /// A state-changing action taking `Region` and `ProjectId`; not retried by default.
    pub const fn write() -> Self {
        Self::NONE.default_region().default_project()
    }

    /// Nothing set: not retried, no defaults filled in. Generated code starts here and adds
    /// what the docs say (`CallOptions::NONE.idempotent().default_region()`).
    pub const NONE: CallOptions = CallOptions {
        idempotent: false,
        default_region: false,
        default_zone: false,
        default_project: false,
        require_region: false,
        require_zone: false,
        require_project: false,
        json_body: false,
        get: false,
        post_only: false,
    };

    /// The same options, marked safe to repeat.
    pub const fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// The same options, filling in the configured region when `Region` is unset.
    pub const fn default_region(mut self) -> Self {
        self.default_region = true;
        self
    }

    /// The same options, filling in the configured project when `ProjectId` is unset.
    pub const fn default_project(mut self) -> Self {
        self.default_project = true;
        self
    }

    /// The same options, filling in the configured zone when `Zone` is unset.
    pub const fn default_zone(mut self) -> Self {
        self.default_zone = true;
        self
    }

    /// The same options, with `Region` required (and filled in from the configuration).
    pub const fn require_region(mut self) -> Self {
        self.require_region = true;
        self.default_region()
    }

    /// The same options, with `Zone` required (and filled in from the configuration).
    pub const fn require_zone(mut self) -> Self {
        self.require_zone = true;
        self.default_zone()
    }

    /// The same options, with `ProjectId` required (and filled in from the configuration).
    pub const fn require_project(mut self) -> Self {
        self.require_project = true;
        self.default_project()
    }

    /// The same options, sending the params as a JSON body.
    pub const fn json_body(mut self) -> Self {
        self.json_body = true;
        self
    }

    /// The same options, sending the params as a `GET` query string.
    pub const fn get(mut self) -> Self {
        self.get = true;
        self
    }

    /// The same options, never sent as `GET`.
    pub const fn post_only(mut self) -> Self {
        self.post_only = true;
        self
    }
}

/// A signed request, encoded the way its action travels.
enum Payload {
    /// A `POST` with an `application/x-www-form-urlencoded` body.
    Form(String),
    /// A `GET` with this query string.
    Query(String),
    /// A `POST` with an `application/json` body.
    Json(String),
}

/// A configured, cheaply clonable client for one API endpoint.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

/// Observes, or adjusts, the calls of a client: install one with
/// `ClientBuilder::interceptor` (or [`TransportBuilder::interceptor`]). Both hooks have empty
/// defaults; implement the ones you need. They run on the calling task, so keep them quick.
pub trait Interceptor: Send + Sync + 'static {
    /// Once per call, before it is signed: its wire params, `Region`, `Zone` and `ProjectId`
    /// already filled in. A param added or changed here is sent and signed with the rest.
    fn before_send(&self, _action: &str, _params: &mut Params) {}

    /// After each attempt (a retried call has several): how it ended and how long it took.
    fn after_attempt(&self, _attempt: &Attempt<'_>) {}
}

impl fmt::Debug for dyn Interceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Interceptor")
    }
}

/// One attempt of a call, as an [`Interceptor`] sees it.
#[derive(Debug)]
pub struct Attempt<'a> {
    /// The action's wire name.
    pub action: &'a str,
    /// 1 for the first attempt, 2 for the first retry, ….
    pub number: u32,
    /// From sending to the answer read (or the failure).
    pub latency: Duration,
    /// The answer, or why the attempt failed.
    pub outcome: Result<&'a RawResponse, &'a Error>,
}

#[derive(Clone)]
struct Inner {
    http: reqwest::Client,
    base_url: Url,
    credentials: CredentialsSource,
    region: Option<String>,
    zone: Option<String>,
    project_id: Option<String>,
    retry: RetryPolicy,
    timeout: Duration,
    max_response_bytes: u64,
    method: HttpMethod,
    user_agent: HeaderValue,
    interceptors: Vec<Arc<dyn Interceptor>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Transport")
            .field("base_url", &i.base_url.as_str())
            .field("credentials", &i.credentials)
            .field("region", &i.region)
            .field("zone", &i.zone)
            .field("project_id", &i.project_id)
            .field("method", &i.method)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Transport`]; every setting has a sensible default.
#[derive(Debug)]
pub struct TransportBuilder {
    config: Config,
    default_base_url: Option<String>,
    client: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: u64,
    retry: RetryPolicy,
    method: HttpMethod,
    product: Option<String>,
    interceptors: Vec<Arc<dyn Interceptor>>,
    credentials: Option<CredentialsSource>,
}

impl TransportBuilder {
    /// Starts from a [`Config`].
    pub fn new(config: Config) -> Self {
        TransportBuilder {
            config,
            default_base_url: None,
            client: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            method: HttpMethod::Post,
            product: None,
            interceptors: Vec::new(),
            credentials: None,
        }
    }

    /// Signs with credentials from `source` (provided and renewed, say by
    /// [`AssumeRoleProvider`](crate::sts::AssumeRoleProvider)) instead of the config's.
    pub fn credentials_source(mut self, source: CredentialsSource) -> Self {
        self.credentials = Some(source);
        self
    }

    /// Adds an [`Interceptor`]; several run in the order they were added.
    pub fn interceptor(mut self, interceptor: Arc<dyn Interceptor>) -> Self {
        self.interceptors.push(interceptor);
        self
    }

    /// Endpoint used when the config names none (the generated SDK's default).
    pub fn default_base_url(mut self, url: impl Into<String>) -> Self {
        self.default_base_url = Some(url.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxies, TLS roots…); the connect
    /// timeout is then yours to set, the total timeout still applies per request.
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit for one whole attempt, body included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Largest response body accepted (default 32 MiB); larger is an error.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Retry policy (default: 3 attempts, idempotent calls only).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// POST form (default) or GET query.
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.method = method;
        self
    }

    /// Names the SDK in the user agent: `<name>/<version> sdkgen-runtime/<version>`.
    pub fn product(mut self, name: &str, version: &str) -> Self {
        self.product = Some(format!("{name}/{version}"));
        self
    }

    /// Validates the settings and builds the transport.
    pub fn build(self) -> Result<Transport, Error> {
        let raw_url = self.config.base_url.or(self.default_base_url).ok_or_else(|| Error::Validation {
            field: "base_url".into(),
            message: "no endpoint configured".into(),
        })?;
        let base_url = Url::parse(&raw_url).map_err(|e| Error::Validation {
            field: "base_url".into(),
            message: format!("not a valid URL: {e}"),
        })?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.query().is_some() {
            return Err(Error::Validation {
                field: "base_url".into(),
                message: "must be an http(s) URL without a query".into(),
            });
        }
        let ua = match &self.product {
            Some(product) => format!("{product} {RUNTIME_PRODUCT}"),
            None => RUNTIME_PRODUCT.to_owned(),
        };
        let user_agent = HeaderValue::from_str(&ua).map_err(|_| Error::Validation {
            field: "product".into(),
            message: "not valid in a User-Agent header".into(),
        })?;
        let http = match self.client {
            Some(client) => client,
            None => default_http_client(self.connect_timeout)?,
        };
        Ok(Transport {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: match self.credentials {
                    Some(source) => source,
                    None => CredentialsSource::fixed(self.config.credentials),
                },
                region: self.config.region,
                zone: self.config.zone,
                project_id: self.config.project_id,
                retry: self.retry,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                method: self.method,
                user_agent,
                interceptors: self.interceptors,
            }),
        })
    }
}

/// The client a transport builds when given none; its TLS is the runtime's feature choice.
fn default_http_client(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    ensure_tls_provider();
    Ok(reqwest::Client::builder().connect_timeout(connect_timeout).build()?)
}

/// Makes `reqwest::Client::builder().build()` safe to call under the runtime's TLS features;
/// call it before building your own `reqwest::Client` (the runtime calls it before building its
/// own). Under `rustls` (ring), reqwest has no crypto provider of its own and panics in `build`
/// until rustls has a process default, and it offers no per-client provider short of a
/// hand-built `rustls::ClientConfig` (which would drop its platform verifier and ALPN setup).
/// So this installs ring as the process default, but only if nothing is installed yet: an app
/// that installs its own provider first keeps it (one installing later gets `Err` from
/// `install_default`). With `rustls-aws-lc`, `native-tls` or no TLS feature it does nothing.
pub fn ensure_tls_provider() {
    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc"), not(feature = "native-tls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: one is installed either way.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The fields every response carries; the rest is left for the typed decode.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "RetCode", default, deserialize_with = "decode::opt_int")]
    ret_code: Option<i64>,
    #[serde(rename = "Message", default, deserialize_with = "decode::opt_string")]
    message: Option<String>,
}

impl Transport {
    /// Starts a [`TransportBuilder`].
    pub fn builder(config: Config) -> TransportBuilder {
        TransportBuilder::new(config)
    }

    /// This transport with `settings` in place of its own (same connection pool, credentials
    /// and endpoint): what one call's [`CallSettings`] make of its client's transport.
    pub fn with_settings(&self, settings: &CallSettings) -> Transport {
        if settings.timeout.is_none() && settings.retry_policy.is_none() {
            return self.clone();
        }
        let mut inner = (*self.inner).clone();
        if let Some(timeout) = settings.timeout {
            inner.timeout = timeout;
        }
        if let Some(policy) = &settings.retry_policy {
            inner.retry = policy.clone();
        }
        Transport { inner: Arc::new(inner) }
    }

    /// This transport signing with credentials from `source` instead of its own (same
    /// connection pool, endpoint and settings).
    pub fn with_credentials_source(&self, source: CredentialsSource) -> Transport {
        let mut inner = (*self.inner).clone();
        inner.credentials = source;
        Transport { inner: Arc::new(inner) }
    }

    /// Where this transport's credentials come from.
    pub fn credentials_source(&self) -> &CredentialsSource {
        &self.inner.credentials
    }

    /// The endpoint calls go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The underlying HTTP client, e.g. for [`download`](crate::download()).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The configured default region.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The configured default zone.
    pub fn zone(&self) -> Option<&str> {
        self.inner.zone.as_deref()
    }

    /// The configured default project.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.project_id.as_deref()
    }

    /// Calls `action` and decodes the successful response into `T`.
    pub async fn call<T: DeserializeOwned>(
        &self,
        action: &str,
        params: Params,
        options: CallOptions,
    ) -> Result<T, Error> {
        let raw = self.call_response(action, params, options).await?;
        decode::from_body(action, &raw.body).map_err(|e| e.with_request_id(raw.request_id))
    }

    /// Calls `action` and returns the raw JSON body of a `RetCode` 0 response (see
    /// [`call_response`](Self::call_response) for its status and headers too).
    pub async fn call_raw(&self, action: &str, params: Params, options: CallOptions) -> Result<Bytes, Error> {
        self.call_response(action, params, options).await.map(|raw| raw.body)
    }

    /// Calls `action` and returns the whole successful response: status, headers, body and
    /// request id.
    ///
    /// Fills `Region`, `Zone` and `ProjectId` as `options` say, signs once, then sends up to
    /// `max_attempts` times, retrying transient failures of idempotent calls (and of any call
    /// when the policy says so) with jittered backoff. A non-2xx status is [`Error::Http`], a
    /// non-zero `RetCode` [`Error::Api`], a body that is not JSON with a `RetCode`
    /// [`Error::Decode`]; each keeps the request id.
    pub async fn call_response(
        &self,
        action: &str,
        params: Params,
        options: CallOptions,
    ) -> Result<RawResponse, Error> {
        let mut params = self.with_context(params, options)?;
        for interceptor in &self.inner.interceptors {
            interceptor.before_send(action, &mut params);
        }
        params.validate()?;
        // Action, attempts and the final `RetCode` (absent when no envelope came back); the
        // span's own timing is the call's latency. Never a param value: they may be secrets.
        let span = tracing::info_span!(
            "sdkgen.call",
            action,
            attempts = tracing::field::Empty,
            ret_code = tracing::field::Empty
        );
        async {
            // Temporary credentials are fetched (or renewed) here, in the call's span.
            let source = &self.inner.credentials;
            let credentials = source.credentials().await?;
            // Kept to sign again should the server refuse credentials that looked valid here.
            let again = source.fixed_public_key().is_none().then(|| params.clone());
            let payload = self.signed_payload(action, params, options, &credentials)?;
            let answer = self.send_with_retries(action, &payload, options.idempotent, &span).await;
            match (answer, again) {
                (Err(Error::Api { code: REFUSED_TOKEN, .. }), Some(params))
                    if source.refused(&credentials) =>
                {
                    let fresh = source.credentials().await?;
                    let payload = self.signed_payload(action, params, options, &fresh)?;
                    self.send_with_retries(action, &payload, options.idempotent, &span).await
                }
                (answer, _) => answer,
            }
        }
        .instrument(span.clone())
        .await
    }

    /// Calls an action this SDK has no method for (one newer than it, say) and returns its
    /// JSON answer whole (`RetCode`, `Action` and the rest): the official SDKs' `GenericInvoke`.
    ///
    /// Signed like every call; `Region` and `ProjectId` come from the client where `params`
    /// sets none (as for the SDK's own state-changing actions, [`CallOptions::write`]); a
    /// non-zero `RetCode` is [`Error::Api`]. It is **not retried**: the runtime cannot know the
    /// action is safe to repeat. Say so with [`invoke_idempotent`](Self::invoke_idempotent),
    /// or choose everything with [`invoke_with`](Self::invoke_with).
    ///
    /// `params` are wire names and already formatted values: an array of pairs, a `Vec`, a
    /// map, any iterator of `(name, value)` strings, or a [`Params`] (lists as `Name.0`,
    /// `Name.1`, nested fields as `Name.Field`).
    ///
    /// ```no_run
    /// # async fn demo(client: &sdkgen_runtime::Transport) -> sdkgen_runtime::Result<()> {
    /// // From a generated client: `client.transport().invoke(..)`.
    /// let answer = client.invoke("DescribeNewThing", [("Limit", "10"), ("Ids.0", "t-1")]).await?;
    /// println!("{}", answer["TotalCount"]);
    /// # Ok(()) }
    /// ```
    pub async fn invoke(&self, action: &str, params: impl IntoParams) -> Result<serde_json::Value, Error> {
        self.invoke_params(action, params.into_params(), CallOptions::write()).await
    }

    /// [`invoke`](Self::invoke) for an action that is safe to repeat (a read, a delete by
    /// ID): transient failures are retried per the client's [`RetryPolicy`]
    /// ([`CallOptions::read`]).
    pub async fn invoke_idempotent(
        &self,
        action: &str,
        params: impl IntoParams,
    ) -> Result<serde_json::Value, Error> {
        self.invoke_params(action, params.into_params(), CallOptions::read()).await
    }

    /// [`invoke`](Self::invoke) with the [`CallOptions`] of your choice: whether it is retried
    /// (`idempotent`), which of `Region`, `Zone` and `ProjectId` the client fills in, and which
    /// must be set (`CallOptions::NONE.idempotent().require_zone()`).
    pub async fn invoke_with(
        &self,
        action: &str,
        params: impl IntoParams,
        options: CallOptions,
    ) -> Result<serde_json::Value, Error> {
        self.invoke_params(action, params.into_params(), options).await
    }

    /// The one compiled body of the `invoke` methods.
    async fn invoke_params(
        &self,
        action: &str,
        params: Params,
        options: CallOptions,
    ) -> Result<serde_json::Value, Error> {
        if action.is_empty() || !action.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::Validation {
                field: "Action".into(),
                message: format!("{action:?} is not an action name (letters, digits and `_`)"),
            });
        }
        self.call(action, params, options).await
    }

    /// Fills `Region`, `Zone` and `ProjectId` from the configuration where the call set none,
    /// and refuses a call the docs require one of that has none from anywhere.
    fn with_context(&self, mut params: Params, options: CallOptions) -> Result<Params, Error> {
        let inner = &self.inner;
        let settings = [
            ("Region", options.default_region, options.require_region, &inner.region, "region"),
            ("Zone", options.default_zone, options.require_zone, &inner.zone, "zone"),
            ("ProjectId", options.default_project, options.require_project, &inner.project_id, "project_id"),
        ];
        for (name, fill, required, configured, setter) in settings {
            if fill {
                if let Some(value) = configured {
                    params.set_if_absent(name, value);
                }
            }
            if required && params.get(name).is_none_or(|v| v.trim().is_empty()) {
                return Err(Error::Validation {
                    field: name.to_string(),
                    message: format!(
                        "is required but set nowhere: give the client one (`.{setter}(..)` on its builder, \
                         or the environment) or this call (`.{setter}(..)`)"
                    ),
                });
            }
        }
        Ok(params)
    }

    /// Adds `Action`, `PublicKey`, `SecurityToken` (temporary credentials only), then the
    /// signature, and encodes the way the action travels:
    /// a JSON body when its docs say so, else the client's method unless the docs rule it out.
    /// The signature covers the flat wire names either way (`Targets.0.Port`), which is how
    /// the gateway flattens a JSON body to check it.
    fn signed_payload(
        &self,
        action: &str,
        mut params: Params,
        options: CallOptions,
        credentials: &Credentials,
    ) -> Result<Payload, Error> {
        params.set_str("Action", action);
        params.set_str("PublicKey", credentials.public_key.as_str());
        if let Some(token) = &credentials.security_token {
            params.set_secret(SECURITY_TOKEN, token.expose());
        }
        params.remove(SIGNATURE);
        let signature = sign(&params, credentials);
        params.set_str(SIGNATURE, signature);
        let get = options.get || (self.inner.method == HttpMethod::Get && !options.post_only);
        Ok(if options.json_body {
            Payload::Json(params.to_json_body()?)
        } else if get {
            Payload::Query(params.to_query())
        } else {
            Payload::Form(params.to_form_body())
        })
    }

    async fn send_with_retries(
        &self,
        action: &str,
        payload: &Payload,
        idempotent: bool,
        span: &tracing::Span,
    ) -> Result<RawResponse, Error> {
        let policy = &self.inner.retry;
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let result = self.attempt(action, payload).await;
            let latency = started.elapsed();
            let latency_ms = latency.as_millis() as u64;
            for interceptor in &self.inner.interceptors {
                interceptor.after_attempt(&Attempt {
                    action,
                    number: attempt,
                    latency,
                    outcome: result.as_ref(),
                });
            }
            span.record("attempts", attempt);
            match &result {
                Ok(_) => {
                    span.record("ret_code", 0);
                }
                Err(err) => {
                    if let Some(code) = err.api_code() {
                        span.record("ret_code", code);
                    }
                }
            }
            match result {
                Ok(raw) => {
                    tracing::debug!(
                        attempt,
                        latency_ms,
                        request_id = raw.request_id.as_deref(),
                        "call succeeded"
                    );
                    return Ok(raw);
                }
                Err(err) if policy.should_retry(&err, attempt, idempotent) => {
                    let delay = policy.delay_for(attempt);
                    tracing::debug!(
                        attempt,
                        latency_ms,
                        error = %err.report(),
                        request_id = err.request_id(),
                        delay_ms = delay.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Err(err) => {
                    tracing::debug!(
                        attempt,
                        latency_ms,
                        error = %err.report(),
                        request_id = err.request_id(),
                        "call failed"
                    );
                    return Err(if attempt > 1 && err.is_retryable() {
                        Error::RetriesExhausted { attempts: attempt, last: Box::new(err) }
                    } else {
                        err
                    });
                }
            }
        }
    }

    /// One HTTP exchange: send, check status, read capped body, check `RetCode`. Every error
    /// after the answer's headers arrived carries its request id.
    async fn attempt(&self, action: &str, payload: &Payload) -> Result<RawResponse, Error> {
        let inner = &self.inner;
        let request = match payload {
            Payload::Form(body) => inner
                .http
                .post(inner.base_url.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body.clone()),
            Payload::Json(body) => inner
                .http
                .post(inner.base_url.clone())
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone()),
            Payload::Query(query) => {
                let mut url = inner.base_url.clone();
                url.set_query(Some(query));
                inner.http.get(url)
            }
        };
        let mut response =
            request.header(USER_AGENT, inner.user_agent.clone()).timeout(inner.timeout).send().await?;
        let status = response.status();
        // Taken, not cloned: the body is read through the response, which needs no headers.
        let headers = std::mem::take(response.headers_mut());
        let request_id = request_id_of(&headers);
        let body = match read_capped(response, inner.max_response_bytes).await {
            Ok(body) => body,
            Err(err) => return Err(err.with_request_id(request_id)),
        };
        if !status.is_success() {
            return Err(Error::Http {
                status: status.as_u16(),
                body_excerpt: excerpt(&body, 200),
                request_id,
            });
        }
        let envelope: Envelope = match serde_json::from_slice(&body) {
            Ok(envelope) => envelope,
            Err(e) => {
                let err = decode_error(action, format_args!("response is not the expected JSON: {e}"), &body);
                return Err(err.with_request_id(request_id));
            }
        };
        match envelope.ret_code {
            Some(0) => Ok(RawResponse { status, headers, body, request_id }),
            Some(code) => Err(Error::Api {
                action: action.to_owned(),
                code,
                message: envelope.message.unwrap_or_default(),
                request_id,
            }),
            None => Err(decode_error(action, "response has no RetCode", &body).with_request_id(request_id)),
        }
    }
}

/// Reads a body, refusing (before or while reading) anything over `limit` bytes.
pub(crate) async fn read_capped(mut response: Response, limit: u64) -> Result<Bytes, Error> {
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(Error::BodyTooLarge { limit, request_id: None });
    }
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if (buf.len() + chunk.len()) as u64 > limit {
            return Err(Error::BodyTooLarge { limit, request_id: None });
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new(Credentials::new("pk", "PRIVATE-KEY-xyz"))
    }

    #[test]
    fn build_requires_a_usable_endpoint() {
        let err = Transport::builder(config()).build().unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "base_url"), "{err:?}");
        for bad in ["ftp://x", "not a url", "http://x/?a=b"] {
            let err = Transport::builder(config()).default_base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Validation { .. }), "{bad}: {err:?}");
        }
        let t = Transport::builder(config().with_base_url("http://127.0.0.1:1"))
            .default_base_url("http://ignored")
            .build()
            .unwrap();
        assert_eq!(t.inner.base_url.as_str(), "http://127.0.0.1:1/");
    }

    #[test]
    fn payload_gets_defaults_public_key_and_signature() {
        let t = Transport::builder(config().with_region("cn-bj2").with_project_id("org-1"))
            .default_base_url("http://127.0.0.1:1")
            .build()
            .unwrap();
        let mut p = Params::new();
        p.set_str("Region", "hk").set_str(SIGNATURE, "forged");
        let p = t.with_context(p, CallOptions::read()).unwrap();
        let form = |payload: Result<Payload, Error>| match payload {
            Ok(Payload::Form(body)) => body,
            _ => panic!("not a form"),
        };
        let body = form(t.signed_payload("DescribeX", p, CallOptions::read(), &config().credentials));
        assert!(body.starts_with("Action=DescribeX&ProjectId=org-1&PublicKey=pk&Region=hk&Signature="));
        let none = t.with_context(Params::new(), CallOptions::default()).unwrap();
        let no_defaults =
            form(t.signed_payload("DescribeX", none, CallOptions::default(), &config().credentials));
        assert!(!no_defaults.contains("Region") && !no_defaults.contains("ProjectId"), "{no_defaults}");
        // The signature covers exactly what is sent.
        let mut expected = Params::new();
        expected.set_str("Action", "DescribeX").set_str("PublicKey", "pk");
        let sig = sign(&expected, &Credentials::new("pk", "PRIVATE-KEY-xyz"));
        assert_eq!(no_defaults, format!("Action=DescribeX&PublicKey=pk&Signature={sig}"));
    }

    #[test]
    fn each_action_travels_as_its_docs_say_whatever_the_clients_method() {
        let kind = |method: HttpMethod, options: CallOptions| {
            let t = Transport::builder(config())
                .default_base_url("http://127.0.0.1:1")
                .method(method)
                .build()
                .unwrap();
            let mut p = Params::new();
            p.set_int("Limit", 10);
            match t.signed_payload("DescribeX", p, options, &config().credentials).unwrap() {
                Payload::Form(body) => format!("form {}", &body[..body.find("&Public").unwrap()]),
                Payload::Query(query) => format!("query {}", &query[..query.find("&Public").unwrap()]),
                Payload::Json(body) => format!("json {}", &body[..body.find(",\"Public").unwrap()]),
            }
        };
        let json = CallOptions::NONE.json_body();
        assert_eq!(kind(HttpMethod::Post, json), r#"json {"Action":"DescribeX","Limit":10"#);
        assert_eq!(kind(HttpMethod::Get, json), r#"json {"Action":"DescribeX","Limit":10"#);
        assert_eq!(kind(HttpMethod::Post, CallOptions::NONE), "form Action=DescribeX&Limit=10");
        assert_eq!(kind(HttpMethod::Get, CallOptions::NONE), "query Action=DescribeX&Limit=10");
        assert_eq!(kind(HttpMethod::Get, CallOptions::NONE.post_only()), "form Action=DescribeX&Limit=10");
        assert_eq!(kind(HttpMethod::Post, CallOptions::NONE.get()), "query Action=DescribeX&Limit=10");
    }

    #[test]
    fn temporary_credentials_send_and_sign_their_token() {
        let t = Transport::builder(config()).default_base_url("http://127.0.0.1:1").build().unwrap();
        let temporary = Credentials::new("tmp", "tmp-secret").with_security_token("tok en");
        let body = match t.signed_payload("DescribeX", Params::new(), CallOptions::NONE, &temporary) {
            Ok(Payload::Form(body)) => body,
            _ => panic!("not a form"),
        };
        let mut expected = Params::new();
        expected.set_str("Action", "DescribeX").set_str("PublicKey", "tmp").set_str(SECURITY_TOKEN, "tok en");
        let sig = sign(&expected, &temporary);
        assert_eq!(body, format!("Action=DescribeX&PublicKey=tmp&SecurityToken=tok%20en&Signature={sig}"));
        // A long-lived pair sends none (and leaves a caller's own param alone).
        let mut own = Params::new();
        own.set_str(SECURITY_TOKEN, "mine");
        match t.signed_payload("DescribeX", own, CallOptions::NONE, &config().credentials) {
            Ok(Payload::Form(body)) => assert!(body.contains("SecurityToken=mine&"), "{body}"),
            _ => panic!("not a form"),
        }
    }

    #[test]
    fn a_required_region_zone_or_project_comes_from_the_call_or_the_client() {
        let bare = Transport::builder(config()).default_base_url("http://127.0.0.1:1").build().unwrap();
        let needs_all = CallOptions::NONE.require_region().require_zone().require_project();
        for (set, missing) in
            [(vec![], "Region"), (vec!["Region"], "Zone"), (vec!["Region", "Zone"], "ProjectId")]
        {
            let mut p = Params::new();
            for name in set {
                p.set_str(name, "x");
            }
            match bare.with_context(p, needs_all) {
                Err(Error::Validation { field, message }) => {
                    assert_eq!(field, missing);
                    assert!(message.contains("set nowhere"), "{message}");
                }
                other => panic!("{missing}: {other:?}"),
            }
        }
        let mut blank = Params::new();
        blank.set_str("Region", " ").set_str("Zone", "z").set_str("ProjectId", "p");
        assert!(bare.with_context(blank, needs_all).is_err(), "a blank value is no value");
        let configured = Transport::builder(
            config().with_region("cn-bj2").with_zone("cn-bj2-02").with_project_id("org-1"),
        )
        .default_base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
        let mut own = Params::new();
        own.set_str("Zone", "cn-bj2-05");
        let p = configured.with_context(own, needs_all).unwrap();
        assert_eq!(
            (p.get("Region"), p.get("Zone"), p.get("ProjectId")),
            (Some("cn-bj2"), Some("cn-bj2-05"), Some("org-1")),
            "the call's own value wins; the client's fills the rest"
        );
        let optional = configured.with_context(Params::new(), CallOptions::NONE.default_zone()).unwrap();
        assert_eq!((optional.get("Zone"), optional.get("Region")), (Some("cn-bj2-02"), None));
    }

    #[test]
    fn debug_shows_no_secret() {
        let t = Transport::builder(config()).default_base_url("http://127.0.0.1:1").build().unwrap();
        let text = format!("{t:?}");
        assert!(text.contains("pk") && !text.contains("PRIVATE-KEY"), "{text}");
    }
}
