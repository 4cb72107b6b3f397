//! The comparison itself: family settings, common params, actions and their tables, models.
//! Every rule's effect is stated where the change is made; `docs/diff.md` tabulates them.

use super::rename::{detect_renames, rename_type, Renames};
use super::{Api, Change, ChangeKind, Effect, Part, Scope};
use crate::ir::{Action, Constraints, Family, FamilyConfig, Field, Model, Type};
use std::collections::{BTreeMap, BTreeSet};

/// Collects changes for one scope.
struct Out<'a> {
    changes: &'a mut Vec<Change>,
    scope: Scope,
}

impl Out<'_> {
    fn push(&mut self, part: Part, item: &str, kind: ChangeKind, effect: Effect) {
        self.changes.push(Change { kind, scope: self.scope.clone(), part, item: item.to_string(), effect });
    }
}

const BREAKING_WIRE: Effect = Effect::new(Api::Breaking, true);
const BREAKING_API: Effect = Effect::new(Api::Breaking, false);
const ADDITIVE_WIRE: Effect = Effect::new(Api::Additive, true);
const ADDITIVE_API: Effect = Effect::new(Api::Additive, false);
const DOCS: Effect = Effect::new(Api::Docs, false);

pub(super) fn compare(old: &Family, new: &Family) -> Vec<Change> {
    let renames = detect_renames(old, new);
    let mut changes = Vec::new();
    let mut out = Out { changes: &mut changes, scope: Scope::Family };
    compare_config(&old.config, &new.config, &renames, &mut out);

    let old_actions: BTreeMap<&str, &Action> = old.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    let new_actions: BTreeMap<&str, &Action> = new.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    for (name, old_action) in &old_actions {
        let mut out = Out { changes: &mut changes, scope: Scope::Action(name.to_string()) };
        match new_actions.get(name) {
            // A method disappears, and so do requests the server used to accept.
            None => out.push(Part::Itself, "", ChangeKind::ActionRemoved, BREAKING_WIRE),
            Some(new_action) => compare_action(old_action, new_action, &renames, &mut out),
        }
    }
    for name in new_actions.keys().filter(|n| !old_actions.contains_key(*n)) {
        let mut out = Out { changes: &mut changes, scope: Scope::Action(name.to_string()) };
        out.push(Part::Itself, "", ChangeKind::ActionAdded, ADDITIVE_WIRE);
    }

    for (name, old_model) in &old.models {
        let new_name = renames.get(name).unwrap_or(name);
        let mut out = Out { changes: &mut changes, scope: Scope::Model(new_name.clone()) };
        match new.models.get(new_name) {
            // The Rust type disappears; the fields that used it report their own wire change.
            None => out.push(Part::Itself, "", ChangeKind::ModelRemoved, BREAKING_API),
            Some(new_model) => {
                if new_name != name {
                    // The Rust type's name changes; nothing on the wire names a model.
                    let kind = ChangeKind::ModelRenamed { from: name.clone(), to: new_name.clone() };
                    out.push(Part::Itself, "", kind, BREAKING_API);
                }
                compare_model(old_model, new_model, &renames, &mut out);
            }
        }
    }
    let renamed_to: BTreeSet<&String> = renames.values().collect();
    for name in new.models.keys().filter(|n| !old.models.contains_key(*n) && !renamed_to.contains(n)) {
        let mut out = Out { changes: &mut changes, scope: Scope::Model(name.clone()) };
        out.push(Part::Itself, "", ChangeKind::ModelAdded, ADDITIVE_API);
    }
    changes
}

fn compare_config(old: &FamilyConfig, new: &FamilyConfig, renames: &Renames, out: &mut Out) {
    let endpoint = |c: &FamilyConfig| c.endpoint.clone().unwrap_or_default();
    // Turning the `extra` map on adds a field to non-exhaustive structs; turning it off removes one.
    let extra = if new.extra_fields { ADDITIVE_API } else { BREAKING_API };
    let settings: [(&str, String, String, Effect); 8] = [
        // Module names and the crate's own name: code importing them stops compiling.
        ("name", old.name.clone(), new.name.clone(), BREAKING_API),
        ("crate_name", old.crate_name.clone(), new.crate_name.clone(), BREAKING_API),
        // Deployments configured through the old variables silently lose their keys.
        ("env_prefix", old.env_prefix.clone(), new.env_prefix.clone(), BREAKING_API),
        ("title", old.title.clone(), new.title.clone(), DOCS),
        // Same API, requests go elsewhere or are shaped differently: a compatible behaviour change.
        ("endpoint", endpoint(old), endpoint(new), ADDITIVE_WIRE),
        ("signing", format!("{:?}", old.signing), format!("{:?}", new.signing), ADDITIVE_WIRE),
        (
            "transport",
            format!("{:?} (GET allowed: {})", old.transport.method, old.transport.allow_get),
            format!("{:?} (GET allowed: {})", new.transport.method, new.transport.allow_get),
            ADDITIVE_WIRE,
        ),
        ("extra_fields", old.extra_fields.to_string(), new.extra_fields.to_string(), extra),
    ];
    for (key, from, to, effect) in settings {
        if from != to {
            out.push(Part::Itself, "", ChangeKind::ConfigChanged { key: key.to_string(), from, to }, effect);
        }
    }
    compare_fields(Part::CommonParam, &old.common_params, &new.common_params, renames, out);
}

fn compare_action(old: &Action, new: &Action, renames: &Renames, out: &mut Out) {
    if old.idempotent != new.idempotent {
        // The SDK starts or stops retrying; each request is the same.
        let kind = ChangeKind::IdempotencyChanged { now_idempotent: new.idempotent };
        out.push(Part::Itself, "", kind, ADDITIVE_API);
    }
    if old.method != new.method {
        // Same params, another body (a form becomes JSON): the gateway takes both.
        let how = |a: &Action| a.method.map_or("the family's".to_string(), |m| format!("{m:?}"));
        let kind = ChangeKind::ConfigChanged { key: "method".into(), from: how(old), to: how(new) };
        out.push(Part::Itself, "", kind, ADDITIVE_WIRE);
    }
    rust_name(&old.rust_name, &new.rust_name, Part::Itself, "", out);
    docs(&old.title, &new.title, "title", Part::Itself, "", out);
    docs(&old.description, &new.description, "description", Part::Itself, "", out);
    if old.examples.request != new.examples.request || old.examples.response != new.examples.response {
        // Example params carry locations; compare what they say.
        let strip = |a: &Action| -> (Vec<(String, String)>, Option<String>) {
            let request = a.examples.request.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
            (request, a.examples.response.clone())
        };
        if strip(old) != strip(new) {
            out.push(Part::Itself, "", ChangeKind::DocsChanged { what: "examples".into() }, DOCS);
        }
    }
    compare_fields(Part::Param, &old.params, &new.params, renames, out);
    compare_fields(Part::Response, &old.response, &new.response, renames, out);
}

fn compare_model(old: &Model, new: &Model, renames: &Renames, out: &mut Out) {
    rust_name(&old.rust_name, &new.rust_name, Part::Itself, "", out);
    docs(&old.description, &new.description, "description", Part::Itself, "", out);
    compare_fields(Part::ModelField, &old.fields, &new.fields, renames, out);
}

/// Compares one table. `part` decides the kinds and what adding or retyping costs.
fn compare_fields(part: Part, old: &[Field], new: &[Field], renames: &Renames, out: &mut Out) {
    let index = |fields: &[Field]| {
        let mut map: BTreeMap<String, Field> = BTreeMap::new();
        for f in fields {
            map.entry(f.name.clone()).or_insert_with(|| f.clone());
        }
        map
    };
    let (old, new) = (index(old), index(new));
    for (name, o) in &old {
        let Some(n) = new.get(name) else {
            let kind = match part {
                Part::Param | Part::CommonParam | Part::Itself => ChangeKind::ParamRemoved,
                Part::Response => ChangeKind::FieldRemoved,
                Part::ModelField => ChangeKind::ModelFieldRemoved,
            };
            // A setter, argument or struct field disappears; so does the value on the wire.
            out.push(part, name, kind, BREAKING_WIRE);
            continue;
        };
        compare_field(part, o, n, renames, out);
    }
    for (name, n) in new.iter().filter(|(name, _)| !old.contains_key(*name)) {
        let required = n.required;
        let (kind, effect) = match part {
            // A required param is a new method argument; an optional one is a new setter.
            Part::Param | Part::CommonParam | Part::Itself => {
                (ChangeKind::ParamAdded { required }, if required { BREAKING_WIRE } else { ADDITIVE_WIRE })
            }
            // Response structs are `#[non_exhaustive]`: a new field breaks no one.
            Part::Response => (ChangeKind::FieldAdded { required }, ADDITIVE_WIRE),
            Part::ModelField => (ChangeKind::ModelFieldAdded { required }, ADDITIVE_WIRE),
        };
        out.push(part, name, kind, effect);
    }
}

fn compare_field(part: Part, old: &Field, new: &Field, renames: &Renames, out: &mut Out) {
    let name = old.name.as_str();
    let (from, to) = (shape(old, Some(renames)), shape(new, None));
    if from != to {
        // The Rust type changes (even int → float: i64 → f64). The wire changes only when the
        // documented type does: a format or an enum is a Rust-side reading of the same value.
        let wire = rename_type(&old.ty, renames) != new.ty;
        let (from, to) = (from.clone(), to.clone());
        let kind = match part {
            Part::Param | Part::CommonParam | Part::Itself => ChangeKind::ParamRetyped { from, to },
            Part::Response => ChangeKind::FieldRetyped { from, to },
            Part::ModelField => ChangeKind::ModelFieldRetyped { from, to },
        };
        out.push(part, name, kind, Effect::new(Api::Breaking, wire));
    }
    if old.required != new.required {
        let now_required = new.required;
        let kind = match part {
            Part::Param | Part::CommonParam | Part::Itself => {
                ChangeKind::ParamRequiredChanged { now_required }
            }
            Part::Response => ChangeKind::FieldRequiredChanged { now_required },
            Part::ModelField => ChangeKind::ModelFieldRequiredChanged { now_required },
        };
        // Argument ↔ setter, or `T` ↔ `Option<T>`; the server now insists on it (or may omit it).
        // A param the SDK sends with its default is a setter either way: only the wire moves.
        let setter_both = matches!(part, Part::Param | Part::CommonParam | Part::Itself)
            && [old, new].iter().all(|f| !f.required || f.sent_default().is_some());
        out.push(part, name, kind, if setter_both { ADDITIVE_WIRE } else { BREAKING_WIRE });
    }
    let (old_enum, new_enum) = (&old.constraints.enum_values, &new.constraints.enum_values);
    // Only when both are enums: a string becoming an enum (or back) is a retype, reported above.
    if !old_enum.is_empty() && !new_enum.is_empty() {
        for value in new_enum.iter().filter(|v| !old_enum.contains(v)) {
            // Enums are `#[non_exhaustive]` (fields are `OrUnknown<E>`): a new variant breaks no match.
            out.push(part, name, ChangeKind::EnumValueAdded { value: value.clone() }, ADDITIVE_WIRE);
        }
        for value in old_enum.iter().filter(|v| !new_enum.contains(v)) {
            out.push(part, name, ChangeKind::EnumValueRemoved { value: value.clone() }, BREAKING_WIRE);
        }
    }
    match (old.deprecated, new.deprecated) {
        // A `#[deprecated]` warning appears or goes; code still compiles.
        (false, true) => out.push(part, name, ChangeKind::Deprecated, ADDITIVE_API),
        (true, false) => out.push(part, name, ChangeKind::Undeprecated, ADDITIVE_API),
        _ => {}
    }
    let (old_rest, new_rest) = (other_constraints(&old.constraints), other_constraints(&new.constraints));
    if old_rest != new_rest {
        // Client-side checks and server-side limits move; the signatures do not.
        let kind = ChangeKind::ConstraintsChanged {
            from: describe_constraints(&old_rest),
            to: describe_constraints(&new_rest),
        };
        out.push(part, name, kind, ADDITIVE_WIRE);
    }
    rust_name(&old.rust_name, &new.rust_name, part, name, out);
    docs(&old.description, &new.description, "description", part, name, out);
}

/// The Rust-facing type of a field: its type (old model names mapped through `renames`), its
/// format, and whether it is a string enum; each of them decides the generated Rust type.
fn shape(field: &Field, renames: Option<&Renames>) -> String {
    let ty = match renames {
        Some(r) => rename_type(&field.ty, r),
        None => field.ty.clone(),
    };
    let mut text = ty.to_string();
    if let Some(format) = field.format {
        text.push_str(&format!(" ({})", format.as_str()));
    }
    if !field.constraints.enum_values.is_empty() && is_enum_carrier(&field.ty) {
        text.push_str(" enum");
    }
    text
}

/// Whether an enum on this type becomes a Rust enum (strings, and lists of them).
fn is_enum_carrier(ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::List(inner) => is_enum_carrier(inner),
        _ => false,
    }
}

/// The constraints without the enum, which is compared value by value.
fn other_constraints(c: &Constraints) -> Constraints {
    Constraints { enum_values: Vec::new(), ..c.clone() }
}

fn describe_constraints(c: &Constraints) -> String {
    let mut parts = Vec::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{key} {v}"));
        }
    };
    put("min", c.min.map(|v| v.to_string()));
    put("max", c.max.map(|v| v.to_string()));
    put("default", c.default.as_ref().map(|v| format!("{v:?}")));
    put("min_items", c.min_items.map(|v| v.to_string()));
    put("max_items", c.max_items.map(|v| v.to_string()));
    put("greater_than", c.greater_than.clone());
    put("max_range_days", c.max_range_days.map(|v| v.to_string()));
    put("values", c.enum_open.then(|| "open (examples)".to_string()));
    put("case", c.case_insensitive.then(|| "insensitive".to_string()));
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

fn rust_name(old: &Option<String>, new: &Option<String>, part: Part, item: &str, out: &mut Out) {
    if old != new {
        // A method, type or field is called something else; the wire names stay.
        let kind = ChangeKind::RustNameChanged {
            from: old.clone().unwrap_or_default(),
            to: new.clone().unwrap_or_default(),
        };
        out.push(part, item, kind, BREAKING_API);
    }
}

fn docs(old: &str, new: &str, what: &str, part: Part, item: &str, out: &mut Out) {
    if old.trim() != new.trim() {
        out.push(part, item, ChangeKind::DocsChanged { what: what.to_string() }, DOCS);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{diff, Api, ChangeKind, Effect};
    use crate::ir::{Action, Family, FamilyConfig, Field, Format, Model, Type};
    use std::collections::BTreeMap;

    fn field(name: &str, ty: Type) -> Field {
        Field::new(name, ty)
    }

    fn model(name: &str, fields: Vec<Field>) -> (String, Model) {
        (name.to_string(), Model::new(name, fields))
    }

    fn family(response: Vec<Field>, models: Vec<(String, Model)>) -> Family {
        let config: FamilyConfig =
            serde_json::from_value(serde_json::json!({"name": "t", "crate_name": "t", "env_prefix": "T"}))
                .unwrap();
        let action = Action {
            name: "GetThing".into(),
            title: String::new(),
            description: String::new(),
            idempotent: true,
            params: Vec::new(),
            response,
            examples: Default::default(),
            rust_name: None,
            method: None,
            loc: None,
        };
        Family { config, actions: vec![action], models: models.into_iter().collect::<BTreeMap<_, _>>() }
    }

    fn kinds(old: &Family, new: &Family) -> Vec<(ChangeKind, Effect)> {
        diff(old, new).changes.into_iter().map(|c| (c.kind, c.effect)).collect()
    }

    #[test]
    fn formats_and_enums_retype_without_touching_the_wire() {
        let old = family(vec![field("Price", Type::String)], vec![]);
        let mut money = field("Price", Type::String);
        money.format = Some(Format::Money);
        let new = family(vec![money], vec![]);
        let retyped = ChangeKind::FieldRetyped { from: "string".into(), to: "string (money)".into() };
        assert_eq!(kinds(&old, &new), [(retyped, Effect::new(Api::Breaking, false))]);

        let mut state = field("Price", Type::String);
        state.constraints.enum_values = vec!["A".into()];
        let new = family(vec![state], vec![]);
        let retyped = ChangeKind::FieldRetyped { from: "string".into(), to: "string enum".into() };
        assert_eq!(kinds(&old, &new), [(retyped, Effect::new(Api::Breaking, false))]);
    }

    #[test]
    fn an_action_that_starts_posting_json_is_a_wire_change() {
        let old = family(vec![field("Total", Type::Int)], vec![]);
        let mut new = old.clone();
        new.actions[0].method = Some(crate::ir::HttpMethod::PostJson);
        let changed = ChangeKind::ConfigChanged {
            key: "method".into(),
            from: "the family's".into(),
            to: "PostJson".into(),
        };
        assert_eq!(kinds(&old, &new), [(changed, Effect::new(Api::Additive, true))]);
    }

    #[test]
    fn constraints_and_settings() {
        let mut limit = field("Limit", Type::Int);
        limit.constraints.max = Some(100);
        let old = family(vec![limit.clone()], vec![]);
        limit.constraints.max = Some(50);
        let mut new = family(vec![limit], vec![]);
        new.config.endpoint = Some("https://example.invalid".into());
        new.config.extra_fields = true;
        let got = kinds(&old, &new);
        assert_eq!(
            got,
            [
                (
                    ChangeKind::ConfigChanged {
                        key: "endpoint".into(),
                        from: String::new(),
                        to: "https://example.invalid".into()
                    },
                    Effect::new(Api::Additive, true)
                ),
                (
                    ChangeKind::ConfigChanged {
                        key: "extra_fields".into(),
                        from: "false".into(),
                        to: "true".into()
                    },
                    Effect::new(Api::Additive, false)
                ),
                (
                    ChangeKind::ConstraintsChanged { from: "max 100".into(), to: "max 50".into() },
                    Effect::new(Api::Additive, true)
                ),
            ]
        );
    }

    #[test]
    fn nested_models_renamed_together_are_two_renames() {
        let inner = |name: &str| model(name, vec![field("Id", Type::String)]);
        let outer = |name: &str, inner: &str| model(name, vec![field("Part", Type::Model(inner.into()))]);
        let old = family(
            vec![field("Thing", Type::Model("Outer".into()))],
            vec![inner("Inner"), outer("Outer", "Inner")],
        );
        let new = family(
            vec![field("Thing", Type::Model("Whole".into()))],
            vec![inner("Piece"), outer("Whole", "Piece")],
        );
        let got: Vec<ChangeKind> = kinds(&old, &new).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            got,
            [
                ChangeKind::ModelRenamed { from: "Inner".into(), to: "Piece".into() },
                ChangeKind::ModelRenamed { from: "Outer".into(), to: "Whole".into() },
            ]
        );
    }

    #[test]
    fn two_lookalike_models_are_not_guessed() {
        let same = |name: &str| model(name, vec![field("Id", Type::String)]);
        let old = family(vec![], vec![same("A"), same("B")]);
        let new = family(vec![], vec![same("C"), same("D")]);
        let got: Vec<ChangeKind> = kinds(&old, &new).into_iter().map(|(k, _)| k).collect();
        assert!(
            got.iter().all(|k| matches!(k, ChangeKind::ModelAdded | ChangeKind::ModelRemoved)),
            "{got:?}"
        );
        assert_eq!(got.len(), 4);
    }
}
