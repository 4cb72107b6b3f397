//! `inconsistent-type`: one request param typed differently across the actions of a family
//! (`OrganizationIds.N` is `int` in three billing actions and `string` in one). The type most
//! actions use is taken as the expected one and the odd ones out are reported; when no type has
//! a strict majority every use is reported, since the docs give no way to tell which is right.

use super::canonical;
use crate::diag::Diagnostic;
use crate::ir::{Action, Field, Type};
use std::collections::BTreeMap;

pub(crate) fn check(actions: &[Action]) -> Vec<Diagnostic> {
    // canonical name → the uses, in action order (one per action: the first row wins).
    let mut uses: BTreeMap<String, Vec<(&str, &Field)>> = BTreeMap::new();
    for a in actions {
        let mut seen = std::collections::BTreeSet::new();
        for p in &a.params {
            let key = canonical(&p.name);
            if seen.insert(key.clone()) {
                uses.entry(key).or_default().push((a.name.as_str(), p));
            }
        }
    }
    let mut out = Vec::new();
    for group in uses.values() {
        let mut counts: BTreeMap<&Type, usize> = BTreeMap::new();
        for (_, f) in group {
            *counts.entry(&f.ty).or_default() += 1;
        }
        if counts.len() < 2 {
            continue;
        }
        let top = counts.values().copied().max().unwrap_or(0);
        let leaders: Vec<&Type> = counts.iter().filter(|(_, n)| **n == top).map(|(t, _)| *t).collect();
        let expected = (leaders.len() == 1).then(|| leaders[0]);
        for (action, f) in group {
            if Some(&f.ty) == expected {
                continue;
            }
            let others: Vec<String> = group
                .iter()
                .filter(|(_, g)| g.ty != f.ty)
                .map(|(name, g)| format!("`{}` in {name}", g.ty))
                .collect();
            let message = match expected {
                Some(ty) => format!(
                    "`{}` is `{}` in {action} but `{ty}` in most actions ({})",
                    f.name,
                    f.ty,
                    others.join(", ")
                ),
                None => format!("`{}` is `{}` in {action} but {}", f.name, f.ty, others.join(", ")),
            };
            out.push(
                Diagnostic::warning("inconsistent-type", message)
                    .at_span(f.loc.clone(), f.name.chars().count())
                    .hint("check which type the API takes; an overlay can retype the param"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::lint::test_util::*;

    fn with(name: &str, ty: Type, line: u32) -> Action {
        let mut a = action(name, vec![field("OrganizationIds.N", ty, line)], vec![]);
        a.loc = loc(line);
        a
    }

    #[test]
    fn the_odd_one_out_is_reported() {
        let actions = [
            with("A", Type::Int, 3),
            with("B", Type::Int, 4),
            with("C", Type::String, 5),
            with("D", Type::Int, 6),
        ];
        let out = check(&actions);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].code.as_str(), out[0].severity), ("inconsistent-type", Severity::Warning));
        assert_eq!(out[0].loc, loc(5));
        assert!(out[0].message.contains("`int` in A"), "{}", out[0].message);
        assert!(out[0].message.contains("`int` in D"), "{}", out[0].message);
    }

    #[test]
    fn a_tie_reports_every_use() {
        let out = check(&[with("A", Type::Int, 3), with("B", Type::String, 4)]);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn consistent_types_and_index_spellings_give_nothing() {
        let mut b = with("B", Type::Int, 4);
        b.params[0].name = "OrganizationIds.n".into();
        assert!(check(&[with("A", Type::Int, 3), b]).is_empty());
    }
}
