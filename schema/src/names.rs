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

/// Params that say where a call runs, not what it asks for: client settings in the SDK, never a
/// filter in the fake server.
pub const CONTEXT_PARAMS: [&str; 3] = ["Region", "Zone", "ProjectId"];

/// Whether id field `id` (`UHostId`) is the id of `resource` (`UHostInstance`, an action's
/// name without its verb): its stem is part of the resource's name, in any case. `VPCId` is no
/// id of `UHostInstance`; it names a parent. The fake server's collections and the SDK's
/// waiters both pick an item's id by this rule.
pub fn id_of_resource(id: &str, resource: &str) -> bool {
    let stem = id.strip_suffix("Id").unwrap_or(id).to_ascii_lowercase();
    !stem.is_empty() && resource.to_ascii_lowercase().contains(&stem)
}

#[cfg(test)]
mod tests {
    use super::{id_of_resource, names_a_secret};

    #[test]
    fn an_id_belongs_to_the_resource_that_names_its_stem() {
        assert!(id_of_resource("UHostId", "UHostInstance"));
        assert!(id_of_resource("ULBId", "ulb"));
        assert!(!id_of_resource("VPCId", "UHostInstance") && !id_of_resource("Id", "Thing"));
    }

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
