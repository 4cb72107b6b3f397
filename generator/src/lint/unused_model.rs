//! `unused-model`: a documented data model that no request param or response field holds,
//! directly or through another model. Nobody can receive or send it, so the generated crate
//! leaves it out (it would only cost compile time); `api.json` keeps it. Usually the docs list
//! a model under one name and the fields under another (`AccessLogConfig` documented, the
//! response holding `AccessLogConfigSet`).

use crate::diag::Diagnostic;
use crate::ir::{Action, Model};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let held = held_models(actions, models);
    models
        .values()
        .filter(|m| !held.contains(m.name.as_str()))
        .map(|m| {
            Diagnostic::warning(
                "unused-model",
                format!("data model `{}` is documented, but no request param or response field holds it", m.name),
            )
            .at_span(m.loc.clone(), m.name.chars().count())
            .hint(format!(
                "the generated crate leaves it out; if a field holds it, type that field `{0}` or `array[{0}]` in the docs (an overlay can retype it meanwhile)",
                m.name
            ))
        })
        .collect()
}

/// The models the actions' params and response fields hold, through lists and other models.
fn held_models<'a>(actions: &'a [Action], models: &'a BTreeMap<String, Model>) -> BTreeSet<&'a str> {
    let mut held = BTreeSet::new();
    let mut todo: Vec<&str> = actions
        .iter()
        .flat_map(|a| a.params.iter().chain(&a.response))
        .filter_map(|f| f.ty.model_name())
        .collect();
    while let Some(name) = todo.pop() {
        if held.insert(name) {
            todo.extend(
                models.get(name).into_iter().flat_map(|m| &m.fields).filter_map(|f| f.ty.model_name()),
            );
        }
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    #[test]
    fn a_model_no_field_holds_is_flagged_at_its_heading() {
        let list = Type::List(Box::new(Type::Model("Order".into())));
        let ms = models(vec![
            model("Order", vec![field("Item", Type::Model("Item".into()), 3)]),
            model("Item", vec![field("Id", Type::String, 5)]),
            model("Orphan", vec![field("Id", Type::String, 7)]),
            model("Loop", vec![field("Next", Type::Model("Loop".into()), 9)]),
        ]);
        let out = check(&[action("List", vec![], vec![field("Orders", list, 2)])], &ms);
        let flagged: Vec<&str> = out.iter().map(|d| d.message.split('`').nth(1).unwrap_or("")).collect();
        assert_eq!(flagged, ["Loop", "Orphan"], "held through a list and a model: not flagged");
        assert_eq!((out[0].code.as_str(), out[0].severity), ("unused-model", Severity::Warning));
        assert_eq!(out[0].loc, loc(1));
    }

    #[test]
    fn a_model_held_by_a_request_param_is_used() {
        let ms = models(vec![model("Disk", vec![field("Size", Type::Int, 3)])]);
        let params = vec![field("Disks", Type::List(Box::new(Type::Model("Disk".into()))), 2)];
        assert!(check(&[action("Create", params, vec![])], &ms).is_empty());
    }
}
