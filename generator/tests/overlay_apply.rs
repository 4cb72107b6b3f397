//! Overlays: every operation, and every way an entry can fail to match.

use sdkgen::diag::Diagnostic;
use sdkgen::ir::{Action, Format, Model, Type};
use sdkgen::overlay::{apply, parse_overlay, Overlay};
use sdkgen::yaml::parse_spec;
use std::collections::BTreeMap;

fn fixture(name: &str) -> (String, String) {
    let path = format!("{}/tests/fixtures/overlay/{name}", env!("CARGO_MANIFEST_DIR"));
    (format!("fixtures/overlay/{name}"), std::fs::read_to_string(path).expect("fixture exists"))
}

fn docs() -> (Vec<Action>, BTreeMap<String, Model>) {
    let (path, text) = fixture("docs.yaml");
    let doc = parse_spec(&path, &text).0.expect("docs fixture reads");
    (doc.actions, doc.models.into_iter().map(|m| (m.name.clone(), m)).collect())
}

fn overlay(name: &str) -> Overlay {
    let (path, text) = fixture(name);
    let (overlay, diags) = parse_overlay(&path, &text);
    assert!(diags.is_empty(), "{diags:?}");
    overlay.expect("overlay reads")
}

fn applied() -> (Vec<Action>, BTreeMap<String, Model>) {
    let (mut actions, mut models) = docs();
    let diags = apply(&overlay("overlay.yaml"), &mut actions, &mut models);
    assert!(diags.is_empty(), "{diags:?}");
    (actions, models)
}

fn line_of(d: &Diagnostic) -> Option<u32> {
    d.loc.as_ref().map(|l| l.line)
}

#[test]
fn action_level_corrections() {
    let (actions, _) = applied();
    let get = &actions[0];
    assert!(!get.idempotent, "Get… would default to idempotent");
    assert_eq!(get.rust_name.as_deref(), Some("order_amount"));
    assert_eq!(get.title, "Get Order Amount");
    assert!(actions[1].idempotent, "Create… would default to not idempotent");
}

#[test]
fn a_type_is_changed() {
    let (actions, _) = applied();
    assert_eq!(actions[0].params[0].ty, Type::Int);
}

#[test]
fn required_enum_limits_default_rename_and_deprecation() {
    let (actions, _) = applied();
    let size = actions[0].params.iter().find(|p| p.name == "PageSize").expect("PageSize");
    assert!(!size.required);
    assert_eq!(size.constraints.enum_values, ["10", "20", "50"]);
    assert_eq!((size.constraints.min, size.constraints.max), (Some(10), Some(100)));
    assert_eq!(size.constraints.default.as_deref(), Some("20"));
    assert_eq!(size.rust_name.as_deref(), Some("size"));
    assert!(size.deprecated);
}

#[test]
fn formats_are_marked() {
    let (actions, models) = applied();
    let start = actions[0].params.iter().find(|p| p.name == "StartTime").expect("StartTime");
    assert_eq!(start.format, Some(Format::UnixSeconds));
    assert_eq!(actions[0].response[1].format, Some(Format::Money));
    assert_eq!(models["OrderItemDetail"].fields[0].format, Some(Format::Money));
}

#[test]
fn a_documented_field_is_removed() {
    let (actions, _) = applied();
    assert!(!actions[0].params.iter().any(|p| p.name == "Legacy"));
}

#[test]
fn undocumented_fields_are_added_where_the_overlay_says() {
    let (actions, models) = applied();
    let region = actions[0].params.last().expect("a param");
    assert_eq!((region.name.as_str(), &region.ty), ("Region", &Type::String));
    assert_eq!(region.description, "Region of the orders");
    assert_eq!(line_of_loc(&region.loc), Some(19), "an added field points at its overlay line");

    let credit = actions[0].response.last().expect("a response field");
    assert_eq!(credit.name, "CreditAccount");
    assert_eq!(credit.format, Some(Format::Money));
    assert_eq!(credit.description, "Credit account deduction");

    let model = &models["OrderItemDetail"];
    assert_eq!(model.rust_name.as_deref(), Some("OrderItem"));
    let added = model.fields.last().expect("a field");
    assert_eq!(added.ty, Type::List(Box::new(Type::Int)));
    assert!(added.required, "keys beside `add` apply to the added field");
}

fn line_of_loc(loc: &Option<sdkgen::ir::Loc>) -> Option<u32> {
    loc.as_ref().map(|l| l.line)
}

#[test]
fn duplicate_choices_are_listed() {
    let o = overlay("overlay.yaml");
    let choices = o.duplicate_choices();
    assert_eq!(
        choices.get("DescribeLoadBalancers").map(String::as_str),
        Some("describe_load_balancers_json.md")
    );
    assert_eq!(line_of_loc(&o.duplicates.0[0].loc), Some(33));
}

#[test]
fn entries_that_match_nothing_are_errors_at_their_line() {
    let (mut actions, mut models) = docs();
    let diags = apply(&overlay("stale.yaml"), &mut actions, &mut models);
    let summary: Vec<(String, Option<u32>, Option<String>)> =
        diags.iter().map(|d| (d.code.clone(), line_of(d), d.hint.clone())).collect();
    assert!(diags.iter().all(Diagnostic::is_error));
    assert_eq!(summary.len(), 7, "{summary:#?}");
    assert_eq!(
        summary[0],
        ("overlay-unknown-action".into(), Some(2), Some("did you mean `GetOrderAmount`?".into()))
    );
    assert_eq!(summary[1].0, "overlay-unknown-param");
    assert_eq!(summary[1].1, Some(6));
    assert!(summary[1].2.as_deref().unwrap_or_default().starts_with("did you mean `Count`?"));
    assert_eq!(summary[2].0, "overlay-unknown-param");
    assert!(summary[2].2.as_deref().unwrap_or_default().contains("add: { type"), "{:?}", summary[2]);
    assert_eq!((summary[3].0.as_str(), summary[3].1), ("overlay-unknown-field", Some(9)));
    assert_eq!(
        summary[4],
        ("overlay-unknown-model".into(), Some(11), Some("did you mean `OrderItemDetail`?".into()))
    );
    assert_eq!((summary[5].0.as_str(), summary[5].1), ("overlay-field-exists", Some(15)));
    assert_eq!((summary[6].0.as_str(), summary[6].1), ("overlay-unknown-field", Some(16)));
    assert!(
        diags[0].to_string().starts_with("fixtures/overlay/stale.yaml:2:3: error[overlay-unknown-action]"),
        "{}",
        diags[0]
    );
}

#[test]
fn problems_visible_without_the_docs_are_reported_on_reading() {
    let (path, text) = fixture("invalid.yaml");
    let (o, diags) = parse_overlay(&path, &text);
    assert!(o.is_none());
    let codes: Vec<(&str, Option<u32>)> = diags.iter().map(|d| (d.code.as_str(), line_of(d))).collect();
    assert_eq!(
        codes,
        [
            ("overlay-bad-type", Some(4)),
            ("overlay-conflict", Some(5)),
            ("overlay-missing-type", Some(6)),
            ("overlay-bad-rename", Some(7)),
        ]
    );
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `int`?"));
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let (path, text) = fixture("unknown_key.yaml");
    let (o, diags) = parse_overlay(&path, &text);
    assert!(o.is_none());
    assert_eq!(diags[0].code, "overlay-unknown-key");
    assert_eq!(line_of(&diags[0]), Some(4));
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `required`?"));
}

#[test]
fn duplicate_entries_and_empty_files() {
    let (o, diags) = parse_overlay("o.yaml", "actions:\n  A: {}\n  A: {}\n");
    assert!(o.is_none());
    assert!(diags[0].is_error(), "{diags:?}");
    assert_eq!(parse_overlay("o.yaml", "# nothing to correct\n"), (Some(Overlay::default()), vec![]));
    let (o, diags) = parse_overlay("o.yaml", "duplicates:\n  A: ''\n");
    assert!(o.is_none());
    assert_eq!(diags[0].code, "overlay-empty-choice");
}

#[test]
fn an_empty_overlay_changes_nothing() {
    let (mut actions, mut models) = docs();
    let before = (actions.clone(), models.clone());
    assert!(apply(&Overlay::default(), &mut actions, &mut models).is_empty());
    assert_eq!((actions, models), before);
}

#[test]
fn unmarking_money_clears_the_format() {
    let (mut actions, mut models) = docs();
    let o = parse_overlay(
        "o.yaml",
        "actions:\n  GetOrderAmount:\n    response:\n      Amount: { money: true }\n",
    )
    .0
    .expect("o");
    apply(&o, &mut actions, &mut models);
    let o = parse_overlay(
        "o.yaml",
        "actions:\n  GetOrderAmount:\n    response:\n      Amount: { money: false }\n",
    )
    .0
    .expect("o");
    assert!(apply(&o, &mut actions, &mut models).is_empty());
    assert_eq!(actions[0].response[1].format, None);
}

proptest::proptest! {
    #[test]
    fn reading_and_applying_anything_never_panics(text in "\\PC{0,200}") {
        if let (Some(o), _) = parse_overlay("any.yaml", &text) {
            let (mut actions, mut models) = docs();
            let _ = apply(&o, &mut actions, &mut models);
        }
    }
}

#[test]
fn the_example_in_the_format_doc_reads() {
    let path = format!("{}/../docs/overlay-format.md", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("doc exists");
    let block = text.split("```yaml\n").nth(1).and_then(|b| b.split("```").next()).expect("an example");
    let (o, diags) = parse_overlay("overlay-format.md", block);
    assert!(diags.is_empty(), "{diags:?}");
    let o = o.expect("overlay");
    assert_eq!(o.actions.0[0].patch.params.0.len(), 5);
    assert_eq!(o.duplicate_choices().len(), 1);
}
