//! Reading hand-written spec files and `family.yaml`: values, defaults, locations, errors.

use sdkgen::ir::{Format, HttpMethod, Type};
use sdkgen::yaml::{default_family_config, parse_family_config, parse_spec, to_yaml};

fn fixture(name: &str) -> (String, String) {
    let path = format!("{}/tests/fixtures/yaml/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    (format!("fixtures/yaml/{name}"), text)
}

#[test]
fn a_hand_written_spec_reads_into_the_ir() {
    let (path, text) = fixture("billing.yaml");
    let (doc, diags) = parse_spec(&path, &text);
    assert!(diags.is_empty(), "{diags:?}");
    let doc = doc.expect("document");
    assert_eq!(doc.actions.len(), 2);
    let list = &doc.actions[0];
    assert_eq!(list.name, "ListPaidOrders");
    assert!(list.idempotent, "defaults from the verb");
    assert_eq!(
        list.description,
        "Query detailed list of completed (paid) orders.\nThe data range is [StartTime, EndTime).\n"
    );
    assert_eq!(list.params[0].format, Some(Format::UnixSeconds));
    assert!(list.params[0].required);
    assert_eq!((list.params[1].constraints.min, list.params[1].constraints.max), (Some(10), Some(100)));
    assert_eq!(list.params[2].name, "ResourceIds.N");
    assert!(!list.params[2].required);
    assert_eq!(list.params[3].constraints.enum_values, ["modelverse", "sandbox"]);
    assert_eq!(list.response[1].ty, Type::List(Box::new(Type::Model("OrderItemDetail".into()))));
    assert_eq!(list.examples.request[1].value, "010", "example values stay text");
    assert_eq!(list.examples.response.as_deref(), Some("{ \"RetCode\": 0, \"Orders\": [] }\n"));

    let create = &doc.actions[1];
    assert!(create.idempotent, "an explicit value beats the verb");
    assert_eq!(create.rust_name.as_deref(), Some("create_order_v2"));
    assert_eq!(create.params[0].format, Some(Format::Money));

    let model = &doc.models[0];
    assert_eq!(model.name, "OrderItemDetail");
    assert!(model.fields[1].deprecated);
}

#[test]
fn locations_come_from_the_text() {
    let (path, text) = fixture("billing.yaml");
    let doc = parse_spec(&path, &text).0.expect("document");
    let line_col = |loc: &Option<sdkgen::ir::Loc>| loc.as_ref().map(|l| (l.line, l.col));
    assert_eq!(line_col(&doc.actions[0].loc), Some((3, 5)));
    assert_eq!(doc.actions[0].loc.as_ref().map(|l| l.file.as_str()), Some(path.as_str()));
    assert_eq!(line_col(&doc.actions[0].params[1].loc), Some((14, 9)));
    assert_eq!(line_col(&doc.actions[0].params[2].loc), Some((19, 11)), "flow item");
    assert_eq!(line_col(&doc.actions[0].response[0].loc), Some((25, 11)));
    assert_eq!(line_col(&doc.actions[0].examples.request[1].loc), Some((28, 61)));
    assert_eq!(line_col(&doc.actions[0].examples.response_loc), Some((29, 7)));
    assert_eq!(line_col(&doc.actions[1].loc), Some((32, 5)));
    assert_eq!(line_col(&doc.models[0].loc), Some((41, 5)));
    assert_eq!(line_col(&doc.models[0].fields[1].loc), Some((45, 9)));
}

#[test]
fn writing_then_reading_keeps_the_fixture() {
    let (path, text) = fixture("billing.yaml");
    let doc = parse_spec(&path, &text).0.expect("document");
    let written = to_yaml(&doc);
    assert!(written.contains("    description: |\n      Query detailed"), "{written}");
    assert!(written.contains("enum: [modelverse, sandbox]"), "{written}");
    assert!(written.contains("value: '010'"), "{written}");
    assert!(!written.contains("loc"), "{written}");
    let again = parse_spec("again.yaml", &written).0.expect("document");
    assert_eq!(to_yaml(&again), written);
}

#[test]
fn an_unknown_key_is_an_error_with_its_place_and_a_suggestion() {
    let (path, text) = fixture("unknown_key.yaml");
    let (doc, diags) = parse_spec(&path, &text);
    assert!(doc.is_none());
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert!(d.is_error());
    assert_eq!(d.code, "yaml-unknown-key");
    assert_eq!(d.loc.as_ref().map(|l| (l.line, l.col)), Some((3, 5)));
    assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    assert!(d.to_string().starts_with("fixtures/yaml/unknown_key.yaml:3:5: error"), "{d}");
}

#[test]
fn unknown_types_are_errors_at_the_type() {
    let (path, text) = fixture("bad_type.yaml");
    let (doc, diags) = parse_spec(&path, &text);
    assert!(doc.is_none());
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert_eq!(diags[0].code, "yaml-bad-type");
    assert_eq!(diags[0].loc.as_ref().map(|l| (l.line, l.col)), Some((5, 15)));
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `int`?"));
    assert_eq!(diags[1].loc.as_ref().map(|l| (l.line, l.col)), Some((8, 30)));
    assert_eq!(diags[1].hint.as_deref(), Some("write `array[string]`"));
}

#[test]
fn a_syntax_error_has_a_place() {
    let (path, text) = fixture("syntax.yaml");
    let (doc, diags) = parse_spec(&path, &text);
    assert!(doc.is_none());
    assert_eq!(diags[0].code, "yaml-syntax");
    assert_eq!(diags[0].loc.as_ref().map(|l| l.line), Some(3));
    assert!(diags[0].hint.is_some());
}

#[test]
fn other_errors_are_reported_too() {
    let missing = parse_spec("m.yaml", "actions:\n  - title: No name\n").1;
    assert_eq!(missing[0].code, "yaml-missing-key");
    let format = parse_spec(
        "f.yaml",
        "models:\n  - name: M\n    fields:\n      - { name: A, type: string, format: mony }\n",
    )
    .1;
    assert_eq!(format[0].code, "yaml-unknown-value");
    assert_eq!(format[0].hint.as_deref(), Some("did you mean `money`?"));
    let empty = parse_spec("e.yaml", "actions:\n  - name: ''\n").1;
    assert_eq!(empty[0].code, "yaml-empty-name");
    assert_eq!(empty[0].loc.as_ref().map(|l| l.line), Some(2));
    let top = parse_spec("t.yaml", "- just a list\n").1;
    assert!(top[0].is_error());
}

#[test]
fn family_yaml_reads_every_key() {
    let (path, text) = fixture("family.yaml");
    let (config, diags) = parse_family_config(&path, &text, "billing-api");
    assert!(diags.is_empty(), "{diags:?}");
    let c = config.expect("config");
    assert_eq!(c.name, "billing");
    assert_eq!(c.crate_name, "surfercloud-billing");
    assert_eq!(c.env_prefix, "BILLING");
    assert_eq!(c.endpoint.as_deref(), Some("https://api.surfercloud.com"));
    assert_eq!(c.common_params[0].name, "ProjectId");
    assert_eq!(c.common_params[0].loc.as_ref().map(|l| l.line), Some(6));
    assert_eq!(c.transport.method, HttpMethod::PostJson);
    assert!(!c.transport.allow_get);
    assert_eq!(c.money_fields, ["*Price", "*Amount"]);
    let fake =
        serde_json::json!({ "history_days": 30, "fields": { "Region": { "one_of": ["cn-zj", "hk"] } } });
    assert_eq!(c.fake, Some(fake));
}

#[test]
fn family_yaml_falls_back_to_the_folder_name() {
    let (config, diags) = parse_family_config("family.yaml", "# nothing yet\n", "UHost-API");
    assert!(diags.is_empty());
    assert_eq!(config, Some(default_family_config("UHost-API")));
    let c = default_family_config("UHost-API");
    assert_eq!(
        (c.name.as_str(), c.crate_name.as_str(), c.env_prefix.as_str()),
        ("uhost", "uhost-api", "UHOST")
    );
    let named = parse_family_config("family.yaml", "name: vpc\n", "whatever").0.expect("config");
    assert_eq!((named.env_prefix.as_str(), named.crate_name.as_str()), ("VPC", "whatever"));
}

#[test]
fn family_yaml_errors_point_at_the_key() {
    let (config, diags) = parse_family_config("family.yaml", "name: billing\nenv_prefx: X\n", "billing");
    assert!(config.is_none());
    assert_eq!(diags[0].code, "family-unknown-key");
    assert_eq!(diags[0].loc.as_ref().map(|l| l.line), Some(2));
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean `env_prefix`?"));
    // Names are validation's: the settings stay usable, and loading reports them at the key.
    let dir = std::env::temp_dir().join(format!("sdkgen-yaml-spec-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let billing = format!("{}/../specs/billing", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(&billing).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let yaml =
        "name: Bill Ing\ncrate_name: 3d\nenv_prefix: A-B\ntransport: { method: get, allow_get: false }\n";
    std::fs::write(dir.join("family.yaml"), yaml).unwrap();
    let loaded = sdkgen::load::load_family(&dir);
    let errors: Vec<(String, u32)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.clone(), d.loc.as_ref().map_or(0, |l| l.line)))
        .collect();
    let want = [
        ("family-bad-name", 1),
        ("family-bad-crate-name", 2),
        ("family-bad-env-prefix", 3),
        ("family-bad-transport", 4),
    ];
    assert_eq!(errors, want.map(|(c, l)| (c.to_string(), l)));
    let family = loaded.family.expect("settings stay usable");
    assert!(sdkgen::validate::ValidFamily::new(&family).is_err(), "the emitter cannot be reached");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The ```yaml blocks of a document under `docs/`.
fn doc_examples(name: &str) -> Vec<String> {
    let path = format!("{}/../docs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("doc exists");
    text.split("```yaml\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_examples_in_the_format_doc_read() {
    let blocks = doc_examples("spec-format.md");
    assert_eq!(blocks.len(), 2);
    let (doc, diags) = parse_spec("spec-format.md", &blocks[0]);
    assert!(diags.is_empty(), "{diags:?}");
    let doc = doc.expect("document");
    assert_eq!((doc.actions.len(), doc.models.len()), (2, 1));
    assert!(doc.actions[1].idempotent);
    let (config, diags) = parse_family_config("family.yaml", &blocks[1], "billing");
    assert!(diags.is_empty() && config.is_some(), "{diags:?}");
    // Its `fake:` section uses only keys the fake server knows (no API names to check here).
    let fake = config.and_then(|c| c.fake).expect("the example has a fake: section");
    let names = sdkgen_schema::fake::ApiNames::new();
    assert!(sdkgen_schema::fake::check(&fake, &names).is_ok(), "{fake}");
}

#[test]
fn an_endpoint_must_be_an_http_url() {
    let (config, diags) = parse_family_config("family.yaml", "name: b\nendpoint: not a url\n", "b");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "family-bad-endpoint");
    assert_eq!(diags[0].loc.as_ref().map(|l| (l.line, l.col)), Some((2, 11)));
    // The rest of the file is still usable, so later checks (the fake: section's) still run.
    assert!(config.is_some());
    let (_, diags) = parse_family_config("family.yaml", "endpoint: http://127.0.0.1:8080\n", "b");
    assert!(diags.is_empty(), "{diags:?}");
}
