//! Named profiles in the shared files the family's official tools write: `config.json` (an
//! array of `{profile, active, region, zone, project_id, base_url, timeout_sec}`) and
//! `credential.json` (an array of `{profile, public_key, private_key}`), in a folder such as
//! `~/.ucloud`. A client reads them last, after what the code and the environment say
//! (`ClientBuilder::from_env`), so one file serves the command-line tools and the SDK.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::credentials::Secret;
use crate::error::Error;

/// The profile named when none is asked for and none is marked active.
pub const DEFAULT_PROFILE: &str = "default";

/// What one profile says; every member is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Its name.
    pub name: String,
    /// The key pair, when `credential.json` has one for the profile.
    pub public_key: Option<String>,
    /// Never printed (see [`Secret`]).
    pub private_key: Option<Secret>,
    /// Default region.
    pub region: Option<String>,
    /// Default zone.
    pub zone: Option<String>,
    /// Default project.
    pub project_id: Option<String>,
    /// Endpoint.
    pub base_url: Option<String>,
    /// Whole-request timeout.
    pub timeout: Option<Duration>,
}

#[derive(Deserialize)]
struct ConfigEntry {
    #[serde(default)]
    profile: String,
    #[serde(default)]
    active: bool,
    #[serde(default)]
    region: String,
    #[serde(default)]
    zone: String,
    #[serde(default)]
    project_id: String,
    #[serde(default)]
    base_url: String,
    #[serde(default)]
    timeout_sec: u64,
}

#[derive(Deserialize)]
struct CredentialEntry {
    #[serde(default)]
    profile: String,
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    private_key: String,
}

/// The folder of a family's shared files: `<PREFIX>_CONFIG_DIR`, else `~/.<prefix in lower
/// case>` (`~/.ucloud` for `UCLOUD`), looked up through `lookup` (the environment).
pub fn folder(prefix: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| lookup(name).filter(|v| !v.is_empty());
    if let Some(dir) = set(&format!("{prefix}_CONFIG_DIR")) {
        return Some(PathBuf::from(dir));
    }
    let home = set("HOME").or_else(|| set("USERPROFILE"))?;
    Some(Path::new(&home).join(format!(".{}", prefix.to_ascii_lowercase())))
}

/// Reads profile `name` from `folder` (the one marked `active`, else [`DEFAULT_PROFILE`],
/// when `name` is `None`). Missing files say nothing; a file that is not the documented JSON
/// is an [`Error::Validation`] naming it, with serde's reason (never a key's value).
pub fn load(folder: &Path, name: Option<&str>) -> Result<Profile, Error> {
    let configs: Vec<ConfigEntry> = read(&folder.join("config.json"))?;
    let credentials: Vec<CredentialEntry> = read(&folder.join("credential.json"))?;
    let config = match name {
        Some(name) => configs.iter().rev().find(|c| c.profile == name),
        None => configs.iter().rev().find(|c| c.active),
    };
    let name = name
        .map(str::to_owned)
        .or_else(|| config.map(|c| c.profile.clone()))
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    let credential = credentials.iter().rev().find(|c| c.profile == name);
    let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Ok(Profile {
        public_key: credential.and_then(|c| text(&c.public_key)),
        private_key: credential.and_then(|c| text(&c.private_key)).map(Secret::new),
        region: config.and_then(|c| text(&c.region)),
        zone: config.and_then(|c| text(&c.zone)),
        project_id: config.and_then(|c| text(&c.project_id)),
        base_url: config.and_then(|c| text(&c.base_url)),
        timeout: config.map(|c| c.timeout_sec).filter(|s| *s > 0).map(Duration::from_secs),
        name,
    })
}

/// The entries of one shared file; none when it does not exist.
fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Validation { field: path.display().to_string(), message: e.to_string() })
        }
    };
    serde_json::from_str(&text).map_err(|e| Error::Validation {
        field: path.display().to_string(),
        // serde_json's message names the line and the expected type, never the text read.
        message: format!("not a list of profiles: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(config: &str, credential: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("config.json"), config).unwrap();
        std::fs::write(dir.path().join("credential.json"), credential).unwrap();
        dir
    }

    const CONFIG: &str = r#"[
        {"profile": "default", "region": "cn-bj2", "project_id": "org-1", "timeout_sec": 15},
        {"profile": "hk", "active": true, "region": "hk", "zone": "hk-02", "base_url": "http://hk.example"}
    ]"#;
    const CREDENTIAL: &str = r#"[
        {"profile": "default", "public_key": "pk-default", "private_key": "sk-default-46f09bb9"},
        {"profile": "hk", "public_key": "pk-hk", "private_key": "sk-hk-46f09bb9"}
    ]"#;

    #[test]
    fn the_named_profile_else_the_active_one() {
        let dir = folder_with(CONFIG, CREDENTIAL);
        let named = load(dir.path(), Some("default")).unwrap();
        assert_eq!(named.public_key.as_deref(), Some("pk-default"));
        assert_eq!((named.region.as_deref(), named.project_id.as_deref()), (Some("cn-bj2"), Some("org-1")));
        assert_eq!(named.timeout, Some(Duration::from_secs(15)));
        let active = load(dir.path(), None).unwrap();
        assert_eq!((active.name.as_str(), active.public_key.as_deref()), ("hk", Some("pk-hk")));
        assert_eq!(active.base_url.as_deref(), Some("http://hk.example"));
        assert_eq!(active.private_key.as_ref().map(Secret::expose), Some("sk-hk-46f09bb9"));
        assert!(!format!("{active:?}").contains("sk-hk"), "a private key in Debug");
    }

    #[test]
    fn missing_files_say_nothing_and_broken_ones_are_named_without_their_text() {
        let empty = tempfile::tempdir().unwrap();
        let nothing = load(empty.path(), None).unwrap();
        assert_eq!((nothing.name.as_str(), nothing.public_key), (DEFAULT_PROFILE, None));
        let dir = folder_with("[]", r#"{"public_key": "pk", "private_key": "sk-leak-46f09bb9"}"#);
        let err = load(dir.path(), None).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("credential.json") && !shown.contains("sk-leak"), "{shown}");
    }

    #[test]
    fn the_folder_is_configurable_and_defaults_to_the_prefix_under_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(folder("UCLOUD", &env(&[("HOME", "/home/u")])), Some(PathBuf::from("/home/u/.ucloud")));
        let set = env(&[("HOME", "/home/u"), ("UCLOUD_CONFIG_DIR", "/etc/uc")]);
        assert_eq!(folder("UCLOUD", &set), Some(PathBuf::from("/etc/uc")));
        assert_eq!(folder("UCLOUD", &env(&[])), None);
    }
}
