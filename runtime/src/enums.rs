//! String enums: the documented values as a plain Rust enum, and [`OrUnknown`] around it for a
//! value the docs do not list.
//!
//! A generated enum is fieldless (`Copy`, matchable) and carries one table, [`Variants`], of
//! its values and their wire spellings. Everything else (wire text, parsing, equality, hashing,
//! order, display, decoding, encoding) is written once here, generic over that table, instead
//! of a dozen impls per enum in every generated crate: checking a crate with 46 enums (ulb) took 11 %
//! fewer instructions this way than with the impls generated per enum (`INSTRUCTIONS=1
//! tools/bench-compile.sh`; docs/benchmarks.md §2).

use crate::params::{EncodeParams, Params};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The documented values of a string enum and their wire spellings, declared by
/// [`string_enum!`](crate::string_enum).
pub trait Variants: Copy + PartialEq + fmt::Debug + Send + Sync + 'static {
    /// Every variant, in declaration order, with its wire value.
    const VARIANTS: &'static [(Self, &'static str)];

    /// The variant's wire value.
    fn as_str(self) -> &'static str {
        Self::VARIANTS.iter().find(|(variant, _)| *variant == self).map_or("", |(_, wire)| wire)
    }

    /// The variant spelled `wire` on the wire, if documented.
    fn from_wire(wire: &str) -> Option<Self> {
        Self::VARIANTS.iter().find(|(_, spelling)| *spelling == wire).map(|(variant, _)| *variant)
    }
}

/// A string enum's value as the service sent it: a documented variant, or a value the docs do
/// not list, kept as sent (services add values before their docs do).
///
/// Equality, hashing and order go by the wire value, so `Unknown("HTTP")` equals
/// `Known(Http)` when `Http` is spelled `HTTP`.
///
/// ```
/// sdkgen_runtime::string_enum! {
///     /// A protocol.
///     pub enum Protocol {
///         /// `HTTP`
///         Http = "HTTP",
///         /// `HTTPS`
///         Https = "HTTPS",
///     }
/// }
/// use sdkgen_runtime::OrUnknown;
///
/// let sent: OrUnknown<Protocol> = "HTTPS".into();
/// assert_eq!(sent, Protocol::Https);
/// assert_eq!(sent.known(), Some(Protocol::Https));
/// match OrUnknown::<Protocol>::from("QUIC") {
///     OrUnknown::Known(protocol) => unreachable!("{protocol:?} is not QUIC"),
///     OrUnknown::Unknown(other) => assert_eq!(other, "QUIC"),
/// }
/// ```
#[derive(Clone)]
pub enum OrUnknown<E> {
    /// A documented value.
    Known(E),
    /// A value the docs do not list, as sent.
    Unknown(String),
}

impl<E: Variants> OrUnknown<E> {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            OrUnknown::Known(variant) => variant.as_str(),
            OrUnknown::Unknown(other) => other,
        }
    }

    /// The documented variant, if it is one.
    pub fn known(&self) -> Option<E> {
        match self {
            OrUnknown::Known(variant) => Some(*variant),
            OrUnknown::Unknown(_) => None,
        }
    }
}

impl<E: Variants> From<E> for OrUnknown<E> {
    fn from(variant: E) -> Self {
        OrUnknown::Known(variant)
    }
}

impl<E: Variants> From<&str> for OrUnknown<E> {
    fn from(wire: &str) -> Self {
        match E::from_wire(wire) {
            Some(variant) => OrUnknown::Known(variant),
            None => OrUnknown::Unknown(wire.to_owned()),
        }
    }
}

impl<E: Variants> From<String> for OrUnknown<E> {
    fn from(wire: String) -> Self {
        match E::from_wire(&wire) {
            Some(variant) => OrUnknown::Known(variant),
            None => OrUnknown::Unknown(wire),
        }
    }
}

impl<E: Variants> PartialEq for OrUnknown<E> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<E: Variants> Eq for OrUnknown<E> {}

/// `value == Protocol::Https`, without wrapping the variant.
impl<E: Variants> PartialEq<E> for OrUnknown<E> {
    fn eq(&self, other: &E) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<E: Variants> Hash for OrUnknown<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<E: Variants> PartialOrd for OrUnknown<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By wire value.
impl<E: Variants> Ord for OrUnknown<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// `Https`, or `Unknown("QUIC")`.
impl<E: Variants> fmt::Debug for OrUnknown<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrUnknown::Known(variant) => variant.fmt(f),
            OrUnknown::Unknown(other) => f.debug_tuple("Unknown").field(other).finish(),
        }
    }
}

/// The wire value.
impl<E: Variants> fmt::Display for OrUnknown<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// From a string, or a number or boolean as its text.
impl<'de, E: Variants> serde::Deserialize<'de> for OrUnknown<E> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::decode::string(d).map(Self::from)
    }
}

impl<E: Variants> crate::decode::Tolerant for OrUnknown<E> {
    fn decode<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::decode::string(d).map(Self::from)
    }
}

/// As its wire value; what a request struct using this type (a both-way model) sends.
impl<E: Variants> serde::Serialize for OrUnknown<E> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<E: Variants> EncodeParams for OrUnknown<E> {
    fn encode(&self, prefix: &str, out: &mut Params) {
        out.set_str(prefix, self.as_str());
    }
}

/// Declares string enums: each a fieldless `#[non_exhaustive]` enum of the documented values
/// with its [`Variants`] table. Fields of such a type are [`OrUnknown`]`<Enum>`, which keeps a
/// value the docs do not list. Generated `enums.rs` files are one invocation listing every
/// enum of the family.
#[macro_export]
macro_rules! string_enum {
    ($(
        $(#$meta:tt)*
        $vis:vis enum $name:ident {
            $( $(#$vmeta:tt)* $variant:ident = $wire:literal ),* $(,)?
        }
    )*) => {$(
        $(#$meta)*
        #[derive(Debug)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#$vmeta)* $variant, )*
        }

        // `Clone`, `Copy`, `PartialEq` and `Eq` by hand: the derives add impls of their own
        // (`StructuralPartialEq`, `TrivialClone`) and an `Eq` assertion per enum, which rustc
        // checks in every build (measured, 2 % of a crate's check; only const patterns need
        // them, and nobody matches a variant through a const).
        impl ::core::clone::Clone for $name {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl ::core::marker::Copy for $name {}

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                *self as isize == *other as isize
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl $crate::Variants for $name {
            const VARIANTS: &'static [(Self, &'static str)] = &[ $( ($name::$variant, $wire) ),* ];
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::{OrUnknown, Variants};

    crate::string_enum! {
        /// Test enum.
        pub enum Code {
            /// A.
            Modelverse = "modelverse",
            /// B.
            Sandbox = "sandbox",
        }
    }

    #[test]
    fn known_and_unknown_values() {
        assert_eq!(Code::Sandbox.as_str(), "sandbox");
        assert_eq!(Code::from_wire("modelverse"), Some(Code::Modelverse));
        assert_eq!(Code::from_wire("Sandbox"), None);
        assert_eq!(OrUnknown::<Code>::from("sandbox"), OrUnknown::Known(Code::Sandbox));
        assert!(matches!(OrUnknown::<Code>::from("other"), OrUnknown::Unknown(s) if s == "other"));
        assert_eq!(OrUnknown::<Code>::Unknown("x".into()).as_str(), "x");
        assert_eq!(OrUnknown::<Code>::from(String::from("sandbox")).known(), Some(Code::Sandbox));
        // One value, one identity: an unknown spelling of a known value is that value.
        assert_eq!(OrUnknown::<Code>::Unknown("sandbox".into()), Code::Sandbox);
        assert_ne!(OrUnknown::<Code>::Unknown("Sandbox".into()), Code::Sandbox);
        let state = std::collections::hash_map::RandomState::new();
        let hash_with = |c: &OrUnknown<Code>| std::hash::BuildHasher::hash_one(&state, c);
        assert_eq!(hash_with(&OrUnknown::Unknown("sandbox".into())), hash_with(&Code::Sandbox.into()));
        // Ordered by wire value.
        let mut sorted: Vec<OrUnknown<Code>> =
            vec![Code::Sandbox.into(), "a".into(), Code::Modelverse.into()];
        sorted.sort();
        assert_eq!(sorted, [OrUnknown::Unknown("a".into()), Code::Modelverse.into(), Code::Sandbox.into()]);
        assert_eq!(format!("{:?} {}", sorted[1], sorted[1]), "Modelverse modelverse");
        assert_eq!(format!("{:?}", sorted[0]), "Unknown(\"a\")");
        let decoded: Vec<OrUnknown<Code>> = serde_json::from_str(r#"["modelverse", "new", 7]"#).unwrap();
        assert_eq!(decoded, [Code::Modelverse.into(), OrUnknown::Unknown("new".into()), "7".into()]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["modelverse","new","7"]"#);
        let mut p = crate::Params::new();
        crate::EncodeParams::encode(&OrUnknown::from(Code::Sandbox), "P", &mut p);
        assert_eq!(p.get("P"), Some("sandbox"));
    }
}
