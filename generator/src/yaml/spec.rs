//! The spec file's own serde shape, and its conversion to the IR.
//!
//! The IR's derives mirror the JSON `api.json`; a hand-written file wants types as text
//! (`array[int]`), an optional `idempotent` and no locations, so the file has its own types.

use super::error::from_serde;
use super::locate::KeyMap;
use super::types::parse_type;
use crate::diag::Diagnostic;
use crate::ir::{
    default_idempotent, Action, Constraints, Document, ExampleParam, Examples, Field, Format, HttpMethod,
    Model,
};
use serde::Deserialize;
use std::ops::Range;

/// A whole spec file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpecFile {
    #[serde(default)]
    actions: Vec<ActionSpec>,
    #[serde(default)]
    models: Vec<ModelSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSpec {
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    idempotent: Option<bool>,
    #[serde(default)]
    rust_name: Option<String>,
    /// `post-json` for an action whose request is a JSON body when the family's is not.
    #[serde(default)]
    method: Option<HttpMethod>,
    #[serde(default)]
    params: Vec<FieldSpec>,
    #[serde(default)]
    response: Vec<FieldSpec>,
    #[serde(default)]
    examples: ExamplesSpec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamplesSpec {
    #[serde(default)]
    request: Vec<ExampleParamSpec>,
    #[serde(default)]
    response: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleParamSpec {
    name: String,
    value: String,
}

/// A param, response field, model field or common param, as written in YAML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldSpec {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    description: String,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    format: Option<Format>,
    #[serde(default)]
    constraints: Constraints,
    #[serde(default)]
    rust_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelSpec {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    rust_name: Option<String>,
    #[serde(default)]
    fields: Vec<FieldSpec>,
}

/// Builds IR values, collecting diagnostics and attaching locations found in the text.
pub(crate) struct Builder<'a> {
    pub keys: &'a KeyMap,
    pub diags: Vec<Diagnostic>,
    /// Prefix for diagnostic codes (`yaml`, `family`).
    pub prefix: &'a str,
}

impl Builder<'_> {
    /// The events of item `n` of the sequence `items`, when the scan found as many items as
    /// serde read (otherwise positions could be wrong, so none are given).
    fn nth(items: &[Range<usize>], n: usize, expected: usize) -> Range<usize> {
        if items.len() == expected {
            items.get(n).cloned().unwrap_or(0..0)
        } else {
            0..0
        }
    }

    fn check_name(&mut self, what: &str, name: &str, at: &Range<usize>) {
        if name.trim().is_empty() {
            let loc = self.keys.item_name(at.clone()).and_then(|i| self.keys.key_loc(i));
            self.diags.push(
                Diagnostic::error(
                    &format!("{}-empty-name", self.prefix),
                    format!("a {what} has an empty name"),
                )
                .at(loc)
                .hint(format!("give the {what} its documented name")),
            );
        }
    }

    /// Converts the fields of sequence `section`.
    pub fn fields(&mut self, specs: Vec<FieldSpec>, section: Range<usize>) -> Vec<Field> {
        let items = self.keys.items(section);
        let count = specs.len();
        specs.into_iter().enumerate().map(|(n, spec)| self.field(spec, Self::nth(&items, n, count))).collect()
    }

    fn field(&mut self, spec: FieldSpec, at: Range<usize>) -> Field {
        self.check_name("field", &spec.name, &at);
        let name_event = self.keys.item_name(at.clone());
        let ty = match parse_type(&spec.ty) {
            Ok(ty) => ty,
            Err(e) => {
                let type_event = self.keys.find(at.clone(), "type");
                let loc = type_event.and_then(|i| self.keys.value_loc(i));
                self.diags.push(
                    Diagnostic::error(
                        &format!("{}-bad-type", self.prefix),
                        format!("{} (field `{}`)", e.message, spec.name),
                    )
                    .at_span(loc, spec.ty.chars().count())
                    .hint(e.hint),
                );
                crate::ir::Type::String
            }
        };
        Field {
            name: spec.name,
            ty,
            required: spec.required,
            description: spec.description,
            deprecated: spec.deprecated,
            format: spec.format,
            constraints: spec.constraints,
            rust_name: spec.rust_name,
            loc: name_event.and_then(|i| self.keys.key_loc(i)),
        }
    }

    fn action(&mut self, spec: ActionSpec, at: Range<usize>) -> Action {
        self.check_name("action", &spec.name, &at);
        let loc = self.keys.item_name(at.clone()).and_then(|i| self.keys.key_loc(i));
        let params = self.fields(spec.params, self.keys.section(at.clone(), "params"));
        let response = self.fields(spec.response, self.keys.section(at.clone(), "response"));
        let examples_at = self.keys.section(at.clone(), "examples");
        let request_items = self.keys.items(self.keys.section(examples_at.clone(), "request"));
        let count = spec.examples.request.len();
        let request = spec
            .examples
            .request
            .into_iter()
            .enumerate()
            .map(|(n, p)| {
                let item = Self::nth(&request_items, n, count);
                let loc = self.keys.item_name(item).and_then(|i| self.keys.key_loc(i));
                ExampleParam { name: p.name, value: p.value, loc }
            })
            .collect();
        let response_loc = spec
            .examples
            .response
            .as_ref()
            .and_then(|_| self.keys.find(examples_at, "response"))
            .and_then(|i| self.keys.key_loc(i));
        Action {
            idempotent: spec.idempotent.unwrap_or_else(|| default_idempotent(&spec.name)),
            name: spec.name,
            title: spec.title,
            description: spec.description,
            params,
            response,
            examples: Examples { request, response: spec.examples.response, response_loc },
            rust_name: spec.rust_name,
            method: spec.method,
            loc,
        }
    }

    fn model(&mut self, spec: ModelSpec, at: Range<usize>) -> Model {
        self.check_name("model", &spec.name, &at);
        let loc = self.keys.item_name(at.clone()).and_then(|i| self.keys.key_loc(i));
        let fields = self.fields(spec.fields, self.keys.section(at, "fields"));
        Model { name: spec.name, description: spec.description, fields, rust_name: spec.rust_name, loc }
    }

    /// Converts a whole file.
    pub fn document(&mut self, spec: SpecFile) -> Document {
        let all = self.keys.all();
        let action_items = self.keys.items(self.keys.section(all.clone(), "actions"));
        let model_items = self.keys.items(self.keys.section(all, "models"));
        let (na, nm) = (spec.actions.len(), spec.models.len());
        let actions = spec
            .actions
            .into_iter()
            .enumerate()
            .map(|(n, a)| self.action(a, Self::nth(&action_items, n, na)))
            .collect();
        let models = spec
            .models
            .into_iter()
            .enumerate()
            .map(|(n, m)| self.model(m, Self::nth(&model_items, n, nm)))
            .collect();
        Document { actions, models }
    }
}

/// True when the text holds no YAML content (only blank lines, comments or `---`).
pub(crate) fn is_blank(text: &str) -> bool {
    text.lines().map(str::trim).all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Deserializes `text`, turning an error into a diagnostic.
pub(crate) fn deserialize<T: serde::de::DeserializeOwned + Default>(
    path: &str,
    prefix: &str,
    text: &str,
) -> Result<T, Box<Diagnostic>> {
    if is_blank(text) {
        return Ok(T::default());
    }
    serde_yaml::from_str(text).map_err(|e| Box::new(from_serde(path, prefix, &e)))
}
