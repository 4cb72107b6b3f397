//! The HTTP-free core: authenticate, validate and answer one request, handing each kind of
//! action to the module that knows it (list datasets, sums, exports, inferred resources).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::auth;
use super::data::Synth;
use super::datasets::Datasets;
use super::exports::{self, Download, Exports, Refusal};
use super::infer;
use super::resources::{self, Resources};
use super::rng::Rng;
use super::spec::{Action, Api, FakeSection, Field, RangeRule};
use super::sts::Sts;
use super::sums;
use super::validate::{self, codes, ApiError};
use super::FakeError;
use crate::credentials::Credentials;

/// Everything fixed at start: the API, its data, the keys.
pub(crate) struct Engine {
    api: Api,
    fake: FakeSection,
    /// The accepted key pairs, the server's own first; each has a world of its own.
    keys: Vec<Credentials>,
    /// Items per list action, in range-field order, and the selections remembered from them.
    datasets: Datasets,
    /// A synthesised success response per action, the base every answer starts from.
    canned: HashMap<String, Map<String, Value>>,
    /// Exported files and their download URLs.
    exports: Exports,
    /// How long download URLs stay valid, overriding the `fake:` section.
    pub(crate) download_ttl_secs: Option<u64>,
    /// The collections inferred from the docs, for actions the `fake:` section leaves out.
    pub(crate) resources: Resources,
    /// The built-in `AssumeRole` and the temporary key pairs it minted.
    pub(crate) sts: Arc<Sts>,
    /// Server start and how far back timestamps spread, for items created later.
    now: i64,
    history: i64,
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

impl Engine {
    /// Checks the `fake:` section and synthesises everything answers start from: the list
    /// datasets, a canned response per action and the inferred collections.
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
        let datasets = Datasets::new(&api, &fake, &synth, seed)?;
        let mut canned = HashMap::new();
        for action in &api.actions {
            let mut rng = Rng::new(seed, &format!("response:{}", action.name));
            let fields: Vec<Field> =
                action.response.iter().filter(|f| !is_envelope(&f.name)).cloned().collect();
            canned.insert(action.name.clone(), synth.object(&fields, &mut rng, 0, None, &action.name, 0));
        }
        let resources = Resources::new(infer::infer(&api, &fake), &synth, seed);
        let exports = Exports::new(seed, &credentials, base_url);
        Ok(Engine {
            api,
            fake,
            keys: vec![credentials],
            datasets,
            canned,
            exports,
            download_ttl_secs: None,
            resources,
            sts: Arc::new(Sts::new(seed, None)),
            now,
            history,
        })
    }

    /// Accepts `credentials` too, with a world of resources of its own (seeded as the first):
    /// what one key pair creates, another does not see.
    pub(crate) fn add_key(&mut self, credentials: Credentials) {
        self.keys.push(credentials);
        self.resources.add_world();
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
        let key = auth::authenticate(params, &self.keys, &self.sts, SystemTime::now())?;
        if action.is_empty() {
            return Err(ApiError::new(codes::MISSING_ACTION, "Missing Action"));
        }
        if action == crate::sts::ASSUME_ROLE {
            // Built in, whether or not the API declares it: STS has no page of its own.
            let mut body = Map::new();
            body.insert("Credentials".into(), Value::Object(self.sts.assume_role(key, params)?));
            return Ok(Answer::from(body));
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
            page = Some(self.datasets.list_page(decl, rule, params, &mut body)?);
        } else if let Some(rule) = self.fake.sums.get(action) {
            sums::answer(decl, rule, &self.datasets, params, &mut body);
        } else if let Some(rule) = self.fake.exports.get(action) {
            let request = exports::Request {
                action,
                rule,
                params,
                api: &self.api,
                datasets: &self.datasets,
                ttl_secs: self.download_ttl_secs,
                now,
            };
            self.exports.answer(&request, &mut body)?;
        } else if self.resources.handles(action) {
            let request = resources::Request {
                world: key,
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

    /// The export behind a download URL, if its token is genuine and not expired.
    pub(crate) fn download(&self, id: u64, expires: i64, token: &str, now: i64) -> Result<Download, Refusal> {
        self.exports.download(id, expires, token, now)
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

/// Whether `name` is one of the fields every answer carries, which `handle` fills in.
fn is_envelope(name: &str) -> bool {
    matches!(name, "RetCode" | "Action" | "Message")
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
        let page = engine.datasets.list_page(decl, rule, &p, &mut body).unwrap();
        let selected = engine.datasets.select("ListPaidOrders", &p, &BTreeMap::new());
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
