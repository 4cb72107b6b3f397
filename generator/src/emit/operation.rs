//! One module per action: its request type, response type, builder, client method, documented
//! rules and, for paged actions, page and item streams. Everything else is in the runtime.

use super::docs::code;
use super::plan::{ActionPlan, FieldPlan, PageStyle, Pagination, RustType, WaiterPlan};
use super::types::{self, Scope};
use crate::ir::{Constraints, HttpMethod};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The generated `Client`'s own methods (the runtime's `client!` macro) and the prelude traits'
/// ones every type has: no action's method may take them. `tests/reserved_names.rs` reads the
/// macro and fails when one is missing.
pub const CLIENT_METHODS: &[&str] =
    &["new", "builder", "from_env", "clone", "transport", "invoke", "invoke_idempotent", "from", "into"];

/// Names of the builder's own methods (the runtime's `builder!` macro), which no setter may take.
/// `tests/reserved_names.rs` reads the macro and fails when one is missing.
pub const BUILDER_METHODS: &[&str] =
    &["new", "send", "send_raw", "request", "pages", "items", "client", "page_concurrency", "customize"];

/// The whole module of one action: the `action!` invocation (request, builder, client method),
/// the response struct and, for paged actions, the `Paged` impl.
pub fn operation_module(action: &ActionPlan) -> TokenStream {
    let header =
        format!(" `{}`: the request, response and builder of `Client::{}`.", action.wire, action.method);
    let declaration = super::dsl::text_block(&action_text(action));
    let response = response_struct(action);
    let paged = action.pagination.as_ref().map(|p| paged_impl(action, p));
    let waiter = action.waiter.as_ref().map(|w| waiter_impl(action, w));
    quote! {
        #![doc = #header]
        #[allow(unused_imports)]
        use super::super::{de, enums, model, Builder, Client};

        #declaration
        #response
        #paged
        #waiter
    }
}

/// `Client::wait_for_*`: the runtime's `wait::until_state` over this describe action,
/// filtered by the resource's id, with how to read an item's id and state.
fn waiter_impl(action: &ActionPlan, w: &WaiterPlan) -> TokenStream {
    let method = w.method.ident();
    let describe = action.method.ident();
    let item = w.item.ident();
    let state_enum = w.state_enum.ident();
    let (items, id_param, id_field, state_field) =
        (w.items.ident(), w.id_param.ident(), w.id_field.ident(), w.state_field.ident());
    let filter =
        if w.id_param_list { quote!(.#id_param([id.clone()])) } else { quote!(.#id_param(id.clone())) };
    let id_of = if w.id_required {
        quote!(|item| Some(item.#id_field.as_str()))
    } else {
        quote!(|item| item.#id_field.as_deref())
    };
    let state_of = if w.state_required {
        quote!(|item| Some(&item.#state_field))
    } else {
        quote!(|item| item.#state_field.as_ref())
    };
    let resource = &w.resource;
    let doc = format!(
        " Waits until the `{resource}` named `id` is in `state`, polling {} \
         filtered by its id (`{}`) as `waiter` paces it.",
        super::docs::client_method(&action.method),
        action.wire
    );
    let errors = " Fails with `Error::WaitTimedOut` (naming the state last seen) past the waiter's \
                  deadline, or with the first error of a poll that retries did not cure.";
    let allow = w.uses_deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl Client {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #errors]
            #allow
            pub async fn #method(
                &self,
                id: impl Into<String>,
                state: enums::#state_enum,
                waiter: &sdkgen_runtime::Waiter,
            ) -> sdkgen_runtime::Result<model::#item> {
                let id: String = id.into();
                let describe = || {
                    let sending = self.#describe()#filter.send();
                    async move { Ok(sending.await?.#items) }
                };
                sdkgen_runtime::wait::until_state(waiter, #resource, &id, state, describe, #id_of, #state_of).await
            }
        }
    }
}

/// The `sdkgen_runtime::action!` invocation, one param per line.
pub(crate) fn action_text(action: &ActionPlan) -> String {
    use std::fmt::Write;
    let mut out = String::from("sdkgen_runtime::action! {\n");
    let request = format!("{}Request", action.type_name);
    let request_doc = format!(
        "The params of `{}`; build it with {}.",
        action.wire,
        super::docs::client_method(&action.method)
    );
    super::dsl::docs(&mut out, &[request_doc], "    ");
    let _ = writeln!(out, "    pub struct {request} {{");
    for f in &action.request {
        super::dsl::param(&mut out, f, Scope::Other, "        ");
    }
    out.push_str("    }\n");
    let rules = rules(&action.request);
    super::dsl::docs(&mut out, &builder_docs(action, &rules), "    ");
    let wire = proc_macro2::Literal::string(&action.wire);
    let _ =
        writeln!(out, "    pub type {} = Builder({wire}) -> {}Response;", action.type_name, action.type_name);
    out.push_str("    impl Client {\n");
    super::dsl::docs(&mut out, &method_docs(action, &rules), "        ");
    let args: Vec<String> = required_args(action)
        .iter()
        .map(|f| format!("{}: {}", f.rust, super::dsl::param_type(f, Scope::Other)))
        .collect();
    let one_line = format!("        pub fn {}({});", action.method, args.join(", "));
    if one_line.len() <= 110 {
        let _ = writeln!(out, "{one_line}");
    } else {
        let _ = writeln!(out, "        pub fn {}(", action.method);
        for arg in &args {
            let _ = writeln!(out, "            {arg},");
        }
        out.push_str("        );\n");
    }
    out.push_str("    }\n");
    let options = call_options(action);
    if options.is_empty() {
        out.push_str("    options: ;\n");
    } else {
        let _ = writeln!(out, "    options: {};", options.join(", "));
    }
    if !rules.is_empty() {
        out.push_str("    rules: [\n");
        for rule in &rules {
            let _ = writeln!(out, "        {},", rule.dsl);
        }
        out.push_str("    ];\n");
    }
    out.push_str("}\n");
    out
}

/// The `CallOptions` flags of an action, in the order the runtime declares them.
fn call_options(action: &ActionPlan) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if action.idempotent {
        flags.push("idempotent");
    }
    match action.transport.method {
        HttpMethod::PostJson => flags.push("json_body"),
        HttpMethod::Get => flags.push("get"),
        HttpMethod::PostForm if !action.transport.allow_get => flags.push("post_only"),
        HttpMethod::PostForm => {}
    }
    for context in &action.context {
        let flag = super::plan::CONTEXT_PARAMS
            .iter()
            .find(|(wire, ..)| *wire == context.wire)
            .map(|(_, fill, require)| if context.required { *require } else { *fill });
        flags.extend(flag);
    }
    flags
}

/// One documented rule of a top-level param: the `Rule` variant (text for `action!`) and the
/// same rule in words, for the client method's docs.
struct RuleText {
    dsl: String,
    words: String,
}

/// The documented rules of top-level params, as the runtime checks them before sending.
fn rules(fields: &[FieldPlan]) -> Vec<RuleText> {
    let opt = |v: Option<String>| v.map_or("None".to_string(), |v| format!("Some({v})"));
    let lit = |s: &str| proc_macro2::Literal::string(s).to_string();
    let bounds = |min: Option<String>, max: Option<String>| match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => String::new(),
    };
    let mut out = Vec::new();
    for f in fields {
        let name = lit(&f.wire);
        let Constraints { min, max, min_items, max_items, greater_than, max_range_days, .. } = &f.constraints;
        // A `String` param may document a numeric range; the runtime checks it when the value
        // reads as a number.
        let numeric = matches!(
            f.ty,
            RustType::Int | RustType::Float | RustType::UnixSeconds | RustType::Money | RustType::String
        );
        if numeric && (min.is_some() || max.is_some()) {
            let (min, max) = (min.map(|v| v.to_string()), max.map(|v| v.to_string()));
            out.push(RuleText {
                words: format!("{} {}", code(&f.wire), bounds(min.clone(), max.clone())),
                dsl: format!("Range {{ name: {name}, min: {}, max: {} }}", opt(min), opt(max)),
            });
        }
        if matches!(f.ty, RustType::List(_)) && (min_items.is_some() || max_items.is_some()) {
            let (min, max) = (min_items.map(|v| v.to_string()), max_items.map(|v| v.to_string()));
            out.push(RuleText {
                words: format!("{} holds {} items when set", code(&f.wire), bounds(min.clone(), max.clone())),
                dsl: format!("Items {{ name: {name}, min: {}, max: {} }}", opt(min), opt(max)),
            });
        }
        if let Some(than) = greater_than.as_ref().filter(|t| fields.iter().any(|o| o.wire == **t)) {
            out.push(RuleText {
                words: format!("{} greater than {}", code(&f.wire), code(than)),
                dsl: format!("Greater {{ name: {name}, than: {} }}", lit(than)),
            });
        }
        if let Some(days) = max_range_days {
            // The range runs from this param to the one documented as greater than it.
            let end = fields.iter().find(|o| o.constraints.greater_than.as_deref() == Some(f.wire.as_str()));
            let end = end.map(|e| e.wire.clone()).or_else(|| {
                let guess = f.wire.replace("Start", "End");
                fields.iter().any(|o| o.wire == guess).then_some(guess)
            });
            if let Some(end) = end {
                out.push(RuleText {
                    words: format!("{} to {} spans at most {days} days", code(&f.wire), code(&end)),
                    dsl: format!("MaxSpanDays {{ start: {name}, end: {}, days: {days} }}", lit(&end)),
                });
            }
        }
    }
    out
}

/// The client method's docs: the action's own, then how to send it (its setters, paging, a
/// waiter) and how it fails (the rules checked before sending, retries), so one page says
/// everything about the call.
fn method_docs(action: &ActionPlan, rules: &[RuleText]) -> Vec<String> {
    let mut docs = action.docs.clone();
    let response = format!("{}Response", action.type_name);
    docs.push(String::new());
    docs.push("# Sending".into());
    docs.push(String::new());
    let setters: Vec<String> = action
        .request
        .iter()
        .filter(|f| !f.required || f.default.is_some())
        .map(|f| format!("`.{}(..)`", f.rust.trim_start_matches("r#")))
        .collect();
    let mut sending = format!("`.send().await` answers [`{response}`].");
    if !setters.is_empty() {
        sending.push_str(&format!(
            " Optional params are setters of [`{}`]: {}.",
            action.type_name,
            setters.join(", ")
        ));
    }
    docs.push(sending);
    travel_and_errors(action, rules, &mut docs);
    docs
}

/// The docs of an action's builder type, its own rustdoc page: how to start and send it, each
/// optional param's setter with the first line of its docs, then paging, transport and errors
/// as the client method's docs say them.
fn builder_docs(action: &ActionPlan, rules: &[RuleText]) -> Vec<String> {
    let mut docs = vec![format!(
        "Builds and sends `{}`: start with {}, chain optional params, then `.send().await` \
         (answers [`{}Response`]).",
        action.wire,
        super::docs::client_method(&action.method),
        action.type_name
    )];
    let optional: Vec<&FieldPlan> =
        action.request.iter().filter(|f| !f.required || f.default.is_some()).collect();
    if !optional.is_empty() {
        docs.extend([String::new(), "# Setters".into(), String::new()]);
        for f in optional {
            let summary = f.docs.first().map(String::as_str).unwrap_or_default().trim();
            let summary = if summary.starts_with("Wire name:") { "" } else { summary };
            let summary = if summary.is_empty() { String::new() } else { format!(": {summary}") };
            docs.push(format!("- `.{}(..)` ({}){summary}", f.rust.trim_start_matches("r#"), code(&f.wire)));
        }
    }
    travel_and_errors(action, rules, &mut docs);
    docs
}

/// Paging, waiter and transport notes, then the `# Errors` section: shared by the client
/// method's docs and the builder's page.
fn travel_and_errors(action: &ActionPlan, rules: &[RuleText], docs: &mut Vec<String>) {
    if let Some((cursor, size)) = action.pagination.as_ref().and_then(|p| paged_fields(action, p)) {
        docs.push(String::new());
        docs.push(format!(
            "Paged by {} and {}: `.pages()` and `.items()` walk every page from the call's own, \
             fetching up to 4 at once when the answer gives a total.",
            code(&cursor.wire),
            code(&size.wire)
        ));
    }
    if let Some(w) = &action.waiter {
        docs.push(String::new());
        docs.push(format!(
            "[`Client::{}`] polls this call until a `{}` is in the state you ask for.",
            w.method, w.resource
        ));
    }
    match action.transport.method {
        HttpMethod::PostJson => {
            docs.push(String::new());
            docs.push(
                "Sent as a JSON body, as the docs' example sends it, whatever the client's method.".into(),
            );
        }
        HttpMethod::Get => {
            docs.push(String::new());
            docs.push("Sent as `GET` with a query string, as the docs say.".into());
        }
        HttpMethod::PostForm => {}
    }
    docs.push(String::new());
    docs.push("# Errors".into());
    docs.push(String::new());
    if !rules.is_empty() {
        let words: Vec<&str> = rules.iter().map(|r| r.words.as_str()).collect();
        docs.push(format!(
            "`Error::Validation`, naming the param, before anything is sent, unless: {}.",
            words.join("; ")
        ));
        docs.push(String::new());
    }
    docs.push(if action.idempotent {
        "`Error::Api` for a non-zero `RetCode`. Transient failures (RetCode 150 or 153, HTTP 5xx, \
         timeouts) are retried by the client's retry policy; past it, `Error::RetriesExhausted`."
            .into()
    } else {
        "`Error::Api` for a non-zero `RetCode`. Not retried: the action changes state, so a \
         transient failure is returned as it is."
            .into()
    });
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

fn response_struct(action: &ActionPlan) -> TokenStream {
    if action.response.is_empty() && !action.extra {
        // Nothing to declare: every such action shares the runtime's one empty response type,
        // which costs a type alias to compile instead of a struct and its impls.
        let doc = format!(
            " What `{}` returns: its docs list no fields (the envelope's `RetCode`, `Action` and `Message` are checked by the client).",
            action.wire
        );
        let name = action.type_name.suffixed("Response").ident();
        return quote! {
            #[doc = #doc]
            pub type #name = sdkgen_runtime::EmptyResponse;
        };
    }
    let doc = format!(
        "What `{}` returns (the envelope's `RetCode`, `Action` and `Message` are checked by the client).",
        action.wire
    );
    // With an `extra` map, the envelope stays out of it.
    let extra = action.extra.then(|| {
        let envelope: Vec<String> =
            super::plan::ENVELOPE.iter().map(|w| proc_macro2::Literal::string(w).to_string()).collect();
        format!("{} except [{}]", super::dsl::extra_name(&action.response), envelope.join(", "))
    });
    let name = format!("{}Response", action.type_name);
    let text = super::dsl::model_text(&[(&name, &[doc], &action.response, extra)], Scope::Other);
    super::dsl::text_block(&text)
}

/// The method's arguments: required scalar params without a default the SDK sends, in document
/// order, except that a param documented as greater than another comes right after it
/// (`start_time, end_time` even where a page lists `EndTime` first), so ranges read the same
/// across actions.
pub fn required_args(action: &ActionPlan) -> Vec<&FieldPlan> {
    let mut args: Vec<&FieldPlan> = action
        .request
        .iter()
        .filter(|f| f.required && f.default.is_none() && !matches!(f.ty, RustType::List(_)))
        .collect();
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

/// The cursor and size fields of a paged action, when both are request params.
fn paged_fields<'a>(action: &'a ActionPlan, p: &Pagination) -> Option<(&'a FieldPlan, &'a FieldPlan)> {
    let field = |rust: &str| action.request.iter().find(|f| f.rust == rust);
    Some((field(&p.cursor)?, field(&p.size)?))
}

/// `impl Paged`: how to address one page (cursor and size params) and read it back (items
/// and total). The runtime's `Call` does the paging itself.
fn paged_impl(action: &ActionPlan, p: &Pagination) -> TokenStream {
    let Some((cursor_field, size_field)) = paged_fields(action, p) else {
        return quote!();
    };
    let request = action.type_name.suffixed("Request").ident();
    let response = action.type_name.suffixed("Response").ident();
    let item = types::value_type(&p.item_type, Scope::Other);
    let cursor = p.cursor.ident();
    let size = p.size.ident();
    let items = p.items.ident();
    let default_size = size_field
        .constraints
        .default
        .as_deref()
        .and_then(|d| d.parse().ok())
        .or(size_field.constraints.max)
        .unwrap_or(20);
    let default_size = proc_macro2::Literal::i64_unsuffixed(default_size);
    let current_size =
        if size_field.required { quote!(self.#size) } else { quote!(self.#size.unwrap_or(#default_size)) };
    let set = |f: &FieldPlan, value: TokenStream| if f.required { value } else { quote!(Some(#value)) };
    let set_cursor = set(cursor_field, quote!(at.index as i64));
    let set_size = set(size_field, quote!(at.size as i64));
    // The call's own cursor is where paging starts: `.page(3).items()` begins at page 3.
    let first = match p.style {
        PageStyle::Page => cursor_field.constraints.min.unwrap_or(1).max(0),
        PageStyle::Offset => 0,
    };
    let start = if cursor_field.required {
        quote!(self.#cursor.max(0) as u64)
    } else {
        let first = proc_macro2::Literal::i64_unsuffixed(first);
        quote!(self.#cursor.unwrap_or(#first).max(0) as u64)
    };
    let paging = match p.style {
        PageStyle::Page => {
            let first = proc_macro2::Literal::u64_unsuffixed(first as u64);
            quote!(sdkgen_runtime::Paginate::numbered(#first, #current_size.max(1) as u64).starting_at(#start))
        }
        PageStyle::Offset => {
            quote!(sdkgen_runtime::Paginate::offset(#current_size.max(1) as u64).starting_at(#start))
        }
    };
    let total_field = p.total.as_deref().and_then(|t| action.response.iter().find(|f| f.rust == t));
    let total = match total_field {
        Some(f) if f.required => {
            let total = f.rust.ident();
            quote!(Some(response.#total.max(0) as u64))
        }
        Some(f) => {
            let total = f.rust.ident();
            quote!(response.#total.map(|t| t.max(0) as u64))
        }
        None => quote!(None),
    };
    let involved = [Some(cursor_field), Some(size_field), total_field]
        .into_iter()
        .flatten()
        .chain(action.response.iter().filter(|f| f.rust == p.items));
    let allow =
        if involved.into_iter().any(|f| f.deprecated) { quote!(#[allow(deprecated)]) } else { quote!() };
    quote! {
        #allow
        impl sdkgen_runtime::Paged for #request {
            type Item = #item;

            fn paging(&self) -> sdkgen_runtime::Paginate {
                #paging
            }

            fn set_page(&mut self, at: sdkgen_runtime::PageRequest) {
                self.#cursor = #set_cursor;
                self.#size = #set_size;
            }

            fn into_page(response: #response) -> sdkgen_runtime::Page<#item> {
                sdkgen_runtime::Page { total: #total, items: response.#items }
            }
        }
    }
}
