//! Temporary credentials from the STS action `AssumeRole`.
//!
//! A client built with `.assume_role(role_urn, session_name)` (on any generated SDK's
//! `ClientBuilder`) calls `AssumeRole` at its own endpoint, signed with the long-lived key pair
//! the builder found (code, environment or profile), and signs its calls with the temporary
//! pair it answers, sending the token as the signed param `SecurityToken` as the official Go
//! SDK does. The answer is cached and renewed before it expires, one renewal at a time (see
//! [`crate::provider`]).
//!
//! What the request and answer hold comes from the official SDKs, since no page of the API
//! docs describes STS:
//!
//! - **Request:** `RoleUrn` and `RoleSessionName` (both required), `DurationSeconds` and
//!   `Policy` (optional). The Go SDK documents `DurationSeconds` as 900–3600 with a default of
//!   3600; this runtime sends what it is given (in whole seconds) and leaves the range to the
//!   server.
//! - **Answer:** `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and `Expiration`, in a
//!   `Credentials` object (the Java SDK's shape) or at the top level. `Expiration` is an
//!   RFC 3339 / ISO 8601 time (`2025-10-20T06:51:25Z`; without an offset it is UTC) or Unix
//!   seconds, as a number or a string.

use std::time::Duration;

use serde_json::Value;

use crate::credentials::Credentials;
use crate::decode::decode_error;
use crate::error::Error;
use crate::params::Params;
use crate::provider::{BoxError, CredentialsFuture, ExpiringCredentials, ProvideCredentials};
use crate::time::UnixTime;
use crate::transport::{CallOptions, Transport};

/// The STS action that answers temporary credentials.
pub const ASSUME_ROLE: &str = "AssumeRole";

/// What to ask `AssumeRole` for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRole {
    /// The role to act as (`RoleUrn`), e.g. `ucs:iam::60036:role/deployer`.
    pub role_urn: String,
    /// A name for the session, shown in audit logs (`RoleSessionName`).
    pub session_name: String,
    /// How long the credentials should last (`DurationSeconds`, rounded up to whole
    /// seconds); `None` sends nothing and takes the server's default (3600 s per the Go SDK,
    /// which documents 900–3600 s).
    pub duration: Option<Duration>,
    /// A policy narrowing the role's permissions for this session (`Policy`), as JSON text.
    pub policy: Option<String>,
}

impl AssumeRole {
    /// Acts as `role_urn` in a session named `session_name`, for the server's default duration.
    pub fn new(role_urn: impl Into<String>, session_name: impl Into<String>) -> Self {
        AssumeRole {
            role_urn: role_urn.into(),
            session_name: session_name.into(),
            duration: None,
            policy: None,
        }
    }

    /// Asks for credentials lasting `duration` (`DurationSeconds`).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// Narrows the session's permissions with `policy` (`Policy`, JSON text).
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// Refuses what no server could accept, before anything is sent: an empty role or session
    /// name, a zero duration.
    pub fn validate(&self) -> Result<(), Error> {
        let invalid = |field: &str, message: &str| {
            Err(Error::Validation { field: field.to_owned(), message: message.to_owned() })
        };
        if self.role_urn.trim().is_empty() {
            return invalid("RoleUrn", "is empty: name the role to assume");
        }
        if self.session_name.trim().is_empty() {
            return invalid("RoleSessionName", "is empty: name the session");
        }
        if self.duration.is_some_and(|d| d.is_zero()) {
            return invalid("DurationSeconds", "must be at least one second");
        }
        Ok(())
    }

    /// The request's wire params.
    pub fn params(&self) -> Params {
        let mut params = Params::new();
        params
            .set_str("RoleUrn", self.role_urn.as_str())
            .set_str("RoleSessionName", self.session_name.as_str());
        if let Some(duration) = self.duration {
            let secs = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
            params.set_int("DurationSeconds", i64::try_from(secs).unwrap_or(i64::MAX));
        }
        if let Some(policy) = &self.policy {
            params.set_str("Policy", policy.as_str());
        }
        params
    }
}

/// Calls `AssumeRole` through a transport signed with long-lived credentials, for a
/// [`CredentialsSource`](crate::provider::CredentialsSource) to cache and renew:
/// what `ClientBuilder::assume_role` installs, and usable on its own (say, to wrap in a
/// provider of your own).
#[derive(Clone, Debug)]
pub struct AssumeRoleProvider {
    transport: Transport,
    request: AssumeRole,
}

impl AssumeRoleProvider {
    /// Asks `transport` (its endpoint, its credentials, its retry policy: `AssumeRole` is
    /// retried as a read) for `request`'s credentials.
    pub fn new(transport: Transport, request: AssumeRole) -> Self {
        AssumeRoleProvider { transport, request }
    }

    /// What is asked for.
    pub fn request(&self) -> &AssumeRole {
        &self.request
    }

    /// Calls `AssumeRole` once and decodes its answer.
    pub async fn assume_role(&self) -> Result<ExpiringCredentials, Error> {
        self.request.validate()?;
        let options = CallOptions::NONE.idempotent();
        let raw = self.transport.call_response(ASSUME_ROLE, self.request.params(), options).await?;
        decode_answer(&raw.body).map_err(|e| e.with_request_id(raw.request_id))
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.assume_role().await.map_err(|e| Box::new(e) as BoxError) })
    }
}

/// Reads an `AssumeRole` answer (`RetCode` 0): the credentials from its `Credentials` object,
/// else from the top level. A missing or empty member, or an `Expiration` that is neither an
/// RFC 3339 time nor Unix seconds, is an [`Error::Decode`] naming the member; neither the
/// message nor the body excerpt shows a secret's value.
pub fn decode_answer(body: &[u8]) -> Result<ExpiringCredentials, Error> {
    let fail = |path: &str, message: &str| match decode_error(ASSUME_ROLE, message, body) {
        Error::Decode { action, message, excerpt, request_id, .. } => {
            Error::Decode { action, path: Some(path.to_owned()), message, excerpt, request_id }
        }
        other => other,
    };
    let value: Value =
        serde_json::from_slice(body).map_err(|_| decode_error(ASSUME_ROLE, "response is not JSON", body))?;
    let (object, prefix) = match value.get("Credentials") {
        Some(nested @ Value::Object(_)) => (nested, "Credentials."),
        _ => (&value, ""),
    };
    let text = |name: &str| match object.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::String(_)) | Some(Value::Null) | None => Err(fail(&format!("{prefix}{name}"), "missing")),
        Some(_) => Err(fail(&format!("{prefix}{name}"), "not a string")),
    };
    let public_key = text("AccessKeyId")?;
    let private_key = text("AccessKeySecret")?;
    let token = text("SecurityToken")?;
    let expiration =
        object.get("Expiration").ok_or_else(|| fail(&format!("{prefix}Expiration"), "missing"))?;
    let expires_at = expiration_of(expiration)
        .ok_or_else(|| fail(&format!("{prefix}Expiration"), "neither an RFC 3339 time nor Unix seconds"))?;
    Ok(ExpiringCredentials::new(
        Credentials::new(public_key, private_key).with_security_token(token),
        expires_at.to_system_time(),
    ))
}

/// `Expiration` as the Go SDK's two STS versions send it: RFC 3339, or Unix seconds. A number
/// above 10^11 (past the year 5000 in seconds) can only be milliseconds, and is read so.
fn expiration_of(value: &Value) -> Option<UnixTime> {
    let number = match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))?,
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(n) => n,
            Err(_) => return UnixTime::parse_rfc3339(s),
        },
        _ => return None,
    };
    let secs = if number > 100_000_000_000 { number / 1000 } else { number };
    (secs > 0).then_some(UnixTime(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-46f09bb9fab4f12dfc16";
    const TOKEN: &str = "t0k3n-0a1b2c3d4e5f6a7b8c9d";

    fn answer(credentials: &str) -> Vec<u8> {
        format!(r#"{{"RetCode":0,"Action":"AssumeRoleResponse",{credentials}}}"#).into_bytes()
    }

    #[test]
    fn reads_the_nested_object_and_the_top_level_with_either_expiration() {
        let expected = ExpiringCredentials::new(
            Credentials::new("tmp-pub", SECRET).with_security_token(TOKEN),
            UnixTime(1_760_943_085).to_system_time(),
        );
        let members =
            format!(r#""AccessKeyId":"tmp-pub","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}""#);
        for expiration in [
            r#""2025-10-20T06:51:25Z""#,
            "1760943085",
            r#""1760943085""#,
            "1760943085000",
            r#""2025-10-20T14:51:25+08:00""#,
        ] {
            let nested = answer(&format!(r#""Credentials":{{{members},"Expiration":{expiration}}}"#));
            assert_eq!(decode_answer(&nested).unwrap(), expected, "{expiration}");
            let flat = answer(&format!(r#"{members},"Expiration":{expiration}"#));
            assert_eq!(decode_answer(&flat).unwrap(), expected, "{expiration}");
        }
    }

    #[test]
    fn a_bad_answer_names_the_member_and_shows_no_secret() {
        let members = format!(r#""AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}""#);
        let cases = [
            (format!(r#""Credentials":{{{members},"Expiration":1760943085}}"#), "Credentials.AccessKeyId"),
            (format!(r#""AccessKeyId":"p",{members}"#), "Expiration"),
            (format!(r#""AccessKeyId":"p",{members},"Expiration":"next week""#), "Expiration"),
            (format!(r#""AccessKeyId":"p",{members},"Expiration":0"#), "Expiration"),
            (format!(r#""AccessKeyId":7,{members},"Expiration":1"#), "AccessKeyId"),
            (
                format!(r#""AccessKeyId":"p","AccessKeySecret":"","SecurityToken":"{TOKEN}","Expiration":1"#),
                "AccessKeySecret",
            ),
        ];
        for (members, path) in cases {
            let err = decode_answer(&answer(&members)).unwrap_err();
            match &err {
                Error::Decode { path: Some(p), .. } => assert_eq!(p, path),
                other => panic!("{other:?}"),
            }
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
        }
        assert!(matches!(decode_answer(b"<html>"), Err(Error::Decode { .. })));
    }

    #[test]
    fn params_are_the_documented_names_with_whole_seconds() {
        let request =
            AssumeRole::new("ucs:iam::1:role/r", "ci").duration(Duration::from_millis(900_500)).policy("{}");
        let params = request.params();
        assert_eq!(params.get("RoleUrn"), Some("ucs:iam::1:role/r"));
        assert_eq!(params.get("RoleSessionName"), Some("ci"));
        assert_eq!(params.get("DurationSeconds"), Some("901"));
        assert_eq!(params.get("Policy"), Some("{}"));
        let bare = AssumeRole::new("r", "s").params();
        assert!(bare.get("DurationSeconds").is_none() && bare.get("Policy").is_none());
        for (bad, field) in [
            (AssumeRole::new(" ", "s"), "RoleUrn"),
            (AssumeRole::new("r", ""), "RoleSessionName"),
            (AssumeRole::new("r", "s").duration(Duration::ZERO), "DurationSeconds"),
        ] {
            match bad.validate() {
                Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
    }
}
