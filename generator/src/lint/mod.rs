//! Checks over the IR: errors that stop generation and warnings about what the docs get wrong.
//!
//! [`lint`] returns warnings, one file per rule, the diagnostic code being the rule id (the
//! errors, what makes a family impossible to generate, are [`crate::validate`]'s). (Which copy of a duplicated action or
//! model is kept is the loader's choice: `load::duplicates`, `load::merge_models`.) Every function here only reads the IR and never panics; results come back
//! sorted by file, line, column and code so that runs are reproducible.

mod contradictory_rule;
mod deprecated_required;
mod duplicate_param;
mod example_breaks_rule;
mod example_type_mismatch;
mod inconsistent_type;
mod required_cycle;
mod response_walk;
mod timestamp_as_string;
mod undocumented_field;
mod unused_model;

#[cfg(test)]
pub(crate) mod test_util;

pub use timestamp_as_string::says_unix_timestamp;

use crate::diag::Diagnostic;
use crate::ir::{Action, Field, Format, Model, Type};
use std::collections::BTreeMap;

/// Warnings about what the docs get wrong, each rule in its own file, the code being the rule id:
/// `duplicate-param`, `inconsistent-type`, `example-breaks-rule`, `undocumented-field`,
/// `bad-example`, `example-type-mismatch`, `timestamp-as-string`, `deprecated-required`,
/// `unused-model`, `required-cycle`, `contradictory-rule`.
pub fn lint(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(duplicate_param::check(actions, models));
    out.extend(inconsistent_type::check(actions));
    out.extend(example_breaks_rule::check(actions, models));
    out.extend(undocumented_field::check(actions, models));
    out.extend(example_type_mismatch::check(actions, models));
    out.extend(timestamp_as_string::check(actions, models));
    out.extend(deprecated_required::check(actions, models));
    out.extend(unused_model::check(actions, models));
    out.extend(required_cycle::check(models));
    out.extend(contradictory_rule::check(actions, models));
    sort(&mut out);
    out
}

/// Params every request may carry without a table documenting them (signing and placement).
pub(crate) const COMMON_PARAMS: &[&str] =
    &["Action", "PublicKey", "Signature", "Region", "Zone", "ProjectId"];

/// Response keys of the envelope, present in every response whether documented or not.
pub(crate) const ENVELOPE: &[&str] = &["RetCode", "Action", "Message"];

/// Sorts diagnostics by file, line, column, code, then message: the order users see.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
}

fn sort_key(d: &Diagnostic) -> (&str, u32, u32, &str, &str) {
    match &d.loc {
        Some(l) => (l.file.as_str(), l.line, l.col, d.code.as_str(), d.message.as_str()),
        None => ("", 0, 0, d.code.as_str(), d.message.as_str()),
    }
}

/// The segments of a wire name with every list marker or concrete index spelled `N`, so that the
/// documented `ResourceIds.N`, `ResourceIds.n` and the example's `ResourceIds.0` compare equal.
/// Unlike [`crate::ir::wire_name::WireName::parse`] this accepts anything, so it suits examples.
pub(crate) fn segments(name: &str) -> Vec<String> {
    name.trim()
        .split('.')
        .enumerate()
        .map(|(i, s)| {
            let is_index = s == "N" || s == "n" || (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
            if i > 0 && is_index {
                "N".to_string()
            } else {
                s.to_string()
            }
        })
        .collect()
}

/// [`segments`] joined back: the name used to compare a documented name and an example's.
pub(crate) fn canonical(name: &str) -> String {
    segments(name).join(".")
}

/// One table of fields with a phrase naming it in messages ("the request params of `Foo`").
pub(crate) struct Table<'a> {
    /// How messages name the table.
    pub what: String,
    /// Its rows.
    pub fields: &'a [Field],
    /// True for an action's params or response, false for a model's fields.
    pub in_action: bool,
}

/// Every table of the family: each action's params and response, then each model's fields.
pub(crate) fn tables<'a>(actions: &'a [Action], models: &'a BTreeMap<String, Model>) -> Vec<Table<'a>> {
    let mut out = Vec::new();
    for a in actions {
        out.push(Table {
            what: format!("the request params of `{}`", a.name),
            fields: &a.params,
            in_action: true,
        });
        out.push(Table {
            what: format!("the response fields of `{}`", a.name),
            fields: &a.response,
            in_action: true,
        });
    }
    for m in models.values() {
        out.push(Table { what: format!("model `{}`", m.name), fields: &m.fields, in_action: false });
    }
    out
}

/// How deep model references are followed; a model that contains itself must not loop forever.
const MAX_DEPTH: usize = 32;

/// Finds the documented field an example's param name refers to, with the type its value must
/// have: a row with the same name (`ResourceIds.0` → `ResourceIds.N`), an item of a row typed as
/// a list (`Ids.0` → `Ids`, `array[int]`: an `int`), or a member of a model a shorter row refers
/// to (`Disks.0.Size` → field `Size` of the model `Disks.N` is typed with).
pub(crate) fn resolve_param<'a>(
    fields: &'a [Field],
    models: &'a BTreeMap<String, Model>,
    name: &str,
) -> Option<(&'a Field, &'a Type)> {
    resolve_segments(fields, models, &segments(name), 0)
}

fn resolve_segments<'a>(
    fields: &'a [Field],
    models: &'a BTreeMap<String, Model>,
    want: &[String],
    depth: usize,
) -> Option<(&'a Field, &'a Type)> {
    if depth > MAX_DEPTH || want.is_empty() {
        return None;
    }
    if let Some(f) = fields.iter().find(|f| segments(&f.name) == want) {
        return Some((f, &f.ty));
    }
    fields.iter().find_map(|f| {
        let have = segments(&f.name);
        let mut rest = want.strip_prefix(have.as_slice())?;
        let mut ty = &f.ty;
        // `Disks` typed `array[Disk]`: the example says `Disks.0.Size`.
        if let Type::List(inner) = ty {
            if rest.first().map(String::as_str) == Some("N") {
                rest = &rest[1..];
                ty = inner;
                if rest.is_empty() {
                    return Some((f, ty));
                }
            }
        }
        let model = models.get(ty.model_name()?)?;
        resolve_segments(&model.fields, models, rest, depth + 1)
    })
}

/// True for a decimal number as money is written: `12`, `-3.50`, `0.125`.
pub(crate) fn is_decimal(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match frac {
        Some(f) => digits(f) && (int.is_empty() || digits(int)),
        None => digits(int),
    }
}

/// Why a request example's text cannot be a value of `ty`, or `None` when it can.
pub(crate) fn text_misfit(ty: &Type, format: Option<Format>, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match ty {
        Type::Int if v.parse::<i128>().is_err() => Some("is not an integer".into()),
        Type::Float if !is_decimal(v) && !v.parse::<f64>().is_ok_and(f64::is_finite) => {
            Some("is not a number".into())
        }
        Type::Bool if !["true", "false", "0", "1"].iter().any(|b| v.eq_ignore_ascii_case(b)) => {
            Some("is not a boolean".into())
        }
        Type::String if format == Some(Format::Money) && !is_decimal(v) => {
            Some("is not a decimal amount, though the field holds money".into())
        }
        Type::Object | Type::Model(_)
            if !serde_json::from_str::<serde_json::Value>(v).is_ok_and(|j| j.is_object()) =>
        {
            Some("is not an object".into())
        }
        Type::Array | Type::List(_)
            if !serde_json::from_str::<serde_json::Value>(v).is_ok_and(|j| j.is_array()) =>
        {
            Some("is not an array".into())
        }
        _ => None,
    }
}

/// Why a response example's JSON value cannot be a value of `ty`, or `None` when it can. Lenient
/// where an SDK copes anyway (a number in a string field); `null` always fits.
pub(crate) fn json_misfit(ty: &Type, format: Option<Format>, value: &serde_json::Value) -> Option<String> {
    use serde_json::Value as J;
    let kind = match value {
        J::Null => return None,
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
    };
    let fits = match (ty, value) {
        (Type::Int, J::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
        (Type::Float, J::Number(_)) => true,
        (Type::Bool, J::Bool(_)) => true,
        (Type::String, J::String(s)) if format == Some(Format::Money) => {
            if is_decimal(s) {
                true
            } else {
                return Some(format!("is {kind} that is not a decimal amount, though the field holds money"));
            }
        }
        (Type::String, J::String(_) | J::Number(_) | J::Bool(_)) => true,
        (Type::Object | Type::Model(_), J::Object(_)) => true,
        (Type::Array | Type::List(_), J::Array(_)) => true,
        _ => false,
    };
    (!fits).then(|| format!("is {kind}"))
}

/// The line of a row for messages that point elsewhere ("line 12"), or a stand-in.
pub(crate) fn where_is(field: &Field) -> String {
    match &field.loc {
        Some(l) => format!("{}:{}", l.file, l.line),
        None => "an unknown line".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::test_util::*;

    #[test]
    fn canonical_names_match_examples_and_docs() {
        assert_eq!(canonical("ResourceIds.0"), "ResourceIds.N");
        assert_eq!(canonical("ResourceIds.n"), "ResourceIds.N");
        assert_eq!(canonical("Disks.12.Size"), "Disks.N.Size");
        assert_eq!(canonical("N"), "N");
        assert_eq!(canonical(""), "");
    }

    #[test]
    fn resolves_through_a_model() {
        let disk = model("Disk", vec![field("Size", Type::Int, 20)]);
        let ms = models(vec![disk]);
        let params = vec![field("Disks.N", Type::Model("Disk".into()), 5)];
        assert_eq!(resolve_param(&params, &ms, "Disks.0.Size").map(|f| f.0.name.as_str()), Some("Size"));
        let params = vec![field("Disks", Type::List(Box::new(Type::Model("Disk".into()))), 5)];
        assert_eq!(resolve_param(&params, &ms, "Disks.1.Size").map(|f| f.0.name.as_str()), Some("Size"));
        assert!(resolve_param(&params, &ms, "Disks.1.Colour").is_none());
        let params = vec![field("Ids", Type::List(Box::new(Type::Int)), 5)];
        assert_eq!(resolve_param(&params, &ms, "Ids.3").map(|f| f.1), Some(&Type::Int));
    }

    #[test]
    fn self_referencing_models_do_not_loop() {
        let node = model("Node", vec![field("Child", Type::Model("Node".into()), 3)]);
        let ms = models(vec![node]);
        let params = vec![field("Root", Type::Model("Node".into()), 1)];
        let deep = format!("Root{}", ".Child".repeat(100));
        assert!(resolve_param(&params, &ms, &format!("{deep}.Missing")).is_none());
    }

    #[test]
    fn decimals() {
        for ok in ["0", "12.50", "-3", ".5", "+1.0"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "AgXuWXUE", "1.2.3", "1e5", "-", "1."] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn diagnostics_come_back_sorted() {
        let a = action(
            "A",
            vec![field("X", Type::Int, 9), field("X", Type::Int, 10), field("T", Type::String, 3)],
            vec![],
        );
        let mut a = a;
        a.params[2].description = "Unix timestamp".into();
        a.params[1].deprecated = true;
        a.params[1].required = true;
        let out = lint(&[a], &BTreeMap::new());
        let lines: Vec<_> = out.iter().map(|d| (d.loc.as_ref().unwrap().line, d.code.clone())).collect();
        assert_eq!(
            lines,
            [
                (3, "timestamp-as-string".to_string()),
                (10, "deprecated-required".to_string()),
                (10, "duplicate-param".to_string())
            ]
        );
    }

    #[test]
    fn the_billing_seed_findings() {
        // The shapes of the billing seeds, rebuilt by hand: one family, several findings.
        let mut page_size = field("PageSize", Type::Int, 14);
        page_size.constraints.min = Some(10);
        page_size.constraints.max = Some(100);
        let mut end = field("EndTime", Type::Int, 12);
        end.constraints.greater_than = Some("StartTime".into());
        let mut bonus = field("BonusAccount", Type::String, 60);
        bonus.format = Some(Format::Money);
        let ms = models(vec![model("OrderItemDetail", vec![field("OrderNo", Type::String, 59), bonus])]);
        let mut list = action(
            "ListPaidOrders",
            vec![
                field("StartTime", Type::Int, 11),
                end,
                page_size,
                field("OrganizationIds.N", Type::Int, 23),
            ],
            vec![
                field("RetCode", Type::Int, 27),
                field("Orders", Type::List(Box::new(Type::Model("OrderItemDetail".into()))), 33),
            ],
        );
        list.examples.request = vec![
            ex("Action", "ListPaidOrders", 100),
            ex("Region", "cn-zj", 101),
            ex("PageSize", "9", 102),
            ex("StartTime", "6", 103),
            ex("EndTime", "5", 104),
            ex("OrganizationIds.N", "8", 105),
        ];
        list.examples.response = Some(
            "{\n\"Orders\": [\n{\n\"BonusAccount\": \"AgXuWXUE\",\n\"CreditAccount\": \"x\",\n\"OrderNo\": \"y\"\n}\n],\n\"RetCode\": 0\n}"
                .into(),
        );
        list.examples.response_loc = loc(106);
        let others: Vec<Action> = ["GetOrderAmount", "DownloadListPaidOrders", "ListUnpaidOrders"]
            .iter()
            .zip([Type::String, Type::Int, Type::Int])
            .map(|(name, ty)| action(name, vec![field("OrganizationIds.N", ty, 200)], vec![]))
            .collect();
        let mut all = vec![list];
        all.extend(others);
        assert!(crate::validate::fields::check(&all, &ms).is_empty());
        let got: Vec<String> =
            lint(&all, &ms).iter().map(|d| format!("{}:{}", d.loc.as_ref().unwrap().line, d.code)).collect();
        assert_eq!(
            got,
            [
                "102:example-breaks-rule",
                "104:example-breaks-rule",
                "109:example-type-mismatch",
                "110:undocumented-field",
                "200:inconsistent-type"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(
            names in proptest::collection::vec("[A-Za-z.N0-9 ]{0,12}", 0..6),
            values in proptest::collection::vec("\\PC{0,8}", 0..6),
            response in "\\PC{0,60}",
            json_keys in proptest::collection::vec("[A-Z][a-z]{0,3}", 0..4),
        ) {
            let fields: Vec<Field> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let ty = [Type::Int, Type::String, Type::Model("M".into()), Type::List(Box::new(Type::Float))][i % 4].clone();
                    let mut f = field(n, ty, i as u32);
                    f.constraints.greater_than = names.first().cloned();
                    f.constraints.max_range_days = Some(1);
                    f.format = (i % 2 == 0).then_some(Format::Money);
                    f
                })
                .collect();
            let ms = models(vec![model("M", fields.clone())]);
            let mut a = action("A", fields.clone(), fields);
            a.examples.request = names.iter().zip(&values).map(|(n, v)| ex(n, v, 1)).collect();
            let keys: Vec<String> = json_keys.iter().map(|k| format!("\"{k}\": {{\"{k}\": [1, \"x\", {{}}]}}")).collect();
            for text in [response.clone(), format!("{{{}}}", keys.join(","))] {
                a.examples.response = Some(text);
                a.examples.response_loc = loc(3);
                let _ = lint(std::slice::from_ref(&a), &ms);
                let _ = crate::validate::fields::check(std::slice::from_ref(&a), &ms);
            }
            use crate::load::duplicates::{resolve_duplicates, Copy};
            let copies = [Copy { file: "a", action: &a }, Copy { file: "b", action: &a }];
            let _ = resolve_duplicates("A", &copies, None);
            let pair = vec![("a".into(), ms["M"].clone()), ("b".into(), model("M", vec![]))];
            let _ = crate::load::merge_models::merge_models(pair);
        }
    }
}
