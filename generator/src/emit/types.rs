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

/// The Rust type of a value (no `Option`).
pub fn value_type(ty: &RustType, scope: Scope) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::Int => quote!(i64),
        RustType::UnixSeconds => quote!(sdkgen_runtime::UnixTime),
        RustType::Float => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Money => quote!(sdkgen_runtime::Decimal),
        RustType::DownloadUrl => quote!(sdkgen_runtime::DownloadUrl),
        RustType::Json => quote!(sdkgen_runtime::serde_json::Value),
        RustType::List(inner) => {
            let inner = value_type(inner, scope);
            quote!(Vec<#inner>)
        }
        RustType::Struct(name) => {
            let id = format_ident!("{}", name);
            match scope {
                Scope::Model => quote!(#id),
                Scope::Other => quote!(model::#id),
            }
        }
        RustType::Enum(name) => {
            let id = format_ident!("{}", name);
            quote!(enums::#id)
        }
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
    let name = super::names::ident(&field.rust);
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
    let name = super::names::ident(&field.rust);
    let ty = field_type(field, scope);
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// The statement that encodes one request field under its wire name.
pub fn encode_field(field: &FieldPlan) -> TokenStream {
    let name = super::names::ident(&field.rust);
    let wire = &field.wire;
    quote!(out.field(prefix, #wire, &self.#name);)
}

/// The `extra` map of a decoded struct (family setting `extra_fields`): every field the docs do
/// not list, by wire name. Named `extra`, or `extra_fields` when a documented field took `extra`.
pub fn extra_field(fields: &[FieldPlan]) -> TokenStream {
    let name = if fields.iter().any(|f| f.rust == "extra") { "extra_fields" } else { "extra" };
    let name = super::names::ident(name);
    quote! {
        /// Fields the API docs do not list, by wire name.
        #[serde(flatten)]
        pub #name: std::collections::BTreeMap<String, sdkgen_runtime::serde_json::Value>,
    }
}
