//! Request checks derived from the declared params, answered with the gateway's RetCodes.

use std::collections::BTreeMap;
use std::ops::Bound;

use super::spec::{Field, RangeRule};

/// An API-level failure: HTTP 200 with a non-zero RetCode and a Message naming the cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The RetCode.
    pub code: i64,
    /// What went wrong, naming the param.
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(code: i64, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }
}

/// The RetCodes the fake server answers with; see `docs/fake-server.md`.
pub mod codes {
    /// The request has no `Action`.
    pub const MISSING_ACTION: i64 = 160;
    /// The `Action` is not one the API declares.
    pub const UNKNOWN_ACTION: i64 = 161;
    /// The request has no `Signature`.
    pub const MISSING_SIGNATURE: i64 = 170;
    /// The `Signature` does not match the params and private key.
    pub const BAD_SIGNATURE: i64 = 171;
    /// The `PublicKey` is missing or not known.
    pub const UNKNOWN_PUBLIC_KEY: i64 = 172;
    /// A temporary key pair (from `AssumeRole`) came without its `SecurityToken`, with another
    /// one, or after it expired. The docs list 174 "Token 不存在" (token does not exist) and no
    /// code for an expired token, so the fake answers 174 for both (the message tells which).
    pub const INVALID_TOKEN: i64 = 174;
    /// A required param is missing.
    pub const MISSING_PARAM: i64 = 230;
    /// A param value does not parse as its declared type (or the body does not parse).
    pub const BAD_TYPE: i64 = 231;
    /// A param value is not one of the allowed values.
    pub const NOT_ALLOWED: i64 = 232;
    /// A param value or list length is outside its bounds.
    pub const OUT_OF_RANGE: i64 = 233;
    /// Two params break a rule between them (`EndTime` ≤ `StartTime`, range too long).
    pub const BAD_RELATION: i64 = 234;
    /// An id names no item of its collection (the fake's own code: the docs state none).
    pub const NOT_FOUND: i64 = 404;
    /// A create would take the fake server past its item cap.
    pub const QUOTA_EXCEEDED: i64 = 429;
}

/// Checks every declared param of one request, then the rules between params.
pub(crate) fn check(
    declared: &[&Field],
    params: &BTreeMap<String, String>,
    range: Option<&RangeRule>,
) -> Result<(), ApiError> {
    for f in declared {
        // A member of a list of objects (`Disks.N.Size`) is checked in every element the request
        // sends (`Disks.0.Size`, `Disks.1.Size`); no element, nothing to check.
        for name in concrete_names(&f.name, params) {
            match super::spec::list_prefix(&name) {
                Some(prefix) => check_list(f, prefix, params)?,
                None => match params.get(&name) {
                    Some(v) => check_value(f, &name, v)?,
                    // An object param travels as its members (`Tag.Key`), never under its own name.
                    None if f.required && !sent_as_members(&name, params) => {
                        return Err(ApiError::new(
                            codes::MISSING_PARAM,
                            format!("Missing required param [{name}]"),
                        ))
                    }
                    None => {}
                },
            }
        }
    }
    for f in declared {
        if let Some(other) = &f.constraints.greater_than {
            if let (Some(a), Some(b)) = (number(params, &f.name), number(params, other)) {
                if a <= b {
                    return Err(ApiError::new(
                        codes::BAD_RELATION,
                        format!("Param [{}] must be greater than [{other}] ({a} <= {b})", f.name),
                    ));
                }
            }
        }
    }
    if let Some(r) = range {
        if let (Some(a), Some(b)) = (number(params, &r.start), number(params, &r.end)) {
            if b <= a {
                return Err(ApiError::new(
                    codes::BAD_RELATION,
                    format!("Param [{}] must be greater than [{}] ({b} <= {a})", r.end, r.start),
                ));
            }
        }
    }
    for f in declared {
        let Some(days) = f.constraints.max_range_days else { continue };
        // The range's other end: the param declared greater than this one, else the range rule's.
        let end = declared
            .iter()
            .find(|g| g.constraints.greater_than.as_deref() == Some(f.name.as_str()))
            .map(|g| g.name.as_str())
            .or_else(|| range.filter(|r| r.start == f.name).map(|r| r.end.as_str()));
        let Some(end) = end else { continue };
        if let (Some(a), Some(b)) = (number(params, &f.name), number(params, end)) {
            if (b - a).abs() > days as f64 * 86_400.0 {
                return Err(ApiError::new(
                    codes::BAD_RELATION,
                    format!("Range from [{}] to [{end}] spans more than {days} days", f.name),
                ));
            }
        }
    }
    Ok(())
}

/// Whether the request sends members of `name` (`Tag.Key` for `Tag`).
fn sent_as_members(name: &str, params: &BTreeMap<String, String>) -> bool {
    under(params, name).next().is_some()
}

/// The names a declared wire name stands for in this request: itself when it has no inner list
/// marker, else one name per element sent (`Disks.N.Size` → `Disks.0.Size`, `Disks.1.Size`).
/// A trailing `.N` stays: the list check reads the elements.
fn concrete_names(pattern: &str, params: &BTreeMap<String, String>) -> Vec<String> {
    let segments: Vec<&str> = pattern.split('.').collect();
    // Most names have no inner marker and stand for themselves: no per-segment rebuilding.
    if !segments[..segments.len() - 1].iter().any(|seg| *seg == "N" || *seg == "n") {
        return vec![pattern.to_owned()];
    }
    let mut names = vec![String::new()];
    for (k, seg) in segments.iter().enumerate() {
        let inner_marker = (*seg == "N" || *seg == "n") && k + 1 < segments.len();
        names = names
            .into_iter()
            .flat_map(|prefix| {
                if inner_marker {
                    indexes_under(&prefix, params)
                        .into_iter()
                        .map(|i| format!("{prefix}.{i}"))
                        .collect::<Vec<_>>()
                } else if prefix.is_empty() {
                    vec![(*seg).to_string()]
                } else {
                    vec![format!("{prefix}.{seg}")]
                }
            })
            .collect();
    }
    names
}

/// The element indexes the request sends under `prefix` (`Disks` → 0, 1 for `Disks.0.Size`…).
fn indexes_under(prefix: &str, params: &BTreeMap<String, String>) -> std::collections::BTreeSet<u64> {
    under(params, prefix).filter_map(|(rest, _)| rest.split('.').next()?.parse().ok()).collect()
}

/// The params named `prefix.<rest>`, as `(rest, value)` in name order. They are one run of the
/// sorted map, found by a range: the cost is their number, not the request's, so checking every
/// list of a nested list (`Groups.N.Ids.N`) reads each param once instead of once per list.
fn under<'p>(
    params: &'p BTreeMap<String, String>,
    prefix: &str,
) -> impl Iterator<Item = (&'p str, &'p String)> + 'p {
    let start = format!("{prefix}.");
    let skip = start.len();
    params.range::<str, _>((Bound::Included(start.as_str()), Bound::Unbounded)).map_while(move |(k, v)| {
        count_visit();
        k.starts_with(&start).then(|| (&k[skip..], v))
    })
}

#[cfg(test)]
thread_local! {
    /// Params [`under`] has read on this thread: the work a check did, for the tests.
    static VISITS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_visit() {
    VISITS.with(|v| v.set(v.get() + 1));
}

#[cfg(not(test))]
fn count_visit() {}

fn number(params: &BTreeMap<String, String>, name: &str) -> Option<f64> {
    params.get(name).and_then(|v| v.trim().parse().ok())
}

/// Indices present for a `.N` list param, with their values, in index order.
pub(crate) fn list_values<'p>(params: &'p BTreeMap<String, String>, prefix: &str) -> Vec<&'p str> {
    let mut found: Vec<(u64, &str)> =
        under(params, prefix).filter_map(|(rest, v)| Some((rest.parse().ok()?, v.as_str()))).collect();
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, v)| v).collect()
}

fn check_list(f: &Field, prefix: &str, params: &BTreeMap<String, String>) -> Result<(), ApiError> {
    let values = list_values(params, prefix);
    if values.is_empty() && f.required {
        return Err(ApiError::new(codes::MISSING_PARAM, format!("Missing required param [{prefix}.0]")));
    }
    let n = values.len() as u64;
    let c = &f.constraints;
    // Bounds no value meets are the docs' mistake, stated but not enforced.
    if !values.is_empty()
        && c.contradictions().is_empty()
        && (c.min_items.is_some_and(|m| n < u64::from(m)) || c.max_items.is_some_and(|m| n > u64::from(m)))
    {
        return Err(ApiError::new(
            codes::OUT_OF_RANGE,
            format!(
                "Param [{}] has {n} items; allowed {}..{}",
                f.name,
                c.min_items.map_or(String::new(), |m| m.to_string()),
                c.max_items.map_or(String::new(), |m| m.to_string())
            ),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        check_value(f, &format!("{prefix}.{i}"), v)?;
    }
    Ok(())
}

fn check_value(f: &Field, name: &str, value: &str) -> Result<(), ApiError> {
    let scalar = f.ty.scalar().unwrap_or("string");
    let trimmed = value.trim();
    let numeric = match scalar {
        "int" => match trimmed.parse::<i64>() {
            Ok(i) => Some(i as f64),
            Err(_) => {
                return Err(ApiError::new(
                    codes::BAD_TYPE,
                    format!("Param [{name}] must be an integer, got {value:?}"),
                ))
            }
        },
        "float" => match trimmed.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                return Err(ApiError::new(
                    codes::BAD_TYPE,
                    format!("Param [{name}] must be a number, got {value:?}"),
                ))
            }
        },
        "bool" => {
            if !matches!(trimmed, "true" | "false") {
                return Err(ApiError::new(
                    codes::BAD_TYPE,
                    format!("Param [{name}] must be true or false, got {value:?}"),
                ));
            }
            None
        }
        _ => None,
    };
    // An open list names examples, never a rule; a case-insensitive one matches in any case.
    let allowed = &f.constraints.enum_values;
    if !allowed.is_empty() && !f.constraints.enum_open {
        let same = |a: &str, b: &str| {
            if f.constraints.case_insensitive {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        // A string is compared as sent; a number or a bool as it reads, spaces aside.
        let sent = if scalar == "string" { value } else { trimmed };
        if !allowed.iter().any(|a| same(a, sent)) {
            return Err(ApiError::new(
                codes::NOT_ALLOWED,
                format!("Param [{name}] value {value:?} is not allowed; allowed: {}", allowed.join(", ")),
            ));
        }
    }
    if let Some(x) = numeric.filter(|_| f.constraints.contradictions().is_empty()) {
        let c = &f.constraints;
        if c.min.is_some_and(|m| x < m as f64) || c.max.is_some_and(|m| x > m as f64) {
            return Err(ApiError::new(
                codes::OUT_OF_RANGE,
                format!(
                    "Param [{name}] = {value} is out of range {}..{}",
                    c.min.map_or(String::new(), |m| m.to_string()),
                    c.max.map_or(String::new(), |m| m.to_string())
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn members_of_lists_of_objects_are_checked_per_element() {
        let p = params(&[("Disks.0.Size", "40"), ("Disks.0.Type", "SSD"), ("Disks.1.Size", "x")]);
        assert_eq!(concrete_names("Disks.N.Size", &p), ["Disks.0.Size", "Disks.1.Size"]);
        assert_eq!(concrete_names("Disks.N.Type", &p), ["Disks.0.Type", "Disks.1.Type"]);
        assert_eq!(concrete_names("Tags.N", &p), ["Tags.N"]);
        assert_eq!(concrete_names("PageSize", &p), ["PageSize"]);
        assert!(concrete_names("Nics.N.Ip", &p).is_empty(), "no element sent, nothing to check");
        let nested = params(&[("A.0.B.0.C", "1"), ("A.0.B.2.C", "2"), ("A.1.B.0.C", "3")]);
        assert_eq!(concrete_names("A.N.B.N.C", &nested), ["A.0.B.0.C", "A.0.B.2.C", "A.1.B.0.C"]);
    }

    /// A nested list of `groups` groups of two ints, beside `noise` params of other names.
    fn nested(groups: usize, noise: usize) -> BTreeMap<String, String> {
        let mut p: BTreeMap<String, String> =
            (0..noise).map(|i| (format!("Other.{i}"), i.to_string())).collect();
        for g in 0..groups {
            for i in 0..2 {
                p.insert(format!("Groups.{g}.Ids.{i}"), (g + i).to_string());
            }
        }
        p
    }

    /// The params read while checking `params` against a `Groups.N.Ids.N` int list.
    fn visits(params: &BTreeMap<String, String>) -> usize {
        let field: Field = serde_json::from_value(serde_json::json!({
            "name": "Groups.N.Ids.N", "type": "int", "required": false
        }))
        .unwrap();
        VISITS.with(|v| v.set(0));
        check(&[&field], params, None).unwrap();
        VISITS.with(|v| v.get())
    }

    #[test]
    fn a_nested_list_is_checked_reading_each_param_a_bounded_number_of_times() {
        // Each `Groups.g.Ids` list used to be found by a scan of the whole request: 2 000 groups
        // read 4 000 × 2 000 names. Now the groups are read once, each group's list once, and
        // each range read stops at the first name past it.
        for (groups, noise) in [(10, 0), (2_000, 0), (2_000, 50_000), (20_000, 0)] {
            let p = nested(groups, noise);
            let read = visits(&p);
            assert!(read <= 3 * groups * 2 + 2 * groups + 2, "{groups} groups, {noise} others: {read} reads");
        }
    }

    #[test]
    fn list_values_reads_only_its_own_list() {
        let p = nested(1_000, 1_000);
        VISITS.with(|v| v.set(0));
        assert_eq!(list_values(&p, "Groups.7.Ids"), ["7", "8"]);
        assert_eq!(VISITS.with(|v| v.get()), 3, "two values and the first name past them");
        assert_eq!(list_values(&p, "Other").len(), 1_000);
        assert!(list_values(&p, "Group").is_empty(), "`Groups.0` is not an element of `Group`");
    }

    #[test]
    fn a_lower_case_list_marker_is_a_list() {
        let phone: Field = serde_json::from_value(serde_json::json!({
            "name": "Phone.n", "type": "string", "required": true
        }))
        .unwrap();
        assert!(check(&[&phone], &params(&[("Phone.0", "123")]), None).is_ok());
        let missing = check(&[&phone], &params(&[]), None).unwrap_err();
        assert!(missing.message.contains("[Phone.0]"), "{}", missing.message);
    }

    #[test]
    fn a_required_object_param_is_present_when_its_members_are() {
        let p = params(&[("Tag.Key", "k"), ("Tags", "x"), ("Taggy.Key", "y")]);
        assert!(sent_as_members("Tag", &p));
        assert!(!sent_as_members("Ta", &p), "`Tag.Key` is not a member of `Ta`");
        assert!(!sent_as_members("Owner", &p));
        assert!(!sent_as_members("Tags", &p), "a plain value is not members");
    }

    #[test]
    fn open_and_case_insensitive_lists_follow_the_docs() {
        let field = |open: bool, case_insensitive: bool| -> Field {
            serde_json::from_value(serde_json::json!({
                "name": "Mode", "type": "string", "required": true,
                "constraints": { "enum": ["Fast", "Slow"], "enum_open": open, "case_insensitive": case_insensitive }
            }))
            .unwrap()
        };
        let sent = |v: &str| params(&[("Mode", v)]);
        let closed = field(false, false);
        assert!(check(&[&closed], &sent("Fast"), None).is_ok());
        assert_eq!(check(&[&closed], &sent("fast"), None).unwrap_err().code, codes::NOT_ALLOWED);
        assert_eq!(check(&[&closed], &sent("Turbo"), None).unwrap_err().code, codes::NOT_ALLOWED);
        let any_case = field(false, true);
        assert!(check(&[&any_case], &sent("fAST"), None).is_ok());
        assert_eq!(check(&[&any_case], &sent("Turbo"), None).unwrap_err().code, codes::NOT_ALLOWED);
        let open = field(true, false);
        assert!(check(&[&open], &sent("Turbo"), None).is_ok(), "an open list's values are examples");
    }
}
