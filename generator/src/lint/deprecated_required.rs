//! `deprecated-required`: a field marked both deprecated and required. A caller cannot stop
//! sending a required param, so one of the two marks is wrong; the SDK must not force it.

use super::tables;
use crate::diag::Diagnostic;
use crate::ir::{Action, Model};
use std::collections::BTreeMap;

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for table in tables(actions, models) {
        for f in table.fields.iter().filter(|f| f.deprecated && f.required) {
            out.push(
                Diagnostic::warning(
                    "deprecated-required",
                    format!("`{}` in {} is marked deprecated but also required", f.name, table.what),
                )
                .at_span(f.loc.clone(), f.name.chars().count())
                .hint("drop one of the marks; an overlay can make the field optional"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    #[test]
    fn deprecated_and_required_is_flagged() {
        let mut f = field("OldFlag", Type::Bool, 8);
        f.deprecated = true;
        f.required = true;
        let ms = models(vec![model("M", vec![f.clone()])]);
        let out = check(&[action("A", vec![f], vec![])], &ms);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|d| d.code == "deprecated-required" && d.severity == Severity::Warning));
        assert_eq!(out[0].loc, loc(8));
    }

    #[test]
    fn either_mark_alone_is_fine() {
        let mut a = field("A", Type::Int, 1);
        a.deprecated = true;
        let mut b = field("B", Type::Int, 2);
        b.required = true;
        assert!(check(&[action("X", vec![a, b], vec![])], &BTreeMap::new()).is_empty());
    }
}
