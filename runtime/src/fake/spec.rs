//! The parts of sdkgen's IR (`api.json`) and of the family's `fake:` section that the
//! fake server reads.
//!
//! Own minimal types, not sdkgen's: the runtime must never depend on the generator, and
//! unknown keys are ignored so the IR can grow without breaking the server.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

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

    /// The wire prefix of a `.N` list param (`ResourceIds` for `ResourceIds.N`).
    pub fn list_prefix(&self) -> Option<&str> {
        self.name.strip_suffix(".N")
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
}

/// The `fake:` section: what the docs imply about data, but no page states as a field.
///
/// Every key is optional; an action the section does not mention still answers, with a
/// response synthesised from its declared fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FakeSection {
    /// How item fields are synthesised, by field name, in every dataset.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldRule>,
    /// List actions backed by a dataset, by action name.
    #[serde(default)]
    pub lists: BTreeMap<String, ListRule>,
    /// Actions whose response fields are sums or counts over list actions.
    #[serde(default)]
    pub sums: BTreeMap<String, SumRule>,
    /// Actions that export a list action's result set as an `.xlsx` download.
    #[serde(default)]
    pub exports: BTreeMap<String, ExportRule>,
    /// How many days back from server start the timestamps spread (default 90).
    #[serde(default)]
    pub history_days: Option<u32>,
}

/// How one item field is synthesised.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// Pick from these values.
    #[serde(default)]
    pub one_of: Option<Vec<Value>>,
    /// Unique per item: this prefix followed by a zero-padded sequence number.
    #[serde(default)]
    pub unique: Option<String>,
    /// Draw from this many distinct values (`<Field>-<n>`), so filters match several items.
    #[serde(default)]
    pub distinct: Option<u32>,
    /// Smallest value (ints and money).
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest value (ints and money).
    #[serde(default)]
    pub max: Option<f64>,
    /// The sum of these sibling money fields (those the model has), computed after them.
    #[serde(default)]
    pub sum_of: Option<Vec<String>>,
}

/// A list action answered from a dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRule {
    /// Response field holding the items (a list of a model).
    pub items: String,
    /// How many items the dataset holds.
    pub count: usize,
    /// Which item timestamp a `[start, end)` request range applies to.
    #[serde(default)]
    pub range: Option<RangeRule>,
    /// Request list param (`Regions.N`) → item field it filters (`Region`).
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    /// How pages are addressed; absent means one page holds everything.
    #[serde(default)]
    pub paging: Option<PagingRule>,
}

/// A half-open time range applied to an item field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeRule {
    /// Item field compared (a unix_seconds field).
    pub field: String,
    /// Request param giving the inclusive start.
    pub start: String,
    /// Request param giving the exclusive end.
    pub end: String,
}

/// Page addressing: `page`+`size` (pages numbered from `first`) or `offset`+`limit`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingRule {
    /// Page-number param (`Page`).
    #[serde(default)]
    pub page: Option<String>,
    /// Number of the first page (default 1).
    #[serde(default)]
    pub first: Option<i64>,
    /// Page-size param (`PageSize`).
    #[serde(default)]
    pub size: Option<String>,
    /// Offset param (`Offset`), counted from 0.
    #[serde(default)]
    pub offset: Option<String>,
    /// Limit param (`Limit`).
    #[serde(default)]
    pub limit: Option<String>,
    /// Response field that receives the full match count (`Total`).
    #[serde(default)]
    pub total: Option<String>,
}

/// Response fields computed over list actions, with the request's own filters and range.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SumRule {
    /// List actions summed over unless a field says otherwise.
    pub from: Vec<String>,
    /// Extra filters (request list param → item field) applied on top of each source's own.
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    /// Response field → what it holds.
    pub fields: BTreeMap<String, SumField>,
}

/// One computed response field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SumField {
    /// Item field summed (money or int); items lacking it count as zero.
    #[serde(default)]
    pub sum: Option<String>,
    /// When true, the number of matching items.
    #[serde(default)]
    pub count: bool,
    /// Overrides the rule's `from`.
    #[serde(default)]
    pub from: Option<Vec<String>>,
}

/// An export of a list action's result set to an `.xlsx` served by the fake server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRule {
    /// List action whose matching items (all pages) go into the file.
    pub from: String,
    /// Response field holding the file description (a model), if any.
    #[serde(default)]
    pub into: Option<String>,
    /// Field receiving the download URL.
    pub url: String,
    /// Field receiving the file name.
    #[serde(default)]
    pub name: Option<String>,
    /// Field receiving the file size in bytes.
    #[serde(default)]
    pub size: Option<String>,
    /// How long the URL stays valid (default 600 seconds).
    #[serde(default)]
    pub expires_secs: Option<u64>,
}
