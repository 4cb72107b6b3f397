//! The parts of sdkgen's IR (`api.json`) and of the family's `fake:` section that the
//! fake server reads.
//!
//! Own minimal types for the IR, not sdkgen's: the runtime must never depend on the generator,
//! and unknown keys are ignored so the IR can grow without breaking the server. The `fake:`
//! section's types come from `sdkgen-schema`, which the generator shares, so `sdkgen lint`
//! and the server agree on what a valid section is.

use std::collections::BTreeMap;

use sdkgen_schema::fake::{ApiNames, Holds, ResponseField};
use serde::Deserialize;
use serde_json::Value;

pub use sdkgen_schema::fake::{
    ExportRule, FakeSection, FieldRule, ListRule, PagingRule, RangeRule, SumField, SumRule,
};

/// One API family as sdkgen describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Api {
    /// Family-wide settings.
    pub config: ApiConfig,
    /// Every action, in document order.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Named response structures.
    #[serde(default)]
    pub models: BTreeMap<String, Model>,
}

/// Family-wide settings the server needs.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiConfig {
    /// Family name, shown by `sdkgen serve`.
    #[serde(default)]
    pub name: String,
    /// Optional params every action accepts.
    #[serde(default)]
    pub common_params: Vec<Field>,
    /// The `fake:` section of `family.yaml`, kept opaque by the generator.
    #[serde(default)]
    pub fake: Option<Value>,
}

/// One API action.
#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    /// Wire name (`ListPaidOrders`).
    pub name: String,
    /// Request params.
    #[serde(default)]
    pub params: Vec<Field>,
    /// Response fields.
    #[serde(default)]
    pub response: Vec<Field>,
}

/// A named structure.
#[derive(Debug, Clone, Deserialize)]
pub struct Model {
    /// Its fields.
    #[serde(default)]
    pub fields: Vec<Field>,
}

/// A param or a response/model field.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    /// Wire name; a `.N` suffix marks a list param.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether it must be present.
    #[serde(default)]
    pub required: bool,
    /// `money` or `unix_seconds`, when the docs say so.
    #[serde(default)]
    pub format: Option<String>,
    /// Value rules from the prose.
    #[serde(default)]
    pub constraints: Constraints,
}

impl Field {
    /// Whether the field holds a decimal amount of money as a string.
    pub fn is_money(&self) -> bool {
        self.format.as_deref() == Some("money")
    }

    /// Whether the field holds a Unix timestamp in seconds.
    pub fn is_time(&self) -> bool {
        self.format.as_deref() == Some("unix_seconds")
    }

    /// The wire prefix of a list param (`ResourceIds` for `ResourceIds.N`): [`list_prefix`].
    pub fn list_prefix(&self) -> Option<&str> {
        list_prefix(&self.name)
    }
}

/// A field type: a scalar keyword, a list, or a model reference.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Type {
    /// `string`, `int`, `float`, `bool`, `object`, `array`.
    Scalar(String),
    /// `{"list": T}`.
    List {
        /// The element type.
        list: Box<Type>,
    },
    /// `{"model": "Name"}`.
    Model {
        /// The model's name.
        model: String,
    },
}

impl Type {
    /// The scalar keyword, if this is one.
    pub fn scalar(&self) -> Option<&str> {
        match self {
            Type::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

/// Value rules stated by the docs.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Constraints {
    /// Smallest allowed value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest allowed value.
    #[serde(default)]
    pub max: Option<f64>,
    /// The value used when absent, as written.
    #[serde(default)]
    pub default: Option<Value>,
    /// Allowed values.
    #[serde(default, rename = "enum")]
    pub allowed: Option<Vec<Value>>,
    /// Fewest list items.
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Most list items.
    #[serde(default)]
    pub max_items: Option<u64>,
    /// The value must exceed this other param's.
    #[serde(default)]
    pub greater_than: Option<String>,
    /// The range starting at this param spans at most so many days.
    #[serde(default)]
    pub max_range_days: Option<u64>,
    /// The allowed values are examples: any other value is accepted too.
    #[serde(default)]
    pub enum_open: bool,
    /// The allowed values are compared without regard to ASCII case.
    #[serde(default)]
    pub case_insensitive: bool,
}

/// The wire prefix of a list param's name, whose marker pages write `.N` or `.n`
/// (`ResourceIds` for `ResourceIds.N`, `Phone` for `Phone.n`); `None` for other names.
pub fn list_prefix(name: &str) -> Option<&str> {
    name.strip_suffix(".N").or_else(|| name.strip_suffix(".n"))
}

impl Api {
    /// The names a `fake:` section may use, for [`sdkgen_schema::fake::check`]: every action
    /// with its params (the common params included) and response fields, every model's fields.
    pub(crate) fn names(&self) -> ApiNames<'_> {
        let mut names = ApiNames::new();
        for action in &self.actions {
            let params = action.params.iter().chain(&self.config.common_params).map(|p| p.name.as_str());
            let response =
                action.response.iter().map(|f| ResponseField { name: &f.name, holds: holds(&f.ty) });
            names.add_action(&action.name, params, response);
        }
        for (name, model) in &self.models {
            names.add_model(name, model.fields.iter().map(|f| f.name.as_str()));
        }
        names
    }
}

/// What a response field of this type holds, as the `fake:` section's check sees it.
fn holds(ty: &Type) -> Holds<'_> {
    match ty {
        Type::Model { model } => Holds::Model(model),
        Type::List { list } => match &**list {
            Type::Model { model } => Holds::ListOf(model),
            _ => Holds::List,
        },
        Type::Scalar(_) => Holds::Value,
    }
}
