//! The HTTP-free core: authenticate, validate and answer one request from the dataset.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

use super::data::{decimal_of, money, number_of, scalar_text, Synth};
use super::infer;
use super::resources::{self, Resources};
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
/// Filtered selections remembered, so paging through one costs a page, not a scan; the
/// oldest is forgotten first.
const KEPT_SELECTIONS: usize = 64;

/// Everything fixed at start: the API, its data, the keys.
pub(crate) struct Engine {
    api: Api,
    fake: FakeSection,
    credentials: Credentials,
    /// Items per list action, in range-field order.
    datasets: HashMap<String, Dataset>,
    /// A synthesised success response per action, the base every answer starts from.
    canned: HashMap<String, Map<String, Value>>,
    /// Key for download tokens; derived, so restarting with the same keys keeps URLs checkable.
    download_secret: String,
    pub(crate) base_url: String,
    pub(crate) download_ttl_secs: Option<u64>,
    exports: Mutex<Exports>,
    selections: Mutex<Selections>,
    /// The collections inferred from the docs, for actions the `fake:` section leaves out.
    pub(crate) resources: Resources,
    /// Server start and how far back timestamps spread, for items created later.
    now: i64,
    history: i64,
}

/// One list action's items, with what answering from them fast needs, all fixed at start.
struct Dataset {
    items: Vec<Map<String, Value>>,
    /// Each item's range-field value as the range compares it (`i64::MIN` when absent).
    times: Vec<i64>,
    /// Whether `times` ascends, so a range is two binary searches instead of a scan.
    sorted: bool,
    /// Filtered field → each item's wire text of it, so a filter compares strings instead of
    /// looking the field up in every item's map and formatting it, request after request.
    texts: HashMap<String, Vec<Option<String>>>,
    /// Each item as compact JSON, so a page copies bytes instead of cloning and serialising maps.
    json: Vec<String>,
}

impl Dataset {
    fn new(items: Vec<Map<String, Value>>, range: Option<&str>, filtered: &HashSet<&str>) -> Dataset {
        let times = match range {
            Some(field) => {
                items.iter().map(|item| item.get(field).and_then(Value::as_i64).unwrap_or(i64::MIN)).collect()
            }
            None => Vec::new(),
        };
        let sorted = times.is_sorted();
        let texts = filtered
            .iter()
            .map(|field| {
                let texts = items.iter().map(|item| item.get(*field).and_then(scalar_text)).collect();
                ((*field).to_owned(), texts)
            })
            .collect();
        let json = items.iter().map(|item| serde_json::to_string(item).unwrap_or_default()).collect();
        Dataset { items, times, sorted, texts, json }
    }

    /// Whether item `i` has one of `wanted` as its `field`.
    fn matches(&self, i: usize, field: &str, wanted: &[&str]) -> bool {
        match self.texts.get(field) {
            Some(texts) => texts[i].as_deref().is_some_and(|v| wanted.contains(&v)),
            None => {
                self.items[i].get(field).and_then(scalar_text).is_some_and(|v| wanted.contains(&v.as_str()))
            }
        }
    }
}

/// The items a request selects from one dataset, in dataset order.
pub(crate) struct Selection<'a> {
    items: &'a [Map<String, Value>],
    json: &'a [String],
    picked: Picked,
}

enum Picked {
    /// A contiguous run: a time range without filters.
    Span(Range<usize>),
    /// Scattered items: filters, or a range over unsorted items.
    Indices(Arc<[usize]>),
}

impl<'a> Selection<'a> {
    fn empty() -> Selection<'a> {
        Selection { items: &[], json: &[], picked: Picked::Span(0..0) }
    }

    pub(crate) fn len(&self) -> usize {
        match &self.picked {
            Picked::Span(r) => r.len(),
            Picked::Indices(ix) => ix.len(),
        }
    }

    /// Dataset positions of the selected items `from..to` (clamped to the selection).
    fn positions(&self, from: usize, to: usize) -> Vec<usize> {
        let to = to.min(self.len());
        let from = from.min(to);
        match &self.picked {
            Picked::Span(r) => (r.start + from..r.start + to).collect(),
            Picked::Indices(ix) => ix[from..to].to_vec(),
        }
    }

    pub(crate) fn items(&self) -> impl Iterator<Item = &'a Map<String, Value>> + '_ {
        let items = self.items;
        self.positions(0, self.len()).into_iter().map(move |i| &items[i])
    }
}

/// Remembered filtered selections, keyed by what decides them.
#[derive(Default)]
struct Selections {
    picked: HashMap<SelectionKey, Arc<[usize]>>,
    order: VecDeque<SelectionKey>,
}

/// List action, range bounds, and (item field, wanted values) per filter in effect.
type SelectionKey = (String, Option<(Option<i64>, Option<i64>)>, Vec<(String, Vec<String>)>);

#[derive(Default)]
struct Exports {
    next_id: u64,
    files: VecDeque<(u64, String, Vec<u8>)>,
}

/// A successful or failed answer, before HTTP: a JSON object, and for a list page its items
/// as the JSON serialised at start, which [`Answer::to_json`] writes as the items field's value.
pub(crate) struct Answer<'a> {
    pub(crate) body: Map<String, Value>,
    /// The items field (present in `body`, as a placeholder) and the page's items.
    page: Option<(String, Vec<&'a str>)>,
}

impl From<Map<String, Value>> for Answer<'_> {
    fn from(body: Map<String, Value>) -> Self {
        Answer { body, page: None }
    }
}

impl Answer<'_> {
    /// Compact JSON, byte for byte what `serde_json::to_vec` gives for the body with the page
    /// in place: members in the map's own order, each written by serde_json.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        let Some((field, items)) = &self.page else {
            return serde_json::to_vec(&self.body).unwrap_or_default();
        };
        let mut out = Vec::with_capacity(256 + items.iter().map(|i| i.len() + 1).sum::<usize>());
        out.push(b'{');
        for (n, (key, value)) in self.body.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            // Writing to a Vec fails only on a non-string map key, which a Map cannot have.
            let _ = serde_json::to_writer(&mut out, key);
            out.push(b':');
            // Only while the placeholder is still there: a later member of the same name (the
            // envelope's, `Total`) replaced the page, as it would have replaced a real one.
            if key == field && matches!(value, Value::Array(a) if a.is_empty()) {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(item.as_bytes());
                }
                out.push(b']');
            } else {
                let _ = serde_json::to_writer(&mut out, value);
            }
        }
        out.push(b'}');
        out
    }
}

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
        // The same check `sdkgen lint` runs on family.yaml; here the first problem refuses the start.
        let fake: FakeSection = match &api.config.fake {
            Some(v) => sdkgen_schema::fake::check(v, &sdkgen_schema::fake::ApiNames::of(&api)).map_err(
                |problems| FakeError::Config(problems.first().map(ToString::to_string).unwrap_or_default()),
            )?,
            None => FakeSection::default(),
        };
        let history = i64::from(fake.history_days.unwrap_or(90)) * 86_400;
        let synth = Synth::new(&api, &fake.fields, now, history);
        // Every field some filter reads, whichever action's filter it is.
        let filtered: HashSet<&str> = fake
            .lists
            .values()
            .flat_map(|l| l.filters.values())
            .chain(fake.sums.values().flat_map(|s| s.filters.values()))
            .map(String::as_str)
            .collect();
        let mut datasets = HashMap::new();
        for (name, rule) in &fake.lists {
            let model = items_model(&api, name, &rule.items).ok_or_else(|| {
                FakeError::Config(format!("fake.lists.{name}.items: not a list of a known model"))
            })?;
            let mut rng = Rng::new(seed, &format!("dataset:{name}"));
            let anchor = rule.range.as_ref().map(|r| r.field.as_str());
            let mut items: Vec<_> =
                (0..rule.count).map(|i| synth.item(&model, &mut rng, i, anchor, name, 0)).collect();
            if let Some(field) = anchor {
                items.sort_by_key(|item| item.get(field).and_then(Value::as_i64).unwrap_or(0));
            }
            datasets.insert(name.clone(), Dataset::new(items, anchor, &filtered));
        }
        let mut canned = HashMap::new();
        for action in &api.actions {
            let mut rng = Rng::new(seed, &format!("response:{}", action.name));
            let fields: Vec<Field> =
                action.response.iter().filter(|f| !is_envelope(&f.name)).cloned().collect();
            canned.insert(action.name.clone(), synth.object(&fields, &mut rng, 0, None, &action.name, 0));
        }
        let resources = Resources::new(infer::infer(&api, &fake), &synth, seed);
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
            selections: Mutex::new(Selections::default()),
            resources,
            now,
            history,
        })
    }

    /// The action named by the request, if it is declared.
    pub(crate) fn action(&self, name: &str) -> Option<&Action> {
        self.api.actions.iter().find(|a| a.name == name)
    }

    /// Authenticates, validates and answers one request given as flat wire params.
    pub(crate) fn handle(&self, params: &BTreeMap<String, String>, now: i64) -> Answer<'_> {
        let action = params.get("Action").cloned().unwrap_or_default();
        match self.answer(&action, params, now) {
            Ok(mut answer) => {
                answer.body.insert("RetCode".into(), Value::from(0));
                answer.body.insert("Action".into(), Value::String(format!("{action}Response")));
                answer
            }
            Err(e) => error_answer(&action, &e),
        }
    }

    fn answer(
        &self,
        action: &str,
        params: &BTreeMap<String, String>,
        now: i64,
    ) -> Result<Answer<'_>, ApiError> {
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
        let list = self.fake.lists.get(action);
        // A list's canned items are replaced by the page: not cloned, just held in place.
        let mut body: Map<String, Value> = self
            .canned
            .get(action)
            .map(|canned| {
                let keep = |k: &String, v: &Value| match list {
                    Some(l) if l.items == *k => Value::Array(Vec::new()),
                    _ => v.clone(),
                };
                canned.iter().map(|(k, v)| (k.clone(), keep(k, v))).collect()
            })
            .unwrap_or_default();
        let mut page = None;
        if let Some(rule) = list {
            page = Some(self.list_page(decl, rule, params, &mut body)?);
        } else if let Some(rule) = self.fake.sums.get(action) {
            for (field, sum) in &rule.fields {
                let from = sum.from.as_ref().unwrap_or(&rule.from);
                let mut total = Decimal::ZERO;
                let mut count = 0i64;
                for source in from {
                    for item in self.select(source, params, &rule.filters).items() {
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
            let items: Vec<_> = self.select(&rule.from, params, &BTreeMap::new()).items().collect();
            let model = self
                .fake
                .lists
                .get(&rule.from)
                .and_then(|l| items_model(&self.api, &rule.from, &l.items))
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
        } else if self.resources.handles(action) {
            let request = resources::Request {
                action: decl,
                params,
                api: &self.api,
                rules: &self.fake.fields,
                now: self.now,
                history: self.history,
            };
            self.resources.answer(&request, &mut body)?;
        }
        Ok(Answer { body, page })
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
    ) -> Selection<'a> {
        let (Some(rule), Some(data)) = (self.fake.lists.get(source), self.datasets.get(source)) else {
            return Selection::empty();
        };
        let Query { range, filters } = Query::of(rule, params, extra);
        let selection = |picked| Selection { items: &data.items, json: &data.json, picked };
        let inside = |t: i64, (start, end): (Option<i64>, Option<i64>)| {
            start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e)
        };
        // Sorted times make `[start, end)` a contiguous run, found by two binary searches.
        let span = match range {
            None => Some(0..data.items.len()),
            Some((start, end)) if data.sorted => {
                let from = start.map_or(0, |s| data.times.partition_point(|t| *t < s));
                let to = end.map_or(data.times.len(), |e| data.times.partition_point(|t| *t < e));
                Some(from..to.max(from))
            }
            Some(_) => None,
        };
        if let (Some(span), true) = (&span, filters.is_empty()) {
            return selection(Picked::Span(span.clone()));
        }
        let key: SelectionKey = (
            source.to_owned(),
            range,
            filters
                .iter()
                .map(|(f, w)| ((*f).to_owned(), w.iter().map(|v| (*v).to_owned()).collect()))
                .collect(),
        );
        if let Some(hit) = self.lock_selections().picked.get(&key) {
            return selection(Picked::Indices(hit.clone()));
        }
        let candidates = span.unwrap_or(0..data.items.len());
        let picked: Arc<[usize]> = candidates
            .filter(|&i| range.is_none_or(|r| data.sorted || inside(data.times[i], r)))
            .filter(|&i| filters.iter().all(|(field, wanted)| data.matches(i, field, wanted)))
            .collect();
        let mut kept = self.lock_selections();
        if !kept.picked.contains_key(&key) {
            kept.order.push_back(key.clone());
            kept.picked.insert(key, picked.clone());
            while kept.order.len() > KEPT_SELECTIONS {
                if let Some(old) = kept.order.pop_front() {
                    kept.picked.remove(&old);
                }
            }
        }
        selection(Picked::Indices(picked))
    }

    fn lock_selections(&self) -> std::sync::MutexGuard<'_, Selections> {
        self.selections.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Fills in the paging fields of a list answer; returns the items field and the page.
    fn list_page(
        &self,
        decl: &Action,
        rule: &ListRule,
        params: &BTreeMap<String, String>,
        body: &mut Map<String, Value>,
    ) -> Result<(String, Vec<&str>), ApiError> {
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
                .and_then(|d| d.trim().parse().ok())
                .or(p.constraints.max)
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
        let page: Vec<&str> =
            matching.positions(start, end).into_iter().map(|i| matching.json[i].as_str()).collect();
        // A placeholder, so the items field keeps its place among the others; `to_json` writes the page.
        body.insert(rule.items.clone(), Value::Array(Vec::new()));
        if let Some(total_field) = rule.paging.as_ref().and_then(|p| p.total.as_ref()) {
            body.insert(total_field.clone(), Value::from(total));
        }
        Ok((rule.items.clone(), page))
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
pub(crate) fn error_answer(action: &str, e: &ApiError) -> Answer<'static> {
    let mut body = Map::new();
    body.insert("RetCode".into(), Value::from(e.code));
    body.insert("Action".into(), Value::String(format!("{action}Response")));
    body.insert("Message".into(), Value::String(e.message.clone()));
    Answer::from(body)
}

fn echo(decl: &Action, body: &mut Map<String, Value>, name: &Option<String>, value: i64) {
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

/// The model of list action `action`'s items field (checked to exist at start).
fn items_model(api: &Api, action: &str, items: &str) -> Option<String> {
    let decl = api.actions.iter().find(|a| a.name == action)?;
    match &decl.response.iter().find(|f| f.name == items)?.ty {
        Type::List(list) => match &**list {
            Type::Model(model) if api.models.contains_key(model) => Some(model.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// What a list request asks for: its `[start, end)` bounds, if the list has a range, and the
/// values each filtered item field must take (filters the request leaves empty are dropped).
struct Query<'p> {
    range: Option<(Option<i64>, Option<i64>)>,
    filters: Vec<(&'p str, Vec<&'p str>)>,
}

impl<'p> Query<'p> {
    /// Reads the query of list `rule` (its own filters plus `extra`) from request `params`.
    fn of(
        rule: &'p ListRule,
        params: &'p BTreeMap<String, String>,
        extra: &'p BTreeMap<String, String>,
    ) -> Self {
        let bound = |name: &str| params.get(name).and_then(|v| v.trim().parse::<i64>().ok());
        let range = rule.range.as_ref().map(|r| (bound(&r.start), bound(&r.end)));
        let filters = rule
            .filters
            .iter()
            .chain(extra)
            .map(|(param, field)| {
                let prefix = super::spec::list_prefix(param).unwrap_or(param);
                let mut wanted = validate::list_values(params, prefix);
                if wanted.is_empty() {
                    wanted = params.get(param.as_str()).map(|v| vec![v.as_str()]).unwrap_or_default();
                }
                (field.as_str(), wanted)
            })
            .filter(|(_, wanted)| !wanted.is_empty())
            .collect();
        Query { range, filters }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = include_str!("../../../generated/billing/api.json");
    const NOW: i64 = 1_749_945_600;
    const DAY: i64 = 86_400;

    fn engine() -> Engine {
        let api: Api = super::super::spec::read_api_json(API).expect("api.json");
        Engine::new(api, Credentials::new("pk", "sk"), 5, NOW, "http://fake".into()).expect("engine")
    }

    fn params(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    /// The selection as a plain scan of every item computes it: the semantics `select` keeps.
    fn scan(
        engine: &Engine,
        source: &str,
        params: &BTreeMap<String, String>,
        extra: &BTreeMap<String, String>,
    ) -> Vec<usize> {
        let rule = &engine.fake.lists[source];
        let items = &engine.datasets[source].items;
        // Reading the request is shared with `select`; what is checked here is the selection.
        let Query { range, filters } = Query::of(rule, params, extra);
        let range = rule.range.as_ref().zip(range).map(|(r, (start, end))| (r.field.as_str(), start, end));
        (0..items.len())
            .filter(|&i| match range {
                Some((field, start, end)) => {
                    let t = items[i].get(field).and_then(Value::as_i64).unwrap_or(i64::MIN);
                    start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e)
                }
                None => true,
            })
            .filter(|&i| {
                filters.iter().all(|(field, wanted)| {
                    items[i].get(*field).and_then(scalar_text).is_some_and(|v| wanted.contains(&v.as_str()))
                })
            })
            .collect()
    }

    /// Requests over edges on item times, open bounds, and filters alone and combined.
    fn requests(engine: &Engine, source: &str) -> Vec<BTreeMap<String, String>> {
        let times = &engine.datasets[source].times;
        let at = |i: usize| times[i * (times.len() - 1) / 9].to_string();
        let ranges: Vec<Vec<(&str, String)>> = vec![
            vec![("StartTime", (NOW - 400 * DAY).to_string()), ("EndTime", NOW.to_string())],
            vec![("StartTime", at(2)), ("EndTime", at(7))],
            vec![("StartTime", at(0)), ("EndTime", at(9))],
            vec![("StartTime", at(5)), ("EndTime", at(5))],
            vec![("StartTime", at(6)), ("EndTime", at(3))],
            vec![("StartTime", format!(" {} ", at(4)))],
            vec![("EndTime", at(4))],
            vec![("StartTime", "soon".into()), ("EndTime", at(8))],
            vec![],
        ];
        let filters: Vec<Vec<(&str, String)>> = vec![
            vec![],
            vec![("Regions.0", "hk".into()), ("Regions.1", "sg".into())],
            vec![("OrderTypes.0", "2".into()), ("ProductCodes.0", "sandbox".into())],
            vec![("OrganizationIds.0", "1003".into())],
            vec![("Regions.0", "atlantis".into())],
        ];
        let mut out = Vec::new();
        for r in &ranges {
            for f in &filters {
                out.push(params(&[r.as_slice(), f.as_slice()].concat()));
            }
        }
        out
    }

    fn assert_select_matches_scan(engine: &Engine) {
        let organizations: BTreeMap<String, String> =
            [("OrganizationIds.N".to_owned(), "OrganizationID".to_owned())].into();
        for source in ["ListPaidOrders", "ListUnpaidOrders"] {
            for p in requests(engine, source) {
                for extra in [&BTreeMap::new(), &organizations] {
                    let expected = scan(engine, source, &p, extra);
                    // Twice: the second answer may be the remembered one.
                    for _ in 0..2 {
                        let got = engine.select(source, &p, extra);
                        assert_eq!(got.positions(0, got.len()), expected, "{source} {p:?} {extra:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_fake_section_naming_what_the_api_lacks_refuses_to_start_with_the_first_problem() {
        let mut api: Value = serde_json::from_str(API).expect("api.json");
        let lists = api["config"]["fake"]["lists"].as_object_mut().expect("lists");
        let rule = lists.remove("ListPaidOrders").expect("ListPaidOrders");
        lists.insert("ListPaidOrder".into(), rule);
        api["config"]["fake"]["seed"] = Value::from(7);
        let api: Api = super::super::spec::read_api_json(&api.to_string()).expect("api");
        match Engine::new(api, Credentials::new("pk", "sk"), 5, NOW, "http://fake".into()) {
            Err(FakeError::Config(message)) => assert_eq!(message, "fake.seed: unknown key `seed`"),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("started with a typo in fake.lists"),
        }
    }

    #[test]
    fn select_matches_a_plain_scan() {
        let engine = engine();
        assert!(engine.datasets.values().all(|d| d.sorted));
        assert_select_matches_scan(&engine);
    }

    #[test]
    fn select_matches_a_plain_scan_when_times_are_not_in_order() {
        // Items without the range field sort as 0 but compare as i64::MIN: no binary search then.
        let mut engine = engine();
        let mut filtered: HashSet<&str> = HashSet::new();
        filtered.insert("Region");
        for data in engine.datasets.values_mut() {
            let mut items = std::mem::take(&mut data.items);
            for item in items.iter_mut().skip(3).step_by(7) {
                item.remove("StartTime");
            }
            *data = Dataset::new(items, Some("StartTime"), &filtered);
            assert!(!data.sorted);
        }
        assert_select_matches_scan(&engine);
    }

    #[test]
    fn answer_json_is_serde_json_of_the_body_with_the_page_in_place() {
        let engine = engine();
        let p = params(&[
            ("StartTime", (NOW - 30 * DAY).to_string()),
            ("EndTime", NOW.to_string()),
            ("Page", "2".into()),
            ("PageSize", "15".into()),
        ]);
        let decl = engine.action("ListPaidOrders").unwrap();
        let rule = &engine.fake.lists["ListPaidOrders"];
        let mut body = engine.canned["ListPaidOrders"].clone();
        let page = engine.list_page(decl, rule, &p, &mut body).unwrap();
        let selected = engine.select("ListPaidOrders", &p, &BTreeMap::new());
        let mut expected = body.clone();
        let items: Vec<Value> =
            selected.items().skip(15).take(15).map(|m| Value::Object(m.clone())).collect();
        assert_eq!(items.len(), 15);
        expected.insert("Orders".into(), Value::Array(items));
        let mut answer = Answer { body, page: Some(page) };
        assert_eq!(answer.to_json(), serde_json::to_vec(&expected).unwrap());
        // A later member of the items field's name replaces the page, as it would a real one.
        answer.body.insert("Orders".into(), Value::from(7));
        expected.insert("Orders".into(), Value::from(7));
        assert_eq!(answer.to_json(), serde_json::to_vec(&expected).unwrap());
    }
}
