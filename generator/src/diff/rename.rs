//! Model rename detection: a model that disappears and one that appears are the same model
//! renamed when their fields are identical (names, types, required) and every place that used the
//! old name uses the new one in the new version. Without this, one rename would read as a removed
//! model, an added model and a retype at every use.

use crate::ir::{Family, Field, Type};
use std::collections::{BTreeMap, BTreeSet};

/// Old model name → new model name.
pub(super) type Renames = BTreeMap<String, String>;

/// `ty` with every model name in `renames` replaced by its new name.
pub(super) fn rename_type(ty: &Type, renames: &Renames) -> Type {
    match ty {
        Type::Model(name) => Type::Model(renames.get(name).cloned().unwrap_or_else(|| name.clone())),
        Type::List(inner) => Type::List(Box::new(rename_type(inner, renames))),
        other => other.clone(),
    }
}

/// What a model is, for matching: its fields' names, types and required flags, in order.
fn signature(fields: &[Field], renames: &Renames) -> Vec<(String, Type, bool)> {
    fields.iter().map(|f| (f.name.clone(), rename_type(&f.ty, renames), f.required)).collect()
}

/// One place a type is used: (action or model, table, field name, the type there).
type Site = (String, &'static str, String, Type);

/// Every field of the family whose type mentions `model`, with containers named through `renames`.
fn sites(family: &Family, model: &str, renames: &Renames) -> BTreeSet<Site> {
    let mut out = BTreeSet::new();
    let mut visit = |owner: String, table: &'static str, fields: &[Field]| {
        for f in fields.iter().filter(|f| f.ty.model_name() == Some(model)) {
            out.insert((owner.clone(), table, f.name.clone(), rename_type(&f.ty, renames)));
        }
    };
    for a in &family.actions {
        visit(format!("action {}", a.name), "params", &a.params);
        visit(format!("action {}", a.name), "response", &a.response);
    }
    for (name, m) in &family.models {
        let owner = renames.get(name).unwrap_or(name);
        visit(format!("model {owner}"), "fields", &m.fields);
    }
    visit("family".to_string(), "common", &family.config.common_params);
    out
}

/// Finds the renames between two versions. A removed model is paired with an added model only
/// when exactly one added model matches it and no other removed model matches that one, so an
/// ambiguous pair is reported as a removal and an addition.
pub(super) fn detect_renames(old: &Family, new: &Family) -> Renames {
    let removed: Vec<&String> = old.models.keys().filter(|n| !new.models.contains_key(*n)).collect();
    let added: Vec<&String> = new.models.keys().filter(|n| !old.models.contains_key(*n)).collect();
    if removed.is_empty() || added.is_empty() {
        return Renames::new();
    }
    // Pair by identical fields first, mapping model names in field types through the candidate
    // pairs, so two models renamed together (one holding the other) still match.
    let mut candidates = Renames::new();
    let no_renames = Renames::new();
    // Each round can resolve one more level of nesting; it stops as soon as nothing moves.
    for _ in 0..=removed.len() {
        let mut next = Renames::new();
        for r in &removed {
            let Some(old_model) = old.models.get(*r) else { continue };
            let sig = signature(&old_model.fields, &candidates);
            let matches: Vec<&&String> = added
                .iter()
                .filter(|a| new.models.get(**a).is_some_and(|m| signature(&m.fields, &no_renames) == sig))
                .collect();
            if let [only] = matches.as_slice() {
                next.insert((*r).clone(), (**only).clone());
            }
        }
        // An added model claimed by two removed ones is ambiguous: neither is a rename.
        let mut claims: BTreeMap<&String, usize> = BTreeMap::new();
        next.values().for_each(|to| *claims.entry(to).or_default() += 1);
        let claimed_once: BTreeSet<String> =
            claims.into_iter().filter(|(_, n)| *n == 1).map(|(to, _)| to.clone()).collect();
        next.retain(|_, to| claimed_once.contains(to));
        if next == candidates {
            break;
        }
        candidates = next;
    }
    // Then require every reference to have moved: the places that used the old name, with the
    // renames applied, are exactly the places that use the new one.
    candidates
        .iter()
        .filter(|(from, to)| sites(old, from, &candidates) == sites(new, to, &no_renames))
        .map(|(from, to)| (from.clone(), to.clone()))
        .collect()
}
