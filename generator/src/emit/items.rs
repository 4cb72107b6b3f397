//! The crate-wide modules: models (and nested request objects), enums, the client and the crate
//! root.

use super::features::Gates;
use super::plan::{CratePlan, EnumPlan, RustType, StructPlan};
use super::types::{self, doc_attrs, Scope};
use crate::ir::FamilyConfig;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// `model.rs`: every struct. Response-side structs decode tolerantly and are `#[non_exhaustive]`;
/// request-side structs encode to wire params and can be built with struct literals. With
/// `gates`, structs are grouped by the action features that use them, each group behind its
/// `cfg`.
pub fn model_module(plan: &CratePlan, gates: Option<&Gates>) -> TokenStream {
    // Request-only structs are `params!` lines, response-only ones `model!` lines; a struct used
    // both ways is plain Rust with a serde derive and an `EncodeParams` impl.
    let as_params = |s: &StructPlan| s.in_request && !s.in_response && defaultable(s);
    let as_model = |s: &StructPlan| s.in_response && !s.in_request;
    let mut body = TokenStream::new();
    for (features, structs) in &by_gate(&plan.structs, |s| &s.name, gates) {
        let cfg_line = Gates::cfg_text(features);
        let cfg: TokenStream = cfg_line.parse().unwrap_or_default();
        for s in structs.iter().filter(|s| !as_params(s) && !as_model(s)) {
            body.extend(model_struct(s, &cfg));
        }
        let models: Vec<super::dsl::ModelStruct<'_>> = structs
            .iter()
            .filter(|s| as_model(s))
            .map(|s| {
                let extra = plan.extra.then(|| super::dsl::extra_name(&s.fields));
                (s.name.as_str(), s.docs.as_slice(), s.fields.as_slice(), extra)
            })
            .collect();
        if !models.is_empty() {
            let text = gated(&cfg_line, super::dsl::model_text(&models, Scope::Model));
            body.extend(super::dsl::text_block(&text));
        }
        let params: Vec<&StructPlan> = structs.iter().copied().filter(|s| as_params(s)).collect();
        if !params.is_empty() {
            let params: Vec<super::dsl::ModelStruct<'_>> = params
                .iter()
                .map(|s| (s.name.as_str(), s.docs.as_slice(), s.fields.as_slice(), None))
                .collect();
            let text = super::dsl::params_text(&params, Scope::Model);
            body.extend(super::dsl::text_block(&gated(&cfg_line, text)));
        }
    }
    let encoding = if plan.structs.iter().any(|s| s.in_request && !as_params(s)) {
        quote!(
            #[allow(unused_imports)]
            use sdkgen_runtime::{EncodeParams, Params};
        )
    } else {
        quote!()
    };
    quote! {
        //! Data models and nested request objects.
        #[allow(unused_imports)]
        use super::{de, enums};
        #encoding

        #body
    }
}

/// `items` grouped by the features that gate them (one group, ungated, without `gates`), so
/// each group is one macro invocation behind one `cfg`.
fn by_gate<'a, T>(
    items: &'a [T],
    name: impl Fn(&T) -> &str,
    gates: Option<&Gates>,
) -> BTreeMap<BTreeSet<String>, Vec<&'a T>> {
    let mut groups: BTreeMap<BTreeSet<String>, Vec<&T>> = BTreeMap::new();
    for item in items {
        groups.entry(gates.map(|g| g.of_type(name(item))).unwrap_or_default()).or_default().push(item);
    }
    groups
}

/// A macro invocation's text behind a `cfg` line (none when `cfg` is empty).
fn gated(cfg: &str, text: String) -> String {
    if cfg.is_empty() {
        text
    } else {
        format!("{cfg}\n{text}")
    }
}

/// Whether every required field of a struct has a `Default`, so the struct can derive it.
fn defaultable(s: &StructPlan) -> bool {
    s.fields
        .iter()
        .all(|f| !f.required || !matches!(f.ty, RustType::Enum(_) | RustType::Struct(_)) || f.boxed)
}

/// A struct `params!`/`model!` cannot declare: used both ways (serde derive and `EncodeParams`),
/// a request object with a required field that has no `Default`, or a model no action uses.
fn model_struct(s: &StructPlan, cfg: &TokenStream) -> TokenStream {
    let name = s.name.ident();
    let docs = doc_attrs(&s.docs);
    let derive_default = s.in_request && defaultable(s);
    // No `PartialEq`, as on every generated request and response struct: requests are built
    // and sent, responses read field by field; each derive costs compile time in every build.
    let mut derives = vec![quote!(Debug), quote!(Clone)];
    if derive_default {
        derives.push(quote!(Default));
    }
    let decode = if s.in_response {
        derives.push(quote!(sdkgen_runtime::serde::Deserialize));
        quote!(#[serde(crate = "sdkgen_runtime::serde")])
    } else {
        quote!()
    };
    let fields = s.fields.iter().map(|f| {
        if s.in_response {
            types::response_field(f, Scope::Model)
        } else {
            types::request_field(f, Scope::Model)
        }
    });
    // Response-only structs may grow fields; request structs are built by users with literals.
    let non_exhaustive = if s.in_request { quote!() } else { quote!(#[non_exhaustive]) };
    let encode = if s.in_request {
        let encodes = s.fields.iter().map(types::encode_field);
        let (prefix, out) = super::operation::encode_args(s.fields.is_empty());
        quote! {
            #cfg
            impl EncodeParams for #name {
                #[allow(deprecated)]
                fn encode(&self, #prefix: &str, #out: &mut Params) {
                    #(#encodes)*
                }
            }
        }
    } else {
        quote!()
    };
    // Decoded as a field of a `model!` struct too (which needs it to be an `Object`).
    let object = if s.in_response {
        quote! {
            #cfg
            sdkgen_runtime::derived_object!(#name);
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        #cfg
        #[derive(#(#derives),*)]
        #decode
        #non_exhaustive
        pub struct #name { #(#fields)* }
        #encode
        #object
    }
}

/// `enums.rs`: `string_enum!` invocations declaring every documented value set, one per group
/// of action features with `gates`.
pub fn enums_module(plan: &CratePlan, gates: Option<&Gates>) -> TokenStream {
    let blocks = by_gate(&plan.enums, |e| &e.name, gates).into_iter().map(|(features, enums)| {
        super::dsl::text_block(&gated(&Gates::cfg_text(&features), enums_text(&enums)))
    });
    quote! {
        //! String enums of the documented values; fields hold `OrUnknown<Enum>`, which keeps any other.
        #(#blocks)*
    }
}

/// The enums as `string_enum!` text: each variant with its wire value, documented by it.
fn enums_text(enums: &[&EnumPlan]) -> String {
    use std::fmt::Write;
    let mut out = String::from("sdkgen_runtime::string_enum! {\n");
    for (i, e) in enums.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        super::dsl::docs(&mut out, &e.docs, "    ");
        let _ = writeln!(out, "    pub enum {} {{", e.name);
        for (variant, wire) in &e.variants {
            super::dsl::docs(&mut out, &[format!("`{}`", wire.replace('`', "'"))], "        ");
            let _ = writeln!(out, "        {variant} = {},", proc_macro2::Literal::string(wire));
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

/// `client.rs`: the `Client` every action method hangs off, and its builder.
pub fn client_module(config: &FamilyConfig) -> TokenStream {
    let lit = |text: &str| proc_macro2::Literal::string(text).to_string();
    let prefix = &config.env_prefix;
    let endpoint = config.endpoint.as_deref().map_or("None".to_string(), |url| format!("Some({})", lit(url)));
    let title = if config.title.is_empty() { config.name.clone() } else { config.title.clone() };
    // Rustdoc text: a title is the docs' words, so its markup is escaped like theirs.
    let title = super::docs::escape(&title);
    let client_doc = format!(
        "Client for the {title} API: one method per action. Cheap to clone (clones share one \
         connection pool) and `Send + Sync`."
    );
    let lower = prefix.to_lowercase();
    let env_doc = format!(
        "A client configured from the environment: `{prefix}_PUBLIC_KEY` and `{prefix}_PRIVATE_KEY` \
         (with `{prefix}_SECURITY_TOKEN` for temporary credentials), `{prefix}_BASE_URL`, \
         `{prefix}_REGION`, `{prefix}_ZONE`, `{prefix}_PROJECT_ID`; what they leave unset comes from \
         the profile `{prefix}_PROFILE` names (else the active one) in the shared `config.json` and \
         `credential.json` of `{prefix}_CONFIG_DIR`, else `~/.{lower}`. See \
         `sdkgen_runtime::ClientBuilder::from_env`."
    );
    // The client's constructors and generic calls are the runtime's `client!`; one builder type
    // for every action, generic over the request, is its `builder!` (each action names it,
    // `pub type ListThings = Builder<ListThingsRequest>;`, and adds its setters).
    let mut text = String::from("sdkgen_runtime::client! {\n");
    super::dsl::docs(&mut text, &[client_doc], "    ");
    text.push_str("    pub struct Client;\n    product: sdkgen_runtime::Product {\n");
    text.push_str(&format!("        name: {},\n", lit(&config.crate_name)));
    text.push_str("        version: env!(\"CARGO_PKG_VERSION\"),\n");
    text.push_str(&format!("        env_prefix: {},\n", lit(prefix)));
    text.push_str(&format!("        default_endpoint: {endpoint},\n    }};\n"));
    super::dsl::docs(&mut text, &[env_doc], "    ");
    text.push_str("    fn from_env;\n}\n");
    text.push_str(
        "sdkgen_runtime::builder! {\n    /// A request being built: the params set so far and the client's transport. Each action\n    /// names it for its request (`operation::*::X` is `Builder<XRequest>`) and adds a setter\n    /// per optional param; `send`, `pages` and `items` are here, once.\n    pub struct Builder;\n}\n",
    );
    let body = super::dsl::text_block(&text);
    quote! {
        //! The client and the request builder.
        #body
    }
}

/// `mock.rs` (feature `mock`): the runtime's spec-driven fake server serving this crate's
/// `api.json`, so users can test their own code offline. `api_json` is the expression that
/// includes the file.
pub fn mock_module(config: &FamilyConfig, api_json: TokenStream) -> TokenStream {
    let title = if config.title.is_empty() { config.name.clone() } else { config.title.clone() };
    // Rustdoc text: a title is the docs' words, so its markup is escaped like theirs.
    let title = super::docs::escape(&title);
    let doc = format!(
        " An offline fake of the {title} API for your tests: the runtime's spec-driven server \
         (signatures checked, params validated, data synthesised) serving this SDK's `api.json`."
    );
    quote! {
        #![doc = #doc]
        use super::client::Client;
        pub use sdkgen_runtime::fake::{FakeError, FakeServerBuilder, Faults, RunningServer};

        /// The API description this SDK was generated from.
        pub const API_JSON: &str = #api_json;

        /// Starts fake servers of this API.
        #[derive(Debug, Clone, Copy)]
        pub struct Server;

        impl Server {
            /// Starts a fake on a free loopback port with generated keys.
            pub async fn start() -> Result<RunningServer, FakeError> {
                Self::builder().start().await
            }

            /// A builder: keys, seed, faults, address.
            pub fn builder() -> FakeServerBuilder {
                sdkgen_runtime::fake::FakeServer::builder(API_JSON)
            }

            /// A client of a running fake: its endpoint and keys.
            pub fn client(server: &RunningServer) -> sdkgen_runtime::Result<Client> {
                Client::builder().fake_server(server).build()
            }
        }
    }
}

/// The crate root's items (modules and re-exports). `inline` puts the modules' contents in
/// place (build mode); otherwise they are `mod x;` declarations of files.
pub fn root_items(modules: &[(String, TokenStream)]) -> TokenStream {
    let mods = modules.iter().map(|(name, body)| {
        let id = format_ident!("{}", name);
        if body.is_empty() {
            quote!(pub mod #id;)
        } else {
            quote!(pub mod #id { #body })
        }
    });
    quote! {
        #(#mods)*
        pub use client::{Builder, Client, ClientBuilder};
        pub use sdkgen_runtime::{
            ensure_tls_provider, CallSettings, Decimal, Error, OrUnknown, Result, RetryPolicy, UnixTime, Waiter,
        };
        #[allow(unused_imports)]
        use sdkgen_runtime::decode as de;
    }
}

/// The `operation` module: one sub-module per action, each behind its feature with `gates`.
pub fn operation_index(plan: &CratePlan, inline: bool, gates: Option<&Gates>) -> TokenStream {
    let mods = plan.actions.iter().map(|a| {
        let id = a.method.ident();
        let doc = format!(" `{}`.", a.wire);
        let cfg: TokenStream = gates
            .map(|g| Gates::cfg_text(&BTreeSet::from([g.action(a).to_string()])))
            .unwrap_or_default()
            .parse()
            .unwrap_or_default();
        if inline {
            // The module's own inner doc says what it is.
            let body = super::operation::operation_module(a);
            quote!(#cfg pub mod #id { #body })
        } else {
            quote!(#[doc = #doc] #cfg pub mod #id;)
        }
    });
    quote! {
        //! One module per action: request, response, builder.
        #(#mods)*
    }
}
