//! The smoke test every generated crate carries (`tests/smoke.rs`): each action is called with
//! values for its required params against the crate's own fake server, and its answer must come
//! back and decode. A family added under `specs/` is so tested end to end over real HTTP by
//! `cargo test --workspace`, with no test written by hand.
//!
//! The values are chosen from the plan alone: the first documented enum value, the default or a
//! number inside the documented range, times an hour apart (the later one for a param documented
//! as greater than another or named like an end), one item for a required list.

use super::features::Gates;
use super::names::{self, RustName};
use super::plan::{ActionPlan, CratePlan, FieldPlan, RustType};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// How deep nested request structs are filled; below it a struct keeps its `Default` (only a
/// struct that holds itself gets that deep).
const MAX_DEPTH: usize = 6;

/// The tokens of `tests/smoke.rs` for a crate named `crate_name`.
pub fn smoke_test(plan: &CratePlan, gates: &Gates, crate_name: &str) -> TokenStream {
    // Validation made the crate name a package name; the converter keeps this total regardless.
    let lib = crate_name.replace('-', "_");
    let krate = RustName::parse(&lib).unwrap_or_else(|| names::snake(&lib)).ident();
    let tests = plan.actions.iter().map(|a| action_test(a, plan, gates, &krate));
    quote! {
        //! Every action of this crate, called with its required params against the crate's own
        //! fake server (the runtime's spec-driven server, serving `api.json`), answers and decodes.
        #![allow(deprecated)]

        /// A client of this crate's fake server: one server for the test process, shared by
        /// every test (each has a runtime of its own). The ids sent are made up, so the server
        /// takes an unknown one as an item that exists.
        #[allow(dead_code)] // unused when no action feature is on
        fn client() -> #krate::Client {
            let server = sdkgen_runtime::fake::shared_adopting(include_str!("../api.json"))
                .expect("the fake server starts from api.json");
            #krate::Client::builder().fake_server(server).build().expect("a client of the fake server")
        }

        /// One test per action, named after its method (a module of their own, so no method
        /// name can take `client`'s).
        mod calls {
            #(#tests)*
        }
    }
}

/// One `#[tokio::test]`: build the call from the required params, send it, and fail with the
/// action's name and the error when it does not answer or decode.
fn action_test(
    action: &ActionPlan,
    plan: &CratePlan,
    gates: &Gates,
    krate: &proc_macro2::Ident,
) -> TokenStream {
    let name = action.method.ident();
    let method = action.method.ident();
    let feature = gates.action(action);
    let gate = (!feature.is_empty()).then(|| quote!(#[cfg(feature = #feature)]));
    let args = super::operation::required_args(action)
        .into_iter()
        .map(|f| scalar(&f.ty, f, &action.request, plan, krate, Mode::Argument, 0));
    let lists = action.request.iter().filter(|f| f.required && matches!(f.ty, RustType::List(_))).map(|f| {
        let setter = f.rust.ident();
        let items = scalar(&f.ty, f, &action.request, plan, krate, Mode::Argument, 0);
        quote!(.#setter(#items))
    });
    // Region, Zone and ProjectId are client settings; the docs' required ones are set per call.
    let context = action.context.iter().filter(|c| c.required).filter_map(|c| {
        let f = action.request.iter().find(|f| f.wire == c.wire)?;
        let setter = f.rust.ident();
        let value = scalar(&f.ty, f, &action.request, plan, krate, Mode::Argument, 0);
        Some(quote!(.#setter(#value)))
    });
    let lists = lists.chain(context);
    let uses_time = action.request.iter().any(|f| f.required && holds_time(&f.ty, plan, 0));
    let now = uses_time.then(|| quote!(let now = sdkgen_runtime::UnixTime::now();));
    let wire = &action.wire;
    let doc = format!(" `{wire}` with its required params answers, and the answer decodes.");
    let failed = format!("{wire}: {{err}}");
    quote! {
        #[doc = #doc]
        #gate
        #[tokio::test]
        async fn #name() {
            #now
            let answer = super::client().#method(#(#args),*)#(#lists)*.send().await;
            if let Err(err) = answer {
                panic!(#failed);
            }
        }
    }
}

/// Where a value goes: a method argument or setter (`impl Into<T>`, so `"text"` will do) or a
/// struct field (exactly `T`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Argument,
    Field,
}

/// Whether a value of this type holds a time somewhere (so the test needs `now`).
fn holds_time(ty: &RustType, plan: &CratePlan, depth: usize) -> bool {
    match ty {
        RustType::UnixSeconds => true,
        RustType::List(inner) => holds_time(inner, plan, depth),
        RustType::Struct(name) if depth < MAX_DEPTH => plan
            .structs
            .iter()
            .find(|s| &s.name == name)
            .is_some_and(|s| s.fields.iter().any(|f| f.required && holds_time(&f.ty, plan, depth + 1))),
        _ => false,
    }
}

/// A valid value of type `ty` for `field` (one of `siblings`), as an expression.
fn scalar(
    ty: &RustType,
    field: &FieldPlan,
    siblings: &[FieldPlan],
    plan: &CratePlan,
    krate: &proc_macro2::Ident,
    mode: Mode,
    depth: usize,
) -> TokenStream {
    let c = &field.constraints;
    let text = |s: &str| match mode {
        Mode::Argument => quote!(#s),
        Mode::Field => quote!(#s.into()),
    };
    match ty {
        RustType::String | RustType::Enum(_) => {
            // The default when it is one of the documented values (or there are none), else the
            // first documented value, else a made-up one like the fake server's.
            let default = c.default.clone().filter(|d| c.enum_values.is_empty() || c.enum_values.contains(d));
            let chosen = default.or_else(|| c.enum_values.first().cloned());
            text(&chosen.unwrap_or_else(|| format!("{}-1", field.wire)))
        }
        RustType::Secret => text("smoke-test-secret"),
        RustType::Int => {
            // A documented value when the docs list them (`Period`: 60, 300, …), else a number
            // that keeps the documented bounds.
            let listed = c.enum_values.iter().find_map(|v| v.parse::<i64>().ok());
            let n = listed.unwrap_or_else(|| number(field, siblings));
            let lit = Literal::i64_suffixed(n);
            quote!(#lit)
        }
        RustType::Float => {
            #[allow(clippy::cast_precision_loss)] // small documented bounds
            let lit = Literal::f64_suffixed(number(field, siblings) as f64);
            quote!(#lit)
        }
        RustType::Bool => quote!(false),
        RustType::Money => quote!(sdkgen_runtime::Decimal::ONE),
        RustType::UnixSeconds => {
            let later = c.greater_than.is_some() || field.wire.contains("End") || field.wire.contains("Stop");
            if later {
                quote!(now)
            } else {
                quote!(now.add_seconds(-3600))
            }
        }
        RustType::DownloadUrl | RustType::Json => {
            quote!(sdkgen_runtime::serde_json::Value::from("smoke-test"))
        }
        RustType::List(inner) => {
            let count = c.min_items.unwrap_or(1).clamp(1, 8);
            // A list's items are exactly `T` when they are lists themselves (`Vec<Vec<String>>`
            // is no `Into` of `[[&str; 1]; 1]`).
            let item_mode = if matches!(**inner, RustType::List(_)) { Mode::Field } else { mode };
            let item = scalar(inner, field, siblings, plan, krate, item_mode, depth);
            let items = (0..count).map(|_| item.clone());
            match mode {
                Mode::Argument => quote!([#(#items),*]),
                Mode::Field => quote!(vec![#(#items),*]),
            }
        }
        RustType::Struct(name) => {
            let type_name = name.ident();
            let Some(def) = plan.structs.iter().find(|s| &s.name == name).filter(|_| depth < MAX_DEPTH)
            else {
                return quote!(Default::default());
            };
            // A struct literal: request structs have public fields and are not `non_exhaustive`,
            // and some (those holding an enum) have no `Default`. With no required field, the
            // first scalar one is set too: an item with nothing set is not sent at all.
            let stand_in = (!def.fields.iter().any(|f| f.required))
                .then(|| {
                    def.fields.iter().position(|f| !matches!(f.ty, RustType::List(_) | RustType::Struct(_)))
                })
                .flatten();
            let members = def.fields.iter().enumerate().map(|(i, f)| {
                let member = f.rust.ident();
                let v = if stand_in == Some(i) {
                    let v = scalar(&f.ty, f, &def.fields, plan, krate, Mode::Field, depth + 1);
                    quote!(Some(#v))
                } else if f.required {
                    let v = scalar(&f.ty, f, &def.fields, plan, krate, Mode::Field, depth + 1);
                    if f.boxed {
                        quote!(Box::new(#v))
                    } else {
                        v
                    }
                } else if matches!(f.ty, RustType::List(_)) {
                    quote!(Vec::new())
                } else {
                    quote!(None)
                };
                quote!(#member: #v)
            });
            quote!(#krate::model::#type_name { #(#members),* })
        }
    }
}

/// A number inside the documented range: the default when it parses and fits, else the
/// minimum, else 1 capped by the maximum; one more when the param must exceed a sibling.
fn number(field: &FieldPlan, siblings: &[FieldPlan]) -> i64 {
    let c = &field.constraints;
    let (min, max) = (c.min.unwrap_or(i64::MIN), c.max.unwrap_or(i64::MAX));
    let base = c
        .default
        .as_deref()
        .and_then(|d| d.trim().parse::<i64>().ok())
        .filter(|d| (min..=max).contains(d))
        .unwrap_or_else(|| c.min.unwrap_or(1).min(max));
    let other = c.greater_than.as_deref().and_then(|w| siblings.iter().find(|s| s.wire == *w));
    match other {
        Some(other) if other.ty == RustType::Int => {
            number(&plain(other), siblings).saturating_add(1).min(max)
        }
        _ => base,
    }
}

/// The field without its own `greater_than` (to value the sibling it refers to, once).
fn plain(field: &FieldPlan) -> FieldPlan {
    let mut f = field.clone();
    f.constraints.greater_than = None;
    f
}
