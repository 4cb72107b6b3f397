//! What the docs imply about resources, read from names alone: which actions list a
//! collection and how they page and filter it, which create, change or delete its items, and
//! which move an item between the documented values of its state field.
//!
//! No rule names one API. An action's *resource* is its name without the verb (`DescribeULB`,
//! `CreateULB` and `DeleteULB` share `ULB`); a list's *id field* is the item field ending in
//! `Id` that the list filters on and whose stem the resource names (`UHostId` for
//! `DescribeUHostInstance`). Everything the `fake:` section states wins: an action it names is
//! left out here.

use std::collections::BTreeMap;

use sdkgen_schema::names::{id_of_resource, CONTEXT_PARAMS};

use super::spec::{Action, Api, FakeSection, Field, Type};

/// Verbs of actions that list items.
const LIST_VERBS: &[&str] = &["Describe", "List", "Get"];
/// Verbs of actions that add an item.
const CREATE_VERBS: &[&str] = &["Create", "Allocate", "Add", "Import"];
/// Verbs of actions that remove an item.
const DELETE_VERBS: &[&str] = &["Delete", "Del", "Release", "Terminate", "Remove", "Destroy"];
/// Every verb an action name may start with, longest first so `Describe` wins over `Del`.
const OTHER_VERBS: &[&str] = &[
    "Update",
    "Modify",
    "Set",
    "Resize",
    "Rename",
    "Reset",
    "Reinstall",
    "Upgrade",
    "Start",
    "Stop",
    "Poweroff",
    "Reboot",
    "Restart",
    "Bind",
    "Unbind",
    "UnBind",
    "Attach",
    "Detach",
];

/// The inferred behaviour of a family.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Behaviour {
    /// List action → how it lists.
    pub(crate) lists: BTreeMap<String, ListView>,
    /// Other action → what it does to which items.
    pub(crate) effects: BTreeMap<String, Effect>,
}

/// One list action over one collection of items.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListView {
    /// The response field holding the page of items.
    pub(crate) items: String,
    /// The items' model.
    pub(crate) model: String,
    /// The item field that names an item, when one does.
    pub(crate) id: Option<String>,
    /// Whether that field is an integer (ids are then numbers, not `uhost-…` strings).
    pub(crate) id_is_int: bool,
    /// The item field holding a documented state, with its values.
    pub(crate) state: Option<StateField>,
    /// How the request selects a window.
    pub(crate) paging: Paging,
    /// The response field that counts every matching item.
    pub(crate) total: Option<String>,
    /// Request param (its list prefix for `Foo.N`) → item field it must equal.
    pub(crate) filters: Vec<Filter>,
}

/// A param that keeps the items whose field equals (one of) its values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    /// The wire name, or for a list param its prefix (`UHostIds` for `UHostIds.N`).
    pub(crate) param: String,
    /// Whether the param is a list (`Foo.N`).
    pub(crate) many: bool,
    /// Whether one string holds several values, comma-separated (`NodeIds` on `NodeId`:
    /// "one or more node ids").
    pub(crate) split: bool,
    /// The item field compared.
    pub(crate) field: String,
}

/// How a list request names its window.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Paging {
    /// The whole selection in one answer.
    None,
    /// `Offset` items skipped, at most `Limit` given.
    Offset { offset: String, limit: Param },
    /// Page `page` (numbered from `first`) of `size` items.
    Page { page: String, first: i64, size: Param },
}

/// A size param with its documented default and maximum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) default: Option<i64>,
    pub(crate) max: Option<i64>,
}

/// A documented state field and the roles of its values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StateField {
    pub(crate) field: String,
    /// Where an item settles after creation or a start (`Running`, `Available`).
    pub(crate) settled: String,
    /// Shown between a create and its settling (`Initializing`), when documented.
    pub(crate) creating: Option<String>,
    /// Where a stop leads (`Stopped`), when documented.
    pub(crate) stopped: Option<String>,
    /// Shown while starting, stopping, rebooting, when documented.
    pub(crate) starting: Option<String>,
    pub(crate) stopping: Option<String>,
    pub(crate) rebooting: Option<String>,
}

/// What a non-list action does to the items of the collections named by `id`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Effect {
    /// The id field of the collections touched.
    pub(crate) id: String,
    pub(crate) kind: EffectKind,
}

/// The kinds of effect.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EffectKind {
    /// Adds items; their ids go to these response fields.
    Create { answers: Vec<IdAnswer> },
    /// Removes the items named by the param.
    Delete { param: IdParam },
    /// Reads or changes the item named by the param: request params with the name of an item
    /// field are written when `writes`, response fields with one are read from the item.
    Touch { param: IdParam, writes: bool, transition: Option<Transition> },
}

/// How a request names the items it acts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IdParam {
    /// Wire name, or list prefix.
    pub(crate) name: String,
    pub(crate) many: bool,
}

/// Where a create's answer carries the new id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IdAnswer {
    /// A string field (`ULBId`).
    Field(String),
    /// A list of strings (`UHostIds`).
    List(String),
    /// A list of models with the id field (`EIPSet` of items with `EIPId`).
    Models(String),
    /// A model with the id field (`KeyPair` with `KeyPairId`).
    Model(String),
}

/// A state change an action starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transition {
    Start,
    Stop,
    Reboot,
}

/// The action's verb and resource (`("Describe", "UHostInstance")`), if it starts with a
/// capitalised word followed by a capitalised resource.
pub(crate) fn split_verb(action: &str) -> (&str, &str) {
    let verbs = LIST_VERBS.iter().chain(CREATE_VERBS).chain(DELETE_VERBS).chain(OTHER_VERBS);
    let mut best: Option<&str> = None;
    for verb in verbs {
        let rest = action.strip_prefix(verb);
        if rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()))
            && best.is_none_or(|b| b.len() < verb.len())
        {
            best = Some(verb);
        }
    }
    match best {
        Some(verb) => (verb, &action[verb.len()..]),
        None => ("", action),
    }
}

/// A resource name compared across verbs: without a version suffix, singular, lower case
/// (`LoadBalancers` and `LoadBalancer`, `SecurityPolicies` and `SecurityPolicy`,
/// `UK8SClusterV2` and `UK8SCluster`).
fn resource_key(resource: &str) -> String {
    let mut r = resource.to_ascii_lowercase();
    if let Some(pos) = r.rfind('v') {
        if pos > 0 && pos + 1 < r.len() && r[pos + 1..].chars().all(|c| c.is_ascii_digit()) {
            r.truncate(pos);
        }
    }
    if let Some(stem) = r.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if r.ends_with('s') && !r.ends_with("ss") {
        r.pop();
    }
    r
}

/// How a param may name an item field: itself (`ULBId`), or as a list (`UHostIds.N` and
/// `EIPId.N` both name `…Id`).
fn named_field(param: &str) -> (String, bool) {
    match super::spec::list_prefix(param) {
        Some(prefix) => {
            let field = prefix.strip_suffix('s').filter(|p| p.ends_with("Id")).unwrap_or(prefix);
            (field.to_owned(), true)
        }
        None => (param.to_owned(), false),
    }
}

fn is_scalar(f: &Field) -> bool {
    matches!(&f.ty, Type::String | Type::Int | Type::Float | Type::Bool)
}

/// Infers the behaviour of every action `fake` does not describe.
pub(crate) fn infer(api: &Api, fake: &FakeSection) -> Behaviour {
    let described = |name: &str| {
        fake.lists.contains_key(name) || fake.sums.contains_key(name) || fake.exports.contains_key(name)
    };
    let mut lists = BTreeMap::new();
    for action in api.actions.iter().filter(|a| !described(&a.name)) {
        if let Some(view) = list_view(api, action) {
            lists.insert(action.name.clone(), view);
        }
    }
    // The ids of collections, with the resources that list them.
    let mut collections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, view) in &lists {
        if let Some(id) = &view.id {
            collections.entry(id.clone()).or_default().push(resource_key(split_verb(name).1));
        }
    }
    // An action's collection: the id field whose stem its resource names, or whose list
    // shares its resource.
    let belongs = |id: &str, resource: &str| {
        id_of_resource(id, resource)
            || collections.get(id).is_some_and(|rs| rs.contains(&resource_key(resource)))
    };
    let mut effects = BTreeMap::new();
    for action in api.actions.iter().filter(|a| !described(&a.name) && !lists.contains_key(&a.name)) {
        let (verb, resource) = split_verb(&action.name);
        let effect = if CREATE_VERBS.contains(&verb) {
            create_effect(api, action, resource, &collections, &belongs)
        } else {
            touch_effect(action, verb, resource, &collections, &belongs)
        };
        if let Some(effect) = effect {
            effects.insert(action.name.clone(), effect);
        }
    }
    Behaviour { lists, effects }
}

/// The list view of a `Describe*`/`List*`/`Get*` action with one list-of-models field.
fn list_view(api: &Api, action: &Action) -> Option<ListView> {
    let (verb, resource) = split_verb(&action.name);
    if !LIST_VERBS.contains(&verb) {
        return None;
    }
    let mut lists = action.response.iter().filter_map(|f| match &f.ty {
        Type::List(list) => match &**list {
            Type::Model(model) if api.models.contains_key(model) => Some((f, model)),
            _ => None,
        },
        _ => None,
    });
    let (items, model) = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    let fields = &api.models[model].fields;
    let field = |name: &str| fields.iter().find(|f| f.name == name && is_scalar(f));
    let param = |lower: &str| action.params.iter().find(|p| p.name.eq_ignore_ascii_case(lower));
    let size = |p: &Field| Param {
        name: p.name.clone(),
        default: p.constraints.default.as_ref().and_then(|d| d.trim().parse().ok()),
        max: p.constraints.max,
    };
    let paging = match (param("offset"), param("limit"), param("page").or(param("pageno")), param("pagesize"))
    {
        (Some(offset), Some(limit), _, _) => {
            Paging::Offset { offset: offset.name.clone(), limit: size(limit) }
        }
        (_, _, Some(page), Some(page_size)) => Paging::Page {
            page: page.name.clone(),
            first: page.constraints.min.unwrap_or(1),
            size: size(page_size),
        },
        _ => Paging::None,
    };
    let paging_names: Vec<&str> = match &paging {
        Paging::None => vec![],
        Paging::Offset { offset, limit } => vec![offset, &limit.name],
        Paging::Page { page, size, .. } => vec![page, &size.name],
    };
    let total = action
        .response
        .iter()
        .find(|f| matches!(f.name.as_str(), "TotalCount" | "Total") && f.ty.scalar() == Some("int"))
        .map(|f| f.name.clone());
    let filters: Vec<Filter> = action
        .params
        .iter()
        .filter(|p| !CONTEXT_PARAMS.contains(&p.name.as_str()) && !paging_names.contains(&p.name.as_str()))
        .filter_map(|p| {
            let (name, many) = named_field(&p.name);
            let plural = p
                .name
                .strip_suffix('s')
                .filter(|n| !many && n.ends_with("Id") && p.ty.scalar() == Some("string"));
            let (field, split) = match (field(&name), plural.and_then(field)) {
                (Some(f), _) => (f, false),
                (None, Some(f)) => (f, true),
                (None, None) => return None,
            };
            let param = if many { super::spec::list_prefix(&p.name)? } else { p.name.as_str() };
            Some(Filter { param: param.to_owned(), many, split, field: field.name.clone() })
        })
        .collect();
    // The id: a filtered `…Id` field the resource names, else the only filtered one, else an
    // unfiltered `…Id` field the resource names (a list without an id filter).
    let filtered_ids: Vec<&str> =
        filters.iter().map(|f| f.field.as_str()).filter(|f| f.ends_with("Id")).collect();
    let id = filtered_ids
        .iter()
        .copied()
        .filter(|f| id_of_resource(f, resource))
        .max_by_key(|f| f.len())
        .or_else(|| (filtered_ids.len() == 1).then(|| filtered_ids[0]))
        .or_else(|| {
            fields
                .iter()
                .filter(|f| is_scalar(f) && f.name.ends_with("Id") && id_of_resource(&f.name, resource))
                .map(|f| f.name.as_str())
                .max_by_key(|f| f.len())
        })
        .map(str::to_owned);
    let id_is_int = id.as_deref().and_then(field).is_some_and(|f| f.ty.scalar() == Some("int"));
    Some(ListView {
        items: items.name.clone(),
        model: model.clone(),
        id,
        id_is_int,
        state: fields.iter().find_map(state_field),
        paging,
        total,
        filters,
    })
}

/// The state field of a model: `State` or `Status` (or `…State`/`…Status`) with documented
/// values, one of which reads as settled.
fn state_field(f: &Field) -> Option<StateField> {
    if !(f.name.ends_with("State") || f.name.ends_with("Status")) || f.ty.scalar() != Some("string") {
        return None;
    }
    let values: Vec<&str> = f.constraints.enum_values.iter().map(String::as_str).collect();
    let find = |words: &[&str], moving: bool| {
        values
            .iter()
            .find(|v| {
                let lower = v.to_ascii_lowercase();
                // `Starting` is on its way; `Running` has arrived.
                let on_the_way = lower.ends_with("ing") && !lower.contains("running");
                words.iter().any(|w| lower.contains(w)) && on_the_way == moving
            })
            .map(|v| (*v).to_owned())
    };
    let settled = find(&["running", "available", "normal", "active", "online", "enable", "success"], false)?;
    Some(StateField {
        field: f.name.clone(),
        creating: find(&["initializ", "creat", "pending", "provision", "deploy"], true),
        stopped: find(&["stop", "shutoff", "poweroff", "halt"], false),
        starting: find(&["start"], true),
        stopping: find(&["stop"], true),
        rebooting: find(&["reboot", "restart"], true),
        settled,
    })
}

/// The param naming the collection `id` in `action`, if it has one.
fn id_param(action: &Action, id: &str) -> Option<IdParam> {
    action.params.iter().find_map(|p| {
        let (field, many) = named_field(&p.name);
        (field == id).then(|| IdParam {
            name: if many {
                super::spec::list_prefix(&p.name).unwrap_or(&p.name).to_owned()
            } else {
                p.name.clone()
            },
            many,
        })
    })
}

fn create_effect(
    api: &Api,
    action: &Action,
    resource: &str,
    collections: &BTreeMap<String, Vec<String>>,
    belongs: &dyn Fn(&str, &str) -> bool,
) -> Option<Effect> {
    collections.keys().filter(|id| belongs(id, resource)).find_map(|id| {
        let answers: Vec<IdAnswer> = action
            .response
            .iter()
            .filter_map(|f| match &f.ty {
                Type::String if f.name == *id => Some(IdAnswer::Field(f.name.clone())),
                Type::Model(model)
                    if api.models.get(model).is_some_and(|m| m.fields.iter().any(|g| g.name == *id)) =>
                {
                    Some(IdAnswer::Model(f.name.clone()))
                }
                Type::List(list) => match &**list {
                    Type::String if f.name == format!("{id}s") => Some(IdAnswer::List(f.name.clone())),
                    Type::Model(model)
                        if api.models.get(model).is_some_and(|m| m.fields.iter().any(|g| g.name == *id)) =>
                    {
                        Some(IdAnswer::Models(f.name.clone()))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        (!answers.is_empty()).then(|| Effect { id: id.clone(), kind: EffectKind::Create { answers } })
    })
}

fn touch_effect(
    action: &Action,
    verb: &str,
    resource: &str,
    collections: &BTreeMap<String, Vec<String>>,
    belongs: &dyn Fn(&str, &str) -> bool,
) -> Option<Effect> {
    let named: Vec<(&String, IdParam)> =
        collections.keys().filter_map(|id| Some((id, id_param(action, id)?))).collect();
    // The collection the action is about; a parent's id (`ULBId` in `DeleteVServer`) only scopes.
    let own = named.iter().find(|(id, _)| belongs(id, resource));
    let deleting = DELETE_VERBS.contains(&verb);
    let (id, param, about) = match (own, named.as_slice()) {
        (Some((id, param)), _) => (*id, param.clone(), true),
        // A delete or a change of something else (`ReleaseBackend` with a `ULBId`) only
        // requires its one parent to exist.
        (None, [(id, param)]) => (*id, param.clone(), false),
        _ => return None,
    };
    let kind = if deleting && about {
        EffectKind::Delete { param }
    } else {
        let transition = match verb {
            "Start" if about => Some(Transition::Start),
            "Stop" | "Poweroff" if about => Some(Transition::Stop),
            "Reboot" | "Restart" if about => Some(Transition::Reboot),
            _ => None,
        };
        EffectKind::Touch { param, writes: about && verb != "Get" && verb != "Describe", transition }
    };
    Some(Effect { id: id.clone(), kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_resources() {
        assert_eq!(split_verb("DescribeUHostInstance"), ("Describe", "UHostInstance"));
        assert_eq!(split_verb("DelUK8SCluster"), ("Del", "UK8SCluster"));
        assert_eq!(split_verb("Delivery"), ("", "Delivery"));
        assert_eq!(split_verb("UnBindEIP"), ("UnBind", "EIP"));
        assert_eq!(resource_key("LoadBalancers"), "loadbalancer");
        assert_eq!(resource_key("SecurityPolicies"), "securitypolicy");
        assert_eq!(resource_key("UK8SClusterV2"), "uk8scluster");
        assert_eq!(resource_key("SSL"), "ssl");
        assert_eq!(resource_key("Address"), "address");
        assert!(id_of_resource("UHostId", "UHostInstance") && !id_of_resource("ULBId", "VServer"));
    }

    /// An API from JSON that leaves out what these rules never read (crate settings,
    /// idempotence, model names).
    fn api(mut value: serde_json::Value) -> Api {
        value["config"] = serde_json::json!({ "name": "t", "crate_name": "t", "env_prefix": "T" });
        for action in value["actions"].as_array_mut().into_iter().flatten() {
            action["idempotent"] = serde_json::Value::Bool(false);
        }
        for (name, model) in value["models"].as_object_mut().into_iter().flatten() {
            model["name"] = serde_json::Value::String(name.clone());
        }
        serde_json::from_value(value).expect("an api")
    }

    #[test]
    fn ids_in_one_string_and_new_ids_in_a_model_are_understood() {
        let api = api(serde_json::json!({
            "config": { "name": "t" },
            "models": {
                "NodeSet": { "fields": [{ "name": "NodeId", "type": "string" }] },
                "KeyPair": { "fields": [{ "name": "NodeId", "type": "string" }] },
            },
            "actions": [
                { "name": "ListNode", "params": [{ "name": "NodeIds", "type": "string" }],
                  "response": [{ "name": "NodeSet", "type": { "list": { "model": "NodeSet" } } }] },
                { "name": "CreateNode", "params": [],
                  "response": [{ "name": "Node", "type": { "model": "KeyPair" } }] },
                { "name": "DeleteNode", "params": [{ "name": "NodeId", "type": "string", "required": true }] },
                { "name": "ReleaseBackend", "params": [{ "name": "NodeId", "type": "string" }] },
            ],
        }));
        let found = infer(&api, &FakeSection::default());
        let view = &found.lists["ListNode"];
        assert_eq!(view.id.as_deref(), Some("NodeId"));
        assert_eq!(
            view.filters,
            vec![Filter { param: "NodeIds".into(), many: false, split: true, field: "NodeId".into() }]
        );
        let create = &found.effects["CreateNode"];
        assert_eq!(create.kind, EffectKind::Create { answers: vec![IdAnswer::Model("Node".into())] });
        assert!(matches!(found.effects["DeleteNode"].kind, EffectKind::Delete { .. }));
        // Another resource naming this one's id only needs it to exist: no delete.
        assert!(matches!(found.effects["ReleaseBackend"].kind, EffectKind::Touch { writes: false, .. }));
    }
}
