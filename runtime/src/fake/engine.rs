//! The HTTP-free core: authenticate, validate and answer one request from the dataset.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

use super::data::{decimal_of, money, number_of, scalar_text, Synth};
use super::rng::Rng;
use super::spec::{Action, Api, FakeSection, Field, ListRule, RangeRule, Type};
use super::validate::{self, codes, ApiError};
use super::xlsx;
use super::FakeError;
use crate::credentials::Credentials;
use crate::params::Params;
use crate::signing;

/// Fallback page size when the docs state no default and no maximum.
const DEFAULT_PAGE_SIZE: i64 = 20;
/// Exports kept in memory for download; older ones are forgotten (their URLs 404).
const KEPT_EXPORTS: usize = 32;

/// Everything fixed at start: the API, its data, the keys.
pub(crate) struct Engine {
    api: Api,
    fake: FakeSection,
    credentials: Credentials,
    /// Items per list action, in range-field order.
    datasets: HashMap<String, Vec<Map<String, Value>>>,
    /// A synthesised success response per action, the base every answer starts from.
    canned: HashMap<String, Map<String, Value>>,
    /// Key for download tokens; derived, so restarting with the same keys keeps URLs checkable.
    download_secret: String,
    pub(crate) base_url: String,
    pub(crate) download_ttl_secs: Option<u64>,
    exports: Mutex<Exports>,
}

#[derive(Default)]
struct Exports {
    next_id: u64,
    files: VecDeque<(u64, String, Vec<u8>)>,
}

/// A successful or failed answer, before HTTP.
pub(crate) type Answer = Map<String, Value>;

/// A served export file.
pub(crate) struct Download {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Why a download URL is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    Forged,
    Expired,
    Gone,
}

impl Engine {
    pub(crate) fn new(
        api: Api,
        credentials: Credentials,
        seed: u64,
        now: i64,
        base_url: String,
    ) -> Result<Engine, FakeError> {
        let fake: FakeSection = match &api.config.fake {
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| FakeError::Config(format!("the fake: section does not read: {e}")))?,
            None => FakeSection::default(),
        };
        check_section(&api, &fake)?;
        let history = i64::from(fake.history_days.unwrap_or(90)) * 86_400;
        let synth = Synth { api: &api, rules: &fake.fields, now, history };
        let mut datasets = HashMap::new();
        for (name, rule) in &fake.lists {
            let model = items_model(&api, name, &rule.items)?;
            let mut rng = Rng::new(seed, &format!("dataset:{name}"));
            let anchor = rule.range.as_ref().map(|r| r.field.as_str());
            let mut items: Vec<_> =
                (0..rule.count).map(|i| synth.item(&model, &mut rng, i, anchor, name, 0)).collect();
            if let Some(field) = anchor {
                items.sort_by_key(|item| item.get(field).and_then(Value::as_i64).unwrap_or(0));
            }
            datasets.insert(name.clone(), items);
        }
        let mut canned = HashMap::new();
        for action in &api.actions {
            let mut rng = Rng::new(seed, &format!("response:{}", action.name));
            let fields: Vec<Field> =
                action.response.iter().filter(|f| !is_envelope(&f.name)).cloned().collect();
            canned.insert(action.name.clone(), synth.object(&fields, &mut rng, 0, None, &action.name, 0));
        }
        let download_secret =
            sha1_hex(&format!("{seed}\n{}\nfake-download", credentials.private_key.expose()));
        Ok(Engine {
            api,
            fake,
            credentials,
            datasets,
            canned,
            download_secret,
            base_url,
            download_ttl_secs: None,
            exports: Mutex::new(Exports::default()),
        })
    }

    /// The action named by the request, if it is declared.
    pub(crate) fn action(&self, name: &str) -> Option<&Action> {
        self.api.actions.iter().find(|a| a.name == name)
    }

    /// Authenticates, validates and answers one request given as flat wire params.
    pub(crate) fn handle(&self, params: &BTreeMap<String, String>, now: i64) -> Answer {
        let action = params.get("Action").cloned().unwrap_or_default();
        match self.answer(&action, params, now) {
            Ok(mut body) => {
                body.insert("RetCode".into(), Value::from(0));
                body.insert("Action".into(), Value::String(format!("{action}Response")));
                body
            }
            Err(e) => error_answer(&action, &e),
        }
    }

    fn answer(&self, action: &str, params: &BTreeMap<String, String>, now: i64) -> Result<Answer, ApiError> {
        let Some(signature) = params.get(signing::SIGNATURE) else {
            return Err(ApiError::new(codes::MISSING_SIGNATURE, "Missing signature"));
        };
        if params.get("PublicKey") != Some(&self.credentials.public_key) {
            return Err(ApiError::new(codes::UNKNOWN_PUBLIC_KEY, "Unknown PublicKey"));
        }
        let mut signed = Params::new();
        for (k, v) in params {
            signed.set_str(k.clone(), v.clone());
        }
        if signing::sign(&signed, &self.credentials) != *signature {
            return Err(ApiError::new(codes::BAD_SIGNATURE, "Signature does not match"));
        }
        if action.is_empty() {
            return Err(ApiError::new(codes::MISSING_ACTION, "Missing Action"));
        }
        let Some(decl) = self.action(action) else {
            return Err(ApiError::new(codes::UNKNOWN_ACTION, format!("Action [{action}] does not exist")));
        };
        let declared: Vec<&Field> = decl.params.iter().chain(&self.api.config.common_params).collect();
        validate::check(&declared, params, self.range_of(action))?;
        let mut body = self.canned.get(action).cloned().unwrap_or_default();
        if let Some(rule) = self.fake.lists.get(action) {
            self.list_page(decl, rule, params, &mut body)?;
        } else if let Some(rule) = self.fake.sums.get(action) {
            for (field, sum) in &rule.fields {
                let from = sum.from.as_ref().unwrap_or(&rule.from);
                let mut total = Decimal::ZERO;
                let mut count = 0i64;
                for source in from {
                    for item in self.select(source, params, &rule.filters) {
                        count += 1;
                        if let Some(v) = sum.sum.as_ref().and_then(|f| item.get(f)).and_then(decimal_of) {
                            total += v;
                        }
                    }
                }
                let value = if sum.count {
                    Value::from(count)
                } else if decl
                    .response
                    .iter()
                    .any(|f| f.name == *field && (f.is_money() || f.ty.scalar() == Some("string")))
                {
                    Value::String(money(total))
                } else {
                    number_of(total)
                };
                body.insert(field.clone(), value);
            }
        } else if let Some(rule) = self.fake.exports.get(action) {
            let items = self.select(&rule.from, params, &BTreeMap::new());
            let model = self
                .fake
                .lists
                .get(&rule.from)
                .and_then(|l| items_model(&self.api, &rule.from, &l.items).ok())
                .unwrap_or_default();
            let columns: Vec<&str> = self
                .api
                .models
                .get(&model)
                .map(|m| m.fields.iter().map(|f| f.name.as_str()).collect())
                .unwrap_or_default();
            let bytes = xlsx::write(&rule.from, &columns, &items)
                .map_err(|e| ApiError::new(codes::BAD_TYPE, format!("Export failed: {e}")))?;
            let size = bytes.len();
            let ttl = self.download_ttl_secs.or(rule.expires_secs).unwrap_or(600);
            let (id, name) = self.keep_export(action, bytes);
            let expires = now + ttl as i64;
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
        }
        Ok(body)
    }

    /// The `[start, end)` rule of an action: its own, or that of the list it sums or exports.
    fn range_of(&self, action: &str) -> Option<&RangeRule> {
        let sources: Vec<&String> = if let Some(s) = self.fake.sums.get(action) {
            s.from.iter().chain(s.fields.values().filter_map(|f| f.from.as_ref()).flatten()).collect()
        } else if let Some(e) = self.fake.exports.get(action) {
            vec![&e.from]
        } else {
            vec![]
        };
        self.fake
            .lists
            .get(action)
            .and_then(|l| l.range.as_ref())
            .or_else(|| sources.iter().find_map(|s| self.fake.lists.get(*s)?.range.as_ref()))
    }

    /// The items of list action `source` matching the request's range and filters (the
    /// source's own plus `extra`).
    pub(crate) fn select<'a>(
        &'a self,
        source: &str,
        params: &BTreeMap<String, String>,
        extra: &BTreeMap<String, String>,
    ) -> Vec<&'a Map<String, Value>> {
        let (Some(rule), Some(items)) = (self.fake.lists.get(source), self.datasets.get(source)) else {
            return Vec::new();
        };
        let bound = |name: &str| params.get(name).and_then(|v| v.trim().parse::<i64>().ok());
        let range = rule.range.as_ref().map(|r| (r.field.as_str(), bound(&r.start), bound(&r.end)));
        let filters: Vec<(&str, Vec<&str>)> = rule
            .filters
            .iter()
            .chain(extra)
            .map(|(param, field)| {
                let prefix = param.strip_suffix(".N").unwrap_or(param);
                let wanted = validate::list_values(params, prefix);
                let wanted = if wanted.is_empty() {
                    params.get(param.as_str()).map(|v| vec![v.as_str()]).unwrap_or_default()
                } else {
                    wanted
                };
                (field.as_str(), wanted)
            })
            .filter(|(_, wanted)| !wanted.is_empty())
            .collect();
        items
            .iter()
            .filter(|item| match range {
                Some((field, start, end)) => {
                    let t = item.get(field).and_then(Value::as_i64).unwrap_or(i64::MIN);
                    start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e)
                }
                None => true,
            })
            .filter(|item| {
                filters.iter().all(|(field, wanted)| {
                    item.get(*field).and_then(scalar_text).is_some_and(|v| wanted.contains(&v.as_str()))
                })
            })
            .collect()
    }

    fn list_page(
        &self,
        decl: &Action,
        rule: &ListRule,
        params: &BTreeMap<String, String>,
        body: &mut Answer,
    ) -> Result<(), ApiError> {
        let matching = self.select(&decl.name, params, &BTreeMap::new());
        let total = matching.len();
        let param =
            |name: &Option<String>| name.as_ref().and_then(|n| decl.params.iter().find(|p| p.name == *n));
        let value_of = |name: &Option<String>, fallback: i64| -> i64 {
            let Some(n) = name else { return fallback };
            if let Some(v) = params.get(n).and_then(|v| v.trim().parse().ok()) {
                return v;
            }
            let Some(p) = param(name) else { return fallback };
            p.constraints
                .default
                .as_ref()
                .and_then(|d| scalar_text(d)?.trim().parse().ok())
                .or(p.constraints.max.map(|m| m as i64))
                .unwrap_or(fallback)
        };
        let (start, size) = match &rule.paging {
            None => (0, total as i64),
            Some(p) if p.offset.is_some() || p.limit.is_some() => {
                let offset = value_of(&p.offset, 0);
                let limit = value_of(&p.limit, DEFAULT_PAGE_SIZE);
                echo(decl, body, &p.offset, offset);
                echo(decl, body, &p.limit, limit);
                if offset < 0 || limit < 1 {
                    return Err(ApiError::new(codes::OUT_OF_RANGE, "Offset must be >= 0 and Limit >= 1"));
                }
                (offset, limit)
            }
            Some(p) => {
                let first = p.first.unwrap_or(1);
                let page = value_of(&p.page, first);
                let size = value_of(&p.size, DEFAULT_PAGE_SIZE);
                if page < first || size < 1 {
                    let name = if page < first { p.page.as_deref() } else { p.size.as_deref() };
                    return Err(ApiError::new(
                        codes::OUT_OF_RANGE,
                        format!("Param [{}] is out of range", name.unwrap_or("page")),
                    ));
                }
                echo(decl, body, &p.page, page);
                echo(decl, body, &p.size, size);
                ((page - first).saturating_mul(size), size)
            }
        };
        let start = usize::try_from(start).unwrap_or(usize::MAX).min(total);
        let end = start.saturating_add(usize::try_from(size).unwrap_or(usize::MAX)).min(total);
        let page: Vec<Value> = matching[start..end].iter().map(|m| Value::Object((*m).clone())).collect();
        body.insert(rule.items.clone(), Value::Array(page));
        if let Some(total_field) = rule.paging.as_ref().and_then(|p| p.total.as_ref()) {
            body.insert(total_field.clone(), Value::from(total));
        }
        Ok(())
    }

    fn keep_export(&self, action: &str, bytes: Vec<u8>) -> (u64, String) {
        let mut exports = self.exports.lock().unwrap_or_else(|p| p.into_inner());
        exports.next_id += 1;
        let id = exports.next_id;
        let name = format!("{action}-{id}.xlsx");
        exports.files.push_back((id, name.clone(), bytes));
        while exports.files.len() > KEPT_EXPORTS {
            exports.files.pop_front();
        }
        (id, name)
    }

    fn token(&self, id: u64, expires: i64) -> String {
        sha1_hex(&format!("{}\n{id}\n{expires}", self.download_secret))
    }

    /// The export behind a download URL, if its token is genuine and not expired.
    pub(crate) fn download(&self, id: u64, expires: i64, token: &str, now: i64) -> Result<Download, Refusal> {
        if self.token(id, expires) != token {
            return Err(Refusal::Forged);
        }
        if now >= expires {
            return Err(Refusal::Expired);
        }
        let exports = self.exports.lock().unwrap_or_else(|p| p.into_inner());
        exports
            .files
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, name, bytes)| Download { name: name.clone(), bytes: bytes.clone() })
            .ok_or(Refusal::Gone)
    }
}

/// The body of an API error: `{RetCode, Action, Message}`.
pub(crate) fn error_answer(action: &str, e: &ApiError) -> Answer {
    let mut body = Map::new();
    body.insert("RetCode".into(), Value::from(e.code));
    body.insert("Action".into(), Value::String(format!("{action}Response")));
    body.insert("Message".into(), Value::String(e.message.clone()));
    body
}

fn echo(decl: &Action, body: &mut Answer, name: &Option<String>, value: i64) {
    if let Some(n) = name {
        if decl.response.iter().any(|f| f.name == *n) {
            body.insert(n.clone(), Value::from(value));
        }
    }
}

fn is_envelope(name: &str) -> bool {
    matches!(name, "RetCode" | "Action" | "Message")
}

fn sha1_hex(s: &str) -> String {
    signing::to_hex(&Sha1::digest(s.as_bytes()))
}

/// The model of list action `action`'s items field.
fn items_model(api: &Api, action: &str, items: &str) -> Result<String, FakeError> {
    let decl = api
        .actions
        .iter()
        .find(|a| a.name == action)
        .ok_or_else(|| FakeError::Config(format!("fake.lists.{action}: no such action")))?;
    let field = decl.response.iter().find(|f| f.name == items).ok_or_else(|| {
        FakeError::Config(format!("fake.lists.{action}.items: {action} has no response field {items}"))
    })?;
    match &field.ty {
        Type::List { list } => match &**list {
            Type::Model { model } if api.models.contains_key(model) => Ok(model.clone()),
            _ => Err(FakeError::Config(format!(
                "fake.lists.{action}.items: {items} is not a list of a known model"
            ))),
        },
        _ => Err(FakeError::Config(format!("fake.lists.{action}.items: {items} is not a list"))),
    }
}

/// Refuses a `fake:` section that names actions, params or fields the API does not have,
/// so a typo fails at start instead of silently filtering nothing.
fn check_section(api: &Api, fake: &FakeSection) -> Result<(), FakeError> {
    let action = |path: &str, name: &str| {
        api.actions
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| FakeError::Config(format!("{path}: no action {name}")))
    };
    let has_param =
        |a: &Action, p: &str| a.params.iter().chain(&api.config.common_params).any(|f| f.name == p);
    for (name, rule) in &fake.lists {
        let a = action(&format!("fake.lists.{name}"), name)?;
        let model = items_model(api, name, &rule.items)?;
        let fields = &api.models[&model].fields;
        let has_field = |f: &str| fields.iter().any(|x| x.name == f);
        if let Some(r) = &rule.range {
            if !has_field(&r.field) {
                return Err(FakeError::Config(format!(
                    "fake.lists.{name}.range.field: {model} has no field {}",
                    r.field
                )));
            }
            for p in [&r.start, &r.end] {
                if !has_param(a, p) {
                    return Err(FakeError::Config(format!(
                        "fake.lists.{name}.range: {name} has no param {p}"
                    )));
                }
            }
        }
        for (param, field) in &rule.filters {
            if !has_param(a, param) {
                return Err(FakeError::Config(format!(
                    "fake.lists.{name}.filters: {name} has no param {param}"
                )));
            }
            if !has_field(field) {
                return Err(FakeError::Config(format!(
                    "fake.lists.{name}.filters.{param}: {model} has no field {field}"
                )));
            }
        }
        if let Some(p) = &rule.paging {
            for n in [&p.page, &p.size, &p.offset, &p.limit].into_iter().flatten() {
                if !has_param(a, n) {
                    return Err(FakeError::Config(format!(
                        "fake.lists.{name}.paging: {name} has no param {n}"
                    )));
                }
            }
        }
    }
    for (name, rule) in &fake.sums {
        let a = action(&format!("fake.sums.{name}"), name)?;
        if let Some(p) = rule.filters.keys().find(|p| !has_param(a, p)) {
            return Err(FakeError::Config(format!("fake.sums.{name}.filters: {name} has no param {p}")));
        }
        for (field, sum) in &rule.fields {
            if !a.response.iter().any(|f| f.name == *field) {
                return Err(FakeError::Config(format!(
                    "fake.sums.{name}: {name} has no response field {field}"
                )));
            }
            if sum.count == sum.sum.is_some() {
                return Err(FakeError::Config(format!(
                    "fake.sums.{name}.{field}: give exactly one of sum or count"
                )));
            }
            for source in sum.from.as_ref().unwrap_or(&rule.from) {
                if !fake.lists.contains_key(source) {
                    return Err(FakeError::Config(format!(
                        "fake.sums.{name}.{field}: {source} is not in fake.lists"
                    )));
                }
            }
        }
    }
    for (name, rule) in &fake.exports {
        action(&format!("fake.exports.{name}"), name)?;
        if !fake.lists.contains_key(&rule.from) {
            return Err(FakeError::Config(format!(
                "fake.exports.{name}.from: {} is not in fake.lists",
                rule.from
            )));
        }
    }
    Ok(())
}
