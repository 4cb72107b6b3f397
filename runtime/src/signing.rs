//! Request signing.
//!
//! The documented rule: take every parameter that will be sent except
//! `Signature` (so `PublicKey` included), in byte-wise order of wire name,
//! concatenate name and value with no separators or escaping, append the
//! private key, and SHA-1 the UTF-8 bytes; the signature is lower-case hex.

use sha1::{Digest, Sha1};

use crate::credentials::Credentials;
use crate::params::Params;

/// Name of the parameter that carries the signature; it is never itself signed.
pub const SIGNATURE: &str = "Signature";

/// Computes the signature of `params` (which must already contain `PublicKey`).
///
/// The string to sign is fed to the hasher piecewise so no copy containing the
/// private key is ever built.
pub fn sign(params: &Params, credentials: &Credentials) -> String {
    let mut hasher = Sha1::new();
    for (name, value) in params.iter().filter(|(name, _)| *name != SIGNATURE) {
        hasher.update(name.as_bytes());
        hasher.update(value.as_bytes());
    }
    hasher.update(credentials.private_key.expose().as_bytes());
    to_hex(&hasher.finalize())
}

/// Lower-case hex; small enough not to warrant a dependency.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC: &str = "ucloudsomeone@example.com1296235120854146120";
    const PRIVATE: &str = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

    fn creds() -> Credentials {
        Credentials::new(PUBLIC, PRIVATE)
    }

    fn sha1_hex(s: &str) -> String {
        to_hex(&Sha1::digest(s.as_bytes()))
    }

    #[test]
    fn documented_vector() {
        let mut p = Params::new();
        p.set_str("Action", "DescribeUHostInstance")
            .set_str("Region", "cn-bj2")
            .set_int("Limit", 10)
            .set_str("PublicKey", PUBLIC);
        assert_eq!(sign(&p, &creds()), "cba5cf5ec4d4233d206b1b54951e3787350a642f");
        // And the documented string-to-sign hashes to the same value.
        assert_eq!(
            sha1_hex(
                "ActionDescribeUHostInstanceLimit10PublicKeyucloudsomeone@example.com1296235120854146120\
                 Regioncn-bj246f09bb9fab4f12dfc160dae12273d5332b5debe"
            ),
            "cba5cf5ec4d4233d206b1b54951e3787350a642f"
        );
    }

    #[test]
    fn existing_signature_param_is_ignored() {
        let mut p = Params::new();
        p.set_str("Action", "DescribeUHostInstance")
            .set_str("Region", "cn-bj2")
            .set_int("Limit", 10)
            .set_str("PublicKey", PUBLIC)
            .set_str(SIGNATURE, "stale");
        assert_eq!(sign(&p, &creds()), "cba5cf5ec4d4233d206b1b54951e3787350a642f");
    }

    #[test]
    fn order_is_bytewise_not_numeric() {
        let mut p = Params::new();
        for i in [2, 10, 1] {
            p.set_str(format!("Foo.{i}"), format!("v{i}"));
        }
        p.set_str("PublicKey", "pk");
        let key = Credentials::new("pk", "sk");
        assert_eq!(sign(&p, &key), sha1_hex("Foo.1v1Foo.10v10Foo.2v2PublicKeypksk"));
    }

    #[test]
    fn insertion_order_does_not_matter() {
        let pairs = [("Zone", "z1"), ("Action", "A"), ("a", "lower"), ("B", "upper"), ("PublicKey", "pk")];
        let mut forward = Params::new();
        let mut backward = Params::new();
        for (k, v) in pairs {
            forward.set_str(k, v);
        }
        for (k, v) in pairs.iter().rev() {
            backward.set_str(*k, *v);
        }
        let key = Credentials::new("pk", "sk");
        assert_eq!(sign(&forward, &key), sign(&backward, &key));
        // Upper-case sorts before lower-case byte-wise.
        assert_eq!(sign(&forward, &key), sha1_hex("ActionABupperPublicKeypkZonez1alowersk"));
    }

    #[test]
    fn empty_values_are_signed_and_unset_are_not() {
        let key = Credentials::new("pk", "sk");
        let mut with_empty = Params::new();
        with_empty.set_str("PublicKey", "pk").set_str("Remark", "");
        let mut without = Params::new();
        without.set_str("PublicKey", "pk");
        assert_eq!(sign(&with_empty, &key), sha1_hex("PublicKeypkRemarksk"));
        assert_eq!(sign(&without, &key), sha1_hex("PublicKeypksk"));
        assert_ne!(sign(&with_empty, &key), sign(&without, &key));
    }

    #[test]
    fn utf8_values_are_signed_raw() {
        let key = Credentials::new("pk", "sk");
        let mut p = Params::new();
        p.set_str("Name", "a b&中").set_float("Price", 42.0).set_bool("On", true);
        assert_eq!(sign(&p, &key), sha1_hex("Namea b&中OntruePrice42sk"));
    }
}
