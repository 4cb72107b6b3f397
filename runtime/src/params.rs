//! Flat wire parameters and their encoding.
//!
//! Action-style APIs take every argument as a flat `name=value` pair: lists
//! become `Foo.0`, `Foo.1`, …; nested objects `Foo.Bar` or `Foo.0.Bar`.
//! [`Params`] holds those pairs sorted byte-wise by name (the order signing
//! needs), and [`EncodeParams`] lets generated request structs flatten
//! themselves into it.

use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rust_decimal::Decimal;

use crate::error::Error;

/// Everything except RFC 3986 unreserved characters is escaped, so the output
/// decodes the same under form-urlencoded and plain percent-decoding rules.
const ESCAPE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Wire parameters of one request: name → already formatted value.
///
/// `Debug` lists names only, because values may carry user secrets such as
/// instance passwords.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    map: BTreeMap<String, Value>,
    /// Values that could not be encoded (e.g. a NaN float); reported before sending.
    invalid: Vec<(String, String)>,
}

/// One param's text and what kind of value it is; every encoding sends the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Value {
    text: String,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A string: quoted in a JSON body.
    Text,
    /// A number or boolean: bare in a JSON body.
    Literal,
    /// A credential ([`Secret`](crate::Secret)): sent, never shown.
    Secret,
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Params").field("names", &self.map.keys().collect::<Vec<_>>()).finish()
    }
}

impl Params {
    /// An empty parameter set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a string value (replacing any earlier one, secret or not). Empty strings are sent
    /// and signed.
    pub fn set_str(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.map.insert(name.into(), Value { text: value.into(), kind: Kind::Text });
        self
    }

    /// Sets a number or boolean already formatted as its JSON text (`42`, `0.5`, `true`): the
    /// same string in a form, a bare value in a JSON body.
    fn set_literal(&mut self, name: impl Into<String>, text: String) -> &mut Self {
        self.map.insert(name.into(), Value { text, kind: Kind::Literal });
        self
    }

    /// Sets a credential's value: sent and signed like any other, shown as `[REDACTED]` by
    /// [`fmt_as`](Self::fmt_as).
    pub fn set_secret(&mut self, name: impl Into<String>, value: &str) -> &mut Self {
        self.map.insert(name.into(), Value { text: value.to_owned(), kind: Kind::Secret });
        self
    }

    /// Writes the params as a struct named `name` whose fields are the wire names and values
    /// (credentials redacted): a generated request's `Debug`, which shows what it sends.
    pub fn fmt_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct(name);
        for (key, value) in &self.map {
            if value.kind == Kind::Secret {
                out.field(key, &format_args!("[REDACTED]"));
            } else {
                out.field(key, &value.text);
            }
        }
        for (key, problem) in &self.invalid {
            out.field(key, &format_args!("<invalid: {problem}>"));
        }
        out.finish()
    }

    /// Sets a signed integer value.
    pub fn set_int(&mut self, name: impl Into<String>, value: i64) -> &mut Self {
        self.set_literal(name, value.to_string())
    }

    /// Sets an unsigned integer value.
    pub fn set_uint(&mut self, name: impl Into<String>, value: u64) -> &mut Self {
        self.set_literal(name, value.to_string())
    }

    /// Sets a float formatted per the signing rule (`42`, not `42.0` or `4.2e1`).
    /// NaN and infinities are recorded as invalid and make the call fail before sending.
    pub fn set_float(&mut self, name: impl Into<String>, value: f64) -> &mut Self {
        let name = name.into();
        match format_float(value) {
            Some(text) => {
                self.set_literal(name, text);
            }
            None => self.invalid.push((name, format!("{value} is not a finite number"))),
        }
        self
    }

    /// Sets a boolean as `true` / `false`.
    pub fn set_bool(&mut self, name: impl Into<String>, value: bool) -> &mut Self {
        self.set_literal(name, if value { "true" } else { "false" }.to_owned())
    }

    /// Sets `name.0`, `name.1`, … from an iterator of already formatted values.
    pub fn set_list<I>(&mut self, name: &str, values: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        for (i, value) in values.into_iter().enumerate() {
            self.set_str(format!("{name}.{i}"), value);
        }
        self
    }

    /// Encodes any [`EncodeParams`] value under `name` (scalars, lists, options, nested structs).
    pub fn set<T: EncodeParams + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        value.encode(name, self);
        self
    }

    /// Sets `name` only if the caller has not set it; used for default region/project.
    pub fn set_if_absent(&mut self, name: &str, value: &str) -> &mut Self {
        if !self.map.contains_key(name) {
            self.set_str(name, value);
        }
        self
    }

    /// The value set for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(|v| v.text.as_str())
    }

    /// Whether `name` is set.
    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        self.map.remove(name).map(|v| v.text)
    }

    /// Number of parameters set.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Pairs in byte-wise name order (`Foo.10` before `Foo.2`), the order signing uses.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.text.as_str()))
    }

    /// Fails with [`Error::Validation`] if any value could not be encoded.
    pub fn validate(&self) -> Result<(), Error> {
        match self.invalid.first() {
            Some((field, message)) => {
                Err(Error::Validation { field: field.clone(), message: message.clone() })
            }
            None => Ok(()),
        }
    }

    /// `application/x-www-form-urlencoded` body; also valid as a URL query string.
    pub fn to_form_body(&self) -> String {
        let mut out = String::new();
        for (i, (name, value)) in self.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.extend(utf8_percent_encode(name, ESCAPE));
            out.push('=');
            out.extend(utf8_percent_encode(value, ESCAPE));
        }
        out
    }

    /// Query string (without the leading `?`) for GET requests.
    pub fn to_query(&self) -> String {
        self.to_form_body()
    }

    /// An `application/json` body: the flat names nested again (`Targets.0.Port=80` becomes
    /// `{"Targets":[{"Port":80}]}`), numbers and booleans bare, everything else a string. A
    /// group whose members are `0`, `1`, … is a list; any other group an object, so flattening
    /// the body gives back exactly these names and values (what the signature covers).
    ///
    /// Fails with [`Error::Validation`] when a name is both a value and a group (`A=1` beside
    /// `A.B=2`), or nests deeper than 64 levels: no JSON body can say that.
    pub fn to_json_body(&self) -> Result<String, Error> {
        let mut root = JsonNode::Group(BTreeMap::new());
        for (name, value) in &self.map {
            let segments: Vec<&str> = name.split('.').collect();
            if segments.len() > MAX_JSON_DEPTH {
                return Err(Error::Validation {
                    field: name.clone(),
                    message: format!("nests deeper than {MAX_JSON_DEPTH} levels, too deep for a JSON body"),
                });
            }
            let leaf = JsonNode::Leaf { value: &value.text, literal: value.kind == Kind::Literal };
            if !root.insert(&segments, leaf) {
                return Err(Error::Validation {
                    field: name.clone(),
                    message: "is both a value and a group of fields (`Name` beside `Name.Field`), which a \
                              JSON body cannot hold"
                        .into(),
                });
            }
        }
        let mut out = String::with_capacity(self.map.iter().map(|(k, v)| k.len() + v.text.len() + 8).sum());
        root.write(&mut out);
        Ok(out)
    }
}

/// How deep a JSON body built by [`Params::to_json_body`] may nest (the API's own go three or
/// four levels); it also bounds the recursion that writes it.
const MAX_JSON_DEPTH: usize = 64;

/// One level of a JSON body being rebuilt from flat names.
enum JsonNode<'a> {
    /// A value: bare when `literal` (a number or boolean), else a JSON string.
    Leaf { value: &'a str, literal: bool },
    /// Members by name segment.
    Group(BTreeMap<&'a str, JsonNode<'a>>),
}

impl<'a> JsonNode<'a> {
    /// Puts `leaf` at `path` below this group; false when the path runs into a value or ends
    /// on a group (or on a value already set).
    fn insert(&mut self, path: &[&'a str], leaf: JsonNode<'a>) -> bool {
        let JsonNode::Group(members) = self else { return false };
        match path {
            [] => false,
            [last] => match members.entry(last) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(leaf);
                    true
                }
                std::collections::btree_map::Entry::Occupied(_) => false,
            },
            [first, rest @ ..] => {
                members.entry(first).or_insert_with(|| JsonNode::Group(BTreeMap::new())).insert(rest, leaf)
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            JsonNode::Leaf { value, literal: true } => out.push_str(value),
            JsonNode::Leaf { value, literal: false } => {
                out.push_str(&serde_json::Value::from(*value).to_string());
            }
            JsonNode::Group(members) => match list_order(members) {
                Some(items) => {
                    out.push('[');
                    for (i, item) in items.into_iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        item.write(out);
                    }
                    out.push(']');
                }
                None => {
                    out.push('{');
                    for (i, (key, member)) in members.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&serde_json::Value::from(*key).to_string());
                        out.push(':');
                        member.write(out);
                    }
                    out.push('}');
                }
            },
        }
    }
}

/// The members in index order when their names are exactly `0`, `1`, …, `n-1` (a list);
/// `None` for any other group (an object).
fn list_order<'m, 'a>(members: &'m BTreeMap<&'a str, JsonNode<'a>>) -> Option<Vec<&'m JsonNode<'a>>> {
    let mut items: Vec<Option<&JsonNode>> = vec![None; members.len()];
    for (key, member) in members {
        let canonical = key.bytes().all(|b| b.is_ascii_digit()) && (*key == "0" || !key.starts_with('0'));
        let index: usize = if canonical { key.parse().ok()? } else { return None };
        *items.get_mut(index)? = Some(member);
    }
    items.into_iter().collect()
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    /// Params from `(wire name, value)` pairs; a later pair of the same name wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut params = Params::new();
        params.extend(pairs);
        params
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for Params {
    /// Sets each `(wire name, value)` pair, as [`set_str`](Params::set_str) does.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (name, value) in pairs {
            self.set_str(name, value);
        }
    }
}

/// What [`Transport::invoke`](crate::Transport::invoke) takes as params: a [`Params`], or any
/// collection of `(wire name, value)` string pairs — an array, a `Vec`, a map, an iterator.
///
/// ```
/// use sdkgen_runtime::params::IntoParams;
/// let p = [("Limit", "10"), ("Ids.0", "a")].into_params();
/// assert_eq!((p.get("Limit"), p.get("Ids.0")), (Some("10"), Some("a")));
/// let q = vec![("Limit".to_string(), 10.to_string())].into_params();
/// assert_eq!(q.get("Limit"), Some("10"));
/// ```
pub trait IntoParams {
    /// The params, by wire name.
    fn into_params(self) -> Params;
}

impl IntoParams for Params {
    fn into_params(self) -> Params {
        self
    }
}

impl IntoParams for &Params {
    fn into_params(self) -> Params {
        self.clone()
    }
}

impl<I, K, V> IntoParams for I
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    fn into_params(self) -> Params {
        self.into_iter().collect()
    }
}

/// Formats a float the way the API signs it: shortest round-trip digits, never
/// scientific notation, no trailing `.0`; `None` for NaN and infinities.
pub fn format_float(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    if value == 0.0 {
        // Also turns -0.0 into "0".
        return Some("0".to_owned());
    }
    // Rust's float Display is shortest-round-trip and never uses exponents.
    Some(format!("{value}"))
}

impl Params {
    /// Encodes one member of a struct: `value` under `prefix.name` (or `name` at the top level).
    /// What generated `EncodeParams` impls call, one line per field.
    pub fn field<T: EncodeParams + ?Sized>(&mut self, prefix: &str, name: &str, value: &T) -> &mut Self {
        value.encode(&join_name(prefix, name), self);
        self
    }
}

/// Joins a prefix and a field name into a wire name: `("", "Bar")` → `Bar`,
/// `("Foo.0", "Bar")` → `Foo.0.Bar`.
pub fn join_name(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

/// Flattens a value into wire parameters under `prefix`.
///
/// Scalars write one pair named `prefix`; lists write `prefix.N`; options
/// write nothing when `None`; generated structs call [`join_name`] for each
/// field, so nesting composes (`Foo.0.Bar`).
pub trait EncodeParams {
    /// Writes `self` into `out` under `prefix`.
    fn encode(&self, prefix: &str, out: &mut Params);
}

impl EncodeParams for str {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_str(prefix, self);
    }
}

impl EncodeParams for String {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_str(prefix, self.as_str());
    }
}

/// A credential is sent as it is; only printing hides it.
impl EncodeParams for crate::Secret {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_secret(prefix, self.expose());
    }
}

impl EncodeParams for bool {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_bool(prefix, *self);
    }
}

macro_rules! encode_via_display {
    ($($t:ty),*) => {$(
        impl EncodeParams for $t {
            fn encode(&self, prefix: &str, out: &mut Params) {
                out.set_literal(prefix, self.to_string());
            }
        }
    )*};
}
encode_via_display!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl EncodeParams for Decimal {
    fn encode(&self, prefix: &str, out: &mut Params) {
        // Decimal's Display is plain notation; normalize drops trailing zeros
        // so 42.00 signs as "42", matching the float rule.
        out.set_literal(prefix, self.normalize().to_string());
    }
}

impl EncodeParams for f64 {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_float(prefix, *self);
    }
}

impl EncodeParams for f32 {
    fn encode(&self, prefix: &str, out: &mut Params) {
        // Format as f32 so 0.1f32 stays "0.1" instead of widening to 0.10000000149011612.
        if self.is_finite() {
            let text = if *self == 0.0 { "0".to_owned() } else { format!("{self}") };
            out.set_str(prefix, text);
        } else {
            out.set_float(prefix, f64::from(*self));
        }
    }
}

/// A param the docs type only as `object` or `array`: members as `Prefix.Key`, items as
/// `Prefix.0`, `Prefix.1` (the API's own nesting), scalars as their text, `null` not sent.
impl EncodeParams for serde_json::Value {
    fn encode(&self, prefix: &str, out: &mut Params) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::Bool(b) => b.encode(prefix, out),
            serde_json::Value::Number(n) => {
                out.set_literal(prefix, n.to_string());
            }
            serde_json::Value::String(s) => s.encode(prefix, out),
            serde_json::Value::Array(items) => items.encode(prefix, out),
            serde_json::Value::Object(members) => {
                for (key, value) in members {
                    value.encode(&format!("{prefix}.{key}"), out);
                }
            }
        }
    }
}

impl<T: EncodeParams> EncodeParams for Option<T> {
    fn encode(&self, prefix: &str, out: &mut Params) {
        if let Some(value) = self {
            value.encode(prefix, out);
        }
    }
}

impl<T: EncodeParams> EncodeParams for [T] {
    fn encode(&self, prefix: &str, out: &mut Params) {
        for (i, item) in self.iter().enumerate() {
            item.encode(&format!("{prefix}.{i}"), out);
        }
    }
}

impl<T: EncodeParams> EncodeParams for Vec<T> {
    fn encode(&self, prefix: &str, out: &mut Params) {
        self.as_slice().encode(prefix, out);
    }
}

impl<T: EncodeParams + ?Sized> EncodeParams for &T {
    fn encode(&self, prefix: &str, out: &mut Params) {
        (**self).encode(prefix, out);
    }
}

impl<T: EncodeParams + ?Sized> EncodeParams for Box<T> {
    fn encode(&self, prefix: &str, out: &mut Params) {
        (**self).encode(prefix, out);
    }
}

/// A struct's fields as one tuple of references, encoded under their wire names (what the
/// generated `encode` of a struct with up to [`TUPLE_FIELDS`](crate::TUPLE_FIELDS) fields
/// calls, instead of [`Params::field`] per field; see [`crate::tuples`]).
pub trait EncodeFields {
    /// Encodes element `i` as `prefix` + `names[i]`.
    fn encode_fields(self, prefix: &str, names: &[&str], out: &mut Params);
}

macro_rules! tuple_encode_fields {
    ($( $i:tt $S:ident )*) => {
        impl<$( $S: EncodeParams + ?Sized ),*> EncodeFields for ( $( &$S, )* ) {
            #[allow(unused_variables)] // in the empty tuple's impl
            fn encode_fields(self, prefix: &str, names: &[&str], out: &mut Params) {
                $( out.field(prefix, names.get($i).copied().unwrap_or_default(), self.$i); )*
            }
        }
    };
}

crate::tuples::for_tuples!(tuple_encode_fields);

/// The values a list setter was given, converted: `.tags(["a", "b"])` for a `Vec<String>`
/// param. One function in the runtime, so a generated setter is one call.
pub fn list_of<T, I>(items: I) -> Vec<T>
where
    I: IntoIterator,
    I::Item: Into<T>,
{
    items.into_iter().map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;
    use proptest::prelude::*;

    /// The params as owned pairs, to compare with a flattened body.
    fn pairs(p: &Params) -> BTreeMap<String, String> {
        p.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    }

    /// A JSON body flattened the way the gateway (and the fake) reads it: members joined by
    /// `.`, items by index, scalars as their text.
    fn flatten(value: &serde_json::Value, prefix: &str, out: &mut BTreeMap<String, String>) {
        let join = |key: &str| if prefix.is_empty() { key.to_owned() } else { format!("{prefix}.{key}") };
        match value {
            serde_json::Value::Object(members) => {
                for (key, member) in members {
                    flatten(member, &join(key), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    flatten(item, &join(&i.to_string()), out);
                }
            }
            serde_json::Value::String(text) => {
                out.insert(prefix.to_owned(), text.clone());
            }
            other => {
                out.insert(prefix.to_owned(), other.to_string());
            }
        }
    }

    #[test]
    fn a_json_body_nests_lists_and_models_with_typed_scalars() {
        let mut p = Params::new();
        p.set_str("LoadBalancerId", "alb-1");
        for i in 0..11 {
            p.set_str(format!("Targets.{i}.ResourceType"), "UHost");
            p.set(&format!("Targets.{i}.Port"), &(8000 + i));
            p.set_bool(format!("Targets.{i}.Enabled"), i % 2 == 0);
        }
        p.set_float("Weight", 1.5);
        p.set("Price", &Decimal::new(4200, 2));
        p.set_str("Note", "say \"hi\"\n");
        let body: serde_json::Value = serde_json::from_str(&p.to_json_body().unwrap()).unwrap();
        assert_eq!(body["LoadBalancerId"], "alb-1");
        assert_eq!(body["Targets"].as_array().unwrap().len(), 11, "a list, in index order: {body}");
        assert_eq!(body["Targets"][10]["Port"], 8010, "`Targets.10` after `Targets.9`");
        assert_eq!(body["Targets"][2]["Port"], 8002);
        assert_eq!(body["Targets"][0]["Enabled"], true);
        assert_eq!(body["Targets"][1]["Enabled"], false);
        assert_eq!(body["Weight"], 1.5);
        assert_eq!(body["Price"], 42, "normalized like the signature's text");
        assert_eq!(body["Note"], "say \"hi\"\n");
        let mut flat = BTreeMap::new();
        flatten(&body, "", &mut flat);
        assert_eq!(flat, pairs(&p), "flattening the body gives back what was signed");
    }

    #[test]
    fn groups_that_are_not_lists_stay_objects() {
        let mut p = Params::new();
        p.set_str("Sparse.0", "a").set_str("Sparse.2", "b");
        p.set_str("Padded.0", "a").set_str("Padded.01", "b");
        p.set_int("Tags.Env", 1);
        let body: serde_json::Value = serde_json::from_str(&p.to_json_body().unwrap()).unwrap();
        assert_eq!(body["Sparse"], serde_json::json!({"0": "a", "2": "b"}));
        assert_eq!(body["Padded"], serde_json::json!({"0": "a", "01": "b"}));
        assert_eq!(body["Tags"], serde_json::json!({"Env": 1}));
    }

    #[test]
    fn a_name_that_is_both_a_value_and_a_group_is_refused() {
        for (a, b) in [("A", "A.B"), ("A.0", "A.0.B"), ("X.Y", "X.Y.Z")] {
            let mut p = Params::new();
            p.set_str(a, "1").set_str(b, "2");
            match p.to_json_body() {
                Err(Error::Validation { field, message }) => {
                    assert_eq!(field, b, "{message}");
                    assert!(message.contains("JSON body"), "{message}");
                }
                other => panic!("{a} beside {b}: {other:?}"),
            }
        }
        let mut deep = Params::new();
        deep.set_str(vec!["a"; 65].join("."), "x");
        assert!(matches!(deep.to_json_body(), Err(Error::Validation { .. })));
        deep = Params::new();
        deep.set_str(vec!["a"; 64].join("."), "x");
        assert!(deep.to_json_body().is_ok());
    }

    #[test]
    fn a_string_replacing_a_number_is_sent_as_a_string() {
        let mut p = Params::new();
        p.set_int("Limit", 10).set_str("Limit", "10");
        p.set_bool("Flag", true).set_secret("Flag", "true");
        assert_eq!(p.to_json_body().unwrap(), r#"{"Flag":"true","Limit":"10"}"#);
        p.set_uint("Limit", 10);
        p.remove("Flag");
        assert_eq!(p.to_json_body().unwrap(), r#"{"Limit":10}"#);
    }

    proptest! {
        /// Whatever params a request sets, the JSON body flattens back to exactly them: the
        /// signature (over the flat names) matches what the gateway checks.
        #[test]
        fn a_json_body_flattens_back_to_its_params(
            entries in prop::collection::vec(
                (prop::collection::vec(prop_oneof!["[A-Z][a-z]{0,3}", "(0|[1-9][0-9]?)"], 1..4),
                 prop_oneof![
                    any::<i64>().prop_map(|n| (n.to_string(), true)),
                    any::<bool>().prop_map(|b| (b.to_string(), true)),
                    "\\PC{0,8}".prop_map(|s| (s, false)),
                 ]),
                0..24,
            )
        ) {
            let mut p = Params::new();
            for (path, (value, literal)) in &entries {
                let name = path.join(".");
                if *literal {
                    p.set_literal(name, value.clone());
                } else {
                    p.set_str(name, value.clone());
                }
            }
            match p.to_json_body() {
                Ok(body) => {
                    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
                    let mut flat = BTreeMap::new();
                    flatten(&value, "", &mut flat);
                    prop_assert_eq!(flat, pairs(&p));
                }
                Err(Error::Validation { field, .. }) => {
                    // Only a real value/group clash is refused.
                    let clash = p.iter().any(|(other, _)| {
                        other.starts_with(&format!("{field}.")) || field.starts_with(&format!("{other}."))
                    });
                    prop_assert!(clash, "refused {field} without a clash");
                }
                Err(other) => prop_assert!(false, "{other:?}"),
            }
        }
    }

    #[test]
    fn secrets_are_sent_and_shown_redacted() {
        struct Shown<'a>(&'a super::Params);
        impl std::fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt_as("Request", f)
            }
        }
        let mut p = super::Params::new();
        p.set_secret("Password", "hunter2").set_str("Name", "web").set_float("Ratio", f64::NAN);
        assert_eq!(p.get("Password"), Some("hunter2"), "sent as it is");
        let shown = format!("{:?}", Shown(&p));
        assert_eq!(
            shown,
            r#"Request { Name: "web", Password: [REDACTED], Ratio: <invalid: NaN is not a finite number> }"#
        );
        // A value set again in the clear, or removed, is no longer a secret.
        p.set_str("Password", "public");
        assert!(format!("{:?}", Shown(&p)).contains(r#"Password: "public""#));
        p.set_secret("Token", "t");
        p.remove("Token");
        p.set_str("Token", "x");
        assert!(format!("{:?}", Shown(&p)).contains(r#"Token: "x""#));
    }

    /// Decodes like application/x-www-form-urlencoded parsers do.
    fn form_decode(body: &str) -> Vec<(String, String)> {
        let dec = |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8().unwrap().into_owned();
        body.split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (dec(k), dec(v))
            })
            .collect()
    }

    #[test]
    fn floats_follow_the_signing_rule() {
        let cases = [
            (42.0, "42"),
            (-42.0, "-42"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (-0.0, "0"),
            (1e21, "1000000000000000000000"),
            (1.5e-7, "0.00000015"),
            (123456789.125, "123456789.125"),
        ];
        for (value, want) in cases {
            assert_eq!(format_float(value).as_deref(), Some(want), "{value:?}");
        }
        assert_eq!(format_float(f64::NAN), None);
        assert_eq!(format_float(f64::INFINITY), None);
    }

    #[test]
    fn non_finite_float_fails_validation_and_is_not_set() {
        let mut p = Params::new();
        p.set_float("Price", f64::NAN);
        assert!(!p.contains("Price"));
        match p.validate() {
            Err(Error::Validation { field, .. }) => assert_eq!(field, "Price"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn f32_keeps_its_own_shortest_form() {
        let mut p = Params::new();
        p.set("Ratio", &0.1f32).set("Whole", &3.0f32);
        assert_eq!(p.get("Ratio"), Some("0.1"));
        assert_eq!(p.get("Whole"), Some("3"));
    }

    #[test]
    fn scalars_lists_and_options() {
        let mut p = Params::new();
        p.set_int("Limit", -3)
            .set_uint("Offset", 7)
            .set_bool("Force", true)
            .set_bool("DryRun", false)
            .set_str("Empty", "")
            .set_list("UHostIds", ["a", "b"]);
        p.set("Absent", &None::<i32>);
        p.set("Present", &Some(5u8));
        p.set("Money", &"12.50".parse::<Decimal>().unwrap());
        let got: Vec<_> = p.iter().collect();
        assert_eq!(
            got,
            vec![
                ("DryRun", "false"),
                ("Empty", ""),
                ("Force", "true"),
                ("Limit", "-3"),
                ("Money", "12.5"),
                ("Offset", "7"),
                ("Present", "5"),
                ("UHostIds.0", "a"),
                ("UHostIds.1", "b"),
            ]
        );
    }

    struct Disk {
        size: u32,
        kind: Option<String>,
        tags: Vec<String>,
    }

    impl EncodeParams for Disk {
        fn encode(&self, prefix: &str, out: &mut Params) {
            out.set(&join_name(prefix, "Size"), &self.size);
            out.set(&join_name(prefix, "Type"), &self.kind);
            out.set(&join_name(prefix, "Tags"), &self.tags);
        }
    }

    struct Request {
        disks: Vec<Disk>,
        boot: Disk,
    }

    impl EncodeParams for Request {
        fn encode(&self, prefix: &str, out: &mut Params) {
            out.set(&join_name(prefix, "Disks"), &self.disks);
            out.set(&join_name(prefix, "BootDisk"), &self.boot);
        }
    }

    #[test]
    fn nested_structs_compose_names() {
        let req = Request {
            disks: vec![
                Disk { size: 20, kind: Some("SSD".into()), tags: vec![] },
                Disk { size: 40, kind: None, tags: vec!["x".into(), "y".into()] },
            ],
            boot: Disk { size: 10, kind: Some("LOCAL".into()), tags: vec![] },
        };
        let mut p = Params::new();
        req.encode("", &mut p);
        let got: Vec<_> = p.iter().collect();
        assert_eq!(
            got,
            vec![
                ("BootDisk.Size", "10"),
                ("BootDisk.Type", "LOCAL"),
                ("Disks.0.Size", "20"),
                ("Disks.0.Type", "SSD"),
                ("Disks.1.Size", "40"),
                ("Disks.1.Tags.0", "x"),
                ("Disks.1.Tags.1", "y"),
            ]
        );
    }

    #[test]
    fn form_body_escapes_and_round_trips() {
        let tricky = [
            ("Name", "a&b=c+d e"),
            ("Remark", "naïve 中文 ✓"),
            ("Pct", "100%"),
            ("Tag.0", "x/y?z#w"),
            ("Empty", ""),
        ];
        let mut p = Params::new();
        for (k, v) in tricky {
            p.set_str(k, v);
        }
        let body = p.to_form_body();
        assert!(!body.contains(' '), "{body}");
        assert!(body.contains("a%26b%3Dc%2Bd%20e"), "{body}");
        assert!(body.contains("Tag.0="), "dots in names stay readable: {body}");
        let mut decoded = form_decode(&body);
        decoded.sort();
        let mut want: Vec<_> = tricky.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        want.sort();
        assert_eq!(decoded, want);
        assert_eq!(p.to_query(), body);
    }

    #[test]
    fn debug_hides_values() {
        let mut p = Params::new();
        p.set_str("Password", "hunter2");
        let text = format!("{p:?}");
        assert!(text.contains("Password") && !text.contains("hunter2"), "{text}");
    }

    #[test]
    fn set_if_absent_keeps_caller_value() {
        let mut p = Params::new();
        p.set_str("Region", "hk");
        p.set_if_absent("Region", "cn-bj2").set_if_absent("ProjectId", "org-1");
        assert_eq!(p.get("Region"), Some("hk"));
        assert_eq!(p.get("ProjectId"), Some("org-1"));
    }

    #[test]
    fn free_form_json_params_use_the_api_s_nesting() {
        let value = serde_json::json!({ "Name": "web", "Ports": [80, 443], "On": true, "Gone": null, "Tag": { "K": "v" } });
        let mut p = Params::new();
        value.encode("Obj", &mut p);
        assert_eq!(p.get("Obj.Name"), Some("web"));
        assert_eq!((p.get("Obj.Ports.0"), p.get("Obj.Ports.1")), (Some("80"), Some("443")));
        assert_eq!(p.get("Obj.On"), Some("true"));
        assert_eq!(p.get("Obj.Tag.K"), Some("v"));
        assert_eq!(p.get("Obj.Gone"), None, "null is not sent");
    }
}
