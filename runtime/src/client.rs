//! The builder behind every generated `Client`: credentials explicit or from the environment,
//! endpoint, region, project, timeouts, retry policy and an own `reqwest::Client`. Generated
//! crates name it `ClientBuilder` for their own `Client` type, so this code is written once.
//!
//! # Credentials
//!
//! The first of these that is set signs the calls:
//!
//! 1. [`credentials_provider`](ClientBuilder::credentials_provider): your own source of
//!    expiring credentials (an instance metadata service, a vault), cached and renewed;
//! 2. [`credentials`](ClientBuilder::credentials) (and [`security_token`](ClientBuilder::security_token)
//!    for temporary credentials you obtained yourself);
//! 3. with [`from_env`](ClientBuilder::from_env): `<PREFIX>_PUBLIC_KEY` and `<PREFIX>_PRIVATE_KEY`,
//!    with `<PREFIX>_SECURITY_TOKEN` when set;
//! 4. with `from_env`: the key pair of a profile of the shared files ([`crate::profile`]; the
//!    official tools' `credential.json` holds a key pair only, no token or role).
//!
//! [`assume_role`](ClientBuilder::assume_role) then makes those the *base* credentials: the
//! client calls STS's `AssumeRole` with them at its endpoint and signs its calls with the
//! temporary credentials answered, renewed before they expire ([`crate::sts`],
//! [`crate::provider`]).

use crate::credentials::{Config, Credentials, Secret};
use crate::error::Error;
use crate::provider::{CredentialsSource, ProvideCredentials, DEFAULT_RENEW_MARGIN};
use crate::retry::RetryPolicy;
use crate::sts::{AssumeRole, AssumeRoleProvider};
use crate::transport::{HttpMethod, Transport};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// What a generated crate tells the builder about itself.
#[derive(Debug, Clone, Copy)]
pub struct Product {
    /// Crate name, for the user agent.
    pub name: &'static str,
    /// Crate version, for the user agent.
    pub version: &'static str,
    /// Prefix of the environment variables (`SURFERCLOUD` → `SURFERCLOUD_PUBLIC_KEY`).
    pub env_prefix: &'static str,
    /// The endpoint used when none is configured, if the family has one.
    pub default_endpoint: Option<&'static str>,
}

/// Builds a client `C` (any type made from a [`Transport`]). Unset settings keep the runtime's
/// defaults: 10 s connect and 60 s total timeouts, 3 attempts for idempotent calls.
pub struct ClientBuilder<C> {
    product: Product,
    public_key: Option<String>,
    private_key: Option<Secret>,
    security_token: Option<Secret>,
    provider: Option<Arc<dyn ProvideCredentials>>,
    assume_role: Option<AssumeRole>,
    renew_margin: Option<Duration>,
    endpoint: Option<String>,
    region: Option<String>,
    zone: Option<String>,
    project_id: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
    max_response_bytes: Option<u64>,
    method: HttpMethod,
    /// The shared-file profile asked for by name (`.profile(..)`), if any.
    profile: Option<String>,
    /// Why the shared files could not be read, reported by `build` when they were needed.
    profile_error: Option<Error>,
    interceptors: Vec<std::sync::Arc<dyn crate::transport::Interceptor>>,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("product", &self.product.name)
            .field("public_key", &self.public_key)
            .field("private_key", &self.private_key)
            .field("security_token", &self.security_token)
            .field("provider", &self.provider)
            .field("assume_role", &self.assume_role)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("zone", &self.zone)
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// A builder with nothing set.
    pub fn new(product: Product) -> Self {
        ClientBuilder {
            product,
            public_key: None,
            private_key: None,
            security_token: None,
            provider: None,
            assume_role: None,
            renew_margin: None,
            endpoint: None,
            region: None,
            zone: None,
            project_id: None,
            connect_timeout: None,
            timeout: None,
            retry: None,
            http: None,
            max_response_bytes: None,
            method: HttpMethod::Post,
            profile: None,
            profile_error: None,
            interceptors: Vec::new(),
            _client: PhantomData,
        }
    }

    /// The API key pair.
    pub fn credentials(mut self, public_key: impl Into<String>, private_key: impl Into<Secret>) -> Self {
        self.public_key = Some(public_key.into());
        self.private_key = Some(private_key.into());
        self
    }

    /// The token of temporary credentials given with [`credentials`](Self::credentials) (ones
    /// you obtained yourself): sent with every call as the signed param `SecurityToken`. They
    /// are not renewed; for that use [`assume_role`](Self::assume_role) or
    /// [`credentials_provider`](Self::credentials_provider).
    pub fn security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Credentials from your own source (an instance metadata service, a vault), asked again
    /// before what it gave expires: see [`ProvideCredentials`]. It wins over every other
    /// credential setting; with [`assume_role`](Self::assume_role) it gives the base
    /// credentials.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.provider = Some(Arc::new(provider));
        self
    }

    /// Signs calls with temporary credentials for the role `role_urn`: obtained by calling
    /// STS's `AssumeRole` (at this client's endpoint, in a session named `session_name`) with
    /// the credentials the rest of the builder found, cached, and renewed before they expire
    /// (see [`crate::provider`] for when). `AssumeRole` is sent like any call of the client:
    /// its retry policy (as a read), timeouts and interceptors apply. A call fails with
    /// [`Error::CredentialsUnavailable`] only when they could not be obtained and none still
    /// valid are cached.
    pub fn assume_role(self, role_urn: impl Into<String>, session_name: impl Into<String>) -> Self {
        self.assume_role_with(AssumeRole::new(role_urn, session_name))
    }

    /// [`assume_role`](Self::assume_role) with a duration or policy:
    /// `.assume_role_with(AssumeRole::new(urn, "ci").duration(Duration::from_secs(900)))`.
    pub fn assume_role_with(mut self, request: AssumeRole) -> Self {
        self.assume_role = Some(request);
        self
    }

    /// How long before their expiry provided credentials (from
    /// [`assume_role`](Self::assume_role) or [`credentials_provider`](Self::credentials_provider))
    /// are renewed; at most half their lifetime is used. Default
    /// [`DEFAULT_RENEW_MARGIN`] (5 minutes).
    pub fn credentials_renew_margin(mut self, margin: Duration) -> Self {
        self.renew_margin = Some(margin);
        self
    }

    /// The endpoint and key pair of a running fake server (feature `fake`).
    #[cfg(feature = "fake")]
    pub fn fake_server(self, server: &crate::fake::RunningServer) -> Self {
        self.credentials(server.public_key(), server.private_key()).endpoint(server.base_url())
    }

    /// The endpoint, e.g. `https://api.example.com` (default: the family's, if it has one).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The region sent with actions that take one, unless a request sets its own.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The zone sent with actions that take one, unless a request sets its own.
    pub fn zone(mut self, zone: impl Into<String>) -> Self {
        self.zone = Some(zone.into());
        self
    }

    /// The project sent with actions that take one, unless a request sets its own.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Limit for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limit for one whole attempt, body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How failures are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Your own `reqwest::Client` (proxies, TLS roots, connection pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Observes or adjusts every call ([`Interceptor`](crate::Interceptor)): its params
    /// before signing, each attempt's outcome and latency. Several run in the order added.
    pub fn interceptor(mut self, interceptor: impl crate::transport::Interceptor) -> Self {
        self.interceptors.push(std::sync::Arc::new(interceptor));
        self
    }

    /// Largest response body accepted.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Send params as a GET query string instead of a form POST.
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.method = method;
        self
    }

    /// The profile of the shared config files to read in [`from_env`](Self::from_env)
    /// (instead of `<PREFIX>_PROFILE`, or the one marked active): see [`crate::profile`].
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Fills every setting not set yet, first from `<PREFIX>_PUBLIC_KEY`,
    /// `<PREFIX>_PRIVATE_KEY` (with `<PREFIX>_SECURITY_TOKEN`, the token of temporary
    /// credentials, when set), `<PREFIX>_BASE_URL`, `<PREFIX>_REGION`, `<PREFIX>_ZONE` and
    /// `<PREFIX>_PROJECT_ID`, then from a profile of the family's shared files
    /// (`config.json` and `credential.json` in `<PREFIX>_CONFIG_DIR`, else `~/.<prefix>`; the
    /// profile `.profile(..)` or `<PREFIX>_PROFILE` names, else the active one): the code,
    /// then the environment, then the files, as the official tools read them.
    pub fn from_env(self) -> Self {
        self.from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env) over any lookup (tests, config files).
    pub fn from_lookup(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let prefix = self.product.env_prefix;
        let get = |suffix: &str| lookup(&format!("{prefix}_{suffix}")).filter(|v| !v.is_empty());
        if self.public_key.is_none() && self.private_key.is_none() {
            self.public_key = get("PUBLIC_KEY");
            self.private_key = get("PRIVATE_KEY").map(Secret::new);
            // The environment's token belongs to the environment's key pair only.
            if self.public_key.is_some() {
                self.security_token = self.security_token.or_else(|| get("SECURITY_TOKEN").map(Secret::new));
            }
        }
        self.endpoint = self.endpoint.or_else(|| get("BASE_URL"));
        self.region = self.region.or_else(|| get("REGION"));
        self.zone = self.zone.or_else(|| get("ZONE"));
        self.project_id = self.project_id.or_else(|| get("PROJECT_ID"));
        let Some(folder) = crate::profile::folder(prefix, &lookup) else { return self };
        let name = self.profile.clone().or_else(|| get("PROFILE"));
        match crate::profile::load(&folder, name.as_deref()) {
            Ok(p) => {
                if self.public_key.is_none() && self.private_key.is_none() {
                    self.public_key = p.public_key;
                    self.private_key = p.private_key;
                }
                self.endpoint = self.endpoint.or(p.base_url);
                self.region = self.region.or(p.region);
                self.zone = self.zone.or(p.zone);
                self.project_id = self.project_id.or(p.project_id);
                self.timeout = self.timeout.or(p.timeout);
            }
            Err(e) => self.profile_error = Some(e),
        }
        self
    }

    /// Builds the client; fails when credentials or an endpoint are missing or invalid. With
    /// [`assume_role`](Self::assume_role) nothing is sent yet: the first call obtains the
    /// temporary credentials.
    pub fn build(self) -> Result<C, Error> {
        let prefix = self.product.env_prefix;
        let missing = |what: &str, var: &str| Error::Validation {
            field: what.to_string(),
            message: format!("not set: call `.credentials(..)` or set {prefix}_{var}"),
        };
        // A named profile that could not be read is an error; so is an unreadable shared file
        // when the credentials were to come from it.
        if let Some(e) = self.profile_error {
            if self.profile.is_some() || (self.public_key.is_none() && self.provider.is_none()) {
                return Err(e);
            }
        }
        if let Some(request) = &self.assume_role {
            request.validate()?;
        }
        let renew_margin = self.renew_margin.unwrap_or(DEFAULT_RENEW_MARGIN);
        let (credentials, source) = match self.provider {
            // The config's credentials are then unused: the provider's sign every call.
            Some(provider) => (
                Credentials::new(String::new(), Secret::default()),
                Some(CredentialsSource::from_provider(provider, renew_margin)),
            ),
            None => {
                let public_key = self.public_key.ok_or_else(|| missing("public_key", "PUBLIC_KEY"))?;
                let private_key = self.private_key.ok_or_else(|| missing("private_key", "PRIVATE_KEY"))?;
                let mut credentials = Credentials::new(public_key, private_key);
                credentials.security_token = self.security_token;
                (credentials, None)
            }
        };
        let mut config = Config::new(credentials);
        config.base_url = self.endpoint;
        config.region = self.region;
        config.zone = self.zone;
        config.project_id = self.project_id;
        let mut builder =
            Transport::builder(config).product(self.product.name, self.product.version).method(self.method);
        if let Some(url) = self.product.default_endpoint {
            builder = builder.default_base_url(url);
        }
        if let Some(t) = self.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = self.timeout {
            builder = builder.timeout(t);
        }
        if let Some(r) = self.retry {
            builder = builder.retry_policy(r);
        }
        if let Some(c) = self.http {
            builder = builder.client(c);
        }
        if let Some(n) = self.max_response_bytes {
            builder = builder.max_response_bytes(n);
        }
        for interceptor in self.interceptors {
            builder = builder.interceptor(interceptor);
        }
        if let Some(source) = source {
            builder = builder.credentials_source(source);
        }
        let transport = builder.build()?;
        Ok(C::from(match self.assume_role {
            // `AssumeRole` goes through the base transport (same endpoint, pool, timeouts,
            // retries and interceptors); every other call signs with what it answered.
            Some(request) => {
                let provider = AssumeRoleProvider::new(transport.clone(), request);
                transport.with_credentials_source(CredentialsSource::from_provider(
                    Arc::new(provider),
                    renew_margin,
                ))
            }
            None => transport,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Client(Transport);
    impl From<Transport> for Client {
        fn from(t: Transport) -> Client {
            Client(t)
        }
    }

    const PRODUCT: Product = Product {
        name: "demo",
        version: "1.0.0",
        env_prefix: "DEMO",
        default_endpoint: Some("https://api.example.com"),
    };

    #[test]
    fn explicit_settings_win_over_the_environment() {
        let env = |name: &str| match name {
            "DEMO_PUBLIC_KEY" => Some("env-pub".to_string()),
            "DEMO_PRIVATE_KEY" => Some("env-secret".to_string()),
            "DEMO_REGION" => Some("env-region".to_string()),
            _ => None,
        };
        let client: Client =
            ClientBuilder::new(PRODUCT).credentials("pub", "secret").from_lookup(env).build().unwrap();
        assert_eq!(client.0.region(), Some("env-region"));
        let debug = format!("{:?}", ClientBuilder::<Client>::new(PRODUCT).from_lookup(env));
        assert!(!debug.contains("env-secret"), "{debug}");
    }

    #[test]
    fn the_environment_s_token_goes_with_the_environment_s_keys_only() {
        let env = |name: &str| match name {
            "DEMO_PUBLIC_KEY" => Some("env-pub".to_string()),
            "DEMO_PRIVATE_KEY" => Some("env-secret".to_string()),
            "DEMO_SECURITY_TOKEN" => Some("env-token-5f0c1d".to_string()),
            _ => None,
        };
        let from_env = ClientBuilder::<Client>::new(PRODUCT).from_lookup(env);
        assert_eq!(from_env.security_token.as_ref().map(Secret::expose), Some("env-token-5f0c1d"));
        let debug = format!("{from_env:?}");
        assert!(!debug.contains("env-token") && !debug.contains("env-secret"), "{debug}");
        let explicit = ClientBuilder::<Client>::new(PRODUCT).credentials("pub", "secret").from_lookup(env);
        assert!(explicit.security_token.is_none(), "another pair's token must not be sent");
        let own = ClientBuilder::<Client>::new(PRODUCT)
            .credentials("pub", "secret")
            .security_token("own-token-77")
            .from_lookup(env);
        assert_eq!(own.security_token.as_ref().map(Secret::expose), Some("own-token-77"));
        let client: Client = own.assume_role("ucs:iam::1:role/r", "s").build().unwrap();
        let debug = format!("{:?}", client.0);
        assert!(debug.contains("AssumeRole") && debug.contains("ucs:iam::1:role/r"), "{debug}");
        assert!(!debug.contains("own-token") && !debug.contains("secret\""), "{debug}");
    }

    #[test]
    fn an_assume_role_without_a_role_or_session_is_refused_at_build() {
        for (urn, session, field) in [("", "s", "RoleUrn"), ("urn", " ", "RoleSessionName")] {
            let err = ClientBuilder::<Client>::new(PRODUCT)
                .credentials("pub", "secret")
                .assume_role(urn, session)
                .build()
                .err()
                .unwrap();
            assert!(matches!(&err, Error::Validation { field: f, .. } if f == field), "{err:?}");
        }
    }

    #[test]
    fn missing_credentials_say_how_to_set_them() {
        let err = ClientBuilder::<Client>::new(PRODUCT).from_lookup(|_| None).build().err().unwrap();
        assert!(err.to_string().contains("DEMO_PUBLIC_KEY"), "{err}");
        let no_endpoint = Product { default_endpoint: None, ..PRODUCT };
        let err = ClientBuilder::<Client>::new(no_endpoint).credentials("a", "b").build().err().unwrap();
        assert!(err.to_string().contains("endpoint"), "{err}");
    }
}
