//! sdkgen's intermediate representation: the one schema of an API family that the generator
//! builds from the docs and writes as `api.json`, and that the runtime's fake server reads back.
//!
//! A [`Document`] is what one source file says (one Markdown page, or one YAML spec file):
//! actions and the data models they use. A [`Family`] is a folder of documents assembled
//! together with its `family.yaml` settings. Everything is plain data with serde derives.
//!
//! Params are kept flat, with their documented wire names (`Disks.N.Size`).

pub mod cycles;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A position in a source file, 1-based, as shown in diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Loc {
    /// Path of the file as it was given to the loader.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

/// What one source file (a Markdown page or a YAML spec file) says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Actions documented in this file, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Data models defined in this file, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
}

/// One API action ("ListPaidOrders"): its request params, response fields and examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The action's wire name, e.g. `ListPaidOrders`.
    pub name: String,
    /// The human title, e.g. `List Paid Orders` or `获取主机信息`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The overview prose.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Whether repeating the call is safe (retries). Defaults from the name's verb
    /// ([`default_idempotent`]); an overlay or a YAML spec can say otherwise.
    pub idempotent: bool,
    /// Request params as documented (public params such as `Signature` excluded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Field>,
    /// Response fields as documented, envelope (`RetCode`, `Action`, `Message`) included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Field>,
    /// The documented request and response examples.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    /// The Rust name to use instead of the one derived from `name` (set by an overlay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// How this action's request travels when the docs say so for it alone (a `_json` page's
    /// example posts a JSON body); otherwise the family's [`Transport`] applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// Where the action was read from. Not part of the spec's meaning: the YAML writer omits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
}

/// A named data model (a response object, or a structured request param).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The model's name as documented, e.g. `OrderItemDetail`.
    pub name: String,
    /// Prose under the model's heading, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The model's fields, in document order.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// The Rust name to use instead of `name` (set by an overlay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Where the model was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
}

/// A request param, a response field or a model field: one table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name exactly as documented: `PageSize`, `ResourceIds.N`, `Disks.N.Size`.
    pub name: String,
    /// The value type. For a list param (`ResourceIds.N`) this is the element type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether the docs mark it required.
    #[serde(default)]
    pub required: bool,
    /// The description, as plain text (Markdown inline markup removed, `<br>` as newlines).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Marked deprecated in the docs (`【待废弃】`, `【建议不再使用】`, "deprecated").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// What the value means beyond its type (a Unix timestamp, a money amount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Constraints the prose states.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// The Rust name to use instead of the one derived from `name` (set by an overlay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Where the row was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
}

/// A value type, in the docs' vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    /// `string`
    String,
    /// `int`: always 64-bit in the SDK.
    Int,
    /// `float`
    Float,
    /// `boolean` / `bool`
    Bool,
    /// `object` with no model named: any JSON object.
    Object,
    /// `array` with no element type named: any JSON array.
    Array,
    /// `array[T]`
    List(Box<Type>),
    /// A reference to a named [`Model`].
    Model(String),
}

/// What a value means beyond its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Seconds since the Unix epoch.
    UnixSeconds,
    /// A money amount, exact decimal (usually sent as a string).
    Money,
    /// A presigned download URL: a secret while valid, so the SDK redacts it and offers a
    /// download helper.
    DownloadUrl,
    /// A credential (a password, a private key, a token): the SDK holds it in a type whose
    /// `Debug` and `Display` never show it.
    Secret,
}

impl Format {
    /// The spec's spelling (`format: unix_seconds`), as serde reads and writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::UnixSeconds => "unix_seconds",
            Format::Money => "money",
            Format::DownloadUrl => "download_url",
            Format::Secret => "secret",
        }
    }
}

/// Constraints on a value, as the prose states them. Every member is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Smallest allowed value (`min 10`, `限定取值：[1-65535]`, `starting from 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Largest allowed value (`max 100`, `最大100`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Documented default, as text (`默认为20`, `默认值：80`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Allowed values (`Enum: modelverse, sandbox`, `枚举值：…`).
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// Fewest list items (`数组长度至少为1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    /// Most list items (`不超过20个`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// The value must be greater than this other param's (`must be greater than StartTime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greater_than: Option<String>,
    /// The range starting at this param spans at most so many days (`Maximum range: 366 days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_range_days: Option<u32>,
    /// The documented values are examples, not the whole list (`…等`, `参考控制台`, "e.g."):
    /// they name enum variants, and any other value is sent and accepted, never refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enum_open: bool,
    /// The values are compared without regard to case (`不区分大小写`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub case_insensitive: bool,
}

impl Constraints {
    /// True when the prose stated nothing.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Why the bounds cannot all hold (`min 10, max 5`; at least 3 items but at most 1; a default
    /// outside the range), one reason each; empty when some value meets them. Bounds no value
    /// meets would refuse every call, so neither the SDK nor the fake server enforces them.
    pub fn contradictions(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let (Some(min), Some(max)) = (self.min, self.max) {
            if min > max {
                out.push(format!("its minimum {min} is above its maximum {max}"));
            }
        }
        if let (Some(min), Some(max)) = (self.min_items, self.max_items) {
            if min > max {
                out.push(format!("it needs at least {min} items but at most {max}"));
            }
        }
        if let Some(default) = self.default.as_deref().and_then(|d| d.trim().parse::<i64>().ok()) {
            if self.min.is_some_and(|min| default < min) || self.max.is_some_and(|max| default > max) {
                out.push(format!("its default {default} is outside its range"));
            }
        }
        out
    }
}

/// The documented examples of an action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The request example's params in order, `(wire name, value)`, decoded from the URL or body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<ExampleParam>,
    /// The response example, verbatim (usually JSON; kept as text so nothing is lost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// Where the response example starts, for diagnostics about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_loc: Option<Loc>,
}

impl Examples {
    /// True when the page gave no example.
    pub fn is_empty(&self) -> bool {
        self.request.is_empty() && self.response.is_none()
    }
}

/// One `name=value` pair of a request example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleParam {
    /// The wire name as written in the example.
    pub name: String,
    /// The value as written (percent-decoded).
    pub value: String,
    /// Where the pair was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
}

/// A family: one API product, assembled from a folder of documents and its `family.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Settings no page states (`family.yaml`, or defaults).
    pub config: FamilyConfig,
    /// Actions, sorted by name; one per name (duplicates resolved by the loader).
    pub actions: Vec<Action>,
    /// Models, by name.
    pub models: BTreeMap<String, Model>,
}

/// What a family's `family.yaml` says. See the README for every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyConfig {
    /// Short family name, used for the folder under `generated/` and module names (`billing`).
    pub name: String,
    /// Name of the generated crate (`surfercloud-billing`).
    pub crate_name: String,
    /// Human title for docs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Default endpoint; none means the user must configure one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Prefix of the environment variables the SDK reads (`SURFERCLOUD` → `SURFERCLOUD_PUBLIC_KEY`).
    pub env_prefix: String,
    /// Optional params every action accepts (`Region`, `Zone`, `ProjectId`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_params: Vec<Field>,
    /// How requests are signed.
    #[serde(default)]
    pub signing: Signing,
    /// How requests are sent.
    #[serde(default)]
    pub transport: Transport,
    /// Name patterns of string fields that hold money (`*Price`, `*Amount`): `*` matches any run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub money_fields: Vec<String>,
    /// The family's own words, kept whole in Rust names (`UK8S` → `uk8s`, not `uk8_s`); a lone
    /// capital before a capitalised word (`UDisk`, `IPv6`) is one word without being listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Keep response fields no table documents in an `extra` map on every response struct
    /// (instead of ignoring them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub extra_fields: bool,
    /// Settings for the fake server (`docs/fake-server.md`), kept as JSON; the loader checks
    /// them against the docs with `sdkgen_schema::fake::check`, the check the server runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fake: Option<serde_json::Value>,
}

/// Request signing schemes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signing {
    /// Params sorted by name, name and value concatenated, private key appended, SHA-1 hex.
    #[default]
    SortedConcatSha1,
}

/// How requests travel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transport {
    /// The default method.
    #[serde(default)]
    pub method: HttpMethod,
    /// Whether GET with a query string is also accepted.
    #[serde(default = "yes")]
    pub allow_get: bool,
}

fn yes() -> bool {
    true
}

impl Default for Transport {
    fn default() -> Self {
        Transport { method: HttpMethod::PostForm, allow_get: true }
    }
}

/// HTTP request styles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HttpMethod {
    /// POST with an `application/x-www-form-urlencoded` body.
    #[default]
    PostForm,
    /// POST with a JSON body.
    PostJson,
    /// GET with a query string.
    Get,
}

/// Verbs whose actions only read, so repeating them is safe.
const READ_VERBS: &[&str] = &[
    "Describe", "Get", "List", "Query", "Check", "Search", "Download", "Head", "Inquire", "Fetch", "Show",
    "Verify", "Validate", "Count", "Export",
];

/// Whether an action is idempotent by the verb its name starts with (`GetOrderAmount` → yes,
/// `CreateUHostInstance` → no). An overlay or YAML spec overrides this.
pub fn default_idempotent(action_name: &str) -> bool {
    READ_VERBS.iter().any(|verb| {
        action_name.strip_prefix(verb).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
    })
}

impl Field {
    /// The value the SDK sends for this param when the caller sets none: its documented default,
    /// when the docs require the param and the default reads as a value of its type (an int, a
    /// float, a bool, or a plain string, one of the documented values if there are any). Such a
    /// param is a setter, not a method argument, and is on the wire on every call.
    pub fn sent_default(&self) -> Option<&str> {
        let default = self.constraints.default.as_deref()?.trim();
        let reads = match (&self.ty, self.format) {
            (_, Some(_)) => false,
            (Type::Int, None) => default.parse::<i64>().is_ok(),
            (Type::Float, None) => default.parse::<f64>().is_ok_and(f64::is_finite),
            (Type::Bool, None) => matches!(default, "true" | "false"),
            (Type::String, None) => {
                !default.is_empty()
                    && (self.constraints.enum_values.is_empty()
                        || self.constraints.enum_values.iter().any(|v| v == default))
            }
            _ => false,
        };
        (self.required && reads).then_some(default)
    }

    /// An optional field with no description, constraints or location.
    pub fn new(name: impl Into<String>, ty: Type) -> Field {
        Field {
            name: name.into(),
            ty,
            required: false,
            description: String::new(),
            deprecated: false,
            format: None,
            constraints: Constraints::default(),
            rust_name: None,
            loc: None,
        }
    }
}

impl Action {
    /// An action with these params and response fields; idempotent by its verb.
    pub fn new(name: impl Into<String>, params: Vec<Field>, response: Vec<Field>) -> Action {
        let name = name.into();
        Action {
            idempotent: default_idempotent(&name),
            name,
            title: String::new(),
            description: String::new(),
            params,
            response,
            examples: Examples::default(),
            rust_name: None,
            method: None,
            loc: None,
        }
    }
}

impl Model {
    /// A model with these fields and no description.
    pub fn new(name: impl Into<String>, fields: Vec<Field>) -> Model {
        Model { name: name.into(), description: String::new(), fields, rust_name: None, loc: None }
    }
}

impl Type {
    /// The model this type refers to, directly or as a list element.
    pub fn model_name(&self) -> Option<&str> {
        match self {
            Type::Model(name) => Some(name),
            Type::List(inner) => inner.model_name(),
            _ => None,
        }
    }
}

impl Type {
    /// The docs' keyword of a scalar type (`string`, `int`, `float`, `bool`, `object`,
    /// `array`); `None` for a list or a model.
    pub fn scalar(&self) -> Option<&'static str> {
        match self {
            Type::String => Some("string"),
            Type::Int => Some("int"),
            Type::Float => Some("float"),
            Type::Bool => Some("bool"),
            Type::Object => Some("object"),
            Type::Array => Some("array"),
            Type::List(_) | Type::Model(_) => None,
        }
    }
}

impl Field {
    /// Whether the field holds a decimal amount of money.
    pub fn is_money(&self) -> bool {
        self.format == Some(Format::Money)
    }

    /// Whether the field holds a Unix timestamp in seconds.
    pub fn is_time(&self) -> bool {
        self.format == Some(Format::UnixSeconds)
    }

    /// The wire prefix of a list param (`ResourceIds` for `ResourceIds.N`): [`list_prefix`].
    pub fn list_prefix(&self) -> Option<&str> {
        list_prefix(&self.name)
    }
}

/// The wire prefix of a list param's name, whose marker pages write `.N` or `.n`
/// (`ResourceIds` for `ResourceIds.N`, `Phone` for `Phone.n`); `None` for other names.
pub fn list_prefix(name: &str) -> Option<&str> {
    name.strip_suffix(".N").or_else(|| name.strip_suffix(".n"))
}

/// The key of `api.json`'s format number, the first member of the file.
pub const API_JSON_FORMAT_KEY: &str = "sdkgen_api_format";

/// The `api.json` format this version writes and reads; a newer one is refused, not misread.
pub const API_JSON_FORMAT: u64 = 1;

/// Why an `api.json` does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiJsonError {
    /// Written by a newer sdkgen: its format number, if it is one.
    NewerFormat(Option<u64>),
    /// Not JSON, or not a family (serde's message, with the key path).
    Invalid(String),
}

impl std::fmt::Display for ApiJsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiJsonError::NewerFormat(found) => {
                let what = found.map_or_else(|| "an unknown format".to_string(), |n| format!("format {n}"));
                write!(f, "it is {what}; this sdkgen reads api.json up to format {API_JSON_FORMAT}")
            }
            ApiJsonError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ApiJsonError {}

/// Reads an `api.json`: its format number checked and removed, the rest a [`Family`].
pub fn read_api_json(text: &str) -> Result<Family, ApiJsonError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ApiJsonError::Invalid(e.to_string()))?;
    let format = value.as_object_mut().and_then(|o| o.remove(API_JSON_FORMAT_KEY));
    match format.as_ref().map(serde_json::Value::as_u64) {
        None => {}
        Some(Some(n)) if n <= API_JSON_FORMAT => {}
        Some(found) => return Err(ApiJsonError::NewerFormat(found)),
    }
    serde_path_to_error::deserialize(value).map_err(|e| ApiJsonError::Invalid(e.to_string()))
}

impl std::fmt::Display for Type {
    /// The docs' spelling: `string`, `int`, `array[OrderItemDetail]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Int => f.write_str("int"),
            Type::Float => f.write_str("float"),
            Type::Bool => f.write_str("bool"),
            Type::Object => f.write_str("object"),
            Type::Array => f.write_str("array"),
            Type::List(inner) => write!(f, "array[{inner}]"),
            Type::Model(name) => f.write_str(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_is_spelled_as_serde_reads_it() {
        for format in [Format::UnixSeconds, Format::Money, Format::DownloadUrl, Format::Secret] {
            assert_eq!(serde_json::to_value(format).unwrap(), format.as_str());
        }
    }

    #[test]
    fn read_verbs_are_idempotent_and_writes_are_not() {
        assert!(default_idempotent("GetOrderAmount"));
        assert!(default_idempotent("ListPaidOrders"));
        assert!(default_idempotent("DescribeUHostInstance"));
        assert!(default_idempotent("DownloadListPaidOrders"));
        assert!(!default_idempotent("CreateUHostInstance"));
        assert!(!default_idempotent("DeleteBucket"));
        // A verb must end at a word boundary: "Getaway" is not "Get".
        assert!(!default_idempotent("Getaway"));
        assert!(!default_idempotent(""));
    }

    #[test]
    fn type_display_uses_the_docs_spelling() {
        let t = Type::List(Box::new(Type::Model("OrderItemDetail".into())));
        assert_eq!(t.to_string(), "array[OrderItemDetail]");
        assert_eq!(t.model_name(), Some("OrderItemDetail"));
    }
}
