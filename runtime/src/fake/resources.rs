//! Collections that live: items listed by the inferred list views, added by creates, changed
//! by updates and state actions, removed by deletes ([`super::infer`] says which action does
//! what). Seeded from the declared models at start, so every seed gives the same world.
//!
//! One lock guards the whole store: requests are short, and a create must appear in every
//! view of its collection at once.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use serde_json::{Map, Value};

use super::data::{scalar_text, typed, Synth};
use super::infer::{Behaviour, EffectKind, IdAnswer, IdParam, ListView, Paging, Transition};
use super::rng::{hash_str, mix, Rng};
use super::spec::{Action, Api, Field, FieldRule, Type};
use super::validate::{codes, list_values, ApiError};

/// Items a collection starts with: enough for a walk in pages of two to take several pages.
const SEEDED: (i64, i64) = (5, 12);
/// Items the store holds at most, over every view; a create past it is refused.
pub(crate) const MAX_ITEMS: usize = 20_000;
/// Page size when the docs state no default and no maximum.
const DEFAULT_PAGE_SIZE: i64 = 20;
/// Most items one create adds (`Count`, `MaxCount`, `Quantity`).
const MAX_PER_CREATE: i64 = 10;

/// The living collections of one server.
pub(crate) struct Resources {
    behaviour: Behaviour,
    /// One store per accepted key pair: each sees only what it made.
    worlds: Vec<Mutex<Store>>,
    /// Reads of a list that show an item in its transitional state before it settles.
    pub(crate) settle_reads: u32,
    /// Whether an id no item has is taken as an item created before the server started.
    pub(crate) adopt_unknown_ids: bool,
    seed: u64,
}

#[derive(Default, Clone)]
struct Store {
    /// List action → its items, oldest first.
    views: BTreeMap<String, Vec<Map<String, Value>>>,
    /// Item id → the state it settles in, and the reads left before it does.
    pending: HashMap<String, (String, u32)>,
    /// How many ids were minted: the next one's number.
    minted: u64,
    items: usize,
}

/// What a request changes or reads, given to [`Resources::answer`].
pub(crate) struct Request<'r> {
    /// The key pair's world (see [`Resources::add_world`]).
    pub(crate) world: usize,
    pub(crate) action: &'r Action,
    pub(crate) params: &'r BTreeMap<String, String>,
    pub(crate) api: &'r Api,
    /// The `fake:` field rules, start time and history the synthesiser of new items uses.
    pub(crate) rules: &'r BTreeMap<String, FieldRule>,
    pub(crate) now: i64,
    pub(crate) history: i64,
}

impl Resources {
    /// The collections of `behaviour`, seeded.
    pub(crate) fn new(behaviour: Behaviour, synth: &Synth<'_>, seed: u64) -> Resources {
        let mut store = Store::default();
        for (action, view) in &behaviour.lists {
            // Views of one collection (`DescribeULB`, `DescribeULBSimple`) show the same ids.
            let key = view.id.as_deref().unwrap_or(action);
            let mut rng = Rng::new(seed, &format!("collection:{key}"));
            let count = rng.between(SEEDED.0, SEEDED.1) as usize;
            let mut items = Vec::with_capacity(count);
            for index in 0..count {
                let mut rng = Rng::new(seed, &format!("item:{action}:{index}"));
                let mut item = synth.item(&view.model, &mut rng, index, None, action, 0);
                if let Some(id) = &view.id {
                    let minted = mint(seed, id, index as u64, view.id_is_int, prefix(synth.rules, id));
                    item.insert(id.clone(), id_value(view, &minted));
                }
                items.push(item);
            }
            store.minted = store.minted.max(count as u64);
            store.items += items.len();
            store.views.insert(action.clone(), items);
        }
        Resources {
            behaviour,
            worlds: vec![Mutex::new(store)],
            settle_reads: 1,
            adopt_unknown_ids: false,
            seed,
        }
    }

    /// Whether this action lists, creates, changes or deletes items.
    pub(crate) fn handles(&self, action: &str) -> bool {
        self.behaviour.lists.contains_key(action) || self.behaviour.effects.contains_key(action)
    }

    /// One more world, a copy of the first as seeded (call it before serving).
    pub(crate) fn add_world(&mut self) {
        let seeded = self.worlds[0].get_mut().unwrap_or_else(|p| p.into_inner()).clone();
        self.worlds.push(Mutex::new(seeded));
    }

    fn lock(&self, world: usize) -> MutexGuard<'_, Store> {
        let store = self.worlds.get(world).unwrap_or(&self.worlds[0]);
        store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Answers `request` into `body` (the action's canned answer), if the action is one of
    /// the collections'.
    pub(crate) fn answer(
        &self,
        request: &Request<'_>,
        body: &mut Map<String, Value>,
    ) -> Result<(), ApiError> {
        let name = request.action.name.as_str();
        if let Some(view) = self.behaviour.lists.get(name) {
            return self.list(name, view, request, body);
        }
        let Some(effect) = self.behaviour.effects.get(name) else { return Ok(()) };
        let synth = Synth::new(request.api, request.rules, request.now, request.history);
        let mut store = self.lock(request.world);
        match &effect.kind {
            EffectKind::Create { answers } => {
                self.create(&mut store, &synth, &effect.id, answers, request, body)
            }
            EffectKind::Delete { param } => {
                let ids = self.existing(&mut store, &synth, &effect.id, param, request)?;
                self.read_into(&store, &effect.id, &ids, request, body);
                for view in self.views_of(&effect.id) {
                    if let Some(items) = store.views.get_mut(view) {
                        let before = items.len();
                        items.retain(|item| !id_of(item, &effect.id).is_some_and(|v| ids.contains(&v)));
                        let removed = before - items.len();
                        store.items -= removed;
                    }
                }
                for id in &ids {
                    store.pending.remove(id);
                }
                Ok(())
            }
            EffectKind::Touch { param, writes, transition } => {
                let ids = self.existing(&mut store, &synth, &effect.id, param, request)?;
                for id in &ids {
                    if *writes {
                        self.write(&mut store, &effect.id, id, Some(&param.name), request);
                    }
                    if let Some(t) = transition {
                        self.transition(&mut store, &effect.id, id, *t);
                    }
                }
                self.read_into(&store, &effect.id, &ids, request, body);
                Ok(())
            }
        }
    }

    /// Response fields named like fields of the first item named are the item's (`UHostId`,
    /// `State`): an answer about an item agrees with what a list shows of it.
    fn read_into(
        &self,
        store: &Store,
        id_field: &str,
        ids: &[String],
        request: &Request<'_>,
        body: &mut Map<String, Value>,
    ) {
        let Some(item) = ids.first().and_then(|id| self.find(store, id_field, id)) else { return };
        for f in &request.action.response {
            if let Some(v) = item.get(&f.name).filter(|_| body.contains_key(&f.name)) {
                body.insert(f.name.clone(), v.clone());
            }
        }
    }

    /// The list actions whose items are named by `id`.
    fn views_of<'b>(&'b self, id: &'b str) -> impl Iterator<Item = &'b String> + 'b {
        self.behaviour.lists.iter().filter(move |(_, v)| v.id.as_deref() == Some(id)).map(|(name, _)| name)
    }

    fn find<'s>(&self, store: &'s Store, id_field: &str, id: &str) -> Option<&'s Map<String, Value>> {
        self.views_of(id_field).find_map(|view| {
            store.views.get(view)?.iter().find(|item| id_of(item, id_field).as_deref() == Some(id))
        })
    }

    /// The ids `param` names in the request, each of an existing item (or adopted, when
    /// unknown ids are); an unknown one is [`codes::NOT_FOUND`].
    fn existing(
        &self,
        store: &mut Store,
        synth: &Synth<'_>,
        id_field: &str,
        param: &IdParam,
        request: &Request<'_>,
    ) -> Result<Vec<String>, ApiError> {
        let ids: Vec<String> = if param.many {
            list_values(request.params, &param.name).into_iter().map(str::to_owned).collect()
        } else {
            request.params.get(&param.name).cloned().into_iter().collect()
        };
        for id in &ids {
            if self.find(store, id_field, id).is_some() {
                continue;
            }
            if !self.adopt_unknown_ids {
                return Err(ApiError::new(codes::NOT_FOUND, format!("{id_field} [{id}] does not exist")));
            }
            self.add(store, synth, id_field, id, request, false)?;
        }
        Ok(ids)
    }

    /// Adds an item with `id` to every view of its collection, with the request's params of
    /// the items' field names; `created` starts it in its documented transitional state.
    fn add(
        &self,
        store: &mut Store,
        synth: &Synth<'_>,
        id_field: &str,
        id: &str,
        request: &Request<'_>,
        created: bool,
    ) -> Result<(), ApiError> {
        let views: Vec<&String> = self.views_of(id_field).collect();
        if store.items + views.len() > MAX_ITEMS {
            return Err(ApiError::new(
                codes::QUOTA_EXCEEDED,
                format!("The fake server holds at most {MAX_ITEMS} items; delete some first"),
            ));
        }
        let mut pending = None;
        for name in views {
            let view = &self.behaviour.lists[name];
            if view.id_is_int && id.parse::<i64>().is_err() {
                // No item of an integer-keyed view can have this id.
                continue;
            }
            let mut rng = Rng::new(self.seed, &format!("create:{name}:{id}"));
            let mut item = synth.item(&view.model, &mut rng, 0, None, name, 0);
            item.insert(id_field.to_owned(), id_value(view, id));
            echo(request, &mut item, &request.api.models[&view.model].fields, None);
            if let (true, Some(state)) = (created, &view.state) {
                let shown = state.creating.clone().filter(|_| self.settle_reads > 0);
                item.insert(
                    state.field.clone(),
                    Value::String(shown.clone().unwrap_or(state.settled.clone())),
                );
                if shown.is_some() {
                    pending = Some(state.settled.clone());
                }
            }
            if let Some(items) = store.views.get_mut(name) {
                items.push(item);
                store.items += 1;
            }
        }
        if let Some(target) = pending {
            store.pending.insert(id.to_owned(), (target, self.settle_reads));
        }
        Ok(())
    }

    fn create(
        &self,
        store: &mut Store,
        synth: &Synth<'_>,
        id_field: &str,
        answers: &[IdAnswer],
        request: &Request<'_>,
        body: &mut Map<String, Value>,
    ) -> Result<(), ApiError> {
        let count = ["Count", "MaxCount", "Quantity"]
            .iter()
            .find_map(|p| request.params.get(*p)?.trim().parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_PER_CREATE);
        let mut ids = Vec::new();
        for _ in 0..count {
            store.minted += 1;
            let numeric = self.views_of(id_field).any(|v| self.behaviour.lists[v].id_is_int);
            let id = mint(self.seed, id_field, store.minted, numeric, prefix(request.rules, id_field));
            self.add(store, synth, id_field, &id, request, true)?;
            ids.push(id);
        }
        for answer in answers {
            match answer {
                IdAnswer::Field(f) => {
                    body.insert(f.clone(), Value::String(ids[0].clone()));
                }
                IdAnswer::List(f) => {
                    body.insert(f.clone(), ids.iter().cloned().map(Value::String).collect());
                }
                IdAnswer::Models(f) => {
                    let template =
                        body.get(f).and_then(|v| v.get(0)).cloned().unwrap_or(Value::Object(Map::new()));
                    let items = ids.iter().map(|id| self.described(store, id_field, id, &template)).collect();
                    body.insert(f.clone(), Value::Array(items));
                }
                IdAnswer::Model(f) => {
                    let template = body.get(f).cloned().unwrap_or(Value::Object(Map::new()));
                    body.insert(f.clone(), self.described(store, id_field, &ids[0], &template));
                }
            }
        }
        Ok(())
    }

    /// `template` (an answer's object about a new item) with the item's values where their
    /// field names agree, and its id.
    fn described(&self, store: &Store, id_field: &str, id: &str, template: &Value) -> Value {
        let mut out = template.clone();
        if let Some(obj) = out.as_object_mut() {
            if let Some(item) = self.find(store, id_field, id) {
                for (k, v) in obj.iter_mut() {
                    if let Some(value) = item.get(k) {
                        *v = value.clone();
                    }
                }
            }
            obj.insert(id_field.to_owned(), Value::String(id.to_owned()));
        }
        out
    }

    /// Writes the request's params named like item fields into item `id` of every view.
    fn write(&self, store: &mut Store, id_field: &str, id: &str, skip: Option<&str>, request: &Request<'_>) {
        let views: Vec<String> = self.views_of(id_field).cloned().collect();
        for name in views {
            let model = &self.behaviour.lists[&name].model;
            let fields = &request.api.models[model].fields;
            let Some(items) = store.views.get_mut(&name) else { continue };
            for item in items.iter_mut().filter(|i| id_of(i, id_field).as_deref() == Some(id)) {
                echo(request, item, fields, skip);
            }
        }
    }

    fn transition(&self, store: &mut Store, id_field: &str, id: &str, transition: Transition) {
        let views: Vec<String> = self.views_of(id_field).cloned().collect();
        let mut target = None;
        for name in views {
            let Some(state) = &self.behaviour.lists[&name].state else { continue };
            let (moving, to) = match transition {
                Transition::Start => (state.starting.clone(), Some(state.settled.clone())),
                Transition::Stop => (state.stopping.clone(), state.stopped.clone()),
                Transition::Reboot => (state.rebooting.clone(), Some(state.settled.clone())),
            };
            let Some(to) = to else { continue };
            let shown = moving.filter(|_| self.settle_reads > 0);
            let Some(items) = store.views.get_mut(&name) else { continue };
            for item in items.iter_mut().filter(|i| id_of(i, id_field).as_deref() == Some(id)) {
                item.insert(state.field.clone(), Value::String(shown.clone().unwrap_or(to.clone())));
            }
            if shown.is_some() {
                target = Some(to);
            }
        }
        match target {
            Some(to) => {
                store.pending.insert(id.to_owned(), (to, self.settle_reads));
            }
            None => {
                store.pending.remove(id);
            }
        }
    }

    /// One page of a list view, with its total; items read in a transitional state count a
    /// read towards settling.
    fn list(
        &self,
        name: &str,
        view: &ListView,
        request: &Request<'_>,
        body: &mut Map<String, Value>,
    ) -> Result<(), ApiError> {
        let params = request.params;
        let number = |p: &str| params.get(p).and_then(|v| v.trim().parse::<i64>().ok());
        let size =
            |p: &super::infer::Param| number(&p.name).or(p.default).or(p.max).unwrap_or(DEFAULT_PAGE_SIZE);
        let (skip, take) = match &view.paging {
            Paging::None => (0, i64::MAX),
            Paging::Offset { offset, limit } => {
                let (offset, limit) = (number(offset).unwrap_or(0), size(limit));
                if offset < 0 || limit < 1 {
                    return Err(ApiError::new(codes::OUT_OF_RANGE, "Offset must be >= 0 and Limit >= 1"));
                }
                (offset, limit)
            }
            Paging::Page { page, first, size: page_size } => {
                let (page, per) = (number(page).unwrap_or(*first), size(page_size));
                if page < *first || per < 1 {
                    return Err(ApiError::new(codes::OUT_OF_RANGE, "Page or PageSize out of range"));
                }
                ((page - first).saturating_mul(per), per)
            }
        };
        let wanted: Vec<(&str, Vec<&str>)> = view
            .filters
            .iter()
            .map(|f| {
                let values = if f.many {
                    list_values(params, &f.param)
                } else if f.split {
                    let one = params.get(&f.param).map(String::as_str).unwrap_or_default();
                    one.split(',').map(str::trim).filter(|v| !v.is_empty()).collect()
                } else {
                    params.get(&f.param).map(|v| vec![v.as_str()]).unwrap_or_default()
                };
                (f.field.as_str(), values)
            })
            .filter(|(_, values)| !values.is_empty())
            .collect();
        let mut store = self.lock(request.world);
        let items = store.views.get(name).map(Vec::as_slice).unwrap_or_default();
        let matching: Vec<&Map<String, Value>> = items
            .iter()
            .filter(|item| {
                wanted.iter().all(|(field, values)| {
                    item.get(*field).and_then(scalar_text).is_some_and(|v| values.contains(&v.as_str()))
                })
            })
            .collect();
        let total = matching.len();
        let skip = usize::try_from(skip).unwrap_or(usize::MAX).min(total);
        let take = usize::try_from(take).unwrap_or(usize::MAX);
        let page: Vec<Value> =
            matching[skip..].iter().take(take).map(|item| Value::Object((*item).clone())).collect();
        let shown: Vec<String> = match &view.id {
            Some(id) => page.iter().filter_map(|item| item.get(id).and_then(scalar_text)).collect(),
            None => Vec::new(),
        };
        body.insert(view.items.clone(), Value::Array(page));
        if let Some(field) = &view.total {
            body.insert(field.clone(), Value::from(total));
        }
        if let Some(id_field) = &view.id {
            self.count_reads(&mut store, id_field, &shown);
        }
        Ok(())
    }

    /// One more read of each of `ids`: those whose reads are used up settle in every view.
    fn count_reads(&self, store: &mut Store, id_field: &str, ids: &[String]) {
        for id in ids {
            let Some((target, left)) = store.pending.get_mut(id) else { continue };
            *left = left.saturating_sub(1);
            if *left > 0 {
                continue;
            }
            let target = target.clone();
            store.pending.remove(id);
            let views: Vec<String> = self.views_of(id_field).cloned().collect();
            for name in views {
                let Some(state) = &self.behaviour.lists[&name].state else { continue };
                let Some(items) = store.views.get_mut(&name) else { continue };
                for item in items.iter_mut().filter(|i| id_of(i, id_field).as_deref() == Some(id.as_str())) {
                    item.insert(state.field.clone(), Value::String(target.clone()));
                }
            }
        }
    }
}

/// Copies the request's params named like scalar (or list-of-string) `fields` into `item`,
/// as the field's type reads them; values that do not read so are left out.
fn echo(request: &Request<'_>, item: &mut Map<String, Value>, fields: &[Field], skip: Option<&str>) {
    for f in fields {
        if Some(f.name.as_str()) == skip {
            continue;
        }
        let value = match &f.ty {
            Type::String | Type::Int | Type::Float | Type::Bool => {
                let Some(raw) = request.params.get(&f.name) else { continue };
                // Only what reads as the field's type: `Size=big` is no int.
                Some(typed(&f.ty, raw)).filter(|v| f.ty == Type::String || !v.is_string())
            }
            Type::List(list) if list.scalar() == Some("string") => {
                let values = list_values(request.params, &f.name);
                (!values.is_empty())
                    .then(|| values.into_iter().map(|v| Value::String(v.to_owned())).collect())
            }
            _ => None,
        };
        if let Some(v) = value {
            item.insert(f.name.clone(), v);
        }
    }
}

/// The `n`th id of collection `id_field` (`UHostId` → `uhost-1f0c9a2e…`): a pure function of
/// the seed, the field and the number, unique in practice. `prefix` replaces `uhost-` (the
/// `fake:` section's `unique:` rule for the field).
fn mint(seed: u64, id_field: &str, n: u64, numeric: bool, prefix: Option<&str>) -> String {
    if numeric {
        // Small, positive and distinct: the `n`th id after a seed-chosen start.
        return (100_000 + mix(seed ^ hash_str(id_field)) % 100_000 + n).to_string();
    }
    let hex = mix(seed ^ mix(hash_str(id_field) ^ n)) & 0xffff_ffff_ffff;
    match prefix {
        Some(prefix) => format!("{prefix}{hex:012x}"),
        None => {
            let stem = id_field.strip_suffix("Id").filter(|s| !s.is_empty()).unwrap_or(id_field);
            format!("{}-{hex:012x}", stem.to_ascii_lowercase())
        }
    }
}

/// The id prefix the `fake:` section gives `id_field` (`InstanceId: { unique: "i-" }`).
fn prefix<'r>(rules: &'r BTreeMap<String, FieldRule>, id_field: &str) -> Option<&'r str> {
    rules.get(id_field)?.unique.as_deref()
}

/// Id `id` as `view`'s items hold it: a number where the id field is an integer.
fn id_value(view: &ListView, id: &str) -> Value {
    match id.parse::<i64>() {
        Ok(n) if view.id_is_int => Value::from(n),
        _ => Value::String(id.to_owned()),
    }
}

/// The wire text of an item's id.
fn id_of(item: &Map<String, Value>, id_field: &str) -> Option<String> {
    item.get(id_field).and_then(scalar_text)
}
