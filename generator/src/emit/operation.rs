//! One module per action: its request type, response type, builder, client method, documented
//! rules and, for paged actions, page and item streams. Everything else is in the runtime.

use super::names::ident;
use super::plan::{ActionPlan, FieldPlan, PageStyle, Pagination, RustType};
use super::types::{self, doc_attrs, Scope};
use crate::ir::Constraints;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Names of the builder's own methods, which no setter may take.
pub const BUILDER_METHODS: &[&str] = &["send", "request", "pages", "items", "client", "page_concurrency"];

/// The whole module of one action.
pub fn operation_module(action: &ActionPlan) -> TokenStream {
    let wire = &action.wire;
    let header = format!(" `{wire}`: the request, response and builder of `Client::{}`.", action.method);
    let rules = rules(&action.request);
    let options = call_options(action);
    let request = request_struct(action);
    let response = response_struct(action);
    let builder = builder(action);
    quote! {
        #![doc = #header]
        #[allow(unused_imports)]
        use super::super::{enums, model};
        use super::super::client::Client;
        #[allow(unused_imports)]
        use sdkgen_runtime::decode as de;
        use sdkgen_runtime::{CallOptions, EncodeParams, Params, Result, Rule};

        /// The action's wire name.
        pub const ACTION: &str = #wire;
        /// The rules the docs state, checked before sending.
        const RULES: &[Rule] = &[#(#rules),*];
        const OPTIONS: CallOptions = #options;

        #request
        #response
        #builder
    }
}

fn call_options(action: &ActionPlan) -> TokenStream {
    let idempotent = action.idempotent;
    let region = action.request.iter().any(|f| f.wire == "Region");
    let project = action.request.iter().any(|f| f.wire == "ProjectId");
    quote!(CallOptions { idempotent: #idempotent, default_region: #region, default_project: #project })
}

/// The documented rules of top-level params, as runtime data.
fn rules(fields: &[FieldPlan]) -> Vec<TokenStream> {
    let opt_i64 = |v: Option<i64>| match v {
        Some(v) => {
            let v = proc_macro2::Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let opt_u32 = |v: Option<u32>| match v {
        Some(v) => {
            let v = proc_macro2::Literal::u32_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let mut out = Vec::new();
    for f in fields {
        let name = &f.wire;
        let Constraints { min, max, min_items, max_items, greater_than, max_range_days, .. } = &f.constraints;
        let numeric =
            matches!(f.ty, RustType::Int | RustType::Float | RustType::UnixSeconds | RustType::Money);
        if numeric && (min.is_some() || max.is_some()) {
            let (min, max) = (opt_i64(*min), opt_i64(*max));
            out.push(quote!(Rule::Range { name: #name, min: #min, max: #max }));
        }
        if matches!(f.ty, RustType::List(_)) && (min_items.is_some() || max_items.is_some()) {
            let (min, max) = (opt_u32(*min_items), opt_u32(*max_items));
            out.push(quote!(Rule::Items { name: #name, min: #min, max: #max }));
        }
        if let Some(than) = greater_than.as_ref().filter(|t| fields.iter().any(|o| o.wire == **t)) {
            out.push(quote!(Rule::Greater { name: #name, than: #than }));
        }
        if let Some(days) = max_range_days {
            // The range runs from this param to the one documented as greater than it.
            let end = fields.iter().find(|o| o.constraints.greater_than.as_deref() == Some(name.as_str()));
            let end = end.map(|e| e.wire.clone()).or_else(|| {
                let guess = name.replace("Start", "End");
                fields.iter().any(|o| o.wire == guess).then_some(guess)
            });
            if let Some(end) = end {
                let days = proc_macro2::Literal::u32_unsuffixed(*days);
                out.push(quote!(Rule::MaxSpanDays { start: #name, end: #end, days: #days }));
            }
        }
    }
    out
}

/// The `encode` arguments, `_`-prefixed when there is no field to encode (no unused-variable
/// warning in a generated crate).
pub(crate) fn encode_args(no_fields: bool) -> (proc_macro2::Ident, proc_macro2::Ident) {
    if no_fields {
        (format_ident!("_prefix"), format_ident!("_out"))
    } else {
        (format_ident!("prefix"), format_ident!("out"))
    }
}

fn request_struct(action: &ActionPlan) -> TokenStream {
    let name = format_ident!("{}Request", action.type_name);
    let doc = format!(" The params of `{}`; build it with [`Client::{}`].", action.wire, action.method);
    let fields = action.request.iter().map(|f| types::request_field(f, Scope::Other));
    let encodes = action.request.iter().map(types::encode_field);
    let (prefix, out) = encode_args(action.request.is_empty());
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }

        impl EncodeParams for #name {
            #[allow(deprecated)]
            fn encode(&self, #prefix: &str, #out: &mut Params) {
                #(#encodes)*
            }
        }
    }
}

fn response_struct(action: &ActionPlan) -> TokenStream {
    let name = format_ident!("{}Response", action.type_name);
    let doc = format!(
        " What `{}` returns (the envelope's `RetCode`, `Action` and `Message` are checked by the client).",
        action.wire
    );
    let fields = action.response.iter().map(|f| types::response_field(f, Scope::Other));
    // With an `extra` map, the envelope is read into private fields so it does not land there.
    let extra = if action.extra {
        let map = types::extra_field(&action.response);
        let envelope = super::plan::ENVELOPE.iter().map(|wire| {
            let name = format_ident!("envelope_{}", super::names::snake(wire).trim_start_matches("r#"));
            quote!(#[serde(rename = #wire, default)] #name: sdkgen_runtime::serde::de::IgnoredAny,)
        });
        quote!(#map #(#envelope)*)
    } else {
        quote!()
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, sdkgen_runtime::serde::Deserialize)]
        #[serde(crate = "sdkgen_runtime::serde")]
        #[non_exhaustive]
        pub struct #name { #(#fields)* #extra }
    }
}

/// How a method argument or setter takes a value: `(parameter type, expression converting it)`.
fn arg(ty: &RustType, value: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        RustType::String | RustType::UnixSeconds | RustType::Enum(_) => {
            let t = types::value_type(ty, Scope::Other);
            (quote!(impl Into<#t>), quote!(#value.into()))
        }
        RustType::List(inner) => {
            let t = types::value_type(inner, Scope::Other);
            (
                quote!(impl IntoIterator<Item = impl Into<#t>>),
                quote!(#value.into_iter().map(Into::into).collect()),
            )
        }
        _ => (types::value_type(ty, Scope::Other), quote!(#value)),
    }
}

fn builder(action: &ActionPlan) -> TokenStream {
    let builder = format_ident!("{}", action.type_name);
    let request = format_ident!("{}Request", action.type_name);
    let response = format_ident!("{}Response", action.type_name);
    let method = ident(&action.method);
    let method_docs = doc_attrs(&action.docs);
    let builder_doc = format!(
        " Builds and sends `{}`: start with [`Client::{}`], chain optional params, then `.send().await`.",
        action.wire, action.method
    );
    let required = required_args(action);
    let args = required.iter().map(|f| {
        let name = ident(&f.rust);
        let (ty, _) = arg(&f.ty, &name);
        quote!(#name: #ty)
    });
    let inits = action.request.iter().map(|f| {
        let name = ident(&f.rust);
        if required.iter().any(|r| r.rust == f.rust) {
            let (_, conv) = arg(&f.ty, &name);
            if name == conv.to_string() {
                quote!(#name)
            } else {
                quote!(#name: #conv)
            }
        } else if matches!(f.ty, RustType::List(_)) {
            quote!(#name: Vec::new())
        } else {
            quote!(#name: None)
        }
    });
    let setters = action.request.iter().filter(|f| !required.iter().any(|r| r.rust == f.rust)).map(setter);
    let pagination = action.pagination.as_ref().map(|p| paging(action, p));
    // Paged actions carry how many pages may be in flight at once.
    let (concurrency_field, concurrency_init) = if pagination.is_some() {
        (quote!(page_concurrency: usize,), quote!(page_concurrency: 4))
    } else {
        (quote!(), quote!())
    };
    quote! {
        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `.send().await`"]
        pub struct #builder {
            client: Client,
            request: #request,
            #concurrency_field
        }

        impl Client {
            #method_docs
            #[allow(deprecated)]
            pub fn #method(&self, #(#args),*) -> #builder {
                #builder { client: self.clone(), request: #request { #(#inits),* }, #concurrency_init }
            }
        }

        impl #builder {
            #(#setters)*

            /// The request as built so far.
            pub fn request(&self) -> &#request {
                &self.request
            }

            /// Checks the documented rules, sends the request (retrying as the client's policy
            /// allows) and decodes the response.
            pub async fn send(self) -> Result<#response> {
                self.client.transport().execute(ACTION, &self.request, RULES, OPTIONS).await
            }

            #pagination
        }
    }
}

/// The method's arguments: required scalar params, in document order, except that a param
/// documented as greater than another comes right after it (`start_time, end_time` even where
/// a page lists `EndTime` first), so ranges read the same across actions.
pub fn required_args(action: &ActionPlan) -> Vec<&FieldPlan> {
    let mut args: Vec<&FieldPlan> =
        action.request.iter().filter(|f| f.required && !matches!(f.ty, RustType::List(_))).collect();
    for _ in 0..args.len() {
        let misplaced = args.iter().enumerate().find_map(|(i, f)| {
            let target = f.constraints.greater_than.as_deref()?;
            let j = args.iter().position(|t| t.wire == target)?;
            (j > i).then_some((i, j))
        });
        let Some((i, j)) = misplaced else { break };
        let moved = args.remove(i);
        args.insert(j, moved);
    }
    args
}

fn setter(f: &FieldPlan) -> TokenStream {
    let name = ident(&f.rust);
    let docs = doc_attrs(&f.docs);
    let deprecated = types::deprecated_attr(f);
    let (ty, conv) = arg(&f.ty, &name);
    let value = if matches!(f.ty, RustType::List(_)) { conv } else { quote!(Some(#conv)) };
    quote! {
        #docs
        #deprecated
        #[allow(deprecated)]
        pub fn #name(mut self, #name: #ty) -> Self {
            self.request.#name = #value;
            self
        }
    }
}

/// `pages()` and `items()` for a paged action: after the first page, the rest are fetched
/// concurrently when the response gives a total, else one by one until a short page.
fn paging(action: &ActionPlan, p: &Pagination) -> TokenStream {
    let field = |rust: &str| action.request.iter().find(|f| f.rust == rust);
    let (Some(cursor_field), Some(size_field)) = (field(&p.cursor), field(&p.size)) else {
        return quote!();
    };
    let item = types::value_type(&p.item_type, Scope::Other);
    let cursor = ident(&p.cursor);
    let size = ident(&p.size);
    let items = ident(&p.items);
    let default_size = size_field
        .constraints
        .default
        .as_deref()
        .and_then(|d| d.parse().ok())
        .or(size_field.constraints.max)
        .unwrap_or(20);
    let default_size = proc_macro2::Literal::i64_unsuffixed(default_size);
    let current_size = if size_field.required {
        quote!(self.request.#size)
    } else {
        quote!(self.request.#size.unwrap_or(#default_size))
    };
    let set = |f: &FieldPlan, value: TokenStream| if f.required { value } else { quote!(Some(#value)) };
    let set_cursor = set(cursor_field, quote!(at.index as i64));
    let set_size = set(size_field, quote!(at.size as i64));
    let mode = match p.style {
        PageStyle::Page => {
            let first =
                proc_macro2::Literal::u64_unsuffixed(cursor_field.constraints.min.unwrap_or(1).max(0) as u64);
            quote!(sdkgen_runtime::Paginate::numbered(#first, #current_size.max(1) as u64))
        }
        PageStyle::Offset => quote!(sdkgen_runtime::Paginate::offset(#current_size.max(1) as u64)),
    };
    let total = match &p.total {
        Some(total) => {
            let total = ident(total);
            let required =
                action.response.iter().any(|f| f.rust == *p.total.as_deref().unwrap_or("") && f.required);
            if required {
                quote!(Some(response.#total.max(0) as u64))
            } else {
                quote!(response.#total.map(|t| t.max(0) as u64))
            }
        }
        None => quote!(None),
    };
    let doc = format!(
        " Every page of `{}`, in order. The first page decides: with a total, the remaining pages \
         are fetched concurrently ([`page_concurrency`](Self::page_concurrency) at a time, 4 by \
         default, order kept); without one, pages are fetched until a short one.",
        action.wire
    );
    quote! {
        #[doc = #doc]
        pub fn pages(self) -> impl sdkgen_runtime::Stream<Item = Result<sdkgen_runtime::Page<#item>>> {
            let mode = #mode.concurrency(self.page_concurrency);
            sdkgen_runtime::paginate(mode, move |at| {
                let mut call = self.clone();
                call.request.#cursor = #set_cursor;
                call.request.#size = #set_size;
                async move {
                    let response = call.send().await?;
                    Ok(sdkgen_runtime::Page { total: #total, items: response.#items })
                }
            })
        }

        /// How many pages [`pages`](Self::pages) and [`items`](Self::items) fetch at once once
        /// the total is known (default 4; 1 fetches one page after another).
        pub fn page_concurrency(mut self, pages: usize) -> Self {
            self.page_concurrency = pages.max(1);
            self
        }

        /// Every item of every page, in order (see [`pages`](Self::pages)).
        pub fn items(self) -> impl sdkgen_runtime::Stream<Item = Result<#item>> {
            sdkgen_runtime::into_items(self.pages())
        }
    }
}
