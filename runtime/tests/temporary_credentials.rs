//! Temporary credentials end to end, over real HTTP on loopback against the fake server's
//! built-in `AssumeRole`: a client built with `.assume_role(..)` signs with the temporary pair
//! and its `SecurityToken`; the token is covered by the signature; credentials are renewed before
//! they expire, once however many calls race; an expired pair whose renewal fails gives
//! `Error::CredentialsUnavailable` without sending anything; no secret reaches `Debug` or logs.
//!
//! Lifetimes are 2 s (the fake's `temporary_credentials_lifetime`), so the clients renew at
//! half-life; the tests count the `AssumeRole` calls the fake answered
//! (`RunningServer::issued_credentials`) rather than trusting sleeps, and sleep only to reach a
//! point in a credential's life that the fake itself reports.
#![cfg(feature = "fake")]

mod fake_support;
mod logs;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use fake_support::{last_days, ret_code, NOW};
use logs::Logs;
use sdkgen_runtime::fake::{codes, FakeServer, IssuedCredentials, RunningServer};
use sdkgen_runtime::provider::{BoxError, CredentialsFuture, ProvideCredentials};
use sdkgen_runtime::{
    AssumeRole, AssumeRoleProvider, ClientBuilder, Credentials, Error, Params, Product, RetryPolicy,
    Transport, SECURITY_TOKEN,
};

const ROLE: &str = "ucs:iam::60036:role/deployer";
const SESSION: &str = "sdkgen-tests";
const LIFETIME: Duration = Duration::from_secs(2);
const PRODUCT: Product = Product {
    name: "temporary-credentials-test",
    version: "0.0.0",
    env_prefix: "TMPCRED",
    default_endpoint: None,
};

async fn fake(lifetime: Duration) -> RunningServer {
    fake_support::builder(3).temporary_credentials_lifetime(lifetime).start().await.expect("server starts")
}

/// The base client: the fake's long-lived pair, no retries (a refusal shows at once).
fn base(server: &RunningServer) -> ClientBuilder<Transport> {
    ClientBuilder::new(PRODUCT).fake_server(server).retry_policy(RetryPolicy::never())
}

/// A client acting as [`ROLE`], renewing at half-life (the margin asks for more).
fn assuming(server: &RunningServer) -> Transport {
    base(server).assume_role(ROLE, SESSION).credentials_renew_margin(Duration::from_secs(60)).build().unwrap()
}

/// One billing call; its answer's RetCode (0), or the error.
async fn call(client: &Transport) -> Result<i64, Error> {
    let params: Vec<(&str, String)> = last_days(30);
    let answer = client.invoke_idempotent("GetOrderAmount", params).await?;
    Ok(ret_code(&answer))
}

/// Sleeps until `at` (no-op when past).
async fn sleep_until(at: SystemTime) {
    if let Ok(wait) = at.duration_since(SystemTime::now()) {
        tokio::time::sleep(wait).await;
    }
}

/// Half-way through a credential's life, plus `extra`: past the client's renewal point (the
/// midpoint from when the answer arrived, a few milliseconds after the fake issued it), before
/// its expiry (at least 1 s later with a 2 s lifetime).
fn past_half_life(issued: &IssuedCredentials, extra: Duration) -> SystemTime {
    let life = issued.expires_at.duration_since(issued.issued_at).unwrap();
    issued.issued_at + life / 2 + extra
}

#[tokio::test]
async fn a_client_that_assumes_a_role_calls_with_the_temporary_pair_and_its_token() {
    let server = fake(Duration::from_secs(3600)).await;
    let client = assuming(&server);
    assert!(server.issued_credentials().is_empty(), "nothing is asked before the first call");
    for _ in 0..3 {
        assert_eq!(call(&client).await.unwrap(), 0);
    }
    let issued = server.issued_credentials();
    assert_eq!(issued.len(), 1, "one AssumeRole, cached for the later calls: {issued:?}");
    assert_eq!((issued[0].role_urn.as_str(), issued[0].session_name.as_str()), (ROLE, SESSION));
    assert_eq!(issued[0].requests, 3, "every call was signed with the temporary pair and its token");
    let lifetime = issued[0].expires_at.duration_since(issued[0].issued_at).unwrap();
    assert!(lifetime >= Duration::from_secs(3600) && lifetime <= Duration::from_secs(3601), "{lifetime:?}");
}

#[tokio::test]
async fn the_fake_accepts_a_temporary_pair_only_with_its_signed_token_until_it_expires() {
    let server = fake(LIFETIME).await;
    let base = base(&server).build().unwrap();
    let temporary =
        AssumeRoleProvider::new(base, AssumeRole::new(ROLE, SESSION)).assume_role().await.unwrap();
    let creds = temporary.credentials.clone();
    let token = creds.security_token.clone().expect("a token").expose().to_owned();
    let raw = fake_support::Client { creds: creds.clone(), ..fake_support::Client::new(&server) };
    let amount = |token: Option<&str>| {
        let mut extra = last_days(30);
        if let Some(token) = token {
            extra.push((SECURITY_TOKEN, token.to_owned()));
        }
        raw.signed("GetOrderAmount", &extra)
    };
    let code = |body: &str| ret_code(&serde_json::from_str(body).expect("JSON"));

    let good = amount(Some(&token));
    assert_eq!(code(&raw.post(&good).await.1), 0);
    // The token is covered by the signature: change it after signing, or add it unsigned, and
    // the signature no longer matches.
    let mut tampered = good.clone();
    tampered.set_str(SECURITY_TOKEN, format!("{token}0"));
    assert_eq!(code(&raw.post(&tampered).await.1), codes::BAD_SIGNATURE);
    let mut unsigned = amount(None);
    unsigned.set_str(SECURITY_TOKEN, token.clone());
    assert_eq!(code(&raw.post(&unsigned).await.1), codes::BAD_SIGNATURE);
    // Signed, but without its own token: refused as the gateway refuses a missing token.
    let (_, body) = raw.post(&amount(None)).await;
    assert_eq!(code(&body), codes::INVALID_TOKEN, "{body}");
    let (_, body) = raw.post(&amount(Some("another-token"))).await;
    assert_eq!(code(&body), codes::INVALID_TOKEN, "{body}");
    // The long-lived pair goes on working beside it.
    let other = fake_support::Client::new(&server);
    assert_eq!(other.call("GetOrderAmount", &last_days(30)).await["RetCode"], 0);

    sleep_until(temporary.expires_at.unwrap() + Duration::from_millis(50)).await;
    let (_, body) = raw.post(&amount(Some(&token))).await;
    assert_eq!(code(&body), codes::INVALID_TOKEN, "{body}");
    assert!(body.contains("expired"), "{body}");
}

#[tokio::test]
async fn credentials_are_renewed_before_they_expire() {
    let server = fake(LIFETIME).await;
    let client = assuming(&server);
    assert_eq!(call(&client).await.unwrap(), 0);
    let first = server.issued_credentials().remove(0);
    // Call on until the client renews; a client that renewed only once they had expired would
    // still succeed, so what matters is when the fake issued the second pair.
    let deadline = first.expires_at + Duration::from_secs(2);
    while server.issued_credentials().len() < 2 && SystemTime::now() < deadline {
        assert_eq!(call(&client).await.unwrap(), 0);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let issued = server.issued_credentials();
    assert_eq!(issued.len(), 2, "renewed once: {issued:?}");
    assert!(
        issued[1].issued_at < first.expires_at,
        "renewed {:?} after the first pair expired",
        issued[1].issued_at.duration_since(first.expires_at)
    );
    assert!(issued[1].issued_at >= past_half_life(&first, Duration::ZERO), "renewed before half-life");
    assert_eq!(call(&client).await.unwrap(), 0);
    assert!(server.issued_credentials()[1].requests >= 1, "the renewed pair signs the later calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_make_one_assume_role_at_first_and_at_renewal() {
    let server = fake(LIFETIME).await;
    let client = assuming(&server);
    let burst = || {
        let calls = (0..16).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(&client).await })
        });
        futures_util::future::join_all(calls.collect::<Vec<_>>())
    };
    for result in burst().await {
        assert_eq!(result.unwrap().unwrap(), 0);
    }
    let issued = server.issued_credentials();
    assert_eq!(issued.len(), 1, "16 calls with nothing cached: one AssumeRole");
    sleep_until(past_half_life(&issued[0], Duration::from_millis(300))).await;
    assert!(SystemTime::now() < issued[0].expires_at, "the machine is too slow for this test's timing");
    for result in burst().await {
        assert_eq!(result.unwrap().unwrap(), 0);
    }
    let issued = server.issued_credentials();
    assert_eq!(issued.len(), 2, "16 calls due for renewal: one AssumeRole");
    assert_eq!(issued[0].requests + issued[1].requests, 32);
}

/// A source of your own: here `AssumeRole` again, with a switch that makes it fail, a count of
/// attempts, and a record of the secrets it handed out (to look for them in `Debug` and logs;
/// so its own `Debug` names the role only, as a provider's must not print secrets).
struct Switchable {
    inner: AssumeRoleProvider,
    fail: Arc<AtomicBool>,
    attempts: Arc<AtomicUsize>,
    handed_out: Arc<Mutex<Vec<String>>>,
}

impl std::fmt::Debug for Switchable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Switchable").field("role", &self.inner.request().role_urn).finish_non_exhaustive()
    }
}

impl ProvideCredentials for Switchable {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            self.attempts.fetch_add(1, Ordering::SeqCst);
            if self.fail.load(Ordering::SeqCst) {
                return Err(BoxError::from("the STS endpoint is unreachable (test switch)"));
            }
            let fresh = self.inner.assume_role().await?;
            let mut secrets = self.handed_out.lock().unwrap();
            secrets.push(fresh.credentials.private_key.expose().to_owned());
            secrets.extend(fresh.credentials.security_token.as_ref().map(|t| t.expose().to_owned()));
            Ok(fresh)
        })
    }
}

#[tokio::test]
async fn a_failed_renewal_keeps_valid_credentials_and_expired_ones_give_a_typed_error_and_no_secret_shows() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());

    let server = fake(LIFETIME).await;
    let fail = Arc::new(AtomicBool::new(false));
    let attempts = Arc::new(AtomicUsize::new(0));
    let handed_out = Arc::new(Mutex::new(Vec::new()));
    let source = Switchable {
        inner: AssumeRoleProvider::new(base(&server).build().unwrap(), AssumeRole::new(ROLE, SESSION)),
        fail: Arc::clone(&fail),
        attempts: Arc::clone(&attempts),
        handed_out: Arc::clone(&handed_out),
    };
    let client: Transport = ClientBuilder::new(PRODUCT)
        .endpoint(server.base_url())
        .credentials_provider(source)
        .credentials_renew_margin(Duration::from_secs(60))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    assert_eq!(call(&client).await.unwrap(), 0);
    let first = server.issued_credentials().remove(0);

    fail.store(true, Ordering::SeqCst);
    sleep_until(past_half_life(&first, Duration::from_millis(300))).await;
    assert_eq!(call(&client).await.unwrap(), 0, "renewal failed, the valid pair stays in use");
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "one renewal was attempted");
    assert_eq!(server.issued_credentials()[0].requests, 2);

    sleep_until(first.expires_at + Duration::from_millis(50)).await;
    let err = call(&client).await.expect_err("expired, and renewal fails");
    assert!(matches!(err, Error::CredentialsUnavailable { .. }), "{err:?}");
    assert_eq!(err.to_string(), "could not obtain credentials");
    assert_eq!(
        err.report().to_string(),
        "could not obtain credentials: the STS endpoint is unreachable (test switch)"
    );
    assert_eq!(server.issued_credentials()[0].requests, 2, "nothing was sent with the expired pair");

    fail.store(false, Ordering::SeqCst);
    assert_eq!(call(&client).await.unwrap(), 0, "recovers once the source does");
    assert_eq!(server.issued_credentials().len(), 2);

    let text = logs.text();
    assert!(text.contains("WARN") && text.contains("could not renew credentials"), "{text}");
    let mut secrets = handed_out.lock().unwrap().clone();
    secrets.push(server.private_key().to_owned());
    assert_eq!(secrets.len(), 5, "two temporary pairs (secret and token each) and the base key");
    let shown = [
        text,
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{err:?}"),
        format!("{}", err.report()),
    ];
    for secret in &secrets {
        for shown in &shown {
            assert!(!shown.contains(secret.as_str()), "a secret in {shown}");
        }
    }
}

#[tokio::test]
async fn debug_of_an_assuming_client_and_of_temporary_credentials_shows_no_secret() {
    let server = fake(LIFETIME).await;
    let client = assuming(&server);
    assert_eq!(call(&client).await.unwrap(), 0);
    let temporary = AssumeRoleProvider::new(base(&server).build().unwrap(), AssumeRole::new(ROLE, SESSION))
        .assume_role()
        .await
        .unwrap();
    let secret = temporary.credentials.private_key.expose();
    let token = temporary.credentials.security_token.as_ref().unwrap().expose();
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{temporary:?}"),
        format!("{:?}", temporary.credentials),
        format!("{:?}", Credentials::new("pk", secret).with_security_token(token)),
    ] {
        assert!(!shown.contains(secret) && !shown.contains(token), "{shown}");
        assert!(!shown.contains(server.private_key()), "{shown}");
    }
    assert!(format!("{client:?}").contains(ROLE), "the client's Debug says which role it acts as");
}

#[tokio::test]
async fn a_temporary_pair_acts_as_the_account_that_assumed_the_role() {
    const COMPUTE: &str = include_str!("../../generated/compute/api.json");
    let server = FakeServer::builder(COMPUTE)
        .public_key("pk-one")
        .private_key("sk-one")
        .key_pair("pk-two", "sk-two")
        .seed(9)
        .now(NOW)
        .start()
        .await
        .unwrap();
    let client = |public: &str, private: &str| {
        ClientBuilder::<Transport>::new(PRODUCT)
            .endpoint(server.base_url())
            .credentials(public, private)
            .retry_policy(RetryPolicy::never())
    };
    let ids = |answer: serde_json::Value| -> Vec<String> {
        let items = answer["InstanceSet"].as_array().cloned().unwrap_or_default();
        items.iter().filter_map(|i| i["InstanceId"].as_str().map(str::to_owned)).collect()
    };
    let one = client("pk-one", "sk-one").build().unwrap();
    let two = client("pk-two", "sk-two").build().unwrap();
    let two_assumed = client("pk-two", "sk-two").assume_role(ROLE, SESSION).build().unwrap();
    let one_assumed = client("pk-one", "sk-one").assume_role(ROLE, SESSION).build().unwrap();
    let seen = ids(one.invoke_idempotent("DescribeInstances", Params::new()).await.unwrap());
    let id = seen.first().expect("seeded instances").clone();
    two.invoke("DeleteInstance", [("InstanceId", id.as_str())]).await.unwrap();

    let via_two = ids(two_assumed.invoke_idempotent("DescribeInstances", Params::new()).await.unwrap());
    let via_one = ids(one_assumed.invoke_idempotent("DescribeInstances", Params::new()).await.unwrap());
    assert!(!via_two.contains(&id), "the role assumed by pk-two sees pk-two's delete");
    assert!(via_one.contains(&id), "the role assumed by pk-one sees pk-one's data");
    let issued = server.issued_credentials();
    assert_eq!(issued.len(), 2);
    assert!(issued.iter().all(|i| i.requests == 1), "{issued:?}");
}

#[tokio::test]
async fn a_refused_assume_role_is_the_calls_typed_error() {
    let server = fake(LIFETIME).await;
    // The base pair is wrong: AssumeRole itself is refused, so no credentials, nothing sent.
    let client: Transport = ClientBuilder::new(PRODUCT)
        .endpoint(server.base_url())
        .credentials(server.public_key(), "not-the-private-key")
        .assume_role(ROLE, SESSION)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let err = call(&client).await.expect_err("AssumeRole refused");
    let Error::CredentialsUnavailable { source } = &err else { panic!("{err:?}") };
    let cause = source.downcast_ref::<Error>().expect("the runtime's error");
    assert_eq!(cause.api_code(), Some(codes::BAD_SIGNATURE));
    assert!(err
        .report()
        .to_string()
        .starts_with("could not obtain credentials: AssumeRole failed with RetCode 171"));
    assert!(server.issued_credentials().is_empty());
}

/// `AssumeRole`, but saying its pairs live an hour: a client clock ahead of the server's, or a
/// pair revoked early, looks the same from the client.
#[derive(Debug)]
struct Overstated(AssumeRoleProvider);

impl ProvideCredentials for Overstated {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let fresh = self.0.assume_role().await?;
            let hour = SystemTime::now() + Duration::from_secs(3600);
            Ok(sdkgen_runtime::ExpiringCredentials::new(fresh.credentials, hour))
        })
    }
}

#[tokio::test]
async fn credentials_the_server_refuses_though_they_look_valid_are_fetched_again_once() {
    let server = fake(LIFETIME).await;
    let source =
        Overstated(AssumeRoleProvider::new(base(&server).build().unwrap(), AssumeRole::new(ROLE, SESSION)));
    let client: Transport = ClientBuilder::new(PRODUCT)
        .endpoint(server.base_url())
        .credentials_provider(source)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    assert_eq!(call(&client).await.unwrap(), 0);
    let first = server.issued_credentials().remove(0);
    sleep_until(first.expires_at + Duration::from_millis(200)).await;
    // The server answers 174 for the expired pair; the client drops it and signs with a new one.
    assert_eq!(call(&client).await.unwrap(), 0, "sent again with fresh credentials");
    assert_eq!(server.issued_credentials().len(), 2, "one more AssumeRole");
    assert_eq!(call(&client).await.unwrap(), 0);
    assert_eq!(server.issued_credentials().len(), 2, "the fresh pair is cached");

    // Fixed credentials the server refuses are the caller's error, as before: not sent again.
    let temporary = AssumeRoleProvider::new(base(&server).build().unwrap(), AssumeRole::new(ROLE, SESSION))
        .assume_role()
        .await
        .unwrap();
    let pair = &temporary.credentials;
    let fixed: Transport = ClientBuilder::new(PRODUCT)
        .endpoint(server.base_url())
        .credentials(pair.public_key.clone(), pair.private_key.clone())
        .security_token("not-the-token")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let refused = call(&fixed).await.unwrap_err();
    assert!(matches!(refused, Error::Api { code: 174, .. }), "{refused:?}");
}
