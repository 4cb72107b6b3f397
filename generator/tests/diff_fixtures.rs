//! `sdkgen diff` over fixture pairs: each case in `fixtures/diff/<case>/{old,new}` makes one
//! kind of change, and the test pins the exact change kinds, their effects and the next version.

use sdkgen::diff::{bump, diff, Api, Bump, ChangeKind, Effect, Part, Report, Scope};
use sdkgen::ir::Family;
use std::path::{Path, PathBuf};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff").join(case)
}

fn load(dir: &Path) -> Family {
    let loaded = sdkgen::load::load_family(dir);
    let rendered = sdkgen::diag::render(&loaded.diagnostics, &loaded.sources, false);
    assert!(!loaded.has_errors(), "{} must load:\n{rendered}", dir.display());
    loaded.family.expect("a family")
}

fn run(case: &str) -> Report {
    let dir = fixture(case);
    diff(&load(&dir.join("old")), &load(&dir.join("new")))
}

/// (kind, scope, part, item, effect) of every change, in report order.
type Row = (ChangeKind, Scope, Part, String, Effect);

fn rows(report: &Report) -> Vec<Row> {
    report
        .changes
        .iter()
        .map(|c| (c.kind.clone(), c.scope.clone(), c.part, c.item.clone(), c.effect))
        .collect()
}

fn action(name: &str) -> Scope {
    Scope::Action(name.to_string())
}

fn model(name: &str) -> Scope {
    Scope::Model(name.to_string())
}

const fn effect(api: Api, wire: bool) -> Effect {
    Effect { api, wire }
}

fn next(report: &Report) -> String {
    bump("0.1.0", report).expect("a version")
}

#[test]
fn identical_versions_have_no_changes() {
    let dir = fixture("param_removed");
    let old = load(&dir.join("old"));
    let report = diff(&old, &old);
    assert!(report.changes.is_empty());
    assert_eq!((report.bump, next(&report)), (Bump::None, "0.1.0".to_string()));
}

#[test]
fn a_removed_param_is_breaking() {
    let report = run("param_removed");
    assert_eq!(
        rows(&report),
        [(
            ChangeKind::ParamRemoved,
            action("ListGadgets"),
            Part::Param,
            "Limit".into(),
            effect(Api::Breaking, true)
        )]
    );
    assert_eq!((report.bump, next(&report)), (Bump::Major, "0.2.0".to_string()));
}

#[test]
fn a_changed_type_is_breaking_and_changes_the_wire() {
    let report = run("type_changed");
    let kind = ChangeKind::ModelFieldRetyped { from: "int".into(), to: "float".into() };
    assert_eq!(
        rows(&report),
        [(kind, model("Gadget"), Part::ModelField, "Weight".into(), effect(Api::Breaking, true))]
    );
    assert_eq!(next(&report), "0.2.0");
}

#[test]
fn an_optional_param_is_additive() {
    let report = run("optional_param_added");
    let kind = ChangeKind::ParamAdded { required: false };
    assert_eq!(
        rows(&report),
        [(kind, action("ListGadgets"), Part::Param, "Offset".into(), effect(Api::Additive, true))]
    );
    assert_eq!((report.bump, next(&report)), (Bump::Minor, "0.1.1".to_string()));
    assert_eq!(bump("1.4.2", &report).unwrap(), "1.5.0");
}

#[test]
fn a_response_field_made_required_is_breaking() {
    let report = run("field_made_required");
    let kind = ChangeKind::FieldRequiredChanged { now_required: true };
    assert_eq!(
        rows(&report),
        [(kind, action("ListGadgets"), Part::Response, "Total".into(), effect(Api::Breaking, true))]
    );
    assert_eq!(next(&report), "0.2.0");
}

#[test]
fn an_enum_value_added_is_additive() {
    let report = run("enum_value_added");
    let kind = ChangeKind::EnumValueAdded { value: "green".into() };
    assert_eq!(
        rows(&report),
        [(kind, action("ListGadgets"), Part::Param, "Color".into(), effect(Api::Additive, true))]
    );
    assert_eq!(next(&report), "0.1.1");
}

#[test]
fn a_renamed_model_is_one_change_not_a_removal_an_addition_and_retypes() {
    let report = run("model_renamed");
    let kind = ChangeKind::ModelRenamed { from: "Gadget".into(), to: "Device".into() };
    assert_eq!(
        rows(&report),
        [(kind, model("Device"), Part::Itself, String::new(), effect(Api::Breaking, false))]
    );
    assert_eq!(next(&report), "0.2.0");
}

#[test]
fn a_rename_whose_uses_moved_elsewhere_is_a_removal_and_an_addition() {
    let dir = fixture("model_renamed");
    let old = load(&dir.join("old"));
    let mut new = load(&dir.join("new"));
    // GetGadget no longer returns the model: the same fields under a new name, but used in
    // fewer places, so the uses did not all move and this is not a plain rename.
    let item = new.actions.iter_mut().find(|a| a.name == "GetGadget").unwrap();
    item.response.retain(|f| f.name != "Item");
    let report = diff(&old, &new);
    let kinds: Vec<&ChangeKind> = report.changes.iter().map(|c| &c.kind).collect();
    assert!(kinds.contains(&&ChangeKind::ModelRemoved), "{kinds:?}");
    assert!(kinds.contains(&&ChangeKind::ModelAdded), "{kinds:?}");
    assert!(!kinds.iter().any(|k| matches!(k, ChangeKind::ModelRenamed { .. })), "{kinds:?}");
}

#[test]
fn an_added_and_a_removed_action() {
    let report = run("action_added_removed");
    assert_eq!(
        rows(&report),
        [
            (
                ChangeKind::ActionAdded,
                action("DeleteGadget"),
                Part::Itself,
                String::new(),
                effect(Api::Additive, true)
            ),
            (
                ChangeKind::ActionRemoved,
                action("GetGadget"),
                Part::Itself,
                String::new(),
                effect(Api::Breaking, true)
            ),
        ]
    );
    assert_eq!(next(&report), "0.2.0");
}

#[test]
fn a_deprecated_field_is_additive_and_off_the_wire() {
    let report = run("field_deprecated");
    assert_eq!(
        rows(&report),
        [(
            ChangeKind::Deprecated,
            model("Gadget"),
            Part::ModelField,
            "Weight".into(),
            effect(Api::Additive, false)
        )]
    );
    assert_eq!(next(&report), "0.1.1");
}

#[test]
fn reversing_a_diff_reverses_the_classification() {
    // Removing an optional param is breaking; adding it back is additive.
    let dir = fixture("optional_param_added");
    let report = diff(&load(&dir.join("new")), &load(&dir.join("old")));
    assert_eq!(
        rows(&report),
        [(
            ChangeKind::ParamRemoved,
            action("ListGadgets"),
            Part::Param,
            "Offset".into(),
            effect(Api::Breaking, true)
        )]
    );
}

#[test]
fn idempotency_docs_and_rust_names_are_classified() {
    let dir = fixture("param_removed");
    let old = load(&dir.join("old"));
    let mut new = old.clone();
    let get = new.actions.iter_mut().find(|a| a.name == "GetGadget").unwrap();
    get.idempotent = !get.idempotent;
    get.description = "Fetch one gadget.".into();
    get.rust_name = Some("fetch_gadget".into());
    let report = diff(&old, &new);
    let got: Vec<(ChangeKind, Api)> = report.changes.iter().map(|c| (c.kind.clone(), c.effect.api)).collect();
    assert_eq!(
        got,
        [
            (ChangeKind::IdempotencyChanged { now_idempotent: new.actions[0].idempotent }, Api::Additive),
            (ChangeKind::RustNameChanged { from: String::new(), to: "fetch_gadget".into() }, Api::Breaking),
            (ChangeKind::DocsChanged { what: "description".into() }, Api::Docs),
        ]
    );
    // Docs alone make a patch release.
    let mut docs_only = old.clone();
    docs_only.actions[0].description = "Fetch one gadget.".into();
    let report = diff(&old, &docs_only);
    assert_eq!((report.bump, next(&report)), (Bump::Patch, "0.1.1".to_string()));
}

#[test]
fn the_changelog_entry_lists_changes_by_section() {
    let dir = fixture("action_added_removed");
    let report = diff(&load(&dir.join("old")), &load(&dir.join("new")));
    let entry = sdkgen::diff::render_changelog_entry("0.2.0", &report);
    assert_eq!(
        entry,
        "## 0.2.0\n\n### Breaking\n\n- `GetGadget`: action removed (wire)\n\n\
         ### Added\n\n- `DeleteGadget`: action added (wire)\n\n"
    );
    let none = sdkgen::diff::render_changelog_entry(
        "0.1.0",
        &diff(&load(&dir.join("old")), &load(&dir.join("old"))),
    );
    assert_eq!(none, "## 0.1.0\n\nNo API changes.\n");
}

#[test]
fn billing_against_compute_is_total_and_ordered() {
    // Two unrelated families: everything differs, nothing panics, the order is stable.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let (billing, compute) = (load(&root.join("billing")), load(&root.join("compute")));
    let report = diff(&billing, &compute);
    assert_eq!(report, diff(&billing, &compute));
    let removed = report.changes.iter().filter(|c| c.kind == ChangeKind::ActionRemoved).count();
    let added = report.changes.iter().filter(|c| c.kind == ChangeKind::ActionAdded).count();
    assert_eq!((removed, added), (billing.actions.len(), compute.actions.len()));
    let mut sorted = report.changes.clone();
    sorted.sort_by(|a, b| (&a.scope, &a.item, a.part, &a.kind).cmp(&(&b.scope, &b.item, b.part, &b.kind)));
    assert_eq!(sorted, report.changes);
}

fn limit(family: &mut Family) -> &mut sdkgen::ir::Field {
    let action = family.actions.iter_mut().find(|a| a.name == "ListGadgets").unwrap();
    action.params.iter_mut().find(|p| p.name == "Limit").unwrap()
}

#[test]
fn a_param_made_required_with_a_default_the_sdk_sends_stays_a_setter() {
    let old = load(&fixture("field_made_required").join("old"));
    let mut with_default = old.clone();
    limit(&mut with_default).constraints.default = Some("20".into());
    let mut required = with_default.clone();
    limit(&mut required).required = true;
    let kind = ChangeKind::ParamRequiredChanged { now_required: true };
    // A setter before and after; only the wire moves (the SDK now always sends 20).
    assert_eq!(
        rows(&diff(&with_default, &required)),
        [(
            kind.clone(),
            action("ListGadgets"),
            Part::Param,
            "Limit".to_string(),
            effect(Api::Additive, true)
        )]
    );
    // Without a default it becomes a method argument: breaking.
    let mut bare = old.clone();
    limit(&mut bare).required = true;
    assert_eq!(rows(&diff(&old, &bare))[0].4, effect(Api::Breaking, true));
}

#[test]
fn a_name_another_takes_in_the_new_docs_is_a_breaking_rename_in_rust() {
    let dir = fixture("model_renamed");
    let old = load(&dir.join("old"));
    let mut new = old.clone();
    // `GADGET` sorts before `Gadget` and converts to the same Rust name: it takes `Gadget`, and
    // the model every user already holds becomes `Gadget2`. Nothing in the IR says so.
    let mut shouting = new.models["Gadget"].clone();
    shouting.name = "GADGET".into();
    new.models.insert("GADGET".into(), shouting);
    let report = diff(&old, &new);
    let renamed = ChangeKind::RustNameChanged { from: "Gadget".into(), to: "Gadget2".into() };
    let row = (renamed, model("Gadget"), Part::Itself, String::new(), effect(Api::Breaking, false));
    assert!(rows(&report).contains(&row), "{:#?}", rows(&report));
    assert_eq!(next(&report), "0.2.0");
}
