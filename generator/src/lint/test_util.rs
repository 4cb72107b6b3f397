//! Small constructors for building IR in the lint tests.

use crate::ir::{Action, ExampleParam, Field, Loc, Model, Type};
use std::collections::BTreeMap;

/// A location in the test file `t.md`.
pub(crate) fn loc(line: u32) -> Option<Loc> {
    Some(Loc { file: "t.md".into(), line, col: 1 })
}

/// An optional field of `ty` on `line`.
pub(crate) fn field(name: &str, ty: Type, line: u32) -> Field {
    Field { loc: loc(line), ..Field::new(name, ty) }
}

/// An action with no examples, located on line 1.
pub(crate) fn action(name: &str, params: Vec<Field>, response: Vec<Field>) -> Action {
    Action { idempotent: true, loc: loc(1), ..Action::new(name, params, response) }
}

/// A model located on line 1.
pub(crate) fn model(name: &str, fields: Vec<Field>) -> Model {
    Model { loc: loc(1), ..Model::new(name, fields) }
}

/// Models keyed by name.
pub(crate) fn models(list: Vec<Model>) -> BTreeMap<String, Model> {
    list.into_iter().map(|m| (m.name.clone(), m)).collect()
}

/// A request example pair on `line`.
pub(crate) fn ex(name: &str, value: &str, line: u32) -> ExampleParam {
    ExampleParam { name: name.into(), value: value.into(), loc: loc(line) }
}
