//! Shared by the `fake_*` tests: the billing fixture and a small signing client.
//!
//! The billing API description is a frozen copy of the billing crate's `api.json`
//! (`tests/fixtures/billing.api.json`, with its `fake:` section): these tests pin the engine's
//! behaviour, so a docs change in `specs/billing` must not move them. The live `api.json` is
//! exercised by the generated crates' smoke tests and the root package's end-to-end tests.
#![allow(dead_code)]

use sdkgen_runtime::fake::{FakeServer, FakeServerBuilder, RunningServer};
use sdkgen_runtime::{sign, Credentials, Params};
use serde_json::Value;

pub const API: &str = include_str!("../fixtures/billing.api.json");
pub const PUBLIC: &str = "test-public";
pub const PRIVATE: &str = "test-private";
/// A fixed "server start" (a UTC midnight) so data does not depend on the day tests run.
pub const NOW: i64 = 1_749_945_600;
pub const DAY: i64 = 86_400;

pub fn builder(seed: u64) -> FakeServerBuilder {
    FakeServer::builder(API).public_key(PUBLIC).private_key(PRIVATE).seed(seed).now(NOW)
}

pub async fn start(seed: u64) -> (RunningServer, Client) {
    let server = builder(seed).start().await.expect("server starts");
    let client = Client::new(&server);
    (server, client)
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub creds: Credentials,
}

impl Client {
    pub fn new(server: &RunningServer) -> Self {
        sdkgen_runtime::ensure_tls_provider();
        Client {
            http: reqwest::Client::new(),
            base: server.base_url().to_owned(),
            creds: Credentials::new(server.public_key(), server.private_key()),
        }
    }

    /// Signed params for `action` plus `extra`.
    pub fn signed(&self, action: &str, extra: &[(&str, String)]) -> Params {
        let mut p = Params::new();
        p.set_str("Action", action).set_str("PublicKey", self.creds.public_key.clone());
        for (k, v) in extra {
            p.set_str(*k, v.clone());
        }
        let s = sign(&p, &self.creds);
        p.set_str("Signature", s);
        p
    }

    /// POSTs `params` as a form; returns the HTTP status and the raw body.
    pub async fn post(&self, params: &Params) -> (u16, String) {
        let resp = self
            .http
            .post(format!("{}/", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(params.to_form_body())
            .send()
            .await
            .expect("request sent");
        let status = resp.status().as_u16();
        (status, resp.text().await.unwrap_or_default())
    }

    /// Signs, POSTs and parses; asserts HTTP 200 and JSON.
    pub async fn call(&self, action: &str, extra: &[(&str, String)]) -> Value {
        let (status, body) = self.post(&self.signed(action, extra)).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
    }
}

/// `("StartTime", ..), ("EndTime", ..)` for the last `days` days before [`NOW`].
pub fn last_days(days: i64) -> Vec<(&'static str, String)> {
    vec![("StartTime", (NOW - days * DAY).to_string()), ("EndTime", NOW.to_string())]
}

pub fn with(
    mut base: Vec<(&'static str, String)>,
    more: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    base.extend(more.iter().map(|(k, v)| (*k, (*v).to_owned())));
    base
}

pub fn ret_code(v: &Value) -> i64 {
    v["RetCode"].as_i64().expect("RetCode")
}
