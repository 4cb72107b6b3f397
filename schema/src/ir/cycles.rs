//! Required fields that make a model contain itself (`Node.Parent: Node`, required, or
//! `A.B: B` and `B.A: A`, both required). No finite value has such a field, so a server can
//! never send one and the SDK could never decode one: the emitter treats these fields as
//! optional, and lint says so (`required-cycle`).

use super::{Model, Type};
use std::collections::{BTreeMap, BTreeSet};

/// The `(model, field)` pairs of required, non-list model fields that lie on a cycle of such
/// fields. Lists are no part of a cycle: an empty list ends it.
pub fn required_cycle_fields(models: &BTreeMap<String, Model>) -> BTreeSet<(String, String)> {
    let edges = |model: &Model| -> Vec<(String, String)> {
        model
            .fields
            .iter()
            .filter(|f| f.required)
            .filter_map(|f| match &f.ty {
                Type::Model(target) => Some((f.name.clone(), target.clone())),
                _ => None,
            })
            .collect()
    };
    let fields: BTreeMap<String, Vec<(String, String)>> =
        models.values().map(|m| (m.name.clone(), edges(m))).collect();
    let graph: BTreeMap<String, Vec<String>> =
        fields.iter().map(|(m, fs)| (m.clone(), fs.iter().map(|(_, t)| t.clone()).collect())).collect();
    let mut out = BTreeSet::new();
    for (model, fields) in &fields {
        for (field, target) in fields {
            if reaches(&graph, target, model) {
                out.insert((model.clone(), field.clone()));
            }
        }
    }
    out
}

/// Whether `to` can be reached from `from` along `graph`'s edges (a node's targets by name).
pub fn reaches(graph: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from];
    while let Some(n) = todo.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            todo.extend(graph.get(n).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Field;

    fn model(name: &str, fields: &[(&str, Type, bool)]) -> (String, Model) {
        let fields = fields
            .iter()
            .map(|(n, ty, required)| {
                let mut f = Field::new(*n, ty.clone());
                f.required = *required;
                f
            })
            .collect();
        (name.to_string(), Model::new(name, fields))
    }

    #[test]
    fn only_required_direct_references_on_a_cycle() {
        let models: BTreeMap<String, Model> = [
            model("Node", &[("Parent", Type::Model("Node".into()), true), ("Name", Type::String, true)]),
            model("A", &[("B", Type::Model("B".into()), true)]),
            model("B", &[("A", Type::Model("A".into()), true), ("C", Type::Model("C".into()), true)]),
            model("C", &[("Kids", Type::List(Box::new(Type::Model("C".into()))), true)]),
            model("D", &[("Me", Type::Model("D".into()), false)]),
        ]
        .into_iter()
        .collect();
        let found: Vec<(String, String)> = required_cycle_fields(&models).into_iter().collect();
        let want: Vec<(String, String)> = [("A", "B"), ("B", "A"), ("Node", "Parent")]
            .iter()
            .map(|(m, f)| (m.to_string(), f.to_string()))
            .collect();
        assert_eq!(found, want);
    }
}
