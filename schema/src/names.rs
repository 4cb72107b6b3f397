//! Naming rules the generator and the runtime must agree on.

/// Whether a field's name (its last segment) names a credential: it ends with `Password`,
/// `Passwd`, `PrivateKey`, `PrivateKeyBody`, `SecretKey`, `Secret` or `Token` (any case).
/// `TokenId`, `TokenName` and `PrivateIP` name identifiers and addresses, not secrets.
///
/// The generator marks such string fields `format: secret` (a redacted `Secret` in the SDK); the
/// runtime hides their values in every body excerpt an error quotes.
pub fn names_a_secret(leaf: &str) -> bool {
    let lower = leaf.to_ascii_lowercase();
    ["password", "passwd", "privatekey", "privatekeybody", "secretkey", "secret", "token"]
        .iter()
        .any(|end| lower.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::names_a_secret;

    #[test]
    fn credentials_are_named_secrets_and_identifiers_are_not() {
        for secret in [
            "Password",
            "PassWord",
            "VncPassword",
            "DiskPassword",
            "PrivateKey",
            "PrivateKeyBody",
            "Token",
            "VncToken",
            "SecretKey",
        ] {
            assert!(names_a_secret(secret), "{secret}");
        }
        for plain in
            ["TokenId", "TokenName", "PrivateIP", "PrivateIPType", "AllowCredentials", "PublicKey", "Name"]
        {
            assert!(!names_a_secret(plain), "{plain}");
        }
    }
}
