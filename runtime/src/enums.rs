//! String enums with an `Unknown(String)` fallback, declared by generated code through
//! [`string_enum_impls!`](crate::string_enum_impls) so the conversions are written once.

/// Implements the conversions of a string enum whose last variant is `Unknown(String)`:
/// `as_str`, `From<&str>`, `From<String>`, `Display`, tolerant `Deserialize` (numbers become
/// their text) and `EncodeParams`; and equality, hashing and order by the wire value.
/// Generated code declares the enum itself (so it reads as plain Rust with docs) and calls
/// this with the variant ↔ wire value pairs.
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident { $( $variant:ident = $wire:literal ),* $(,)? }) => {
        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(other) => other.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $name::from(value.as_str())
            }
        }

        // Equality, hashing and order go by the wire value, so `Unknown("Port")` equals
        // `Port`; one line each instead of a derived match over every variant.
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::decode::string(d).map($name::from)
            }
        }

        impl $crate::decode::Tolerant for $name {
            fn decode<'de, D: $crate::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::decode::string(d).map($name::from)
            }
        }

        impl $crate::EncodeParams for $name {
            fn encode(&self, prefix: &str, out: &mut $crate::Params) {
                out.set_str(prefix, self.as_str());
            }
        }
    };
}

/// Declares `#[non_exhaustive]` string enums, each with an `Unknown(String)` variant and its
/// conversions ([`string_enum_impls!`](crate::string_enum_impls)). Generated `enums.rs` files
/// are one invocation listing every enum of the family.
#[macro_export]
macro_rules! string_enum {
    ($(
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value the docs do not list, kept as sent.
            Unknown(::std::string::String),
        }
        $crate::string_enum_impls!($name { $( $variant = $wire ),* });
    )*};
}

#[cfg(test)]
mod tests {
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
        assert_eq!(Code::from("sandbox"), Code::Sandbox);
        assert_eq!(Code::from("other"), Code::Unknown("other".into()));
        assert_eq!(Code::Unknown("x".into()).as_str(), "x");
        // One value, one identity: an unknown spelling of a known value is that value.
        assert_eq!(Code::Unknown("sandbox".into()), Code::Sandbox);
        assert_ne!(Code::Unknown("Sandbox".into()), Code::Sandbox);
        let state = std::collections::hash_map::RandomState::new();
        let hash_with = |c: &Code| std::hash::BuildHasher::hash_one(&state, c);
        assert_eq!(hash_with(&Code::Unknown("sandbox".into())), hash_with(&Code::Sandbox));
        // Ordered by wire value.
        let mut sorted = vec![Code::Sandbox, Code::Unknown("a".into()), Code::Modelverse];
        sorted.sort();
        assert_eq!(sorted, [Code::Unknown("a".into()), Code::Modelverse, Code::Sandbox]);
        let decoded: Vec<Code> = serde_json::from_str(r#"["modelverse", "new", 7]"#).unwrap();
        assert_eq!(decoded, [Code::Modelverse, Code::Unknown("new".into()), Code::Unknown("7".into())]);
        let mut p = crate::Params::new();
        crate::EncodeParams::encode(&Code::Sandbox, "P", &mut p);
        assert_eq!(p.get("P"), Some("sandbox"));
    }
}
