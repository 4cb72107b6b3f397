//! The family's settings (`family.yaml`, or the defaults named after its folder) that end up as
//! names in the generated crate: the module name, the package name, the environment prefix, and
//! the default way requests travel.
//!
//! `family-bad-name`: the name is a module (`pub mod billing`) and a folder: lower-case ASCII
//! letters, digits and `_`, not starting with a digit, not a keyword.
//! `family-bad-crate-name`: the package name Cargo accepts and rustc lints not: lower-case ASCII
//! letters, digits, `-` and `_`, starting with a letter, at most 64 characters, not a keyword and not a name Cargo or the
//! generated crate already uses (`test`, `std`, `sdkgen-runtime`, …).
//! `family-bad-env-prefix`: the prefix of environment variable names (`BILLING_PUBLIC_KEY`):
//! ASCII letters, digits and `_`, not starting with a digit.
//! `family-bad-transport`: a default `method: get` with `allow_get: false` asks for what the
//! family says the API refuses.

use crate::diag::Diagnostic;
use crate::emit::names::RustName;
use crate::ir::{FamilyConfig, HttpMethod, Loc};
use crate::yaml::locate::KeyMap;

/// Package names Cargo refuses or the generated crate cannot take (its own dependencies).
/// In their library form (`-` as `_`), which is what collides.
const TAKEN_CRATE_NAMES: &[&str] = &["test", "std", "core", "alloc", "proc_macro", "sdkgen_runtime"];

/// Checks the settings; `file` (`family.yaml`'s path and text) locates the errors.
pub(super) fn check(config: &FamilyConfig, file: Option<&(String, String)>) -> Vec<Diagnostic> {
    let keys = file.map(|(path, text)| KeyMap::scan(path, text));
    let at = |key: &str| -> Option<Loc> {
        let keys = keys.as_ref()?;
        let i = keys.find(keys.all(), key)?;
        keys.value_loc(i)
    };
    let mut out = Vec::new();
    if let Some(why) = module_name_problem(&config.name) {
        out.push(
            Diagnostic::error(
                "family-bad-name",
                format!("the family name `{}` is not a module name: {why}", config.name),
            )
            .at(at("name"))
            .hint("set `name:` in family.yaml to lower-case letters, digits and `_`, e.g. `billing`"),
        );
    }
    if let Some(why) = crate_name_problem(&config.crate_name) {
        out.push(
            Diagnostic::error(
                "family-bad-crate-name",
                format!("the crate name `{}` is not one Cargo accepts: {why}", config.crate_name),
            )
            .at(at("crate_name"))
            .hint(
                "set `crate_name:` in family.yaml to lower-case letters, digits and `-`, e.g. `billing-sdk`",
            ),
        );
    }
    if let Some(why) = env_prefix_problem(&config.env_prefix) {
        out.push(
            Diagnostic::error(
                "family-bad-env-prefix",
                format!("the environment prefix `{}` cannot start a variable name: {why}", config.env_prefix),
            )
            .at(at("env_prefix"))
            .hint("set `env_prefix:` in family.yaml to upper-case letters, digits and `_`, e.g. `BILLING`"),
        );
    }
    if config.transport.method == HttpMethod::Get && !config.transport.allow_get {
        out.push(
            Diagnostic::error(
                "family-bad-transport",
                "`transport` sends every request with GET, yet says the API does not accept GET",
            )
            .at(at("transport"))
            .hint("set `method: post-form` (or `post-json`), or `allow_get: true`"),
        );
    }
    out
}

/// Why `name` cannot be a module and folder name, if it cannot.
pub(crate) fn module_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        Some("it has a character other than a lower-case ASCII letter, a digit or `_`")
    } else if RustName::parse(name).is_none() {
        Some("it starts with a digit, or is a keyword or `_`")
    } else {
        None
    }
}

/// Why `name` cannot be a package name, if it cannot.
pub(crate) fn crate_name_problem(name: &str) -> Option<&'static str> {
    let lib = name.replace('-', "_");
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        Some("it does not start with a lower-case ASCII letter")
    } else if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
        // An upper-case crate name trips rustc's `non_snake_case` in the crate itself.
        Some("it has a character other than a lower-case ASCII letter, a digit, `-` or `_`")
    } else if RustName::parse(&lib).is_none() {
        Some("it is a Rust keyword")
    } else if TAKEN_CRATE_NAMES.contains(&lib.as_str()) {
        Some("Cargo, the standard library or the generated crate's own dependency already uses it")
    } else {
        None
    }
}

/// Why `prefix` cannot start an environment variable name, if it cannot.
fn env_prefix_problem(prefix: &str) -> Option<&'static str> {
    if prefix.is_empty() {
        Some("it is empty")
    } else if prefix.starts_with(|c: char| c.is_ascii_digit()) {
        Some("it starts with a digit")
    } else if !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Some("it has a character other than an ASCII letter, a digit or `_`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> FamilyConfig {
        crate::yaml::default_family_config("billing")
    }

    fn codes(config: &FamilyConfig, file: Option<&(String, String)>) -> Vec<(String, u32)> {
        check(config, file).iter().map(|d| (d.code.clone(), d.loc.as_ref().map_or(0, |l| l.line))).collect()
    }

    #[test]
    fn the_defaults_pass() {
        for folder in [
            "billing",
            "u-host",
            "3d-api",
            "UK8S",
            "Billing-API",
            "ünï",
            "type",
            "test",
            "fn",
            "_",
            "-",
            "std-api",
        ] {
            let c = crate::yaml::default_family_config(folder);
            assert_eq!(codes(&c, None), [], "{folder}: {c:?}");
        }
    }

    #[test]
    fn module_names() {
        for bad in ["", "Billing", "bill-ing", "3d", "type", "self", "_", "名"] {
            assert!(module_name_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["billing", "u_host", "_3d", "uk8s"] {
            assert_eq!(module_name_problem(good), None, "{good}");
        }
    }

    #[test]
    fn crate_names() {
        for bad in [
            "",
            "foo bar",
            "3d",
            "-x",
            "fn",
            "self",
            "test",
            "std",
            "sdkgen-runtime",
            "a\"b",
            "MySdk",
            &"x".repeat(65),
        ] {
            assert!(crate_name_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["billing", "surfercloud-billing", "u_host", "uk8s"] {
            assert_eq!(crate_name_problem(good), None, "{good}");
        }
    }

    #[test]
    fn env_prefixes() {
        for bad in ["", "3D", "A B", "A-B", "Ä"] {
            assert!(env_prefix_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["BILLING", "U_HOST", "_X", "uk8s"] {
            assert_eq!(env_prefix_problem(good), None, "{good}");
        }
    }

    #[test]
    fn errors_are_located_at_their_key() {
        let text = "name: billing\ncrate_name: \"foo bar\"\nenv_prefix: A-B\ntransport:\n  method: get\n  allow_get: false\n";
        let file = ("family.yaml".to_string(), text.to_string());
        let mut c = config();
        c.crate_name = "foo bar".into();
        c.env_prefix = "A-B".into();
        c.transport.method = HttpMethod::Get;
        c.transport.allow_get = false;
        assert_eq!(
            codes(&c, Some(&file)),
            [
                ("family-bad-crate-name".to_string(), 2),
                ("family-bad-env-prefix".to_string(), 3),
                ("family-bad-transport".to_string(), 4)
            ]
        );
        c.name = "Bad".into();
        assert_eq!(codes(&c, None)[0], ("family-bad-name".to_string(), 0));
    }
}
