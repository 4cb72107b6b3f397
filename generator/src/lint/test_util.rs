//! Small constructors for building IR in the lint tests.

use crate::ir::{Action, Constraints, ExampleParam, Examples, Field, Loc, Model, Type};
use std::collections::BTreeMap;

/// A location in the test file `t.md`.
pub(crate) fn loc(line: u32) -> Option<Loc> {
    Some(Loc { file: "t.md".into(), line, col: 1 })
}

/// An optional field of `ty` on `line`.
pub(crate) fn field(name: &str, ty: Type, line: u32) -> Field {
    Field {
        name: name.into(),
        ty,
        required: false,
        description: String::new(),
        deprecated: false,
        format: None,
        constraints: Constraints::default(),
        rust_name: None,
        loc: loc(line),
    }
}

/// An action with no examples, located on line 1.
pub(crate) fn action(name: &str, params: Vec<Field>, response: Vec<Field>) -> Action {
    Action {
        name: name.into(),
        title: String::new(),
        description: String::new(),
        idempotent: true,
        params,
        response,
        examples: Examples::default(),
        rust_name: None,
        loc: loc(1),
    }
}

/// A model located on line 1.
pub(crate) fn model(name: &str, fields: Vec<Field>) -> Model {
    Model { name: name.into(), description: String::new(), fields, rust_name: None, loc: loc(1) }
}

/// Models keyed by name.
pub(crate) fn models(list: Vec<Model>) -> BTreeMap<String, Model> {
    list.into_iter().map(|m| (m.name.clone(), m)).collect()
}

/// A request example pair on `line`.
pub(crate) fn ex(name: &str, value: &str, line: u32) -> ExampleParam {
    ExampleParam { name: name.into(), value: value.into(), loc: loc(line) }
}
