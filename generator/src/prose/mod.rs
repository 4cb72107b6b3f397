//! Facts stated in descriptions: constraints, deprecation, Unix timestamps (English and Chinese).
//!
//! The docs state many rules only in prose ("Page size (min 10, max 100)", "默认为20，最大100",
//! "枚举值：Host，Path", "【待废弃】"). This module reads them with small hand-written scanners
//! over one normalised form of the text (see `text`). Each rule prefers saying nothing to saying
//! something wrong: a wrong bound or enum would make the generated SDK reject valid requests.

mod constraints;
mod deprecation;
mod enums;
mod text;
mod time;

use crate::ir::{Constraints, Document, Field, Format, Type};

/// What a description states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Marked deprecated (`【待废弃】`, `【建议不再使用】`, "deprecated").
    pub deprecated: bool,
    /// Says the value is a Unix timestamp in seconds (never set for milliseconds).
    pub unix_seconds: bool,
    /// Bounds, default, allowed values, list sizes, relations and range limits.
    pub constraints: Constraints,
    /// A length bound (`最大长度为1`): the most items, when the field is a list.
    pub length_max: Option<u32>,
    /// Not to be empty (`不允许为空`): at least one item, when the field is a list.
    pub non_empty: bool,
}

/// Reads the facts a description states, without knowing which field it describes (so a
/// "greater than" relation counts only when the sentence has no explicit subject).
pub fn analyze(description: &str) -> Facts {
    analyze_field(None, description).0
}

/// True when the text says the value is a Unix timestamp (used by a lint on `string` fields too).
pub fn mentions_unix_time(description: &str) -> bool {
    time::is_unix_seconds(&text::normalize(description))
}

/// The listed value a default given in words names: the one value whose label is those words,
/// contains them (`按月` in `按月付费`) or starts them (`关闭` in `关闭会话保持`).
fn value_by_label(listed: &enums::EnumFacts, words: &str) -> Option<String> {
    let matches = |label: &str| label == words || label.contains(words) || words.starts_with(label);
    let mut hits = listed.values.iter().zip(&listed.labels).filter_map(|(value, label)| {
        label.as_deref().filter(|l| !l.is_empty() && matches(l)).map(|_| value.clone())
    });
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

/// Analyses a description for the field named `field` (when known); the flag says whether `min`
/// came from a strict "greater than N", which means `N + 1` for integers only.
fn analyze_field(field: Option<&str>, description: &str) -> (Facts, bool) {
    let (facts, strict_min, _) = analyze_with_relations(field, description);
    (facts, strict_min)
}

/// Like [`analyze_field`], plus the "B must be greater than C" relations the text states about
/// other params.
fn analyze_with_relations(field: Option<&str>, description: &str) -> (Facts, bool, Vec<(String, String)>) {
    let t = text::normalize(description);
    let scan = constraints::scan(&t, field);
    let others = scan.others_greater.clone();
    let mut constraints = scan.constraints;
    let listed = enums::enum_facts(&t);
    constraints.enum_values = listed.values.clone();
    constraints.enum_open = listed.open && !listed.values.is_empty();
    constraints.case_insensitive = listed.case_insensitive;
    if constraints.default.is_none() {
        constraints.default = listed.default.clone();
    }
    if constraints.default.is_none() {
        constraints.default = scan.default_label.as_deref().and_then(|words| value_by_label(&listed, words));
    }
    // "默认值：NONE" where `NONE` is no listed value means "no default".
    let none_word = |d: &str| ["none", "null", "empty", "n/a"].contains(&d.to_ascii_lowercase().as_str());
    if constraints.default.as_deref().is_some_and(|d| none_word(d) && !listed.values.iter().any(|v| v == d)) {
        constraints.default = None;
    }
    let facts = Facts {
        deprecated: deprecation::is_deprecated(&t),
        unix_seconds: time::is_unix_seconds(&t),
        constraints,
        length_max: scan.max_length.and_then(|n| u32::try_from(n).ok()),
        non_empty: scan.non_empty,
    };
    (facts, scan.strict_min, others)
}

/// Applies `analyze` to every field of the document (action params, response fields, model fields):
/// sets `deprecated`, merges constraints (only fills members that are unset), and sets
/// `format = Some(UnixSeconds)` for Int fields whose description mentions Unix time.
/// `greater_than` is kept only when it names another param of the same action.
///
/// Facts that cannot apply to the field's type are dropped: numeric bounds on non-numbers, list
/// sizes on scalars, defaults and enum values that do not parse as the type.
pub fn annotate(doc: &mut Document) {
    for action in &mut doc.actions {
        let names: Vec<String> = action.params.iter().map(|p| p.name.clone()).collect();
        // Each description is analysed once: its own facts, and what it says of other params.
        let stated: Vec<(String, String)> =
            action.params.iter_mut().flat_map(|param| apply(param, Some(&names))).collect();
        relate_params(&mut action.params, &names, stated);
        for field in &mut action.response {
            apply(field, None);
        }
    }
    for model in &mut doc.models {
        for field in &mut model.fields {
            apply(field, None);
        }
    }
}

/// "EndTime must be greater than StartTime" written in StartTime's row: the relation belongs to
/// EndTime, when both are params of the action and EndTime's own row states none.
/// `stated` holds the `(subject, target)` pairs the params' descriptions state.
fn relate_params(params: &mut [Field], names: &[String], stated: Vec<(String, String)>) {
    let found = stated
        .into_iter()
        .filter(|(subject, target)| subject != target && names.contains(subject) && names.contains(target));
    for (subject, target) in found {
        if let Some(p) = params.iter_mut().find(|p| p.name == subject) {
            p.constraints.greater_than.get_or_insert(target);
        }
    }
}

/// The sibling a field named like `EndTime` starts from: its name with `End` turned into `Start`
/// or `Begin`, when exactly one such param exists.
fn start_sibling(name: &str, names: &[String]) -> Option<String> {
    let mut found = ["Start", "Begin"]
        .iter()
        .map(|start| name.replacen("End", start, 1))
        .filter(|candidate| candidate != name && names.contains(candidate));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Whether a param's name says it holds a number: a count, size, time span, limit, priority.
fn names_a_quantity(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "Count",
        "Num",
        "Size",
        "Priority",
        "Time",
        "Hours",
        "Days",
        "Seconds",
        "Minutes",
        "Threshold",
        "Timeout",
        "Port",
        "Limit",
        "Offset",
        "Bandwidth",
        "Period",
        "Interval",
        "Percent",
        "Rate",
        "Weight",
        "Capacity",
        "Retry",
        "Bytes",
        "Quota",
        "Length",
        "Duration",
        "Cpu",
        "CPU",
        "Memory",
    ];
    let leaf = name.rsplit('.').find(|s| *s != "N" && *s != "n").unwrap_or(name);
    WORDS.iter().any(|w| leaf.contains(w))
}

/// The scalar type a field's values have (the element type for lists).
fn scalar(ty: &Type) -> &Type {
    match ty {
        Type::List(inner) => scalar(inner),
        other => other,
    }
}

/// Returns what the description states about other params ("B must be greater than C").
fn apply(field: &mut Field, siblings: Option<&[String]>) -> Vec<(String, String)> {
    if field.description.trim().is_empty() {
        return Vec::new();
    }
    let (facts, strict_min, others) = analyze_with_relations(Some(&field.name), &field.description);
    field.deprecated |= facts.deprecated;
    let elem = scalar(&field.ty).clone();
    if facts.unix_seconds && elem == Type::Int && field.format.is_none() {
        field.format = Some(Format::UnixSeconds);
    }
    let (length_max, non_empty) = (facts.length_max, facts.non_empty);
    let found = facts.constraints;
    // The list itself (`Ids.N`, `array`), or a member of each item (`Rules.N.Order`), whose list
    // a count in its text may still be about.
    let whole_list = field.name.ends_with(".N")
        || field.name.ends_with(".n")
        || matches!(field.ty, Type::List(_) | Type::Array);
    let is_list = whole_list || field.name.contains(".N.");
    // A number documented as a string ("重试次数，最大为 5" on a `MaxRetryCount` string) is
    // bounded all the same, when its name says it counts or measures something (on a `Name`,
    // "max 100" is more likely a length); the SDK checks it when the value reads as a number.
    let numeric =
        matches!(elem, Type::Int | Type::Float) || (elem == Type::String && names_a_quantity(&field.name));
    let c = &mut field.constraints;
    if numeric {
        let min = if strict_min && elem == Type::Float { None } else { found.min };
        c.min = c.min.or(min);
        c.max = c.max.or(found.max);
    }
    if c.default.is_none() {
        c.default = found.default.and_then(|d| default_for(&elem, &d));
    }
    if c.enum_values.is_empty() && enum_fits(&elem, &found.enum_values) {
        c.enum_values = found.enum_values;
        c.enum_open = found.enum_open;
        c.case_insensitive = found.case_insensitive;
    }
    if is_list {
        c.min_items = c.min_items.or(found.min_items).or((whole_list && non_empty).then_some(1));
        c.max_items = c.max_items.or(found.max_items).or(length_max.filter(|_| whole_list));
    }
    if c.greater_than.is_none() {
        c.greater_than = found.greater_than.and_then(|target| {
            let names = siblings?;
            if target == constraints::START_TIME {
                return start_sibling(&field.name, names);
            }
            let exact = names.iter().find(|n| **n == target);
            let named = exact.or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(&target)))?;
            (*named != field.name).then(|| named.clone())
        });
    }
    c.max_range_days = c.max_range_days.or(found.max_range_days);
    others
}

/// The default as the type reads it: `20G` on an int field is `20` (the unit is the field's);
/// a default that cannot be a value of the type is dropped.
fn default_for(ty: &Type, default: &str) -> Option<String> {
    match ty {
        Type::Int => {
            let digits = default.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            digits.parse::<i64>().ok().map(|v| v.to_string())
        }
        Type::Float => default.parse::<f64>().ok().filter(|v| v.is_finite()).map(|_| default.to_string()),
        Type::Bool => match default.to_ascii_lowercase().as_str() {
            "true" | "false" => Some(default.to_ascii_lowercase()),
            _ => None,
        },
        Type::String => Some(default.to_string()),
        _ => None,
    }
}

/// Whether an enum can describe values of this type (strings, or integers that all parse).
fn enum_fits(ty: &Type, values: &[String]) -> bool {
    !values.is_empty()
        && match ty {
            Type::String => true,
            Type::Int => values.iter().all(|v| v.parse::<i64>().is_ok()),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Action;

    fn field(name: &str, ty: Type, description: &str) -> Field {
        Field {
            name: name.into(),
            ty,
            required: false,
            description: description.into(),
            deprecated: false,
            format: None,
            constraints: Constraints::default(),
            rust_name: None,
            loc: None,
        }
    }

    #[test]
    fn analyze_combines_every_rule() {
        let f = analyze("【待废弃】Page size (min 10, max 100). Enum: a, b");
        assert!(f.deprecated);
        assert_eq!((f.constraints.min, f.constraints.max), (Some(10), Some(100)));
        assert_eq!(f.constraints.enum_values, vec!["a".to_string(), "b".to_string()]);
        assert!(analyze("Query start time (Unix timestamp, seconds)").unix_seconds);
        assert_eq!(analyze(""), Facts::default());
    }

    #[test]
    fn helpers_that_resolve_words_to_names() {
        let listed = enums::EnumFacts {
            values: vec!["Year".into(), "Month".into(), "None".into()],
            labels: vec![Some("按年付费".into()), Some("按月付费".into()), Some("关闭".into())],
            ..Default::default()
        };
        assert_eq!(value_by_label(&listed, "按月付费").as_deref(), Some("Month"));
        assert_eq!(value_by_label(&listed, "按月").as_deref(), Some("Month"));
        assert_eq!(value_by_label(&listed, "月付").as_deref(), Some("Month"));
        assert_eq!(value_by_label(&listed, "关闭会话保持").as_deref(), Some("None"));
        assert_eq!(value_by_label(&listed, "付费"), None, "two labels hold it");
        let names: Vec<String> =
            ["BeginTime", "EndTime", "StartTime2"].iter().map(|s| s.to_string()).collect();
        assert_eq!(start_sibling("EndTime", &names).as_deref(), Some("BeginTime"));
        assert_eq!(start_sibling("Limit", &names), None);
        assert!(names_a_quantity("MaxRetryCount") && names_a_quantity("Rules.N.Priority"));
        assert!(!names_a_quantity("Name") && !names_a_quantity("Remark"));
    }

    #[test]
    fn mentions_unix_time_skips_milliseconds() {
        assert!(mentions_unix_time("创建时间，格式为Unix时间戳"));
        assert!(!mentions_unix_time("UNIX时间戳，单位：ms"));
    }

    #[test]
    fn a_relation_stated_on_another_param_reaches_its_subject() {
        // ListPaidOrders states "EndTime must be greater than StartTime" in StartTime's row only.
        let start = "Query start time. When provided with EndTime, enables custom time range query; \
                     EndTime must be greater than StartTime";
        let mut doc = Document {
            actions: vec![Action {
                name: "ListPaidOrders".into(),
                title: String::new(),
                description: String::new(),
                idempotent: true,
                params: vec![
                    field("StartTime", Type::Int, start),
                    field("EndTime", Type::Int, "Query end time. Must be provided together with StartTime"),
                    field("Other", Type::Int, "Missing must be greater than StartTime"),
                ],
                response: vec![],
                examples: Default::default(),
                rust_name: None,
                method: None,
                loc: None,
            }],
            models: vec![],
        };
        annotate(&mut doc);
        let p = &doc.actions[0].params;
        assert_eq!(p[0].constraints.greater_than, None);
        assert_eq!(p[1].constraints.greater_than.as_deref(), Some("StartTime"));
        assert_eq!(p[2].constraints.greater_than, None, "`Missing` is no param of the action");
    }

    #[test]
    fn annotate_fills_fields_by_type_and_siblings() {
        let start = "Query start time (Unix timestamp, seconds). When provided with EndTime, enables custom \
                     time range query; EndTime must be greater than StartTime";
        let mut doc = Document {
            actions: vec![Action {
                name: "ListPaidOrders".into(),
                title: String::new(),
                description: String::new(),
                idempotent: true,
                params: vec![
                    field("StartTime", Type::Int, start),
                    field("EndTime", Type::Int, "Query end time (Unix timestamp, seconds). Must be greater than StartTime. Maximum range: 366 days"),
                    field("PageSize", Type::Int, "Page size (min 10, max 100), default 20"),
                    field("ProductCodes.N", Type::String, "Product codes. Enum: modelverse, sandbox. At most 5 items"),
                    field("Name", Type::String, "Name, max 100, must be greater than Missing"),
                    field("Disk", Type::Int, "磁盘大小，默认20G"),
                ],
                response: vec![field("CreateTime", Type::String, "Unix timestamp")],
                examples: Default::default(),
                rust_name: None,
                method: None,
                loc: None,
            }],
            models: vec![crate::ir::Model {
                name: "M".into(),
                description: String::new(),
                fields: vec![field("Old", Type::Bool, "【建议不再使用】枚举值为true或false，默认值为：False")],
                rust_name: None,
                loc: None,
            }],
        };
        annotate(&mut doc);
        let p = &doc.actions[0].params;
        assert_eq!(p[0].format, Some(Format::UnixSeconds));
        assert_eq!(p[0].constraints.greater_than, None);
        assert_eq!(p[1].constraints.greater_than.as_deref(), Some("StartTime"));
        assert_eq!(p[1].constraints.max_range_days, Some(366));
        assert_eq!((p[2].constraints.min, p[2].constraints.max), (Some(10), Some(100)));
        assert_eq!(p[2].constraints.default.as_deref(), Some("20"));
        assert_eq!(p[3].constraints.enum_values.len(), 2);
        assert_eq!(p[3].constraints.max_items, Some(5));
        assert_eq!(p[4].constraints.max, None, "no numeric bound on a string");
        assert_eq!(p[4].constraints.greater_than, None, "not a param of the action");
        assert_eq!(p[5].constraints.default.as_deref(), Some("20"));
        assert_eq!(doc.actions[0].response[0].format, None, "strings keep their type");
        let old = &doc.models[0].fields[0];
        assert!(old.deprecated);
        assert_eq!(old.constraints.default.as_deref(), Some("false"));
        assert!(old.constraints.enum_values.is_empty());
    }

    #[test]
    fn annotate_keeps_what_is_already_set() {
        let mut f = field("PageSize", Type::Int, "max 100");
        f.constraints.max = Some(50);
        let mut doc = Document {
            actions: vec![],
            models: vec![crate::ir::Model {
                name: "M".into(),
                description: String::new(),
                fields: vec![f],
                rust_name: None,
                loc: None,
            }],
        };
        annotate(&mut doc);
        assert_eq!(doc.models[0].fields[0].constraints.max, Some(50));
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn check(s: &str) {
            let f = analyze(s);
            let c = &f.constraints;
            if let (Some(lo), Some(hi)) = (c.min, c.max) {
                assert!(lo <= hi, "{s:?}: {lo} > {hi}");
            }
            if let (Some(lo), Some(hi)) = (c.min_items, c.max_items) {
                assert!(lo <= hi, "{s:?}");
            }
            let _ = mentions_unix_time(s);
        }

        proptest! {
            #[test]
            fn analyze_never_panics(s in "\\PC*") {
                check(&s);
            }

            #[test]
            fn analyze_never_panics_on_prose_like_text(
                parts in proptest::collection::vec(prop_oneof![
                    Just("最大".to_string()), Just("最小值为".to_string()), Just("max ".to_string()),
                    Just("min ".to_string()), Just("取值范围[".to_string()), Just("]".to_string()),
                    Just("枚举值：".to_string()), Just("默认为".to_string()), Just("\"".to_string()),
                    Just("，".to_string()), Just("；".to_string()), Just("<br />".to_string()),
                    Just("-".to_string()), Just("~".to_string()), Just(" ".to_string()),
                    Just("大于".to_string()), Just("个".to_string()), Just("天".to_string()),
                    Just("【待废弃】".to_string()), Just("Unix时间戳".to_string()), Just("(".to_string()),
                    "-?[0-9]{1,25}", "[A-Za-z]{1,8}", "[\\u4e00-\\u4e20]{1,3}",
                ], 0..24)
            ) {
                check(&parts.concat());
            }
        }

        #[test]
        fn huge_numbers_give_no_bogus_bound() {
            let f = analyze("max 99999999999999999999999");
            assert_eq!(f.constraints.max, None);
            let f = analyze("取值范围[1-99999999999999999999]");
            assert_eq!((f.constraints.min, f.constraints.max), (None, None));
        }
    }
}
