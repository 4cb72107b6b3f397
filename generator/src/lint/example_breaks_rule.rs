//! `example-breaks-rule`: a request example that breaks what the tables say. Either the example or
//! the rule is wrong, and both matter: examples become doc tests and fake-server fixtures, rules
//! become client-side checks. Checked: `min`/`max`, `enum_values`, `greater_than`,
//! `max_range_days`, `min_items`/`max_items`, a scalar param given twice, and an example param no
//! table documents (the common params `Action`, `PublicKey`, `Signature`, `Region`, `Zone`,
//! `ProjectId` excepted). Example names may use `.N` or concrete indexes (`ResourceIds.0`).

use super::{canonical, resolve_param, COMMON_PARAMS};
use crate::diag::Diagnostic;
use crate::ir::{Action, ExampleParam, Field, Model};
use std::collections::BTreeMap;

const HINT: &str = "fix the example or the constraint; an overlay can correct the constraint";
const SECONDS_PER_DAY: f64 = 86_400.0;

pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in actions {
        check_action(a, models, &mut out);
    }
    out
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

fn warn(p: &ExampleParam, message: String) -> Diagnostic {
    Diagnostic::warning("example-breaks-rule", message)
        .at_span(p.loc.clone(), p.name.chars().count() + 1 + p.value.chars().count())
        .hint(HINT)
}

fn check_action(a: &Action, models: &BTreeMap<String, Model>, out: &mut Vec<Diagnostic>) {
    let request = &a.examples.request;
    // Occurrences of each name, in order: pairs `greater_than` values, counts list items.
    let mut by_name: BTreeMap<String, Vec<&ExampleParam>> = BTreeMap::new();
    for p in request {
        by_name.entry(canonical(&p.name)).or_default().push(p);
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for p in request {
        let key = canonical(&p.name);
        let nth = {
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            *n - 1
        };
        let Some((f, _)) = resolve_param(&a.params, models, &p.name) else {
            if nth == 0 && !COMMON_PARAMS.contains(&key.as_str()) {
                out.push(warn(
                    p,
                    format!(
                        "the request example of `{}` sends `{}`, which no table documents",
                        a.name, p.name
                    ),
                ));
            }
            continue;
        };
        if nth == 1 && !key.split('.').any(|s| s == "N") {
            out.push(warn(
                p,
                format!(
                    "the request example of `{}` sends `{}` more than once, but it is not a list",
                    a.name, p.name
                ),
            ));
        }
        bounds(a, f, p, out);
        if let Some(other) = &f.constraints.greater_than {
            greater_than(a, p, nth, other, &by_name, out);
        }
        if let Some(days) = f.constraints.max_range_days {
            range(a, f, p, nth, days, &by_name, out);
        }
        if nth == 0 {
            items(a, f, p, by_name.get(&key).map_or(0, Vec::len), out);
        }
    }
}

fn bounds(a: &Action, f: &Field, p: &ExampleParam, out: &mut Vec<Diagnostic>) {
    let c = &f.constraints;
    if let Some(v) = number(&p.value) {
        if let Some(min) = c.min.filter(|m| v < *m as f64) {
            out.push(warn(
                p,
                format!(
                    "the request example of `{}` sets `{}={}`, below the documented minimum {min}",
                    a.name, p.name, p.value
                ),
            ));
        }
        if let Some(max) = c.max.filter(|m| v > *m as f64) {
            out.push(warn(
                p,
                format!(
                    "the request example of `{}` sets `{}={}`, above the documented maximum {max}",
                    a.name, p.name, p.value
                ),
            ));
        }
    }
    if !c.enum_values.is_empty()
        && !p.value.trim().is_empty()
        && !c.enum_values.iter().any(|e| e == p.value.trim())
    {
        out.push(warn(
            p,
            format!(
                "the request example of `{}` sets `{}={}`, not one of the documented values ({})",
                a.name,
                p.name,
                p.value,
                c.enum_values.join(", ")
            ),
        ));
    }
}

/// The value of `name` in the example paired with occurrence `nth` (or the first one).
fn paired<'a>(
    by_name: &'a BTreeMap<String, Vec<&ExampleParam>>,
    name: &str,
    nth: usize,
) -> Option<&'a ExampleParam> {
    let all = by_name.get(&canonical(name))?;
    all.get(nth).or_else(|| all.first()).copied()
}

fn greater_than(
    a: &Action,
    p: &ExampleParam,
    nth: usize,
    other: &str,
    by_name: &BTreeMap<String, Vec<&ExampleParam>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(q) = paired(by_name, other, nth) else { return };
    if let (Some(v), Some(w)) = (number(&p.value), number(&q.value)) {
        if v <= w {
            let mut d = warn(
                p,
                format!(
                    "the request example of `{}` sets `{}={}` and `{}={}`, but `{}` must be greater than `{}`",
                    a.name, p.name, p.value, q.name, q.value, p.name, other
                ),
            );
            if let Some(l) = &q.loc {
                d = d.with_note(format!("`{}` is set at {}:{}", q.name, l.file, l.line));
            }
            out.push(d);
        }
    }
}

fn range(
    a: &Action,
    start: &Field,
    p: &ExampleParam,
    nth: usize,
    days: u32,
    by_name: &BTreeMap<String, Vec<&ExampleParam>>,
    out: &mut Vec<Diagnostic>,
) {
    // The end of the range: the param documented as greater than this one, else its `End` twin.
    let own = canonical(&start.name);
    let end = a
        .params
        .iter()
        .find(|e| e.constraints.greater_than.as_deref().is_some_and(|g| canonical(g) == own))
        .map(|e| e.name.clone())
        .or_else(|| start.name.contains("Start").then(|| start.name.replacen("Start", "End", 1)));
    let Some(q) = end.and_then(|e| paired(by_name, &e, nth)) else { return };
    if let (Some(v), Some(w)) = (number(&p.value), number(&q.value)) {
        if w - v > f64::from(days) * SECONDS_PER_DAY {
            out.push(warn(
                p,
                format!(
                    "the request example of `{}` spans `{}={}` to `{}={}`, more than the documented {days} days",
                    a.name, p.name, p.value, q.name, q.value
                ),
            ));
        }
    }
}

fn items(a: &Action, f: &Field, p: &ExampleParam, count: usize, out: &mut Vec<Diagnostic>) {
    let c = &f.constraints;
    if let Some(min) = c.min_items.filter(|m| count < *m as usize) {
        out.push(warn(
            p,
            format!(
                "the request example of `{}` gives {count} `{}` items, fewer than the documented {min}",
                a.name, f.name
            ),
        ));
    }
    if let Some(max) = c.max_items.filter(|m| count > *m as usize) {
        out.push(warn(
            p,
            format!(
                "the request example of `{}` gives {count} `{}` items, more than the documented {max}",
                a.name, f.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    fn run(params: Vec<Field>, request: Vec<ExampleParam>) -> Vec<Diagnostic> {
        let mut a = action("ListThings", params, vec![]);
        a.examples.request = request;
        check(&[a], &BTreeMap::new())
    }

    fn lines(d: &[Diagnostic]) -> Vec<u32> {
        assert!(d.iter().all(|d| d.code == "example-breaks-rule" && d.severity == Severity::Warning));
        d.iter().map(|d| d.loc.as_ref().unwrap().line).collect()
    }

    fn bounded(min: i64, max: i64) -> Field {
        let mut f = field("PageSize", Type::Int, 5);
        f.constraints.min = Some(min);
        f.constraints.max = Some(max);
        f
    }

    #[test]
    fn below_min_and_above_max() {
        let out = run(vec![bounded(10, 100)], vec![ex("PageSize", "9", 40)]);
        assert_eq!(lines(&out), [40]);
        assert!(out[0].message.contains("minimum 10"), "{}", out[0].message);
        assert_eq!(lines(&run(vec![bounded(10, 100)], vec![ex("PageSize", "101", 41)])), [41]);
        assert!(run(vec![bounded(10, 100)], vec![ex("PageSize", "10", 40)]).is_empty());
    }

    #[test]
    fn enum_values() {
        let mut f = field("ProductCodes.N", Type::String, 5);
        f.constraints.enum_values = vec!["modelverse".into(), "sandbox".into()];
        assert_eq!(lines(&run(vec![f.clone()], vec![ex("ProductCodes.0", "PcpOcCXZ", 42)])), [42]);
        assert!(run(vec![f], vec![ex("ProductCodes.N", "sandbox", 42)]).is_empty());
    }

    #[test]
    fn greater_than_pairs_occurrences() {
        let mut end = field("EndTime", Type::Int, 6);
        end.constraints.greater_than = Some("StartTime".into());
        let params = vec![field("StartTime", Type::Int, 5), end];
        let out = run(params.clone(), vec![ex("StartTime", "6", 40), ex("EndTime", "5", 41)]);
        assert_eq!(lines(&out), [41]);
        assert_eq!(out[0].notes, ["`StartTime` is set at t.md:40"]);
        assert!(run(params, vec![ex("StartTime", "6", 40), ex("EndTime", "7", 41)]).is_empty());
    }

    #[test]
    fn a_scalar_given_twice() {
        let params = vec![field("StartTime", Type::Int, 5), field("Ids.N", Type::Int, 6)];
        let out = run(
            params,
            vec![
                ex("StartTime", "1", 40),
                ex("StartTime", "2", 41),
                ex("Ids.N", "1", 42),
                ex("Ids.N", "2", 43),
            ],
        );
        assert_eq!(lines(&out), [41]);
    }

    #[test]
    fn range_in_days() {
        let mut start = field("StartTime", Type::Int, 5);
        start.constraints.max_range_days = Some(1);
        let params = vec![start, field("EndTime", Type::Int, 6)];
        assert_eq!(
            lines(&run(params.clone(), vec![ex("StartTime", "0", 40), ex("EndTime", "90000", 41)])),
            [40]
        );
        assert!(run(params, vec![ex("StartTime", "0", 40), ex("EndTime", "86400", 41)]).is_empty());
    }

    #[test]
    fn list_item_counts() {
        let mut f = field("Ids.N", Type::String, 5);
        f.constraints.max_items = Some(1);
        f.constraints.min_items = Some(1);
        assert_eq!(lines(&run(vec![f.clone()], vec![ex("Ids.0", "a", 40), ex("Ids.1", "b", 41)])), [40]);
        assert!(run(vec![f], vec![ex("Ids.0", "a", 40)]).is_empty());
    }

    #[test]
    fn undocumented_example_params_but_not_common_ones() {
        let out = run(
            vec![field("Page", Type::Int, 5)],
            vec![
                ex("Action", "ListThings", 39),
                ex("Region", "cn-zj", 40),
                ex("ProjectId", "x", 41),
                ex("Page", "1", 42),
                ex("Colour", "red", 43),
                ex("Colour", "blue", 44),
            ],
        );
        assert_eq!(lines(&out), [43]);
        assert!(out[0].message.contains("`Colour`"));
    }

    #[test]
    fn garbage_values_do_not_panic() {
        let mut f = bounded(i64::MIN, i64::MAX);
        f.constraints.greater_than = Some("".into());
        f.constraints.max_range_days = Some(u32::MAX);
        f.constraints.min_items = Some(u32::MAX);
        assert!(run(vec![f], vec![ex("PageSize", "NaN", 1), ex("", "", 2), ex("...", "inf", 3)]).len() <= 3);
    }
}
