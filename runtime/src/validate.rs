//! Checks a request against the rules the docs state, before anything is sent. Generated code
//! lists an action's rules as data ([`Rule`]); the checking is written once, here, over the
//! encoded wire params, so nested and list params need no generated code.

use crate::error::Error;
use crate::params::Params;

/// One documented rule, by wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A number within `[min, max]` (either bound optional).
    Range {
        /// Wire name.
        name: &'static str,
        /// Smallest allowed value.
        min: Option<i64>,
        /// Largest allowed value.
        max: Option<i64>,
    },
    /// A list (`Name.0`, `Name.1`…) with a number of items within bounds, when it is sent: a
    /// list with no items sends nothing, which is the list left unset (like every rule here,
    /// unchecked; "不传该参数则不做更改").
    Items {
        /// Wire name of the list, without the index.
        name: &'static str,
        /// Fewest items.
        min: Option<u32>,
        /// Most items.
        max: Option<u32>,
    },
    /// When both are set, `name` must be greater than `than`.
    Greater {
        /// Wire name of the later value.
        name: &'static str,
        /// Wire name of the earlier value.
        than: &'static str,
    },
    /// When both are set, `end - start` must be at most `days` days (in seconds).
    MaxSpanDays {
        /// Wire name of the start.
        start: &'static str,
        /// Wire name of the end.
        end: &'static str,
        /// Most days.
        days: u32,
    },
}

fn number(params: &Params, name: &str) -> Option<f64> {
    params.get(name).and_then(|v| v.trim().parse::<f64>().ok())
}

/// Checks every rule; the first broken one is a [`Error::Validation`] naming the param.
pub fn check(params: &Params, rules: &[Rule]) -> Result<(), Error> {
    for rule in rules {
        match *rule {
            Rule::Range { name, min, max } => {
                let Some(value) = number(params, name) else { continue };
                let below = min.is_some_and(|m| value < m as f64);
                let above = max.is_some_and(|m| value > m as f64);
                if below || above {
                    let range = match (min, max) {
                        (Some(a), Some(b)) => format!("between {a} and {b}"),
                        (Some(a), None) => format!("at least {a}"),
                        (None, Some(b)) => format!("at most {b}"),
                        (None, None) => unreachable!("a bound was broken"),
                    };
                    return Err(invalid(name, format!("must be {range}, got {value}")));
                }
            }
            Rule::Items { name, min, max } => {
                let prefix = format!("{name}.");
                let count = params
                    .iter()
                    .filter_map(|(k, _)| k.strip_prefix(&prefix))
                    .filter_map(|rest| rest.split('.').next())
                    .collect::<std::collections::BTreeSet<_>>()
                    .len();
                let count = u32::try_from(count).unwrap_or(u32::MAX);
                if count > 0 && (min.is_some_and(|m| count < m) || max.is_some_and(|m| count > m)) {
                    return Err(invalid(name, format!("has {count} items, outside {min:?}..={max:?}")));
                }
            }
            Rule::Greater { name, than } => {
                if let (Some(a), Some(b)) = (number(params, name), number(params, than)) {
                    if a <= b {
                        return Err(invalid(name, format!("must be greater than {than} ({a} <= {b})")));
                    }
                }
            }
            Rule::MaxSpanDays { start, end, days } => {
                if let (Some(a), Some(b)) = (number(params, start), number(params, end)) {
                    // The span between the two ends, whichever comes first: a reversed range is no
                    // shorter than its length.
                    if (b - a).abs() > f64::from(days) * 86_400.0 {
                        return Err(invalid(
                            end,
                            format!("the range from {start} may span at most {days} days"),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn invalid(field: &str, message: String) -> Error {
    Error::Validation { field: field.to_string(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        let mut p = Params::new();
        for (k, v) in pairs {
            p.set_str(*k, *v);
        }
        p
    }

    const RULES: &[Rule] = &[
        Rule::Range { name: "PageSize", min: Some(10), max: Some(100) },
        Rule::Range { name: "Page", min: Some(1), max: None },
        Rule::Greater { name: "EndTime", than: "StartTime" },
        Rule::MaxSpanDays { start: "StartTime", end: "EndTime", days: 366 },
        Rule::Items { name: "Ids", min: Some(1), max: Some(2) },
    ];

    #[test]
    fn documented_rules_hold() {
        let ok = params(&[
            ("PageSize", "10"),
            ("Page", "1"),
            ("StartTime", "0"),
            ("EndTime", "86400"),
            ("Ids.0", "a"),
        ]);
        check(&ok, RULES).unwrap();
        let unset = params(&[("Ids.0", "a")]);
        check(&unset, RULES).expect("unset params are not checked");
        check(&params(&[]), RULES).expect("an empty list is an unset one");
        let rules = &[Rule::Items { name: "Ids", min: Some(2), max: None }];
        assert!(matches!(check(&params(&[("Ids.0", "a")]), rules), Err(Error::Validation { .. })));
    }

    #[test]
    fn a_reversed_range_is_as_long_as_its_span() {
        let rules = &[Rule::MaxSpanDays { start: "StartTime", end: "EndTime", days: 366 }];
        let reversed = params(&[("StartTime", "31708801"), ("EndTime", "0")]);
        assert!(
            matches!(check(&reversed, rules), Err(Error::Validation { .. })),
            "a span of 367 days, reversed"
        );
        check(&params(&[("StartTime", "86400"), ("EndTime", "0")]), rules).expect("one day, reversed");
    }

    #[test]
    fn each_broken_rule_names_its_param() {
        let cases = [
            (vec![("PageSize", "9"), ("Ids.0", "a")], "PageSize"),
            (vec![("PageSize", "101"), ("Ids.0", "a")], "PageSize"),
            (vec![("Page", "0"), ("Ids.0", "a")], "Page"),
            (vec![("StartTime", "5"), ("EndTime", "5"), ("Ids.0", "a")], "EndTime"),
            (vec![("StartTime", "0"), ("EndTime", "31708801"), ("Ids.0", "a")], "EndTime"),
            (vec![("Ids.0", "a"), ("Ids.1", "b"), ("Ids.2", "c")], "Ids"),
        ];
        for (pairs, field) in cases {
            match check(&params(&pairs), RULES) {
                Err(Error::Validation { field: f, .. }) => assert_eq!(f, field, "{pairs:?}"),
                other => panic!("{pairs:?}: {other:?}"),
            }
        }
    }
}
