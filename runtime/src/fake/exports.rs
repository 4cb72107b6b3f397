//! Answering a `fake.exports` action and serving its file: the export is written once (see
//! `xlsx`), kept in memory for a while, and handed out through a signed, expiring download
//! URL; kept apart because it is the only state a request leaves for a later one to fetch.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

use super::datasets::Datasets;
use super::spec::{Api, ExportRule};
use super::validate::{codes, ApiError};
use super::xlsx;
use crate::credentials::Credentials;
use crate::signing;

/// Exports kept in memory for download; older ones are forgotten (their URLs 404).
const KEPT_EXPORTS: usize = 32;
/// How long a download URL stays valid when neither the server nor the rule says.
const DEFAULT_TTL_SECS: u64 = 600;

/// The files exported so far, and what signs and locates their download URLs.
pub(crate) struct Exports {
    /// Key for download tokens; derived, so restarting with the same keys keeps URLs checkable.
    secret: String,
    /// The server's own URL, which download URLs start with.
    base_url: String,
    kept: Mutex<Kept>,
}

/// The most recent [`KEPT_EXPORTS`] files, oldest first, as (id, file name, bytes).
#[derive(Default)]
struct Kept {
    next_id: u64,
    files: VecDeque<(u64, String, Vec<u8>)>,
}

/// A served export file.
pub(crate) struct Download {
    /// The file name, `<action>-<id>.xlsx`.
    pub(crate) name: String,
    /// The file's contents.
    pub(crate) bytes: Vec<u8>,
}

/// Why a download URL is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The token was not made by this server for this id and expiry.
    Forged,
    /// The URL's expiry has passed.
    Expired,
    /// The export has been forgotten to make room for newer ones.
    Gone,
}

/// One request to a `fake.exports` action, with what answering it reads.
pub(crate) struct Request<'r> {
    pub(crate) action: &'r str,
    pub(crate) rule: &'r ExportRule,
    pub(crate) params: &'r BTreeMap<String, String>,
    pub(crate) api: &'r Api,
    pub(crate) datasets: &'r Datasets,
    /// The server's download lifetime, which overrides the rule's.
    pub(crate) ttl_secs: Option<u64>,
    pub(crate) now: i64,
}

impl Exports {
    /// No exports yet; tokens keyed by `seed` and the private key, URLs under `base_url`.
    pub(crate) fn new(seed: u64, credentials: &Credentials, base_url: String) -> Exports {
        let secret = sha1_hex(&format!("{seed}\n{}\nfake-download", credentials.private_key.expose()));
        Exports { secret, base_url, kept: Mutex::new(Kept::default()) }
    }

    /// Writes the items of the rule's list that the request selects into an `.xlsx` (one
    /// column per field of the items' model), keeps it, and puts its download URL, name and
    /// size into `body` (inside the rule's `into` field, if it has one).
    pub(crate) fn answer(
        &self,
        request: &Request<'_>,
        body: &mut Map<String, Value>,
    ) -> Result<(), ApiError> {
        let rule = request.rule;
        let items: Vec<_> =
            request.datasets.select(&rule.from, request.params, &BTreeMap::new()).items().collect();
        let columns: Vec<&str> = request
            .datasets
            .model_of(&rule.from)
            .and_then(|model| request.api.models.get(model))
            .map(|m| m.fields.iter().map(|f| f.name.as_str()).collect())
            .unwrap_or_default();
        let bytes = xlsx::write(&rule.from, &columns, &items)
            .map_err(|e| ApiError::new(codes::BAD_TYPE, format!("Export failed: {e}")))?;
        let size = bytes.len();
        let ttl = request.ttl_secs.or(rule.expires_secs).unwrap_or(DEFAULT_TTL_SECS);
        let (id, name) = self.keep(request.action, bytes);
        let expires = request.now + ttl as i64;
        let url = format!(
            "{}/_fake/downloads/{id}/{name}?Expires={expires}&Token={}",
            self.base_url,
            self.token(id, expires)
        );
        let mut file = Map::new();
        file.insert(rule.url.clone(), Value::String(url));
        if let Some(f) = &rule.name {
            file.insert(f.clone(), Value::String(name));
        }
        if let Some(f) = &rule.size {
            file.insert(f.clone(), Value::from(size));
        }
        match &rule.into {
            Some(into) => {
                body.insert(into.clone(), Value::Object(file));
            }
            None => body.extend(file),
        }
        Ok(())
    }

    /// Keeps an export of `action`, forgetting the oldest beyond [`KEPT_EXPORTS`]; returns its
    /// id and file name.
    fn keep(&self, action: &str, bytes: Vec<u8>) -> (u64, String) {
        let mut kept = self.lock();
        kept.next_id += 1;
        let id = kept.next_id;
        let name = format!("{action}-{id}.xlsx");
        kept.files.push_back((id, name.clone(), bytes));
        while kept.files.len() > KEPT_EXPORTS {
            kept.files.pop_front();
        }
        (id, name)
    }

    /// The token that proves a download URL for export `id`, valid until `expires`, is ours.
    fn token(&self, id: u64, expires: i64) -> String {
        sha1_hex(&format!("{}\n{id}\n{expires}", self.secret))
    }

    /// The export behind a download URL, if its token is genuine and not expired.
    pub(crate) fn download(&self, id: u64, expires: i64, token: &str, now: i64) -> Result<Download, Refusal> {
        if self.token(id, expires) != token {
            return Err(Refusal::Forged);
        }
        if now >= expires {
            return Err(Refusal::Expired);
        }
        self.lock()
            .files
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, name, bytes)| Download { name: name.clone(), bytes: bytes.clone() })
            .ok_or(Refusal::Gone)
    }

    fn lock(&self) -> MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Lowercase hex SHA-1 of `s`.
fn sha1_hex(s: &str) -> String {
    signing::to_hex(&Sha1::digest(s.as_bytes()))
}
