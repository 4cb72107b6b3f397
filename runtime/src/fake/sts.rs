//! The built-in STS action `AssumeRole`, answered whatever the API description declares: it
//! mints a temporary key pair and token that act as the account of the key pair that asked,
//! until they expire. [`super::auth`] accepts them only with their token, only until then.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::rng::Rng;
use super::validate::{codes, ApiError};
use crate::credentials::Credentials;
use crate::time::UnixTime;

/// Lifetime when neither the builder nor the request sets one: the Go SDK's documented default.
const DEFAULT_LIFETIME_SECS: u64 = 3_600;
/// `DurationSeconds` bounds: those the Go SDK documents for STS (900–3600 s). No API page states
/// them; a request outside them is refused as the gateway refuses any out-of-range param.
const DURATION_SECS: std::ops::RangeInclusive<i64> = 900..=3_600;
/// Credentials expired longer ago than this are forgotten (then refused as an unknown key).
const FORGET_AFTER_SECS: u64 = 3_600;

/// One temporary key pair, as [`crate::fake::RunningServer::issued_credentials`] lists it: no
/// secret, just who and when.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuedCredentials {
    /// The temporary `PublicKey` (`AccessKeyId`).
    pub public_key: String,
    /// The `RoleUrn` asked for.
    pub role_urn: String,
    /// The `RoleSessionName` asked for.
    pub session_name: String,
    /// When the server answered.
    pub issued_at: SystemTime,
    /// When the server stops accepting them (whole seconds, as `Expiration` says).
    pub expires_at: SystemTime,
    /// How many requests they authenticated.
    pub requests: u64,
}

/// A minted pair: its credentials (token included), whose account it acts as, its record.
struct Minted {
    credentials: Credentials,
    world: usize,
    sequence: u64,
    issued: IssuedCredentials,
}

/// What a temporary public key stands for, for [`super::auth`].
pub(crate) struct Temporary {
    pub(crate) credentials: Credentials,
    pub(crate) world: usize,
    pub(crate) expires_at: SystemTime,
}

/// The fake's STS: the pairs it minted, by public key.
pub(crate) struct Sts {
    seed: u64,
    /// The builder's lifetime, which wins over a request's `DurationSeconds`.
    lifetime: Option<Duration>,
    minted: Mutex<(u64, HashMap<String, Minted>)>,
}

impl fmt::Debug for Sts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minted = self.minted.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("Sts").field("lifetime", &self.lifetime).field("minted", &minted.0).finish()
    }
}

impl Sts {
    pub(crate) fn new(seed: u64, lifetime: Option<Duration>) -> Self {
        Sts { seed, lifetime, minted: Mutex::new((0, HashMap::new())) }
    }

    /// Answers `AssumeRole` for the account `world`: the `Credentials` object of the answer.
    pub(crate) fn assume_role(
        &self,
        world: usize,
        params: &std::collections::BTreeMap<String, String>,
    ) -> Result<Map<String, Value>, ApiError> {
        let required = |name: &str| match params.get(name).map(|v| v.trim()) {
            Some(v) if !v.is_empty() => Ok(v.to_owned()),
            _ => Err(ApiError::new(codes::MISSING_PARAM, format!("Missing required param [{name}]"))),
        };
        let role_urn = required("RoleUrn")?;
        let session_name = required("RoleSessionName")?;
        let asked = match params.get("DurationSeconds") {
            None => None,
            Some(v) => {
                let secs: i64 = v.trim().parse().map_err(|_| {
                    ApiError::new(codes::BAD_TYPE, "Param [DurationSeconds] should be an integer")
                })?;
                if !DURATION_SECS.contains(&secs) {
                    return Err(ApiError::new(
                        codes::OUT_OF_RANGE,
                        format!(
                            "Param [DurationSeconds] must be between {} and {}",
                            DURATION_SECS.start(),
                            DURATION_SECS.end()
                        ),
                    ));
                }
                Some(secs as u64)
            }
        };
        let lifetime = self
            .lifetime
            .map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
            .or(asked)
            .unwrap_or(DEFAULT_LIFETIME_SECS)
            .max(1);
        let issued_at = SystemTime::now();
        // Whole seconds, as `Expiration` says them, rounded up: valid for at least `lifetime`.
        let since_epoch = issued_at.duration_since(UNIX_EPOCH).unwrap_or_default();
        let expires = since_epoch.as_secs() + u64::from(since_epoch.subsec_nanos() > 0) + lifetime;
        let expires_at = UNIX_EPOCH + Duration::from_secs(expires);

        let mut guard = self.minted.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, minted) = &mut *guard;
        *count += 1;
        let sequence = *count;
        let forget = issued_at.checked_sub(Duration::from_secs(FORGET_AFTER_SECS)).unwrap_or(UNIX_EPOCH);
        minted.retain(|_, m| m.issued.expires_at > forget);
        let mut rng = Rng::new(self.seed, &format!("sts:{sequence}"));
        let mut hex =
            |words: usize| (0..words).map(|_| format!("{:016x}", rng.next_u64())).collect::<String>();
        let public_key = format!("TMP.{}", hex(2));
        let credentials = Credentials::new(public_key.clone(), hex(3)).with_security_token(hex(4));
        let mut answer = Map::new();
        answer.insert("AccessKeyId".into(), Value::String(public_key.clone()));
        answer.insert("AccessKeySecret".into(), Value::String(credentials.private_key.expose().to_owned()));
        let token = credentials.security_token.as_ref().map(|t| t.expose().to_owned()).unwrap_or_default();
        answer.insert("SecurityToken".into(), Value::String(token));
        answer.insert("Expiration".into(), Value::String(UnixTime(expires as i64).to_rfc3339()));
        let issued = IssuedCredentials {
            public_key: public_key.clone(),
            role_urn,
            session_name,
            issued_at,
            expires_at,
            requests: 0,
        };
        minted.insert(public_key, Minted { credentials, world, sequence, issued });
        Ok(answer)
    }

    /// The minted pair `public_key` names, if any (expired ones included, until forgotten).
    pub(crate) fn find(&self, public_key: &str) -> Option<Temporary> {
        let guard = self.minted.lock().unwrap_or_else(PoisonError::into_inner);
        guard.1.get(public_key).map(|m| Temporary {
            credentials: m.credentials.clone(),
            world: m.world,
            expires_at: m.issued.expires_at,
        })
    }

    /// Counts a request `public_key` authenticated.
    pub(crate) fn used(&self, public_key: &str) {
        let mut guard = self.minted.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(m) = guard.1.get_mut(public_key) {
            m.issued.requests += 1;
        }
    }

    /// Every pair minted and not yet forgotten, oldest first.
    pub(crate) fn issued(&self) -> Vec<IssuedCredentials> {
        let guard = self.minted.lock().unwrap_or_else(PoisonError::into_inner);
        let mut minted: Vec<&Minted> = guard.1.values().collect();
        minted.sort_by_key(|m| m.sequence);
        minted.into_iter().map(|m| m.issued.clone()).collect()
    }
}
