//! The `fake:` section of `family.yaml`: what the docs imply about data, but no page states
//! as a field (which list is paged how, which param filters which field, which totals are sums
//! of which list). Described for users in `docs/fake-server.md`.
//!
//! [`check`] reads the section (as the JSON the IR keeps) and checks every name it uses
//! against an API's names ([`ApiNames`]), returning every [`Problem`] with its key path.

mod check;
mod names;
mod parse;
mod problem;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

pub use check::check;
pub use names::{ActionNames, ApiNames, Holds, ResponseField};
pub use problem::{Problem, ProblemKind};

/// The `fake:` section: what the docs imply about data, but no page states as a field.
///
/// Every key is optional; an action the section does not mention still answers, with a
/// response synthesised from its declared fields.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
