//! Rust types and struct fields: a [`RustType`] as tokens, and the serde attributes that make
//! response decoding tolerant (numbers as strings and back, `""`/`null` for absent optionals).

use super::plan::{FieldPlan, RustType};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How the current module refers to the crate's models and enums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `model.rs`: models by bare name, enums through `enums::`.
    Model,
    /// Anywhere else: `model::X`, `enums::X` (both imported at the top of the file).
    Other,
}

/// The Rust type of a value (no `Option`), as tokens: [`type_text`] parsed, so the `action!`
/// text and the plain-Rust items name every type the same way.
pub fn value_type(ty: &RustType, scope: Scope) -> TokenStream {
    let text = type_text(ty, scope);
    // Every part is a path of planned identifiers, which always lexes.
    text.parse().unwrap_or_else(|_| {
        let ident = format_ident!("{}", text.replace(|c: char| !c.is_alphanumeric(), "_"));
        quote!(#ident)
    })
}

/// The Rust type of a value (no `Option`) as text.
pub fn type_text(ty: &RustType, scope: Scope) -> String {
    match ty {
        RustType::String => "String".into(),
        RustType::Int => "i64".into(),
        RustType::UnixSeconds => "sdkgen_runtime::UnixTime".into(),
        RustType::Float => "f64".into(),
        RustType::Bool => "bool".into(),
        RustType::Money => "sdkgen_runtime::Decimal".into(),
        RustType::DownloadUrl => "sdkgen_runtime::DownloadUrl".into(),
        RustType::Secret => "sdkgen_runtime::Secret".into(),
        RustType::Json => "sdkgen_runtime::serde_json::Value".into(),
        RustType::List(inner) => format!("Vec<{}>", type_text(inner, scope)),
        RustType::Struct(name) => match scope {
            Scope::Model => name.to_string(),
            Scope::Other => format!("model::{name}"),
        },
        // A value the docs do not list is kept, not an error.
        RustType::Enum(name) => format!("sdkgen_runtime::OrUnknown<enums::{name}>"),
    }
}

/// The field's declared type: lists as `Vec<T>` (empty when absent), optional values as
/// `Option<T>`, recursive structs boxed.
pub fn field_type(field: &FieldPlan, scope: Scope) -> TokenStream {
    let value = value_type(&field.ty, scope);
    let value = if field.boxed { quote!(Box<#value>) } else { value };
    if matches!(field.ty, RustType::List(_)) || field.required {
        value
    } else {
        quote!(Option<#value>)
    }
}

/// The tolerant decoder for a response field, if its type needs one: `(function, needs default)`.
/// Paths are relative to `de`, which every module with decoded structs imports as
/// `use sdkgen_runtime::decode as de;` (short paths keep each attribute on one line).
fn decoder(field: &FieldPlan) -> (Option<&'static str>, bool) {
    let optional = !field.required;
    let f = match (&field.ty, optional) {
        (RustType::List(_), _) => return (Some("de::list"), true),
        (RustType::Json, _) => return (None, true),
        (RustType::String, false) => "de::string",
        (RustType::String, true) => "de::opt_string",
        (RustType::Int, false) => "de::int",
        (RustType::Int, true) => "de::opt_int",
        (RustType::Float, false) => "de::float",
        (RustType::Float, true) => "de::opt_float",
        (RustType::Bool, false) => "de::bool",
        (RustType::Bool, true) => "de::opt_bool",
        (RustType::Money, false) => "de::decimal",
        (RustType::Money, true) => "de::opt_decimal",
        (RustType::UnixSeconds, true) => "de::opt_unix_time",
        (RustType::DownloadUrl, true) => "de::opt_download_url",
        (RustType::Secret, false) => "de::secret",
        (RustType::Secret, true) => "de::opt_secret",
        (RustType::DownloadUrl, false) => return (None, false),
        (RustType::UnixSeconds, false) | (RustType::Struct(_), false) | (RustType::Enum(_), false) => {
            return (None, false)
        }
        (RustType::Struct(_), true) | (RustType::Enum(_), true) => return (None, true),
    };
    (Some(f), optional)
}

/// Doc attributes from escaped doc lines.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// `#[deprecated]` when the docs deprecate the field.
pub fn deprecated_attr(field: &FieldPlan) -> TokenStream {
    if field.deprecated {
        quote!(#[deprecated(note = "deprecated in the API docs")])
    } else {
        quote!()
    }
}

/// One field of a decoded (response or model) struct, with its wire name and decoder.
pub fn response_field(field: &FieldPlan, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let deprecated = deprecated_attr(field);
    let name = field.rust.ident();
    let ty = field_type(field, scope);
    let wire = &field.wire;
    let serde = match decoder(field) {
        (Some(f), true) => quote!(#[serde(rename = #wire, default, deserialize_with = #f)]),
        (Some(f), false) => quote!(#[serde(rename = #wire, deserialize_with = #f)]),
        (None, true) => quote!(#[serde(rename = #wire, default)]),
        (None, false) => quote!(#[serde(rename = #wire)]),
    };
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// One field of a request struct (no serde: requests are encoded to wire params).
pub fn request_field(field: &FieldPlan, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let deprecated = deprecated_attr(field);
    let name = field.rust.ident();
    let ty = field_type(field, scope);
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// The statement that encodes one request field under its wire name.
pub fn encode_field(field: &FieldPlan) -> TokenStream {
    let name = field.rust.ident();
    let wire = &field.wire;
    quote!(out.field(prefix, #wire, &self.#name);)
}
