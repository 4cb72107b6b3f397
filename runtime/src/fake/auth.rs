//! Who may call: the `PublicKey` and request signature check, the first thing every request
//! passes, kept apart so the gateway's authentication rules read in one place.

use std::collections::BTreeMap;

use super::validate::{codes, ApiError};
use crate::credentials::Credentials;
use crate::params::Params;
use crate::signing;

/// Accepts a request whose flat wire `params` carry the public key of one of `keys` and a
/// signature made with its private key, answering which key pair it is; otherwise the gateway's
/// error for the first thing missing or wrong.
pub(crate) fn authenticate(
    params: &BTreeMap<String, String>,
    keys: &[Credentials],
) -> Result<usize, ApiError> {
    let Some(signature) = params.get(signing::SIGNATURE) else {
        return Err(ApiError::new(codes::MISSING_SIGNATURE, "Missing signature"));
    };
    let public = params.get("PublicKey");
    let Some(key) = keys.iter().position(|k| Some(&k.public_key) == public) else {
        return Err(ApiError::new(codes::UNKNOWN_PUBLIC_KEY, "Unknown PublicKey"));
    };
    let credentials = &keys[key];
    let mut signed = Params::new();
    for (k, v) in params {
        signed.set_str(k.clone(), v.clone());
    }
    if signing::sign(&signed, credentials) != *signature {
        return Err(ApiError::new(codes::BAD_SIGNATURE, "Signature does not match"));
    }
    Ok(key)
}
