//! The Rust-level plan of a crate: every name decided, every type mapped, nested request params
//! grouped into structs, enums collected, pagination recognised. Token emission is a pure
//! function of this plan, so the decisions here are testable without reading generated code.

use super::{docs, names};
use crate::ir::wire_name::{Segment, WireName};
use crate::ir::{Action, Constraints, Family, Field, Format, Transport, Type};
use std::collections::{BTreeMap, BTreeSet};

/// Response fields every action's envelope holds; the runtime reads them, the types don't.
pub const ENVELOPE: &[&str] = &["RetCode", "Action", "Message"];

/// A whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct CratePlan {
    /// Actions, sorted by wire name.
    pub actions: Vec<ActionPlan>,
    /// Models and nested request objects, sorted by Rust name.
    pub structs: Vec<StructPlan>,
    /// String enums, sorted by Rust name.
    pub enums: Vec<EnumPlan>,
    /// Decoded structs keep undocumented fields in an `extra` map.
    pub extra: bool,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPlan {
    /// Wire name (`ListPaidOrders`).
    pub wire: String,
    /// The client method (`list_paid_orders`).
    pub method: String,
    /// Prefix of the action's types (`ListPaidOrders` → `ListPaidOrdersRequest`).
    pub type_name: String,
    /// Doc lines (escaped).
    pub docs: Vec<String>,
    /// Safe to retry.
    pub idempotent: bool,
    /// How the docs say the request travels (a JSON body, GET allowed or not).
    pub transport: Transport,
    /// Top-level request params, nested ones grouped.
    pub request: Vec<FieldPlan>,
    /// Response fields, envelope removed.
    pub response: Vec<FieldPlan>,
    /// How to page through results, when the action pages.
    pub pagination: Option<Pagination>,
    /// `Region`, `Zone`, `ProjectId` as the action takes them: settings of the client with a
    /// per-call setter, never arguments.
    pub context: Vec<ContextParam>,
    /// The response keeps undocumented fields in an `extra` map.
    pub extra: bool,
    /// A `wait_for_*` method polling this action, when its items carry a documented state.
    pub waiter: Option<WaiterPlan>,
}

/// A waiter over a describe action: its items are structs with a string id the action
/// filters on and a state field with documented values (`UHostSet` items, `UHostIds`,
/// `State`).
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterPlan {
    /// The client method (`wait_for_uhost_instance`).
    pub method: String,
    /// What is waited for, in the docs' words (`UHostInstance`).
    pub resource: String,
    /// Rust name of the response list of items.
    pub items: String,
    /// Rust name of the item struct.
    pub item: String,
    /// Rust name of the request param that filters by id, and whether it is a list.
    pub id_param: String,
    pub id_param_list: bool,
    /// Rust name of the item's id field, and whether it is required (not an `Option`).
    pub id_field: String,
    pub id_required: bool,
    /// Rust name of the item's state field, its enum, and whether it is required.
    pub state_field: String,
    pub state_enum: String,
    pub state_required: bool,
}

/// A struct: a model or a nested request object.
#[derive(Debug, Clone, PartialEq)]
pub struct StructPlan {
    /// Rust name.
    pub name: String,
    /// The name in the docs (the model name, or the wire path of a nested request object).
    pub wire: String,
    /// Doc lines (escaped).
    pub docs: Vec<String>,
    /// Fields in document order.
    pub fields: Vec<FieldPlan>,
    /// Sent in requests (needs encoding).
    pub in_request: bool,
    /// Received in responses (needs decoding).
    pub in_response: bool,
}

/// A string enum of documented values (its fields hold `OrUnknown<Enum>`, which keeps any other).
#[derive(Debug, Clone, PartialEq)]
pub struct EnumPlan {
    /// Rust name.
    pub name: String,
    /// `(variant name, wire value)`, in documented order.
    pub variants: Vec<(String, String)>,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// One field of a request, response or struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    /// The wire name of this member (a segment: `ResourceIds`, `Size`).
    pub wire: String,
    /// The Rust field name (`resource_ids`).
    pub rust: String,
    /// The Rust type, optionality aside.
    pub ty: RustType,
    /// Required by the docs.
    pub required: bool,
    /// Doc lines (escaped), wire name and constraints included.
    pub docs: Vec<String>,
    /// Deprecated by the docs.
    pub deprecated: bool,
    /// Stated constraints (for validation before sending).
    pub constraints: Constraints,
    /// A struct type that refers back to its owner directly, so it must be boxed.
    pub boxed: bool,
    /// For a top-level request param the docs require and give a default for: that default as
    /// a Rust literal. It is sent unless the caller sets another value (a setter, no argument).
    pub default: Option<String>,
}

/// Rust types the emitter writes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustType {
    /// `String`
    String,
    /// `i64`
    Int,
    /// `i64` holding Unix seconds (typed accessors).
    UnixSeconds,
    /// `f64`
    Float,
    /// `bool`
    Bool,
    /// An exact decimal (money).
    Money,
    /// A presigned download URL (redacted, with a download helper).
    DownloadUrl,
    /// A credential: `sdkgen_runtime::Secret`, redacted in `Debug` and `Display`.
    Secret,
    /// Any JSON value (`object`, `array` without an element type).
    Json,
    /// `Vec<T>`
    List(Box<RustType>),
    /// A generated struct, by Rust name.
    Struct(String),
    /// A generated enum, by Rust name.
    Enum(String),
}

/// How an action pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Page/PageSize or Offset/Limit.
    pub style: PageStyle,
    /// Rust name of the page-number or offset param.
    pub cursor: String,
    /// Rust name of the page-size or limit param.
    pub size: String,
    /// Rust name of the response list holding the items.
    pub items: String,
    /// Rust type of one item.
    pub item_type: RustType,
    /// Rust name of the response's total count, when the docs give one.
    pub total: Option<String>,
}

/// Pagination styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// `Page` (from 1) and `PageSize`.
    Page,
    /// `Offset` (from 0) and `Limit`.
    Offset,
}

/// Plans a whole family. The family must have passed validation (no undefined models).
pub fn plan(family: &Family) -> CratePlan {
    let mut planner = Planner {
        words: family.config.words.clone(),
        transport: family.config.transport.clone(),
        ..Planner::default()
    };
    let mut type_scope =
        names::Scope::with_reserved(&["Builder", "Client", "ClientBuilder", "Error", "Result"]);
    // Models first, in name order, so their Rust names do not depend on which action uses them.
    for model in family.models.values() {
        let rust = type_scope.claim(&names::camel(model.rust_name.as_deref().unwrap_or(&model.name)));
        planner.model_names.insert(model.name.clone(), rust);
    }
    let mut methods = names::Scope::with_reserved(super::operation::CLIENT_METHODS);
    let mut actions = Vec::new();
    for action in &family.actions {
        let base = action.rust_name.as_deref().unwrap_or(&action.name);
        let type_name = type_scope.claim(&names::camel(base));
        let method = match &action.rust_name {
            Some(name) => methods.claim(&names::snake(name)),
            None => methods.claim(&planner.snake(&action.name)),
        };
        let action = with_common_params(action, &family.config.common_params);
        let mut planned = planner.action(&action, type_name, method, &mut type_scope);
        planned.extra = family.config.extra_fields;
        actions.push(planned);
    }
    for model in family.models.values() {
        let rust = planner.model_names[&model.name].clone();
        let fields = planner.fields(&model.fields, &rust);
        planner.structs.insert(
            rust.clone(),
            StructPlan {
                name: rust,
                wire: model.name.clone(),
                docs: docs::lines(
                    &model.description,
                    &format!("The {} data model.", docs::code(&model.name)),
                    &[],
                ),
                fields,
                in_request: false,
                in_response: false,
            },
        );
    }
    planner.mark_usage(&actions);
    planner.drop_unused(&actions);
    planner.optional_cycles(&crate::ir::cycles::required_cycle_fields(&family.models));
    planner.mark_boxes();
    for action in &mut actions {
        action.waiter = waiter(action, &planner.structs, &mut methods, &|wire| planner.snake(wire));
    }
    CratePlan {
        actions,
        structs: planner.structs.into_values().collect(),
        enums: planner.enums.into_values().collect(),
        extra: family.config.extra_fields,
    }
}

/// Verbs of actions that describe resources, which a waiter polls.
const DESCRIBE_VERBS: &[&str] = &["Describe", "List", "Get"];

/// The waiter of a describe action: one list of structs in the answer, each with a `…State` or
/// `…Status` enum field and a string `…Id` field that an optional request param filters on
/// (`UHostIds` for `UHostId`), and no required argument. `None` for any other action.
fn waiter(
    action: &ActionPlan,
    structs: &BTreeMap<String, StructPlan>,
    methods: &mut names::Scope,
    snake: &dyn Fn(&str) -> String,
) -> Option<WaiterPlan> {
    let resource = DESCRIBE_VERBS.iter().find_map(|v| {
        action.wire.strip_prefix(v).filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
    })?;
    if !super::operation::required_args(action).is_empty() {
        return None;
    }
    let mut lists = action.response.iter().filter_map(|f| match &f.ty {
        RustType::List(inner) => match &**inner {
            RustType::Struct(name) => Some((f, name)),
            _ => None,
        },
        _ => None,
    });
    let (items, item) = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    let fields = &structs.get(item)?.fields;
    let state = fields.iter().find(|f| {
        (f.wire.ends_with("State") || f.wire.ends_with("Status")) && matches!(f.ty, RustType::Enum(_))
    })?;
    let RustType::Enum(state_enum) = &state.ty else { return None };
    // Params that filter by an item's string id (`UHostIds` or `EIPId` lists, `ULBId`); the
    // client's settings (`ProjectId`) are no filter.
    let candidates: Vec<(&FieldPlan, &FieldPlan)> = action
        .request
        .iter()
        .filter(|p| !p.required && !sdkgen_schema::names::CONTEXT_PARAMS.contains(&p.wire.as_str()))
        .filter_map(|p| {
            let named = match &p.ty {
                RustType::List(inner) if **inner == RustType::String => {
                    p.wire.strip_suffix('s').unwrap_or(&p.wire)
                }
                RustType::String => p.wire.as_str(),
                _ => return None,
            };
            let id = fields
                .iter()
                .find(|f| f.wire == named && f.wire.ends_with("Id") && f.ty == RustType::String)?;
            Some((p, id))
        })
        .collect();
    // The resource's own id (`UHostId` in `UHostInstance`), not a parent's (`VPCId`).
    let own = |(_, id): &&(&FieldPlan, &FieldPlan)| sdkgen_schema::names::id_of_resource(&id.wire, resource);
    let (param, id) = match candidates.iter().find(own) {
        Some(pair) => *pair,
        None if candidates.len() == 1 => candidates[0],
        None => return None,
    };
    // `Instances` → `Instance`, `UK8SClusterV2` → `UK8SCluster`: the resource, not the call.
    let unversioned = match resource.rfind('V') {
        Some(i) if i > 0 && resource[i + 1..].parse::<u32>().is_ok() => &resource[..i],
        _ => resource,
    };
    let singular = unversioned.strip_suffix('s').filter(|r| !r.ends_with('s')).unwrap_or(unversioned);
    Some(WaiterPlan {
        method: methods.claim(&format!("wait_for_{}", snake(singular))),
        resource: singular.to_owned(),
        items: items.rust.clone(),
        item: item.clone(),
        id_param: param.rust.clone(),
        id_param_list: matches!(param.ty, RustType::List(_)),
        id_field: id.rust.clone(),
        id_required: id.required,
        state_field: state.rust.clone(),
        state_enum: state_enum.clone(),
        state_required: state.required,
    })
}

/// A param that names where a call runs (`Region`, `Zone`, `ProjectId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextParam {
    /// Its wire name.
    pub wire: &'static str,
    /// The docs require it: a call with none from the call or the client is refused.
    pub required: bool,
}

/// The wire names that are client settings, with the runtime's `CallOptions` flags that fill
/// one in and that also require it.
pub const CONTEXT_PARAMS: [(&str, &str, &str); 3] = [
    ("Region", "default_region", "require_region"),
    ("Zone", "default_zone", "require_zone"),
    ("ProjectId", "default_project", "require_project"),
];

/// Takes `Region`, `Zone` and `ProjectId` out of the arguments: each becomes an optional setter
/// (the client's configured value applies when a call sets none), and its documented
/// requiredness moves to the returned list, which the runtime checks before sending.
fn context_params(request: &mut [FieldPlan]) -> Vec<ContextParam> {
    let mut out = Vec::new();
    for (wire, _, _) in CONTEXT_PARAMS {
        let Some(field) = request.iter_mut().find(|f| f.wire == wire && f.ty == RustType::String) else {
            continue;
        };
        out.push(ContextParam { wire, required: field.required && field.default.is_none() });
        if field.required {
            field.docs.push(String::new());
            field.docs.push(format!(
                "Required by the docs: when this call sets none, the client's configured value is sent, \
                 and with neither the call fails with `Error::Validation` naming `{wire}`, before sending."
            ));
        }
        field.required = false;
        field.default = None;
    }
    out
}

/// The action with the family's common params (`Region`, `Zone`, `ProjectId`) appended,
/// unless its page documents them itself.
fn with_common_params(action: &Action, common: &[Field]) -> Action {
    let mut action = action.clone();
    let root =
        |name: &str| WireName::parse(name).map(|w| w.root().to_string()).unwrap_or_else(|_| name.to_string());
    for field in common {
        if !action.params.iter().any(|p| root(&p.name) == root(&field.name)) {
            let mut field = field.clone();
            field.required = false;
            action.params.push(field);
        }
    }
    action
}

#[derive(Default)]
struct Planner {
    /// Model wire name → Rust name.
    model_names: BTreeMap<String, String>,
    structs: BTreeMap<String, StructPlan>,
    enums: BTreeMap<String, EnumPlan>,
    /// The family's words (`family.yaml` `words:`), kept whole in snake-case names.
    words: Vec<String>,
    /// The family's transport, which an action's own `method` overrides.
    transport: Transport,
}

impl Planner {
    /// The snake-case name of a wire name, the family's words kept whole.
    fn snake(&self, wire: &str) -> String {
        names::snake(&names::whole_words(wire, &self.words))
    }

    fn action(
        &mut self,
        action: &Action,
        type_name: String,
        method: String,
        type_scope: &mut names::Scope,
    ) -> ActionPlan {
        let mut request = self.request_fields(&action.params, &type_name, type_scope, true);
        for field in &mut request {
            let documented = action.params.iter().find(|p| p.name == field.wire);
            field.default =
                documented.and_then(Field::sent_default).and_then(|d| default_literal(&field.ty, d));
        }
        let context = context_params(&mut request);
        let envelope_free: Vec<Field> =
            action.response.iter().filter(|f| !ENVELOPE.contains(&f.name.as_str())).cloned().collect();
        let response = self.fields(&envelope_free, &type_name);
        let pagination = pagination(&request, &response);
        let title = if action.title.is_empty() { action.name.clone() } else { action.title.clone() };
        let mut doc = docs::lines(&action.description, &docs::escape(&title), &[]);
        doc.insert(0, format!("{} (`{}`).", docs::escape(&title), action.name));
        if !action.description.trim().is_empty() {
            doc.insert(1, String::new());
        } else {
            doc.truncate(1);
        }
        ActionPlan {
            wire: action.name.clone(),
            method,
            type_name,
            docs: doc,
            idempotent: action.idempotent,
            transport: Transport {
                method: action.method.unwrap_or(self.transport.method),
                allow_get: self.transport.allow_get,
            },
            request,
            response,
            pagination,
            context,
            extra: false,
            waiter: None,
        }
    }

    /// Request params grouped by their first wire segment: `Disks.N.Size` and `Disks.N.Type`
    /// become one `disks: Vec<{Action}Disks>` field with a nested struct.
    fn request_fields(
        &mut self,
        params: &[Field],
        owner: &str,
        type_scope: &mut names::Scope,
        top: bool,
    ) -> Vec<FieldPlan> {
        let parsed: Vec<(WireName, &Field)> =
            params.iter().filter_map(|f| WireName::parse(&f.name).ok().map(|w| (w, f))).collect();
        let rows: Vec<(&[Segment], &Field)> =
            parsed.iter().map(|(w, f)| (w.segments.as_slice(), *f)).collect();
        self.group(&rows, owner, type_scope, top)
    }

    /// Groups rows by their first segment. At the top level, setter names must not take the
    /// builder's own method names.
    fn group(
        &mut self,
        rows: &[(&[Segment], &Field)],
        owner: &str,
        type_scope: &mut names::Scope,
        top: bool,
    ) -> Vec<FieldPlan> {
        let mut order: Vec<String> = Vec::new();
        let mut by_root: BTreeMap<String, Vec<(&[Segment], &Field)>> = BTreeMap::new();
        for (segments, field) in rows {
            let Some(Segment::Name(root)) = segments.first() else { continue };
            if !by_root.contains_key(root) {
                order.push(root.clone());
            }
            by_root.entry(root.clone()).or_default().push((segments, field));
        }
        let mut scope = if top {
            names::Scope::with_reserved(super::operation::BUILDER_METHODS)
        } else {
            names::Scope::new()
        };
        let mut out = Vec::new();
        for root in order {
            let members = &by_root[&root];
            let list = matches!(members[0].0.get(1), Some(Segment::Index));
            let skip = if list { 2 } else { 1 };
            let leaf = members.iter().find(|(s, _)| s.len() <= skip);
            let nested: Vec<(&[Segment], &Field)> =
                members.iter().filter(|(s, _)| s.len() > skip).map(|(s, f)| (&s[skip..], *f)).collect();
            let first = members[0].1;
            let plan = if nested.is_empty() {
                let field = leaf.map_or(first, |(_, f)| *f);
                let mut plan = self.field(field, owner);
                plan.wire = root.clone();
                if list && !matches!(plan.ty, RustType::List(_)) {
                    plan.ty = RustType::List(Box::new(plan.ty));
                }
                plan
            } else {
                let struct_name = type_scope.claim(&names::camel(&format!("{owner}{root}")));
                let fields = self.group(&nested, &struct_name, type_scope, false);
                let documented = format!("{root}{}", if list { ".N" } else { "" });
                self.structs.insert(
                    struct_name.clone(),
                    StructPlan {
                        name: struct_name.clone(),
                        wire: documented.clone(),
                        docs: vec![format!("The members of the `{documented}` request param.")],
                        fields,
                        in_request: true,
                        in_response: false,
                    },
                );
                let ty = RustType::Struct(struct_name);
                let required = members.iter().any(|(_, f)| f.required);
                FieldPlan {
                    wire: root.clone(),
                    rust: String::new(),
                    ty: if list { RustType::List(Box::new(ty)) } else { ty },
                    required,
                    docs: vec![format!("Wire name: `{documented}`.")],
                    deprecated: false,
                    constraints: Constraints::default(),
                    boxed: false,
                    default: None,
                }
            };
            let base = if plan.rust.is_empty() { self.snake(&root) } else { plan.rust.clone() };
            let rust = scope.claim(&base);
            out.push(FieldPlan { rust, ..plan });
        }
        out
    }

    /// Plans fields as they are (response fields, model fields): one field per row.
    fn fields(&mut self, fields: &[Field], owner: &str) -> Vec<FieldPlan> {
        let mut scope = names::Scope::new();
        fields
            .iter()
            .map(|f| {
                let mut plan = self.field(f, owner);
                let base = f.rust_name.as_deref().map_or_else(|| self.snake(&plan.wire), names::snake);
                plan.rust = scope.claim(&base);
                plan
            })
            .collect()
    }

    /// One row → one field: type mapped, enum collected, docs written.
    fn field(&mut self, f: &Field, owner: &str) -> FieldPlan {
        let wire = WireName::parse(&f.name).map(|w| w.root().to_string()).unwrap_or_else(|_| f.name.clone());
        let mut ty = self.rust_type(&f.ty, f.format);
        if !f.constraints.enum_values.is_empty() && is_string_like(&ty) {
            let leaf = WireName::parse(&f.name).ok().map_or_else(|| wire.clone(), |w| enum_base(&w));
            if let Some(name) = self.enum_for(f, owner, &leaf) {
                ty = replace_leaf(&ty, RustType::Enum(name));
            }
        }
        let mut extra = vec![format!("Wire name: {}.", docs::code(&f.name))];
        extra.extend(constraint_lines(&f.constraints));
        FieldPlan {
            wire,
            // An overlay's or spec's own name goes through the converter too: whatever it says,
            // the field is an identifier (`bad-rust-name` reports the ones that needed it).
            rust: f.rust_name.as_deref().map(names::snake).unwrap_or_default(),
            ty,
            required: f.required,
            docs: docs::lines(&f.description, &format!("The {} field.", docs::code(&f.name)), &extra),
            deprecated: f.deprecated,
            constraints: f.constraints.clone(),
            boxed: false,
            default: None,
        }
    }

    fn rust_type(&self, ty: &Type, format: Option<Format>) -> RustType {
        match ty {
            Type::String | Type::Float if format == Some(Format::Money) => RustType::Money,
            Type::String if format == Some(Format::DownloadUrl) => RustType::DownloadUrl,
            Type::String if format == Some(Format::Secret) => RustType::Secret,
            Type::String => RustType::String,
            Type::Int if format == Some(Format::UnixSeconds) => RustType::UnixSeconds,
            Type::Int => RustType::Int,
            Type::Float => RustType::Float,
            Type::Bool => RustType::Bool,
            Type::Object => RustType::Json,
            Type::Array => RustType::List(Box::new(RustType::Json)),
            Type::List(inner) => RustType::List(Box::new(self.rust_type(inner, format))),
            Type::Model(name) => match self.model_names.get(name) {
                Some(rust) => RustType::Struct(rust.clone()),
                // Validation rejects undefined models; if one slips through, keep the data.
                None => RustType::Json,
            },
        }
    }

    /// The enum type for a field's documented values: named after the field (singular for a
    /// `.N` list), shared between fields with the same name and values, prefixed with the owner
    /// when the same name means different values. `None` when a value cannot become a variant.
    fn enum_for(&mut self, f: &Field, owner: &str, wire: &str) -> Option<String> {
        let values = &f.constraints.enum_values;
        // A documented value spelled "Unknown" would read like `OrUnknown::Unknown`.
        let mut variant_scope = names::Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for value in values {
            if value.is_empty() {
                return None;
            }
            variants.push((variant_scope.claim(&names::camel(value)), value.clone()));
        }
        let list = f.name.ends_with(".N") || f.name.ends_with(".n");
        let base = if list { singular(wire) } else { wire };
        let mut name = names::camel(base);
        if self.model_names.values().any(|m| *m == name)
            || self.enums.get(&name).is_some_and(|e| e.variants != variants)
        {
            name = names::camel(&format!("{owner}{base}"));
        }
        if let Some(existing) = self.enums.get(&name) {
            return (existing.variants == variants).then_some(name);
        }
        let values_doc = values.iter().map(|v| docs::code(v)).collect::<Vec<_>>().join(", ");
        self.enums.insert(
            name.clone(),
            EnumPlan {
                name: name.clone(),
                variants,
                docs: vec![
                    format!("Values of {} as documented: {values_doc}.", docs::code(&f.name)),
                    String::new(),
                    "Fields hold `OrUnknown<Self>`: a value the docs do not list is kept in `OrUnknown::Unknown`."
                        .to_string(),
                ],
            },
        );
        Some(name)
    }

    fn mark_usage(&mut self, actions: &[ActionPlan]) {
        let fields = |name: &str| self.structs.get(name).map(|s| s.fields.as_slice());
        let in_request =
            reach(fields, actions.iter().flat_map(|a| &a.request).map(|f| &f.ty).collect()).structs;
        let in_response =
            reach(fields, actions.iter().flat_map(|a| &a.response).map(|f| &f.ty).collect()).structs;
        for s in self.structs.values_mut() {
            s.in_request |= in_request.contains(&s.name);
            s.in_response |= in_response.contains(&s.name);
        }
    }

    /// Leaves out the models no action holds, directly or through another model, and the enums
    /// only they hold: nobody can receive or send them, so they would only cost compile time
    /// (lint `unused-model` says so; `api.json` keeps them).
    fn drop_unused(&mut self, actions: &[ActionPlan]) {
        self.structs.retain(|_, s| s.in_request || s.in_response);
        let fields = |name: &str| self.structs.get(name).map(|s| s.fields.as_slice());
        let roots = actions.iter().flat_map(|a| a.request.iter().chain(&a.response)).map(|f| &f.ty);
        let held = reach(fields, roots.collect()).enums;
        self.enums.retain(|name, _| held.contains(name));
    }

    /// Boxes a direct (non-list) struct field whose type leads back to its owner, so recursive
    /// models have a finite size.
    /// Makes the fields on a cycle of required model fields optional: no finite value has
    /// them all (`required-cycle` in lint says so too).
    fn optional_cycles(&mut self, cycle: &BTreeSet<(String, String)>) {
        for s in self.structs.values_mut() {
            for f in &mut s.fields {
                if f.required && cycle.contains(&(s.wire.clone(), f.wire.clone())) {
                    f.required = false;
                    f.docs.push(String::new());
                    f.docs.push(
                        "Optional here although the docs require it: a required field that contains its \
                         own model again has no finite value."
                            .to_string(),
                    );
                }
            }
        }
    }

    fn mark_boxes(&mut self) {
        let direct: BTreeMap<String, Vec<String>> = self
            .structs
            .values()
            .map(|s| {
                let targets = s.fields.iter().filter_map(|f| {
                    if let RustType::Struct(t) = &f.ty {
                        Some(t.clone())
                    } else {
                        None
                    }
                });
                (s.name.clone(), targets.collect())
            })
            .collect();
        for s in self.structs.values_mut() {
            let owner = s.name.clone();
            for f in &mut s.fields {
                if let RustType::Struct(target) = &f.ty {
                    f.boxed = crate::ir::cycles::reaches(&direct, target, &owner);
                }
            }
        }
    }
}

/// Members too generic to name an enum alone.
const GENERIC_MEMBERS: &[&str] = &["Type", "State", "Status", "Mode", "Kind", "Class", "Level"];

/// What an enum is named after: the last member (`Disks.N.Type` → `Type`), prefixed with its
/// parent when the member alone says little (`Disks.N.Type` → `DiskType`).
fn enum_base(w: &WireName) -> String {
    let names: Vec<(usize, &str)> = w
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| if let Segment::Name(n) = s { Some((i, n.as_str())) } else { None })
        .collect();
    let Some(&(_, last)) = names.last() else { return String::new() };
    if names.len() < 2 || !GENERIC_MEMBERS.contains(&last) {
        return last.to_string();
    }
    let (i, parent) = names[names.len() - 2];
    let listed = matches!(w.segments.get(i + 1), Some(Segment::Index));
    let parent = if listed { singular(parent) } else { parent };
    format!("{parent}{last}")
}

/// `Disks` → `Disk`, `Rules` → `Rule`: a plain trailing `s` goes. Where dropping it would leave a
/// non-word (`Currencies` → `Currencie`, `Addresses`, `Boxes`, `Statuses`) or the word is not a
/// plural (`Status`, `Address`), the name stays as it is.
fn singular(word: &str) -> &str {
    const KEEP: &[&str] = &["ss", "us", "is", "ies", "sses", "uses", "xes", "ches", "shes", "zes"];
    if word.ends_with('s') && !KEEP.iter().any(|end| word.ends_with(end)) {
        &word[..word.len() - 1]
    } else {
        word
    }
}

fn is_string_like(ty: &RustType) -> bool {
    match ty {
        RustType::String => true,
        RustType::List(inner) => is_string_like(inner),
        _ => false,
    }
}

fn replace_leaf(ty: &RustType, leaf: RustType) -> RustType {
    match ty {
        RustType::List(inner) => RustType::List(Box::new(replace_leaf(inner, leaf))),
        _ => leaf,
    }
}

/// The structs and enums a set of types reaches.
#[derive(Debug, Default)]
pub struct Reached {
    /// Struct names.
    pub structs: BTreeSet<String>,
    /// Enum names.
    pub enums: BTreeSet<String>,
}

/// The structs and enums reachable from `todo` through lists and struct fields (`fields` gives
/// a struct's fields by name).
pub fn reach<'a>(fields: impl Fn(&str) -> Option<&'a [FieldPlan]>, mut todo: Vec<&'a RustType>) -> Reached {
    let mut seen = Reached::default();
    while let Some(ty) = todo.pop() {
        match ty {
            RustType::List(inner) => todo.push(inner),
            RustType::Enum(name) => {
                seen.enums.insert(name.clone());
            }
            RustType::Struct(name) if seen.structs.insert(name.clone()) => {
                todo.extend(fields(name).into_iter().flatten().map(|f| &f.ty));
            }
            _ => {}
        }
    }
    seen
}

/// Doc lines stating a field's constraints.
fn constraint_lines(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    match (c.min, c.max) {
        (Some(min), Some(max)) => out.push(format!("Range: {min} to {max}.")),
        (Some(min), None) => out.push(format!("At least {min}.")),
        (None, Some(max)) => out.push(format!("At most {max}.")),
        _ => {}
    }
    if let Some(d) = &c.default {
        out.push(format!("Default: {}.", docs::code(d)));
    }
    if !c.enum_values.is_empty() {
        let values: Vec<String> = c.enum_values.iter().map(|v| docs::code(v)).collect();
        let case = if c.case_insensitive { " (in any case)" } else { "" };
        if c.enum_open {
            out.push(format!(
                "Documented values, as examples (others are valid too): {}.",
                values.join(", ")
            ));
        } else {
            out.push(format!("Allowed values{case}: {}.", values.join(", ")));
        }
    }
    if let Some(n) = c.min_items {
        out.push(format!("At least {n} items."));
    }
    if let Some(n) = c.max_items {
        out.push(format!("At most {n} items."));
    }
    if let Some(other) = &c.greater_than {
        out.push(format!("Must be greater than {}.", docs::code(other)));
    }
    if let Some(days) = c.max_range_days {
        out.push(format!("The range may span at most {days} days."));
    }
    out
}

/// A documented default as a Rust literal of the param's type; `None` for types the SDK does not
/// send defaults of (the param then stays a method argument).
fn default_literal(ty: &RustType, default: &str) -> Option<String> {
    match ty {
        RustType::Int => default.parse::<i64>().ok().map(|n| n.to_string()),
        RustType::Float => default.parse::<f64>().ok().filter(|x| x.is_finite()).map(|x| format!("{x:?}")),
        RustType::Bool => default.parse::<bool>().ok().map(|b| b.to_string()),
        RustType::String | RustType::Enum(_) => Some(proc_macro2::Literal::string(default).to_string()),
        _ => None,
    }
}

/// Recognises Page/PageSize and Offset/Limit pagination: both request params, and exactly one
/// list in the response holding the items.
fn pagination(request: &[FieldPlan], response: &[FieldPlan]) -> Option<Pagination> {
    let int = |fields: &[FieldPlan], wire: &str| {
        fields.iter().find(|f| f.wire == wire && matches!(f.ty, RustType::Int)).map(|f| f.rust.clone())
    };
    let (style, cursor, size) = if let (Some(c), Some(s)) = (int(request, "Page"), int(request, "PageSize")) {
        (PageStyle::Page, c, s)
    } else if let (Some(c), Some(s)) = (int(request, "Offset"), int(request, "Limit")) {
        (PageStyle::Offset, c, s)
    } else {
        return None;
    };
    let lists: Vec<&FieldPlan> = response.iter().filter(|f| matches!(f.ty, RustType::List(_))).collect();
    let [items] = lists.as_slice() else { return None };
    let RustType::List(item_type) = &items.ty else { return None };
    // A total documented as anything but an integer is not used: paging then stops at a short page.
    let total = int(response, "Total").or_else(|| int(response, "TotalCount"));
    Some(Pagination {
        style,
        cursor,
        size,
        items: items.rust.clone(),
        item_type: (**item_type).clone(),
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{FamilyConfig, Model, Signing, Transport};

    fn field(name: &str, ty: Type, required: bool) -> Field {
        Field { required, ..Field::new(name, ty) }
    }

    fn family(actions: Vec<Action>, models: Vec<Model>) -> Family {
        Family {
            config: FamilyConfig {
                name: "t".into(),
                crate_name: "t".into(),
                title: String::new(),
                endpoint: None,
                env_prefix: "T".into(),
                common_params: vec![],
                signing: Signing::default(),
                transport: Transport::default(),
                money_fields: vec![],
                words: vec![],
                extra_fields: false,
                fake: None,
            },
            actions,
            models: models.into_iter().map(|m| (m.name.clone(), m)).collect(),
        }
    }

    fn action(name: &str, params: Vec<Field>, response: Vec<Field>) -> Action {
        Action::new(name, params, response)
    }

    fn model(name: &str, fields: Vec<Field>) -> Model {
        Model::new(name, fields)
    }

    #[test]
    fn plural_stripping_never_makes_a_non_word() {
        for (plural, one) in
            [("Disks", "Disk"), ("Rules", "Rule"), ("ProductCodes", "ProductCode"), ("Ids", "Id")]
        {
            assert_eq!(singular(plural), one);
        }
        for kept in
            ["Currencies", "Addresses", "Boxes", "Statuses", "Status", "Address", "Analysis", "Switches"]
        {
            assert_eq!(singular(kept), kept);
        }
    }

    #[test]
    fn a_family_s_words_stay_whole_in_methods_and_fields() {
        let mut fam = family(
            vec![action(
                "CreateUDisk",
                vec![field("UHostId", Type::String, true), field("UK8SClusterId", Type::String, false)],
                vec![field("UDiskId", Type::String, false)],
            )],
            vec![],
        );
        fam.config.words = vec!["UK8S".into()];
        let p = plan(&fam);
        let a = &p.actions[0];
        assert_eq!(a.method, "create_udisk");
        let request: Vec<&str> = a.request.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(request, ["uhost_id", "uk8s_cluster_id"]);
        assert_eq!(a.response[0].rust, "udisk_id");
    }

    #[test]
    fn a_required_param_with_a_default_is_sent_with_it_and_is_no_argument() {
        let with_default = |name: &str, ty: Type, required: bool, default: &str| {
            let mut f = field(name, ty, required);
            f.constraints.default = Some(default.into());
            f
        };
        let mut kind = with_default("Kind", Type::String, true, "b");
        kind.constraints.enum_values = vec!["a".into(), "b".into()];
        let mut stray = with_default("Mode", Type::String, true, "z");
        stray.constraints.enum_values = vec!["x".into()];
        let f = family(
            vec![action(
                "ListThings",
                vec![
                    with_default("Page", Type::Int, true, "1"),
                    with_default("Ratio", Type::Float, true, "0.5"),
                    with_default("Limit", Type::Int, false, "20"),
                    with_default("Size", Type::Int, true, "auto"),
                    kind,
                    stray,
                    field("Id", Type::String, true),
                ],
                vec![],
            )],
            vec![],
        );
        let plan = plan(&f);
        let a = &plan.actions[0];
        let default = |rust: &str| a.request.iter().find(|p| p.rust == rust).unwrap().default.clone();
        assert_eq!(default("page").as_deref(), Some("1"));
        assert_eq!(default("ratio").as_deref(), Some("0.5"));
        assert_eq!(default("kind").as_deref(), Some("\"b\""));
        assert_eq!(default("limit"), None, "optional: the server's default applies, nothing sent");
        assert_eq!(default("size"), None, "a default that is not an int stays documentation");
        assert_eq!(default("mode"), None, "a default outside the documented values");
        let args: Vec<&str> =
            super::super::operation::required_args(a).iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(args, ["size", "mode", "id"]);
        let text = super::super::operation::action_text(a);
        assert!(text.contains("defaulted page: i64 = \"Page\" default 1;"), "{text}");
    }

    #[test]
    fn nested_request_params_become_structs() {
        let f = family(
            vec![action(
                "CreateInstance",
                vec![
                    field("Disks.N.Size", Type::Int, true),
                    field("Disks.N.Type", Type::String, false),
                    field("Tags.N", Type::String, false),
                    field("Network.VpcId", Type::String, false),
                ],
                vec![],
            )],
            vec![],
        );
        let plan = plan(&f);
        let req = &plan.actions[0].request;
        assert_eq!(req.len(), 3);
        assert_eq!(req[0].rust, "disks");
        assert_eq!(req[0].ty, RustType::List(Box::new(RustType::Struct("CreateInstanceDisks".into()))));
        assert!(req[0].required);
        assert_eq!(req[1].ty, RustType::List(Box::new(RustType::String)));
        assert_eq!(req[2].ty, RustType::Struct("CreateInstanceNetwork".into()));
        let disks = plan.structs.iter().find(|s| s.name == "CreateInstanceDisks").unwrap();
        assert_eq!(disks.fields.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["Size", "Type"]);
        assert!(disks.in_request && !disks.in_response);
    }

    #[test]
    fn pagination_money_enums_and_envelope() {
        let mut price = field("ListPrice", Type::String, false);
        price.format = Some(Format::Money);
        let mut codes = field("ProductCodes.N", Type::String, false);
        codes.constraints.enum_values = vec!["modelverse".into(), "sandbox".into()];
        let f = family(
            vec![action(
                "ListPaidOrders",
                vec![field("Page", Type::Int, true), field("PageSize", Type::Int, true), codes],
                vec![
                    field("RetCode", Type::Int, true),
                    field("Total", Type::Int, false),
                    field("Orders", Type::List(Box::new(Type::Model("OrderItemDetail".into()))), false),
                ],
            )],
            vec![model("OrderItemDetail", vec![price])],
        );
        let plan = plan(&f);
        let a = &plan.actions[0];
        assert_eq!(a.method, "list_paid_orders");
        assert_eq!(a.response.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["Total", "Orders"]);
        let p = a.pagination.as_ref().unwrap();
        assert_eq!(
            (p.style, p.cursor.as_str(), p.size.as_str(), p.items.as_str()),
            (PageStyle::Page, "page", "page_size", "orders")
        );
        assert_eq!(p.total.as_deref(), Some("total"));
        assert_eq!(plan.enums[0].name, "ProductCode");
        assert_eq!(plan.enums[0].variants[0], ("Modelverse".to_string(), "modelverse".to_string()));
        assert_eq!(a.request[2].ty, RustType::List(Box::new(RustType::Enum("ProductCode".into()))));
        let order = &plan.structs[0];
        assert_eq!(order.fields[0].ty, RustType::Money);
        assert!(order.in_response && !order.in_request);
    }

    #[test]
    fn recursive_models_are_boxed_and_lists_are_not() {
        let f = family(
            vec![action("GetTree", vec![], vec![field("Root", Type::Model("Node".into()), false)])],
            vec![model(
                "Node",
                vec![
                    field("Parent", Type::Model("Node".into()), false),
                    field("Children", Type::List(Box::new(Type::Model("Node".into()))), false),
                ],
            )],
        );
        let plan = plan(&f);
        let node = &plan.structs[0];
        assert!(node.fields[0].boxed);
        assert!(!node.fields[1].boxed);
    }

    #[test]
    fn a_model_no_field_holds_is_left_out_with_the_enums_only_it_holds() {
        let mut kind = field("Kind", Type::String, false);
        kind.constraints.enum_values = vec!["a".into(), "b".into()];
        let mut state = field("State", Type::String, false);
        state.constraints.enum_values = vec!["on".into(), "off".into()];
        let f = family(
            vec![action("Get", vec![], vec![field("Item", Type::Model("Item".into()), false)])],
            vec![model("Item", vec![state.clone()]), model("Orphan", vec![kind, state])],
        );
        let plan = plan(&f);
        let structs: Vec<&str> = plan.structs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(structs, ["Item"]);
        let enums: Vec<&str> = plan.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(enums, ["State"], "`State` is also held by `Item`; `Kind` only by the orphan");
    }

    #[test]
    fn colliding_names_are_numbered() {
        let f = family(
            vec![action(
                "Get",
                vec![field("IPSet", Type::String, false), field("IpSet", Type::String, false)],
                vec![],
            )],
            vec![],
        );
        let plan = plan(&f);
        let names: Vec<&str> = plan.actions[0].request.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(names, ["ip_set", "ip_set_2"]);
    }
}
