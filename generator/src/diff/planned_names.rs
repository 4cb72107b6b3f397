//! Rust names that changed though no `rust_name` did: a name another one took in the new docs
//! (a model `IPSet` added beside `IpSet`, which becomes `IpSet2`; a param named like a builder
//! method) moves an existing method, type or field. The IR does not hold these names, the plan
//! does, so both versions are planned and their names compared by wire name.

use super::{Api, Change, ChangeKind, Effect, Part, Scope};
use crate::emit::names::RustName;
use crate::emit::plan::{plan, CratePlan, FieldPlan, StructPlan};
use crate::ir::Family;
use crate::validate::ValidFamily;
use std::collections::BTreeMap;

/// A planned name that changed breaks the code that used it; the wire is the same.
const BREAKING_API: Effect = Effect::new(Api::Breaking, false);

/// The changed planned names of the actions, models and fields both versions have; nothing when
/// either version cannot be planned (its errors are reported elsewhere).
pub(super) fn compare(old: &Family, new: &Family) -> Vec<Change> {
    let (Ok(old_valid), Ok(new_valid)) = (ValidFamily::new(old), ValidFamily::new(new)) else {
        return Vec::new();
    };
    let (old_plan, new_plan) = (plan(old_valid), plan(new_valid));
    let (old_models, new_models) = (models(old, &old_plan), models(new, &new_plan));
    let (old, new) = (&old_plan, &new_plan);
    let mut out = Vec::new();
    let mut push = |scope: &Scope, part: Part, item: &str, from: &RustName, to: &RustName| {
        if from != to {
            let kind = ChangeKind::RustNameChanged { from: from.to_string(), to: to.to_string() };
            out.push(Change {
                kind,
                scope: scope.clone(),
                part,
                item: item.to_string(),
                effect: BREAKING_API,
            });
        }
    };
    let new_actions: BTreeMap<&str, _> = new.actions.iter().map(|a| (a.wire.as_str(), a)).collect();
    for was in &old.actions {
        let Some(now) = new_actions.get(was.wire.as_str()) else { continue };
        let scope = Scope::Action(was.wire.clone());
        push(&scope, Part::Itself, "", &was.method, &now.method);
        push(&scope, Part::Itself, "", &was.type_name, &now.type_name);
        for (part, old_fields, new_fields) in
            [(Part::Param, &was.request, &now.request), (Part::Response, &was.response, &now.response)]
        {
            for (wire, (from, to)) in pairs(old_fields, new_fields) {
                push(&scope, part, wire, from, to);
            }
        }
    }
    for (wire, was) in &old_models {
        let Some(now) = new_models.get(wire) else { continue };
        let scope = Scope::Model((*wire).to_string());
        push(&scope, Part::Itself, "", &was.name, &now.name);
        for (field, (from, to)) in pairs(&was.fields, &now.fields) {
            push(&scope, Part::ModelField, field, from, to);
        }
    }
    out
}

/// The data models' plans (not the nested request objects), by the docs' model name.
fn models<'p>(family: &Family, plan: &'p CratePlan) -> BTreeMap<&'p str, &'p StructPlan> {
    plan.structs
        .iter()
        .filter(|s| family.models.contains_key(&s.wire))
        .map(|s| (s.wire.as_str(), s))
        .collect()
}

/// The Rust names of the fields both lists have, by wire name.
fn pairs<'a>(old: &'a [FieldPlan], new: &'a [FieldPlan]) -> Vec<(&'a str, (&'a RustName, &'a RustName))> {
    let new: BTreeMap<&str, &RustName> = new.iter().map(|f| (f.wire.as_str(), &f.rust)).collect();
    old.iter().filter_map(|f| Some((f.wire.as_str(), (&f.rust, *new.get(f.wire.as_str())?)))).collect()
}
