//! `family.yaml`: the settings of a family that no page states.

use super::locate::KeyMap;
use super::spec::{deserialize, Builder, FieldSpec};
use crate::diag::Diagnostic;
use crate::ir::{FamilyConfig, Signing, Transport};
use serde::Deserialize;

/// The file's shape: every key optional, so a folder name alone gives a working family.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    crate_name: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    env_prefix: Option<String>,
    #[serde(default)]
    common_params: Vec<FieldSpec>,
    #[serde(default)]
    signing: Option<Signing>,
    #[serde(default)]
    transport: Option<Transport>,
    #[serde(default)]
    money_fields: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    extra_fields: bool,
    #[serde(default)]
    fake: Option<serde_json::Value>,
}

/// The folder name with its trailing `-api` dropped, lower-cased, every character that cannot
/// be in a Rust identifier replaced by `_` (`Billing-API` → `billing`, `u-host` → `u_host`);
/// `_` before a leading digit, `_api` after a keyword.
fn default_name(folder: &str) -> String {
    let lower = folder.trim().to_lowercase();
    let base = lower.strip_suffix("-api").or_else(|| lower.strip_suffix("_api")).unwrap_or(&lower);
    let name: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if name.is_empty() {
        "api".to_string()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if crate::validate::module_name_problem(&name).is_some() {
        // A keyword (`type`) or `_`.
        format!("{name}_api")
    } else {
        name
    }
}

/// The folder name in kebab case: lower-cased, runs of other characters turned into one `-`;
/// `api-` before a leading digit, `-api` after a name Cargo refuses (`test`, `fn`).
fn kebab(folder: &str) -> String {
    let mut out = String::new();
    for c in folder.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "api".to_string()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{out}")
    } else if crate::validate::crate_name_problem(&out).is_some() {
        // A keyword or a name Cargo keeps (`test`, `fn`).
        format!("{out}-api")
    } else {
        out
    }
}

/// Why `endpoint` cannot be the SDK's default base URL: it must parse as a URL, with the
/// scheme `http` or `https` and a host.
fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let url = url::Url::parse(endpoint).map_err(|e| e.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("the scheme is `{}`", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".to_string());
    }
    Ok(())
}

/// The settings of a folder without `family.yaml`: `name` is the folder name (trailing `-api`
/// dropped, lower-cased, `-` → `_`), `crate_name` the folder name in kebab case, `env_prefix`
/// the name upper-cased, no endpoint, default signing and transport, nothing else.
pub fn default_family_config(folder_name: &str) -> FamilyConfig {
    let name = default_name(folder_name);
    FamilyConfig {
        crate_name: kebab(folder_name),
        env_prefix: name.to_uppercase(),
        name,
        title: String::new(),
        endpoint: None,
        common_params: Vec::new(),
        signing: Signing::default(),
        transport: Transport::default(),
        money_fields: Vec::new(),
        words: Vec::new(),
        extra_fields: false,
        fake: None,
    }
}

/// Reads `family.yaml`; every key left out takes its value from [`default_family_config`]
/// (`env_prefix` from the `name` given, when one is). The settings are `None` when the file
/// cannot be used; an `endpoint` that is not an http(s) URL is an error too, but one that leaves
/// the rest usable, so the loader's later checks (the `fake:` section's) still run.
pub fn parse_family_config(
    path: &str,
    text: &str,
    folder_name: &str,
) -> (Option<FamilyConfig>, Vec<Diagnostic>) {
    let file: FamilyFile = match deserialize(path, "family", text) {
        Ok(file) => file,
        Err(d) => return (None, vec![*d]),
    };
    let keys = KeyMap::scan(path, text);
    let mut builder = Builder { keys: &keys, diags: Vec::new(), prefix: "family" };
    let section = keys.section(keys.all(), "common_params");
    let common_params = builder.fields(file.common_params, section);
    let mut diags = builder.diags;
    let defaults = default_family_config(folder_name);
    // What the names must be is validation's to say (`validate::settings`), located there too.
    let name = file.name.unwrap_or(defaults.name);
    let usable = !diags.iter().any(Diagnostic::is_error);
    if let Some(endpoint) = &file.endpoint {
        if let Err(why) = check_endpoint(endpoint) {
            let loc = keys.find(keys.all(), "endpoint").and_then(|i| keys.value_loc(i));
            diags.push(
                Diagnostic::error(
                    "family-bad-endpoint",
                    format!("the endpoint `{endpoint}` is not an http(s) URL: {why}"),
                )
                .at_span(loc, endpoint.chars().count())
                .hint("write the API's base URL with its scheme, e.g. `https://api.surfercloud.com`"),
            );
        }
    }
    let config = FamilyConfig {
        env_prefix: file.env_prefix.unwrap_or_else(|| name.to_uppercase()),
        name,
        crate_name: file.crate_name.unwrap_or(defaults.crate_name),
        title: file.title,
        endpoint: file.endpoint,
        common_params,
        signing: file.signing.unwrap_or_default(),
        transport: file.transport.unwrap_or_default(),
        money_fields: file.money_fields,
        words: file.words,
        extra_fields: file.extra_fields,
        fake: file.fake,
    };
    (usable.then_some(config), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_come_from_the_folder_name() {
        let c = default_family_config("Billing-API");
        assert_eq!(
            (c.name.as_str(), c.crate_name.as_str(), c.env_prefix.as_str()),
            ("billing", "billing-api", "BILLING")
        );
        let c = default_family_config("u-host");
        assert_eq!((c.name.as_str(), c.crate_name.as_str()), ("u_host", "u-host"));
        let c = default_family_config("");
        assert_eq!(c.name, "api");
    }

    #[test]
    fn endpoints_are_http_urls_with_a_host() {
        for good in ["https://api.surfercloud.com", "http://127.0.0.1:8080/", "https://api.example.com/v2"] {
            assert_eq!(check_endpoint(good), Ok(()), "{good}");
        }
        for bad in
            ["not a url", "api.surfercloud.com", "ftp://api.example.com", "https://", "mailto:a@b.c", ""]
        {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
    }
}
