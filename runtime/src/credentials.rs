//! Credentials and client configuration.
//!
//! The private key is wrapped in [`Secret`] so that it cannot reach logs,
//! `Debug` output or error messages by accident.

use std::fmt;

use crate::error::Error;

/// A string that must never be printed: `Debug` and `Display` show a placeholder. Generated
/// SDKs hold credentials in it (params and response fields named like `Password`, `PrivateKey`
/// or `Token`), so a request or response can be logged with `{:?}`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Gives the raw value; call only where the secret is really needed (signing).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// From a string (or a number, as its text), as a serde-derived struct holding one decodes it.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::decode::secret(d)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// The name of the param that carries temporary credentials' token ([`Credentials::security_token`]).
pub const SECURITY_TOKEN: &str = "SecurityToken";

/// The key pair every request is signed with, and for temporary credentials (from `AssumeRole`,
/// see [`crate::sts`]) their token. Made with [`Credentials::new`] (and
/// [`Credentials::with_security_token`]); `non_exhaustive`, so a field added later (as the token
/// was) breaks no caller.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Credentials {
    /// Sent with every request as `PublicKey`; not secret.
    pub public_key: String,
    /// Used only to compute the signature; never sent, never printed.
    pub private_key: Secret,
    /// The token of temporary credentials: sent with every request as the param
    /// [`SECURITY_TOKEN`] (`SecurityToken`) and covered by the signature, as the official Go SDK
    /// does; never printed. `None` for a long-lived key pair.
    pub security_token: Option<Secret>,
}

impl Credentials {
    /// Builds credentials from a public and a private key (a long-lived pair: no token).
    pub fn new(public_key: impl Into<String>, private_key: impl Into<Secret>) -> Self {
        Credentials { public_key: public_key.into(), private_key: private_key.into(), security_token: None }
    }

    /// The same key pair with the token of temporary credentials.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }
}

/// Everything needed to build a [`Transport`](crate::Transport) besides HTTP tuning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The key pair requests are signed with.
    pub credentials: Credentials,
    /// API endpoint; `None` means the generated SDK's default endpoint.
    pub base_url: Option<String>,
    /// Region added to calls that accept one when the caller sets none.
    pub region: Option<String>,
    /// Zone added to calls that accept one when the caller sets none.
    pub zone: Option<String>,
    /// Project added to calls that accept one when the caller sets none.
    pub project_id: Option<String>,
}

impl Config {
    /// A configuration with only credentials; other settings stay at defaults.
    pub fn new(credentials: Credentials) -> Self {
        Config { credentials, base_url: None, region: None, zone: None, project_id: None }
    }

    /// Sets the endpoint, e.g. for a private deployment or a test server.
    pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the default region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the default zone.
    pub fn with_zone(mut self, zone: impl Into<String>) -> Self {
        self.zone = Some(zone.into());
        self
    }

    /// Sets the default project.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Reads `<PREFIX>_PUBLIC_KEY`, `<PREFIX>_PRIVATE_KEY` (both required) and the
    /// optional `<PREFIX>_SECURITY_TOKEN` (temporary credentials' token), `<PREFIX>_BASE_URL`,
    /// `<PREFIX>_REGION`, `<PREFIX>_ZONE`, `<PREFIX>_PROJECT_ID` from the process environment.
    /// Empty values count as unset.
    pub fn from_env(prefix: &str) -> Result<Self, Error> {
        Self::from_lookup(prefix, |name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`] but over any lookup, so tests and embedders
    /// need not touch the process environment.
    pub fn from_lookup(prefix: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |suffix: &str| {
            let name = format!("{prefix}_{suffix}");
            let value = lookup(&name).filter(|v| !v.is_empty());
            (name, value)
        };
        let required = |suffix: &str| {
            let (name, value) = get(suffix);
            value.ok_or_else(|| Error::Validation {
                field: name,
                message: "environment variable is not set".into(),
            })
        };
        let public_key = required("PUBLIC_KEY")?;
        let private_key = required("PRIVATE_KEY")?;
        let mut credentials = Credentials::new(public_key, private_key);
        credentials.security_token = get("SECURITY_TOKEN").1.map(Secret::new);
        Ok(Config {
            credentials,
            base_url: get("BASE_URL").1,
            region: get("REGION").1,
            zone: get("ZONE").1,
            project_id: get("PROJECT_ID").1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const PRIVATE: &str = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

    const TOKEN: &str = "sts-token-5f0c1d2e3f4a5b6c";

    #[test]
    fn secret_is_redacted_in_debug_and_display() {
        let creds = Credentials::new("pub", PRIVATE).with_security_token(TOKEN);
        let config = Config::new(creds.clone()).with_region("cn-bj2");
        let token = creds.security_token.as_ref().expect("a token");
        for text in [
            format!("{creds:?}"),
            format!("{creds:#?}"),
            format!("{}", creds.private_key),
            format!("{:?}", creds.private_key),
            format!("{token}"),
            format!("{token:?}"),
            format!("{config:?}"),
            format!("{config:#?}"),
        ] {
            assert!(!text.contains(PRIVATE) && !text.contains(TOKEN), "leaked in {text}");
            assert!(text.contains("REDACTED"), "{text}");
        }
        assert_eq!(creds.private_key.expose(), PRIVATE);
        assert_eq!(token.expose(), TOKEN);
    }

    #[test]
    fn from_lookup_reads_prefixed_names() {
        let env: HashMap<&str, &str> = [
            ("SC_PUBLIC_KEY", "pk"),
            ("SC_PRIVATE_KEY", "sk"),
            ("SC_REGION", "hk"),
            ("SC_PROJECT_ID", ""),
            ("SC_SECURITY_TOKEN", "tok"),
            ("OTHER_BASE_URL", "http://wrong"),
        ]
        .into_iter()
        .collect();
        let config = Config::from_lookup("SC", |k| env.get(k).map(|v| v.to_string())).unwrap();
        assert_eq!(config.credentials.public_key, "pk");
        assert_eq!(config.credentials.private_key.expose(), "sk");
        assert_eq!(config.credentials.security_token.as_ref().map(Secret::expose), Some("tok"));
        assert_eq!(config.region.as_deref(), Some("hk"));
        assert_eq!(config.project_id, None, "empty counts as unset");
        assert_eq!(config.base_url, None);
    }

    #[test]
    fn from_lookup_names_the_missing_variable() {
        let err =
            Config::from_lookup("SC", |k| (k == "SC_PUBLIC_KEY").then(|| "pk".to_string())).unwrap_err();
        match err {
            Error::Validation { field, .. } => assert_eq!(field, "SC_PRIVATE_KEY"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
