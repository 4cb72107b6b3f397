//! `duplicate-param`: one wire name on two rows of one table (request params, response fields or a
//! model's fields). The loader keeps the first row; the warning says which one, so the page can be
//! fixed. A repeat with a different type inside an action is left to the `conflicting-type` error.

use super::{segments, tables, where_is};
use crate::diag::Diagnostic;
use crate::ir::{Action, Field, Model};
use std::collections::BTreeMap;

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for table in tables(actions, models) {
        let mut first: BTreeMap<Vec<String>, &Field> = BTreeMap::new();
        for f in table.fields {
            let key = segments(&f.name);
            let Some(seen) = first.get(&key) else {
                first.insert(key, f);
                continue;
            };
            if table.in_action && seen.ty != f.ty {
                continue;
            }
            let retyped = if seen.ty == f.ty {
                String::new()
            } else {
                format!(" (typed `{}` here, `{}` there)", f.ty, seen.ty)
            };
            out.push(
                Diagnostic::warning(
                    "duplicate-param",
                    format!(
                        "`{}` is listed twice in {}{retyped}; the first row, at {}, is kept",
                        f.name,
                        table.what,
                        where_is(seen)
                    ),
                )
                .at_span(f.loc.clone(), f.name.chars().count())
                .hint("delete one of the rows; an overlay can correct the kept one"),
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
    fn repeats_in_params_response_and_models() {
        let a = action(
            "A",
            vec![field("PageSize", Type::Int, 4), field("PageSize", Type::Int, 6)],
            vec![field("Total", Type::Int, 10), field("Total", Type::Int, 11)],
        );
        let ms = models(vec![model("M", vec![field("Id", Type::Int, 20), field("Id", Type::String, 21)])]);
        let out = check(&[a], &ms);
        let got: Vec<_> =
            out.iter().map(|d| (d.code.as_str(), d.severity, d.loc.clone().unwrap().line)).collect();
        assert_eq!(
            got,
            [
                ("duplicate-param", Severity::Warning, 6),
                ("duplicate-param", Severity::Warning, 11),
                ("duplicate-param", Severity::Warning, 21)
            ]
        );
        assert!(out[0].message.contains("t.md:4"), "{}", out[0].message);
        assert!(out[2].message.contains("typed `string` here"), "{}", out[2].message);
    }

    #[test]
    fn list_markers_and_indexes_are_one_name() {
        let a = action("A", vec![field("Ids.N", Type::Int, 4), field("Ids.n", Type::Int, 5)], vec![]);
        assert_eq!(check(&[a], &BTreeMap::new()).len(), 1);
    }

    #[test]
    fn clean_tables_and_retyped_action_rows_give_nothing() {
        let a = action(
            "A",
            vec![field("Page", Type::Int, 4), field("PageSize", Type::Int, 5), field("X", Type::String, 6)],
            vec![field("Page", Type::Int, 9), field("X", Type::Int, 10)],
        );
        let b = action("B", vec![field("Page", Type::Int, 4), field("Page", Type::String, 5)], vec![]);
        assert!(check(&[a, b], &BTreeMap::new()).is_empty());
    }
}
