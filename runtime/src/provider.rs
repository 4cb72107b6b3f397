//! Where a call's credentials come from: the [`Transport`](crate::Transport) asks its
//! [`CredentialsSource`] once per call, before signing.
//!
//! - **Fixed** ([`CredentialsSource::fixed`]): a key pair (and token) given once — what
//!   `.credentials(..)`, the environment and the profile files give. Asking costs an `Arc`
//!   clone: no lock, no allocation.
//! - **Provided** ([`CredentialsSource::from_provider`]): credentials that expire, fetched
//!   from a [`ProvideCredentials`] — the runtime's [`AssumeRoleProvider`](crate::sts::AssumeRoleProvider)
//!   or your own (an instance metadata service, a vault). They are cached and renewed:
//!
//!   * **When.** Credentials that expire after a lifetime `L` (from when they arrived to their
//!     expiry) are renewed once less than `min(margin, L / 2)` remains, `margin` being
//!     [`DEFAULT_RENEW_MARGIN`] (5 minutes) unless set: a one-hour `AssumeRole` answer is
//!     renewed after 55 minutes, a 15-minute one after 10, and a 4-second test credential after 2
//!     (a credential is always used for at least half its life, so a short lifetime does not
//!     make every call renew). Credentials without an expiry are never renewed.
//!   * **One at a time.** One call renews; the calls that arrive meanwhile keep using the
//!     current credentials while they are valid, and wait for that one renewal when there are
//!     none or they have expired. Many concurrent calls make one provider call.
//!   * **When renewing fails** while the current credentials are still valid, they stay in use
//!     and a warning is logged (the provider's error, never a secret); the next attempt waits
//!     `min(10 s, half the time left)`. Once they have expired, a call whose renewal fails
//!     fails with [`Error::CredentialsUnavailable`], its source the provider's error, and
//!     nothing is sent.
//!
//! A provider of your own:
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use sdkgen_runtime::provider::{CredentialsFuture, ExpiringCredentials, ProvideCredentials};
//! use sdkgen_runtime::Credentials;
//!
//! /// Credentials from the instance's metadata service (here: made up).
//! #[derive(Debug)]
//! struct InstanceRole;
//!
//! impl ProvideCredentials for InstanceRole {
//!     fn provide_credentials(&self) -> CredentialsFuture<'_> {
//!         Box::pin(async move {
//!             // e.g. GET http://100.80.80.80/meta-data/... and decode its answer
//!             let credentials = Credentials::new("tmp-pub", "tmp-secret").with_security_token("tok");
//!             Ok(ExpiringCredentials::new(credentials, SystemTime::now() + Duration::from_secs(3600)))
//!         })
//!     }
//! }
//! // `Client::builder().credentials_provider(InstanceRole).build()` in a generated SDK.
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use crate::credentials::Credentials;
use crate::error::Error;

/// Any error a [`ProvideCredentials`] may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What [`ProvideCredentials::provide_credentials`] returns: a boxed future, so providers can
/// be trait objects.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ExpiringCredentials, BoxError>> + Send + 'a>>;

/// How long before their expiry provided credentials are renewed, unless configured
/// (`ClientBuilder::credentials_renew_margin`): 5 minutes, and never more than half their
/// lifetime (see the [module docs](self)).
pub const DEFAULT_RENEW_MARGIN: Duration = Duration::from_secs(5 * 60);

/// The `RetCode` of a request whose temporary credentials the server does not know or no
/// longer accepts (the docs' "Token 不存在"): a call refused with it while its provided
/// credentials looked valid is sent once more with fresh ones ([`CredentialsSource::refused`]).
pub const REFUSED_TOKEN: i64 = 174;

/// The longest pause between renewal attempts that failed while the credentials in use are
/// still valid (shorter when less than twice this remains: half the time left).
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(10);

/// Credentials and when they stop being valid, as a [`ProvideCredentials`] answers them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiringCredentials {
    /// The key pair, and the token of temporary credentials.
    pub credentials: Credentials,
    /// When the server stops accepting them; `None`: never (they are then never renewed).
    pub expires_at: Option<SystemTime>,
}

impl ExpiringCredentials {
    /// Credentials valid until `expires_at`.
    pub fn new(credentials: Credentials, expires_at: SystemTime) -> Self {
        ExpiringCredentials { credentials, expires_at: Some(expires_at) }
    }

    /// Credentials that do not expire: fetched once, then cached for good.
    pub fn without_expiry(credentials: Credentials) -> Self {
        ExpiringCredentials { credentials, expires_at: None }
    }
}

/// A source of credentials that the runtime asks again before the last ones expire: STS's
/// `AssumeRole` ([`AssumeRoleProvider`](crate::sts::AssumeRoleProvider)), an instance metadata
/// service, a secrets vault. Install one with `ClientBuilder::credentials_provider` or
/// [`CredentialsSource::from_provider`]; the runtime caches its answers and calls it one at a
/// time (see the [module docs](self)), so it need not cache anything itself.
///
/// `Debug` must not print secrets: it appears in the client's `Debug`.
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    /// Fetches fresh credentials. An error is kept as the source of
    /// [`Error::CredentialsUnavailable`] when no valid credentials are left; its `Display`
    /// should name no secret.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// The credentials a [`Transport`](crate::Transport) signs calls with: fixed, or provided and
/// renewed. Cheap to clone; clones share one cache.
#[derive(Clone)]
pub struct CredentialsSource(Kind);

#[derive(Clone)]
enum Kind {
    Fixed(Arc<Credentials>),
    Provided(Arc<Cache>),
}

impl CredentialsSource {
    /// Always these credentials (a long-lived key pair, or temporary ones you renew yourself by
    /// building a new client).
    pub fn fixed(credentials: Credentials) -> Self {
        CredentialsSource(Kind::Fixed(Arc::new(credentials)))
    }

    /// Credentials from `provider`, cached and renewed [`DEFAULT_RENEW_MARGIN`] before they
    /// expire (at most half their lifetime before).
    pub fn provider(provider: impl ProvideCredentials) -> Self {
        Self::from_provider(Arc::new(provider), DEFAULT_RENEW_MARGIN)
    }

    /// Credentials from `provider`, cached and renewed `renew_margin` before they expire (at
    /// most half their lifetime before).
    pub fn from_provider(provider: Arc<dyn ProvideCredentials>, renew_margin: Duration) -> Self {
        CredentialsSource(Kind::Provided(Arc::new(Cache::new(provider, renew_margin, SystemTime::now))))
    }

    /// The credentials to sign a call with now: the fixed ones, or the cached ones, renewed
    /// first when due. Fails only for a provider, with [`Error::CredentialsUnavailable`], when
    /// renewal failed and the cached credentials (if any) have expired.
    pub async fn credentials(&self) -> Result<Arc<Credentials>, Error> {
        match &self.0 {
            Kind::Fixed(credentials) => Ok(Arc::clone(credentials)),
            Kind::Provided(cache) => cache.get().await,
        }
    }

    /// The server refused `used` as unknown or expired (RetCode [`REFUSED_TOKEN`]) though they
    /// looked valid here (a clock ahead of the server's, credentials revoked): a provider's are
    /// dropped from the cache, so the next call fetches fresh ones. Returns whether it did
    /// (never for fixed credentials, nor when others were cached meanwhile).
    pub fn refused(&self, used: &Arc<Credentials>) -> bool {
        let Kind::Provided(cache) = &self.0 else { return false };
        let mut held = cache.held.write().unwrap_or_else(PoisonError::into_inner);
        let same = held.as_ref().is_some_and(|h| Arc::ptr_eq(&h.credentials, used));
        if same {
            *held = None;
            tracing::debug!("the server refused the cached credentials; they will be fetched again");
        }
        same
    }

    /// The public key of fixed credentials; `None` for provided ones.
    pub fn fixed_public_key(&self) -> Option<&str> {
        match &self.0 {
            Kind::Fixed(credentials) => Some(&credentials.public_key),
            Kind::Provided(_) => None,
        }
    }
}

impl fmt::Debug for CredentialsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Fixed(c) => {
                f.debug_struct("Fixed").field("public_key", &c.public_key).finish_non_exhaustive()
            }
            Kind::Provided(cache) => f
                .debug_struct("Provided")
                .field("provider", &cache.provider)
                .field("renew_margin", &cache.margin)
                .finish_non_exhaustive(),
        }
    }
}

/// The credentials a provider gave last, and when to renew them.
struct Held {
    credentials: Arc<Credentials>,
    expires_at: Option<SystemTime>,
    /// From when a call should renew them (`None`: never).
    renew_at: Option<SystemTime>,
    /// How many fetches have succeeded, this one included: tells a call that waited for the
    /// renewal lock whether another renewed meanwhile.
    generation: u64,
}

impl Held {
    fn valid_at(&self, now: SystemTime) -> bool {
        self.expires_at.is_none_or(|at| now < at)
    }

    fn fresh_at(&self, now: SystemTime) -> bool {
        self.renew_at.is_none_or(|at| now < at)
    }
}

/// Provided credentials, cached, renewed by one call at a time.
struct Cache {
    provider: Arc<dyn ProvideCredentials>,
    margin: Duration,
    held: RwLock<Option<Arc<Held>>>,
    /// Held by the one call that renews.
    renewing: tokio::sync::Mutex<()>,
    clock: fn() -> SystemTime,
}

impl Cache {
    fn new(provider: Arc<dyn ProvideCredentials>, margin: Duration, clock: fn() -> SystemTime) -> Self {
        Cache { provider, margin, held: RwLock::new(None), renewing: tokio::sync::Mutex::new(()), clock }
    }

    fn current(&self) -> Option<Arc<Held>> {
        self.held.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn store(&self, held: Held) {
        *self.held.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(held));
    }

    async fn get(&self) -> Result<Arc<Credentials>, Error> {
        let seen = self.current();
        if let Some(held) = &seen {
            let now = (self.clock)();
            if held.fresh_at(now) {
                return Ok(Arc::clone(&held.credentials));
            }
            if held.valid_at(now) {
                // Due but still valid: one call renews, the others go on with these meanwhile.
                let Ok(_renewing) = self.renewing.try_lock() else {
                    return Ok(Arc::clone(&held.credentials));
                };
                return Ok(self.renew_valid(held).await);
            }
        }
        // None yet, or expired: every call needs the renewal, so they wait for the one running.
        let _renewing = self.renewing.lock().await;
        if let Some(current) = self.current() {
            if seen.as_ref().is_none_or(|s| s.generation != current.generation) {
                return Ok(Arc::clone(&current.credentials)); // renewed while this call waited
            }
        }
        self.fetch().await.map_err(|source| {
            tracing::debug!(error = %chain(source.as_ref()), "could not obtain credentials");
            Error::CredentialsUnavailable { source }
        })
    }

    /// Renews `held` (due, still valid) with the renewal lock held; on failure keeps it in use
    /// and pauses renewal attempts.
    async fn renew_valid(&self, held: &Arc<Held>) -> Arc<Credentials> {
        if let Some(current) = self.current() {
            if current.generation != held.generation || current.fresh_at((self.clock)()) {
                return Arc::clone(&current.credentials); // renewed before this call got the lock
            }
        }
        match self.fetch().await {
            Ok(credentials) => credentials,
            Err(error) => {
                let now = (self.clock)();
                let left = held.expires_at.and_then(|at| at.duration_since(now).ok()).unwrap_or_default();
                let pause = (left / 2).min(MAX_RETRY_PAUSE);
                tracing::warn!(
                    error = %chain(error.as_ref()),
                    valid_for_secs = left.as_secs(),
                    "could not renew credentials; the current ones stay in use until they expire"
                );
                self.store(Held {
                    credentials: Arc::clone(&held.credentials),
                    expires_at: held.expires_at,
                    renew_at: Some(now + pause),
                    generation: held.generation,
                });
                Arc::clone(&held.credentials)
            }
        }
    }

    /// Asks the provider and caches its answer (with the renewal lock held).
    async fn fetch(&self) -> Result<Arc<Credentials>, BoxError> {
        let fresh = self.provider.provide_credentials().await?;
        let arrived = (self.clock)();
        let renew_at = fresh.expires_at.map(|expires| {
            let lifetime = expires.duration_since(arrived).unwrap_or_default();
            let margin = self.margin.min(lifetime / 2);
            expires.checked_sub(margin).unwrap_or(arrived)
        });
        let credentials = Arc::new(fresh.credentials);
        let generation = self.current().map_or(0, |h| h.generation) + 1;
        self.store(Held {
            credentials: Arc::clone(&credentials),
            expires_at: fresh.expires_at,
            renew_at,
            generation,
        });
        tracing::debug!(
            expires_in_secs =
                fresh.expires_at.and_then(|at| at.duration_since(arrived).ok()).map(|d| d.as_secs()),
            "obtained credentials"
        );
        Ok(credentials)
    }
}

/// An error and its sources on one line, outermost first.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
    use std::sync::Mutex;
    use std::time::UNIX_EPOCH;

    /// The tests' clock: seconds after a fixed instant, moved by hand.
    static NOW_MS: AtomicI64 = AtomicI64::new(0);
    const BASE: u64 = 1_700_000_000;

    fn clock() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(BASE) + Duration::from_millis(NOW_MS.load(Ordering::SeqCst) as u64)
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(BASE + secs)
    }

    /// The clock is global, so the tests that move it take turns.
    static CLOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    fn set_clock(secs: f64) {
        NOW_MS.store((secs * 1000.0) as i64, Ordering::SeqCst);
    }

    /// Answers from a script: each call pops the next answer (`Ok(expiry in seconds)` or
    /// `Err(message)`); counts calls; optionally waits on a gate first.
    #[derive(Debug, Default)]
    struct Scripted {
        answers: Mutex<VecDeque<Result<Option<u64>, &'static str>>>,
        calls: AtomicUsize,
        gate: Option<Arc<tokio::sync::Semaphore>>,
    }

    impl Scripted {
        fn new(answers: impl IntoIterator<Item = Result<Option<u64>, &'static str>>) -> Arc<Self> {
            Arc::new(Scripted { answers: Mutex::new(answers.into_iter().collect()), ..Scripted::default() })
        }
        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                if let Some(gate) = &self.gate {
                    let _ = gate.acquire().await.map(|p| p.forget());
                }
                let answer = self.answers.lock().unwrap().pop_front().unwrap_or(Err("script ran out"));
                let credentials = Credentials::new(format!("tmp-{n}"), format!("secret-{n}"))
                    .with_security_token(format!("token-{n}"));
                match answer {
                    Ok(Some(expiry)) => Ok(ExpiringCredentials::new(credentials, at(expiry))),
                    Ok(None) => Ok(ExpiringCredentials::without_expiry(credentials)),
                    Err(message) => Err(message.into()),
                }
            })
        }
    }

    fn cache(provider: &Arc<Scripted>, margin: u64) -> Cache {
        Cache::new(provider.clone(), Duration::from_secs(margin), clock)
    }

    async fn key(cache: &Cache) -> String {
        cache.get().await.expect("credentials").public_key.clone()
    }

    #[tokio::test]
    async fn fixed_credentials_are_the_same_arc_every_time() {
        let source = CredentialsSource::fixed(Credentials::new("pk", "sk"));
        let (a, b) = (source.credentials().await.unwrap(), source.credentials().await.unwrap());
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(source.fixed_public_key(), Some("pk"));
    }

    #[tokio::test]
    async fn cached_until_the_margin_before_expiry_then_renewed() {
        let _clock = CLOCK.lock().await;
        set_clock(0.0);
        let provider = Scripted::new([Ok(Some(100)), Ok(Some(200))]);
        let cache = cache(&provider, 30);
        assert_eq!(key(&cache).await, "tmp-1");
        set_clock(69.9);
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-1".into(), 1), "not due before 70 s");
        set_clock(70.0);
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-2".into(), 2), "renewed 30 s before expiry");
        set_clock(169.0);
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-2".into(), 2));
    }

    #[tokio::test]
    async fn the_margin_is_at_most_half_the_lifetime_and_no_expiry_means_no_renewal() {
        let _clock = CLOCK.lock().await;
        set_clock(0.0);
        let provider = Scripted::new([Ok(Some(10)), Ok(None)]);
        let cache = cache(&provider, 300);
        assert_eq!(key(&cache).await, "tmp-1");
        set_clock(4.9);
        assert_eq!(key(&cache).await, "tmp-1", "a 300 s margin on a 10 s credential would renew every call");
        set_clock(5.0);
        assert_eq!(key(&cache).await, "tmp-2");
        set_clock(1.0e6);
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-2".into(), 2));
    }

    #[tokio::test]
    async fn a_failed_renewal_keeps_valid_credentials_and_pauses_then_expiry_is_a_typed_error() {
        let _clock = CLOCK.lock().await;
        set_clock(0.0);
        let provider =
            Scripted::new([Ok(Some(100)), Err("sts is down"), Err("sts is down"), Err("sts is down")]);
        let cache = cache(&provider, 40);
        assert_eq!(key(&cache).await, "tmp-1");
        set_clock(61.0); // due (renew at 60), valid until 100
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-1".into(), 2), "failed, kept");
        set_clock(70.9); // paused for min(10 s, 39 s / 2)
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-1".into(), 2), "no attempt while paused");
        set_clock(71.0);
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-1".into(), 3), "tried again after the pause");
        set_clock(100.0);
        let err = cache.get().await.expect_err("expired and the provider fails");
        assert_eq!(provider.calls(), 4);
        assert!(matches!(err, Error::CredentialsUnavailable { .. }), "{err:?}");
        assert_eq!(err.report().to_string(), "could not obtain credentials: sts is down");
    }

    #[tokio::test]
    async fn with_none_cached_concurrent_calls_make_one_fetch() {
        let _clock = CLOCK.lock().await;
        set_clock(0.0);
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let provider = Arc::new(Scripted {
            answers: Mutex::new([Ok(Some(100))].into_iter().collect()),
            gate: Some(gate.clone()),
            ..Scripted::default()
        });
        let cache = Arc::new(cache(&provider, 30));
        let calls: Vec<_> = (0..16)
            .map(|_| {
                tokio::spawn({
                    let cache = cache.clone();
                    async move { key(&cache).await }
                })
            })
            .collect();
        while provider.calls() == 0 {
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(Duration::from_millis(20)).await; // let the others queue
        gate.add_permits(1);
        for call in calls {
            let done = tokio::time::timeout(Duration::from_secs(5), call).await;
            assert_eq!(done.expect("a second fetch waits for a permit that never comes").unwrap(), "tmp-1");
        }
        assert_eq!(provider.calls(), 1);
    }

    #[tokio::test]
    async fn while_one_call_renews_the_others_use_the_valid_credentials_without_waiting() {
        let _clock = CLOCK.lock().await;
        set_clock(0.0);
        let gate = Arc::new(tokio::sync::Semaphore::new(1)); // the first fetch passes
        let provider = Arc::new(Scripted {
            answers: Mutex::new([Ok(Some(100)), Ok(Some(200))].into_iter().collect()),
            gate: Some(gate.clone()),
            ..Scripted::default()
        });
        let cache = Arc::new(cache(&provider, 30));
        assert_eq!(key(&cache).await, "tmp-1");
        set_clock(80.0);
        let renewing = tokio::spawn({
            let cache = cache.clone();
            async move { key(&cache).await }
        });
        while provider.calls() < 2 {
            tokio::task::yield_now().await;
        }
        for _ in 0..8 {
            let got = tokio::time::timeout(Duration::from_secs(5), key(&cache)).await;
            assert_eq!(got.expect("blocked by the renewal in flight"), "tmp-1");
        }
        gate.add_permits(1);
        assert_eq!(renewing.await.unwrap(), "tmp-2");
        assert_eq!((key(&cache).await, provider.calls()), ("tmp-2".into(), 2));
    }
}
