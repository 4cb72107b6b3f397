//! `parse_spec(to_yaml(doc)) == doc` (locations aside) over generated documents.

use proptest::prelude::*;
use sdkgen::ir::{
    Action, Constraints, Document, ExampleParam, Examples, Field, Format, HttpMethod, Model, Type,
};
use sdkgen::yaml::{parse_spec, to_yaml};

/// Pieces that trip up YAML writers: things that read as numbers, booleans or null, quotes,
/// comment and mapping markers, blanks, line breaks, Chinese, control characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("010".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("~".to_string()),
        Just("1e5".to_string()),
        Just("0x1F".to_string()),
        Just("yes".to_string()),
        Just("中文描述".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("#".to_string()),
        Just(" #".to_string()),
        Just(": ".to_string()),
        Just("name: X".to_string()),
        Just("- ".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        Just("[a, b]".to_string()),
        Just("{".to_string()),
        Just(",".to_string()),
        Just("|".to_string()),
        Just(">".to_string()),
        Just("&a *b !c %d @e `f".to_string()),
        Just("\\".to_string()),
        Just("---".to_string()),
        Just("\u{2028}\u{85}\u{7}\u{feff}\u{7f}".to_string()),
        "[a-zA-Z0-9 ]{1,12}",
        any::<char>().prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..6).prop_map(|v| v.concat())
}

fn model_name() -> impl Strategy<Value = String> {
    "[A-Z][A-Za-z0-9_]{0,10}".prop_filter("not a builtin type word", |s| {
        !["string", "int", "float", "bool", "boolean", "object", "array"].contains(&s.to_lowercase().as_str())
    })
}

fn ty() -> impl Strategy<Value = Type> {
    let leaf = prop_oneof![
        Just(Type::String),
        Just(Type::Int),
        Just(Type::Float),
        Just(Type::Bool),
        Just(Type::Object),
        Just(Type::Array),
        model_name().prop_map(Type::Model),
    ];
    leaf.prop_recursive(3, 8, 1, |inner| inner.prop_map(|t| Type::List(Box::new(t))))
}

fn constraints() -> impl Strategy<Value = Constraints> {
    (
        proptest::option::of(any::<i64>()),
        proptest::option::of(any::<i64>()),
        proptest::option::of(text()),
        prop::collection::vec(text(), 0..3),
        proptest::option::of(any::<u32>()),
        proptest::option::of(any::<u32>()),
        proptest::option::of(text()),
        proptest::option::of(any::<u32>()),
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(min, max, default, enum_values, min_items, max_items, greater_than, max_range_days, flags)| {
                Constraints {
                    min,
                    max,
                    default,
                    enum_values,
                    min_items,
                    max_items,
                    greater_than,
                    max_range_days,
                    enum_open: flags.0,
                    case_insensitive: flags.1,
                }
            },
        )
}

fn field() -> impl Strategy<Value = Field> {
    (
        text(),
        ty(),
        any::<bool>(),
        text(),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just(Format::Money), Just(Format::UnixSeconds)]),
        constraints(),
        proptest::option::of(text()),
    )
        .prop_map(|(name, ty, required, description, deprecated, format, constraints, rust_name)| {
            Field { name, ty, required, description, deprecated, format, constraints, rust_name, loc: None }
        })
}

fn action() -> impl Strategy<Value = Action> {
    (
        text(),
        text(),
        text(),
        any::<bool>(),
        prop::collection::vec(field(), 0..3),
        prop::collection::vec(field(), 0..3),
        prop::collection::vec((text(), text()), 0..3),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(prop_oneof![
            Just(HttpMethod::PostForm),
            Just(HttpMethod::PostJson),
            Just(HttpMethod::Get)
        ]),
    )
        .prop_map(
            |(
                name,
                title,
                description,
                idempotent,
                params,
                response,
                request,
                example,
                rust_name,
                method,
            )| Action {
                name,
                title,
                description,
                idempotent,
                params,
                response,
                examples: Examples {
                    request: request
                        .into_iter()
                        .map(|(name, value)| ExampleParam { name, value, loc: None })
                        .collect(),
                    response: example,
                    response_loc: None,
                },
                rust_name,
                method,
                loc: None,
            },
        )
}

fn model() -> impl Strategy<Value = Model> {
    (text(), text(), prop::collection::vec(field(), 0..3), proptest::option::of(text())).prop_map(
        |(name, description, fields, rust_name)| Model { name, description, fields, rust_name, loc: None },
    )
}

fn document() -> impl Strategy<Value = Document> {
    (prop::collection::vec(action(), 0..3), prop::collection::vec(model(), 0..3))
        .prop_map(|(actions, models)| Document { actions, models })
}

fn strip(mut doc: Document) -> Document {
    for a in &mut doc.actions {
        a.loc = None;
        a.examples.response_loc = None;
        a.examples.request.iter_mut().for_each(|p| p.loc = None);
        a.params.iter_mut().chain(a.response.iter_mut()).for_each(|f| f.loc = None);
    }
    for m in &mut doc.models {
        m.loc = None;
        m.fields.iter_mut().for_each(|f| f.loc = None);
    }
    doc
}

/// Names are never empty in a real document, and an empty one is refused on reading.
fn named(mut doc: Document) -> Document {
    let fix = |s: &mut String| {
        if s.trim().is_empty() {
            s.insert(0, 'X');
        }
    };
    for a in &mut doc.actions {
        fix(&mut a.name);
        a.params.iter_mut().chain(a.response.iter_mut()).for_each(|f| fix(&mut f.name));
    }
    for m in &mut doc.models {
        fix(&mut m.name);
        m.fields.iter_mut().for_each(|f| fix(&mut f.name));
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn written_specs_read_back(doc in document().prop_map(named)) {
        let text = to_yaml(&doc);
        let (back, diags) = parse_spec("gen.yaml", &text);
        prop_assert!(diags.is_empty(), "{:?}\n{}", diags, text);
        if let Some(back) = &back {
            // Every location found points at a `name:` key.
            let lines: Vec<&str> = text.lines().collect();
            let mut locs: Vec<_> = back.actions.iter().map(|a| a.loc.clone()).collect();
            for a in &back.actions {
                locs.extend(a.params.iter().chain(&a.response).map(|f| f.loc.clone()));
                locs.extend(a.examples.request.iter().map(|p| p.loc.clone()));
            }
            for m in &back.models {
                locs.push(m.loc.clone());
                locs.extend(m.fields.iter().map(|f| f.loc.clone()));
            }
            for loc in locs {
                let loc = loc.expect("every name is found in generated text");
                let line = lines[loc.line as usize - 1];
                let at: String = line.chars().skip(loc.col as usize - 1).collect();
                prop_assert!(at.starts_with("name:"), "{:?} -> {:?}\n{}", loc, line, text);
            }
        }
        prop_assert_eq!(back.map(strip), Some(doc.clone()), "{}", text);
        // Writing is deterministic.
        prop_assert_eq!(to_yaml(&doc), text);
    }

    #[test]
    fn reading_anything_never_panics(text in "\\PC{0,200}") {
        let _ = parse_spec("any.yaml", &text);
    }
}

#[test]
fn an_empty_file_is_an_empty_document() {
    assert_eq!(parse_spec("e.yaml", ""), (Some(Document::default()), vec![]));
    assert_eq!(parse_spec("e.yaml", &to_yaml(&Document::default())).0, Some(Document::default()));
}
