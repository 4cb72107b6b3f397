//! `contradictory-rule`: bounds no value meets (`min 10, max 5`, `at least 3 items, at most 1`)
//! or a documented default outside them. Enforced, such a rule would refuse every call, so the
//! SDK and the fake do not enforce it (`Constraints::contradictions` is the one test, shared with the
//! planner and the fake server).

use super::tables;
use crate::diag::Diagnostic;
use crate::ir::{Action, Model};
use std::collections::BTreeMap;

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for table in tables(actions, models) {
        for f in table.fields {
            let reasons = f.constraints.contradictions();
            if reasons.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    "contradictory-rule",
                    format!(
                        "`{}` in {}: no value meets its documented rule, {}; the SDK does not check it",
                        f.name,
                        table.what,
                        reasons.join(", and ")
                    ),
                )
                .at_span(f.loc.clone(), f.name.chars().count())
                .hint("fix the bounds in the docs, or with an overlay"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    #[test]
    fn bounds_no_value_meets_are_flagged() {
        let mut range = field("Size", Type::Int, 4);
        (range.constraints.min, range.constraints.max) = (Some(10), Some(5));
        let mut items = field("Ids.N", Type::String, 5);
        (items.constraints.min_items, items.constraints.max_items) = (Some(3), Some(1));
        let mut default = field("Page", Type::Int, 6);
        (default.constraints.min, default.constraints.default) = (Some(1), Some("0".into()));
        let out = check(&[action("A", vec![range, items, default], vec![])], &BTreeMap::new());
        let lines: Vec<u32> = out.iter().map(|d| d.loc.as_ref().unwrap().line).collect();
        assert_eq!(lines, [4, 5, 6]);
        assert!(out.iter().all(|d| d.code == "contradictory-rule"));
        assert!(out[0].message.contains("minimum 10 is above its maximum 5"), "{}", out[0].message);
    }

    #[test]
    fn bounds_some_value_meets_are_fine() {
        let mut f = field("Size", Type::Int, 4);
        (f.constraints.min, f.constraints.max, f.constraints.default) = (Some(5), Some(5), Some("5".into()));
        f.constraints.min_items = Some(1);
        assert!(f.constraints.contradictions().is_empty());
        assert!(check(&[action("A", vec![f], vec![])], &BTreeMap::new()).is_empty());
    }
}
