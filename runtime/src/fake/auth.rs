//! Who may call: the `PublicKey` and request signature check, the first thing every request
//! passes, kept apart so the gateway's authentication rules read in one place.
//!
//! A long-lived key pair is accepted with a signature made with its private key. A temporary
//! pair minted by `AssumeRole` ([`super::sts`]) is accepted with a signature made with its
//! private key over every param, `SecurityToken` included, *and* its own token in
//! `SecurityToken`, until it expires; it then acts as the account of the pair that assumed the
//! role.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::sts::Sts;
use super::validate::{codes, ApiError};
use crate::credentials::{Credentials, SECURITY_TOKEN};
use crate::params::Params;
use crate::signing;

/// Accepts a request whose flat wire `params` carry the public key of one of `keys` (or of a
/// temporary pair `sts` minted, with its token, before it expires at `now`) and a signature
/// made with its private key, answering which account (index into `keys`) it acts as;
/// otherwise the gateway's error for the first thing missing or wrong: the signature (170,
/// 171), the key (172), then the token (174).
pub(crate) fn authenticate(
    params: &BTreeMap<String, String>,
    keys: &[Credentials],
    sts: &Sts,
    now: SystemTime,
) -> Result<usize, ApiError> {
    let Some(signature) = params.get(signing::SIGNATURE) else {
        return Err(ApiError::new(codes::MISSING_SIGNATURE, "Missing signature"));
    };
    let public = params.get("PublicKey");
    if let Some(key) = keys.iter().position(|k| Some(&k.public_key) == public) {
        check_signature(params, signature, &keys[key])?;
        return Ok(key);
    }
    let Some(temporary) = public.and_then(|p| sts.find(p)) else {
        return Err(ApiError::new(codes::UNKNOWN_PUBLIC_KEY, "Unknown PublicKey"));
    };
    check_signature(params, signature, &temporary.credentials)?;
    let expected = temporary.credentials.security_token.as_ref().map(|t| t.expose());
    if params.get(SECURITY_TOKEN).map(String::as_str) != expected {
        return Err(ApiError::new(codes::INVALID_TOKEN, "Token does not exist"));
    }
    if now >= temporary.expires_at {
        return Err(ApiError::new(codes::INVALID_TOKEN, "Token has expired"));
    }
    sts.used(&temporary.credentials.public_key);
    Ok(temporary.world)
}

/// Whether `signature` is the one `credentials` give `params` (every param but `Signature`).
fn check_signature(
    params: &BTreeMap<String, String>,
    signature: &str,
    credentials: &Credentials,
) -> Result<(), ApiError> {
    let mut signed = Params::new();
    for (k, v) in params {
        signed.set_str(k.clone(), v.clone());
    }
    if signing::sign(&signed, credentials) != signature {
        return Err(ApiError::new(codes::BAD_SIGNATURE, "Signature does not match"));
    }
    Ok(())
}
