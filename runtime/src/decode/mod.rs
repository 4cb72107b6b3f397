//! Tolerant decoding for generated response structs.
//!
//! The service is loose about JSON types: integers arrive as `5` or `"5"`,
//! optional numbers as `""`, booleans as `true`, `"true"` or `1`, money as
//! `"12.30"` or `12.3`. Each field type says how it decodes through [`Tolerant`];
//! structs declared with [`model!`](crate::model) decode every field that way, and
//! hand-written serde structs can attach the same helpers with
//! `#[serde(deserialize_with = "sdkgen_runtime::decode::int")]`.

pub use crate::download::opt_download_url;
pub use crate::time::opt_unix_time;
use std::borrow::Cow;
use std::fmt::Display;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::{excerpt, Error};

mod slots;
pub use slots::{Required, Slot, Slots};

/// How many characters of a body a decode error quotes.
pub const EXCERPT_CHARS: usize = 200;

/// Any JSON scalar, so each helper can accept several spellings of one value. Text is borrowed
/// from the body when it has no escapes: a number or amount sent as a string is parsed in place.
enum Loose<'de> {
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'de, str>),
    Null(()),
}

impl<'de> Deserialize<'de> for Loose<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Loose<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON scalar")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Loose<'de>, E> {
                Ok(Loose::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose<'de>, E> {
                Ok(Loose::U64(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose<'de>, E> {
                Ok(Loose::I64(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose<'de>, E> {
                Ok(Loose::F64(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Loose<'de>, E> {
                Ok(Loose::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose<'de>, E> {
                Ok(Loose::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose<'de>, E> {
                Ok(Loose::Str(Cow::Owned(v)))
            }
            fn visit_unit<E>(self) -> Result<Loose<'de>, E> {
                Ok(Loose::Null(()))
            }
            fn visit_none<E>(self) -> Result<Loose<'de>, E> {
                Ok(Loose::Null(()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Loose<'_> {
    /// Short description of the value for error messages.
    fn describe(&self) -> String {
        match self {
            Loose::Bool(b) => b.to_string(),
            Loose::U64(n) => n.to_string(),
            Loose::I64(n) => n.to_string(),
            Loose::F64(n) => n.to_string(),
            Loose::Str(s) => format!("{:?}", excerpt(s.as_bytes(), 40)),
            Loose::Null(()) => "null".into(),
        }
    }

    /// Whether the value means "absent": `null` or an empty/blank string.
    fn is_blank(&self) -> bool {
        match self {
            Loose::Null(()) => true,
            Loose::Str(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// `None` for `null` or a blank string, else the value converted by `to` (the optional
    /// numbers, booleans and amounts).
    fn unless_blank<T, E>(self, to: impl FnOnce(Self) -> Result<T, E>) -> Result<Option<T>, E> {
        if self.is_blank() {
            Ok(None)
        } else {
            to(self).map(Some)
        }
    }
}

fn invalid<E: serde::de::Error>(what: &str, value: &Loose<'_>) -> E {
    E::custom(format!("expected {what}, found {}", value.describe()))
}

fn to_int<T, E>(value: Loose<'_>) -> Result<T, E>
where
    T: TryFrom<i128>,
    E: serde::de::Error,
{
    let wide: Option<i128> = match &value {
        Loose::U64(n) => Some(i128::from(*n)),
        Loose::I64(n) => Some(i128::from(*n)),
        // Accept 5.0 but not 5.5: a fraction would be silently lost.
        Loose::F64(f) if f.fract() == 0.0 && f.abs() < 1e38 => Some(*f as i128),
        Loose::Str(s) => s.trim().parse::<i128>().ok(),
        Loose::Bool(_) | Loose::F64(_) | Loose::Null(()) => None,
    };
    let wide = wide.ok_or_else(|| invalid("an integer", &value))?;
    T::try_from(wide).map_err(|_| E::custom(format!("integer {wide} is out of range")))
}

fn to_float<E: serde::de::Error>(value: Loose<'_>) -> Result<f64, E> {
    match &value {
        Loose::U64(n) => Ok(*n as f64),
        Loose::I64(n) => Ok(*n as f64),
        Loose::F64(f) => Ok(*f),
        Loose::Str(s) => {
            s.trim().parse::<f64>().ok().filter(|f| f.is_finite()).ok_or_else(|| invalid("a number", &value))
        }
        _ => Err(invalid("a number", &value)),
    }
}

fn to_bool<E: serde::de::Error>(value: Loose<'_>) -> Result<bool, E> {
    match &value {
        Loose::Bool(b) => Ok(*b),
        Loose::U64(0) | Loose::I64(0) => Ok(false),
        Loose::U64(1) | Loose::I64(1) => Ok(true),
        Loose::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(invalid("a boolean", &value)),
        },
        _ => Err(invalid("a boolean", &value)),
    }
}

fn to_string<E: serde::de::Error>(value: Loose<'_>) -> Result<String, E> {
    match value {
        Loose::Str(s) => Ok(s.into_owned()),
        Loose::Bool(b) => Ok(b.to_string()),
        Loose::U64(n) => Ok(n.to_string()),
        Loose::I64(n) => Ok(n.to_string()),
        Loose::F64(f) => Ok(f.to_string()),
        Loose::Null(()) => Err(invalid("a string", &value)),
    }
}

fn to_decimal<E: serde::de::Error>(value: Loose<'_>) -> Result<Decimal, E> {
    let parsed = match &value {
        Loose::U64(n) => Some(Decimal::from(*n)),
        Loose::I64(n) => Some(Decimal::from(*n)),
        // Display of f64 is the shortest text that round-trips, so 0.1 → "0.1"
        // exactly rather than the binary approximation.
        Loose::F64(f) => Decimal::from_str(&f.to_string()).ok(),
        Loose::Str(s) => {
            let s = s.trim();
            Decimal::from_str(s).or_else(|_| Decimal::from_scientific(s)).ok()
        }
        _ => None,
    };
    parsed.ok_or_else(|| invalid("a decimal amount", &value))
}

/// An integer from a number or a numeric string (`5`, `"5"`, `5.0`).
pub fn int<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    to_int(Loose::deserialize(d)?)
}

/// An optional integer; `null` and `""` mean `None`.
pub fn opt_int<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    Loose::deserialize(d)?.unless_blank(to_int)
}

/// A float from a number or a numeric string.
pub fn float<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    to_float(Loose::deserialize(d)?)
}

/// An optional float; `null` and `""` mean `None`.
pub fn opt_float<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Loose::deserialize(d)?.unless_blank(to_float)
}

/// A boolean from `true`, `"true"`, `1`, `"1"` (and their false forms).
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    to_bool(Loose::deserialize(d)?)
}

/// An optional boolean; `null` and `""` mean `None`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Loose::deserialize(d)?.unless_blank(to_bool)
}

/// A string, also accepting a number or boolean (IDs sometimes arrive as numbers).
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    to_string(Loose::deserialize(d)?)
}

/// An optional string; only `null` means `None` (an empty string stays empty).
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Loose::deserialize(d)? {
        Loose::Null(()) => Ok(None),
        value => to_string(value).map(Some),
    }
}

/// A credential sent as a string (or a number, as its text), held so it never prints.
pub fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<crate::Secret, D::Error> {
    string(d).map(crate::Secret::from)
}

/// An optional credential; only `null` means `None`.
pub fn opt_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::Secret>, D::Error> {
    Ok(opt_string(d)?.map(crate::Secret::from))
}

/// Reads a money value from the JSON text itself: a number is kept as its digits (as if it had
/// been sent as a string), so `12345678901234567.89` never passes through `f64` and is not rounded.
fn exact_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Loose<'static>, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    let text = raw.get();
    if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Ok(Loose::Str(Cow::Owned(text.to_owned())));
    }
    let value: Loose<'_> = serde_json::from_str(text).map_err(serde::de::Error::custom)?;
    Ok(match value {
        Loose::Str(s) => Loose::Str(Cow::Owned(s.into_owned())),
        Loose::Bool(b) => Loose::Bool(b),
        Loose::U64(n) => Loose::U64(n),
        Loose::I64(n) => Loose::I64(n),
        Loose::F64(f) => Loose::F64(f),
        Loose::Null(()) => Loose::Null(()),
    })
}

/// A money amount from `"12.30"`, `12.3` or `12`, exact whatever its length (the number's own text
/// is parsed, never a float); anything else is an error naming the value.
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    to_decimal(exact_amount(d)?)
}

/// An optional money amount; `null` and `""` mean `None`.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    exact_amount(d)?.unless_blank(to_decimal)
}

/// A list where `null` means empty (pair with `#[serde(default)]` for a missing key).
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// How a response field's type decodes, whatever spelling the service chose; what an absent
/// key means. [`model!`](crate::model) structs decode each field through this trait, so the
/// tolerance is compiled once per type here, not once per field in every generated crate.
pub trait Tolerant: Sized {
    /// Decodes a value that is present.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// Decodes the value of an optional field: `null` is `None` (and for numbers, booleans and
    /// money, so is a blank string).
    fn decode_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(Option::<Field<Self>>::deserialize(d)?.map(|f| f.0))
    }

    /// The value of a field whose key is absent; `None` makes the absence an error.
    fn missing() -> Option<Self> {
        None
    }
}

/// A [`Tolerant`] value as a serde `Deserialize`, for `MapAccess::next_value`.
#[derive(Debug)]
pub struct Field<T>(pub T);

impl<'de, T: Tolerant> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::decode(d).map(Field)
    }
}

/// A struct that [`model!`](crate::model) decodes from a JSON object: its `Deserialize` and
/// its [`Tolerant`] impl both go through [`object`], and the per-struct code is one
/// [`Object::visit`] that hands its fields' slots to [`fields`].
pub trait Object: Sized {
    /// The struct's name, for "invalid type: …, expected a `Foo` object": the last segment of
    /// its type name, so generated structs need no item of their own for it.
    fn name() -> &'static str {
        let path = std::any::type_name::<Self>();
        path.rsplit("::").next().unwrap_or(path)
    }

    /// Decodes the struct from an object's entries.
    fn visit<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The one serde `Visitor` of every [`Object`].
struct ObjectVisitor<T>(std::marker::PhantomData<fn() -> T>);

impl<'de, T: Object> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a {} object", T::name())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// Decodes an [`Object`] (what a `model!` struct's `Deserialize` calls).
pub fn object<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// [`Object::visit`] for a struct that derives serde's `Deserialize` (one sent in requests as
/// well as returned, which generated code declares with serde's derive): decodes it from the
/// object's entries with that derive, so it can sit in a `model!` struct like any other.
pub fn derived<'de, T: Deserialize<'de>, A: serde::de::MapAccess<'de>>(map: A) -> Result<T, A::Error> {
    T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
}

/// A struct decodes loosely field by field; `null` where the struct belongs is an error
/// (an `Option` of it is `None`).
impl<T: Object> Tolerant for T {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d)
    }
}

/// Where the keys the docs do not list go (a struct with `..extra`), and which of them never
/// do (the envelope's `RetCode`, `Action`, `Message`).
pub type Extra<'a> = Option<(&'a mut std::collections::BTreeMap<String, serde_json::Value>, &'a [&'a str])>;

/// Reads an object's entries: the value of key `names[i]` goes into slot `i`; any other
/// key is kept in `extra` when given, else skipped. Then checks that every required slot
/// holds a value (an absent one is a "missing field" error naming its key) and hands the
/// slots back.
pub fn fields<'de, A: serde::de::MapAccess<'de>, S: Slots<'de, A>>(
    map: &mut A,
    names: &[&'static str],
    mut slots: S,
    mut extra: Extra<'_>,
) -> Result<S, A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match names.iter().position(|name| *name == key.as_str()) {
            Some(i) => slots.fill(i, map)?,
            None => match extra.as_mut() {
                Some((extra, skip)) => {
                    let value = map.next_value::<serde_json::Value>()?;
                    keep_extra(extra, key, value, skip);
                }
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            },
        }
    }
    match slots.unsettled() {
        Some(i) => Err(serde::de::Error::missing_field(names.get(i).copied().unwrap_or("?"))),
        None => Ok(slots),
    }
}

/// An object key, borrowed from the body when it has no escapes.
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned string (for an `extra` map).
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// Keeps an undocumented field in an `extra` map, unless it is one of `skip` (the response
/// envelope, which the client has already checked).
pub fn keep_extra(
    extra: &mut std::collections::BTreeMap<String, serde_json::Value>,
    key: Key<'_>,
    value: serde_json::Value,
    skip: &[&str],
) {
    if !skip.contains(&key.as_str()) {
        extra.insert(key.into_string(), value);
    }
}

macro_rules! tolerant_scalar {
    ($($ty:ty => $decode:path, $decode_opt:path;)*) => {$(
        impl Tolerant for $ty {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $decode(d)
            }
            fn decode_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                $decode_opt(d)
            }
        }
    )*};
}

tolerant_scalar! {
    i64 => int, opt_int;
    f64 => float, opt_float;
    bool => self::bool, opt_bool;
    String => string, opt_string;
    crate::Secret => secret, opt_secret;
    Decimal => decimal, opt_decimal;
    crate::time::UnixTime => crate::time::UnixTime::deserialize, opt_unix_time;
    crate::download::DownloadUrl => crate::download::DownloadUrl::deserialize, opt_download_url;
}

/// Free-form JSON: any value; an absent key is `null`.
impl Tolerant for serde_json::Value {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d)
    }
    fn missing() -> Option<Self> {
        Some(serde_json::Value::Null)
    }
}

/// An optional field: absent is `None`; what else counts as absent is up to `T`.
impl<T: Tolerant> Tolerant for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::decode_opt(d)
    }
    fn missing() -> Option<Self> {
        Some(None)
    }
}

/// A list: `null` and an absent key are empty; items decode tolerantly too.
impl<T: Tolerant> Tolerant for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(ListVisitor(std::marker::PhantomData))
    }
    fn missing() -> Option<Self> {
        Some(Vec::new())
    }
}

/// Reads a list (or `null`, an empty one) straight into a `Vec<T>`, each item through
/// [`Tolerant`].
struct ListVisitor<T>(std::marker::PhantomData<fn() -> T>);

impl<'de, T: Tolerant> serde::de::Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Like serde's own `Vec` visitor: one move per item, and a size hint trusted up to 1 MiB.
        let cap = (1 << 20) / std::mem::size_of::<T>().max(1);
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(cap));
        while let Some(Field(item)) = seq.next_element::<Field<T>>()? {
            items.push(item);
        }
        Ok(items)
    }
}

/// A boxed (recursive) struct decodes like the struct.
impl<T: Object> Object for Box<T> {
    fn name() -> &'static str {
        T::name()
    }

    fn visit<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        T::visit(map).map(Box::new)
    }
}

/// A Unix time in seconds as a [`SystemTime`]; generated accessors call this so
/// structs can keep the raw integer the service sent.
pub fn unix_seconds(secs: i64) -> SystemTime {
    let magnitude = Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH.checked_add(magnitude).unwrap_or(UNIX_EPOCH)
    } else {
        UNIX_EPOCH.checked_sub(magnitude).unwrap_or(UNIX_EPOCH)
    }
}

/// Like [`unix_seconds`] but `0` (the service's "never") gives `None`.
pub fn opt_unix_seconds(secs: i64) -> Option<SystemTime> {
    (secs != 0).then(|| unix_seconds(secs))
}

/// Decodes JSON into a response or model type the way the client does, tolerantly (these
/// types implement [`Tolerant`], not serde's `Deserialize`): for fixtures and saved bodies.
///
/// ```
/// sdkgen_runtime::model! {
///     /// A thing.
///     pub struct Thing {
///         /// Its size.
///         required size: i64 = "Size";
///     }
/// }
/// let thing: Thing = sdkgen_runtime::decode::from_json(br#"{"Size": "12"}"#).unwrap();
/// assert_eq!(thing.size, 12);
/// ```
pub fn from_json<T: Tolerant>(json: &[u8]) -> serde_json::Result<T> {
    serde_json::from_slice::<Field<T>>(json).map(|field| field.0)
}

/// [`from_body`] for a [`Tolerant`] type (what generated responses are).
pub fn from_body_tolerant<T: Tolerant>(action: &str, body: &[u8]) -> Result<T, Error> {
    from_body::<Field<T>>(action, body).map(|field| field.0)
}

/// Decodes a whole response body into `T`, reporting the failing field path
/// and an excerpt of the body instead of panicking.
pub fn from_body<T: DeserializeOwned>(action: &str, body: &[u8]) -> Result<T, Error> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        Error::Decode {
            action: action.to_owned(),
            path: (path != "." && !path.is_empty()).then_some(path),
            message: err.inner().to_string(),
            excerpt: excerpt(body, EXCERPT_CHARS),
            request_id: None,
        }
    })?;
    // Reject trailing garbage after the JSON value.
    de.end().map_err(|err| decode_error(action, err, body))?;
    Ok(value)
}

/// Builds a [`Error::Decode`] for checks done outside serde (e.g. a missing `RetCode`).
pub(crate) fn decode_error(action: &str, message: impl Display, body: &[u8]) -> Error {
    Error::Decode {
        action: action.to_owned(),
        path: None,
        message: message.to_string(),
        excerpt: excerpt(body, EXCERPT_CHARS),
        request_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Host {
        #[serde(deserialize_with = "int")]
        cpu: u32,
        #[serde(default, deserialize_with = "opt_int")]
        memory: Option<i64>,
        #[serde(deserialize_with = "string")]
        id: String,
        #[serde(default, deserialize_with = "opt_string")]
        remark: Option<String>,
        #[serde(deserialize_with = "bool")]
        on: bool,
        #[serde(default, deserialize_with = "opt_bool")]
        flag: Option<bool>,
        #[serde(deserialize_with = "decimal")]
        price: Decimal,
        #[serde(default, deserialize_with = "opt_decimal")]
        discount: Option<Decimal>,
        #[serde(default, deserialize_with = "list")]
        tags: Vec<String>,
        #[serde(default, deserialize_with = "opt_float")]
        ratio: Option<f64>,
    }

    fn host(json: &str) -> Result<Host, Error> {
        from_body("DescribeHost", json.as_bytes())
    }

    #[test]
    fn accepts_loose_spellings() {
        let a = host(
            r#"{"Cpu":"4","Memory":"","Id":123,"Remark":"","On":"true","Flag":1,
                "Price":"12.30","Discount":0.1,"Tags":null,"Ratio":"0.5"}"#,
        )
        .unwrap();
        assert_eq!(a.cpu, 4);
        assert_eq!(a.memory, None);
        assert_eq!(a.id, "123");
        assert_eq!(a.remark.as_deref(), Some(""));
        assert!(a.on);
        assert_eq!(a.flag, Some(true));
        assert_eq!(a.price.to_string(), "12.30");
        assert_eq!(a.discount, Some(Decimal::new(1, 1)), "0.1 exactly, not the f64 approximation");
        assert!(a.tags.is_empty());
        assert_eq!(a.ratio, Some(0.5));

        let b = host(r#"{"Cpu":4.0,"Memory":null,"Id":"h-1","On":0,"Price":7,"Tags":["x"]}"#).unwrap();
        assert_eq!((b.cpu, b.memory, b.on, b.remark, b.flag), (4, None, false, None, None));
        assert_eq!(b.price, Decimal::from(7));
        assert_eq!(b.tags, ["x"]);
        assert_eq!(b.ratio, None);
    }

    fn decode_err(json: &str) -> (Option<String>, String, String) {
        match host(json).unwrap_err() {
            Error::Decode { action, path, message, excerpt, .. } => {
                assert_eq!(action, "DescribeHost");
                (path, message, excerpt)
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn money_sent_as_a_number_is_exact() {
        // 12345678901234567.89 as an f64 is 12345678901234568: the digits must come from the text.
        let a = host(
            r#"{"Cpu":1,"Id":"h","On":1,"Price":12345678901234567.89,"Discount":-0.000000000000000001}"#,
        )
        .unwrap();
        assert_eq!(a.price.to_string(), "12345678901234567.89");
        assert_eq!(a.discount.map(|d| d.to_string()).as_deref(), Some("-0.000000000000000001"));
        let b = host(r#"{"Cpu":1,"Id":"h","On":1,"Price":1.5e3,"Discount":null}"#).unwrap();
        assert_eq!((b.price, b.discount), (Decimal::from(1500), None));
        let (path, message, _) = decode_err(r#"{"Cpu":1,"Id":"h","On":1,"Price":true}"#);
        assert_eq!((path.as_deref(), message.contains("decimal")), (Some("Price"), true), "{message}");
        // Through a `serde_json::Value` too (a caller re-decoding a value it kept).
        let v: serde_json::Value =
            serde_json::from_str(r#"{"Cpu":1,"Id":"h","On":1,"Price":"0.10"}"#).unwrap();
        let c: Host = serde_json::from_value(v).unwrap();
        assert_eq!(c.price.to_string(), "0.10");
    }

    proptest::proptest! {
        #[test]
        fn long_decimals_decode_exactly(int in "-?[1-9][0-9]{0,15}", frac in "[0-9]{0,12}", quoted: bool) {
            let text = if frac.is_empty() { int.clone() } else { format!("{int}.{frac}") };
            let price = if quoted { format!("\"{text}\"") } else { text.clone() };
            let json = format!(r#"{{"Cpu":1,"Id":"h","On":1,"Price":{price}}}"#);
            let h = host(&json).unwrap();
            proptest::prop_assert_eq!(h.price, Decimal::from_str(&text).unwrap());
            proptest::prop_assert_eq!(h.price.to_string(), text);
        }
    }

    #[test]
    fn bad_values_name_the_value_and_path() {
        let (path, message, _) = decode_err(r#"{"Cpu":1,"Id":"x","On":true,"Price":"free"}"#);
        assert_eq!(path.as_deref(), Some("Price"));
        assert!(message.contains("\"free\""), "{message}");
        let (path, message, _) = decode_err(r#"{"Cpu":4.5,"Id":"x","On":true,"Price":1}"#);
        assert_eq!(path.as_deref(), Some("Cpu"));
        assert!(message.contains("4.5"), "{message}");
        let (_, message, _) = decode_err(r#"{"Cpu":-1,"Id":"x","On":true,"Price":1}"#);
        assert!(message.contains("out of range"), "{message}");
        let (path, _, _) = decode_err(r#"{"Cpu":1,"Id":"x","On":"maybe","Price":1}"#);
        assert_eq!(path.as_deref(), Some("On"));
    }

    #[test]
    fn malformed_json_gives_an_excerpt() {
        let body = format!("<html>{}</html>", "x".repeat(500));
        let (_, _, excerpt) = decode_err(&body);
        assert!(excerpt.starts_with("<html>xxx"));
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 1);
        let (_, message, _) = decode_err(r#"{"Cpu":1,"Id":"x","On":true,"Price":1} trailing"#);
        assert!(message.contains("trailing"), "{message}");
    }

    #[test]
    fn unix_seconds_convert() {
        assert_eq!(unix_seconds(0), UNIX_EPOCH);
        assert_eq!(unix_seconds(1_700_000_000), UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        assert_eq!(unix_seconds(-10), UNIX_EPOCH - Duration::from_secs(10));
        assert_eq!(opt_unix_seconds(0), None);
        let _ = unix_seconds(i64::MAX);
        let _ = unix_seconds(i64::MIN);
    }
}
