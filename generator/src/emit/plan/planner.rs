//! Names, request nesting (`Disks.N.Size` → a nested struct) and enums: the planner that turns IR fields into Rust fields and types.

use super::*;
use crate::diag::Diagnostic;

#[derive(Default)]
pub(super) struct Planner {
    /// Model wire name → Rust name.
    pub(super) model_names: BTreeMap<String, RustName>,
    pub(super) structs: BTreeMap<RustName, StructPlan>,
    pub(super) enums: BTreeMap<RustName, EnumPlan>,
    /// The family's words (`family.yaml` `words:`), kept whole in snake-case names.
    pub(super) words: Vec<String>,
    /// The family's transport, which an action's own `method` overrides.
    pub(super) transport: Transport,
    /// A `renamed` warning for each name that was taken and so given another.
    pub(super) renamed: Vec<Diagnostic>,
}

impl Planner {
    /// The snake-case name of a wire name, the family's words kept whole.
    pub(super) fn snake(&self, wire: &str) -> RustName {
        names::snake(&names::whole_words(wire, &self.words))
    }

    pub(super) fn action(
        &mut self,
        action: &Action,
        type_name: RustName,
        method: RustName,
        type_scope: &mut names::Scope,
    ) -> ActionPlan {
        let mut request = self.request_fields(&action.params, &type_name, type_scope, true);
        for field in &mut request {
            let documented = action.params.iter().find(|p| p.name == field.wire);
            field.default =
                documented.and_then(Field::sent_default).and_then(|d| default_literal(&field.ty, d));
        }
        let context = context_params(&mut request);
        let envelope_free: Vec<Field> =
            action.response.iter().filter(|f| !ENVELOPE.contains(&f.name.as_str())).cloned().collect();
        let response = self.fields(&envelope_free, &type_name);
        let pagination = pagination(&request, &response);
        let title = if action.title.is_empty() { action.name.clone() } else { action.title.clone() };
        let mut doc = docs::lines(&action.description, &docs::escape(&title), &[]);
        doc.insert(0, format!("{} (`{}`).", docs::escape(&title), action.name));
        if !action.description.trim().is_empty() {
            doc.insert(1, String::new());
        } else {
            doc.truncate(1);
        }
        ActionPlan {
            wire: action.name.clone(),
            method,
            type_name,
            docs: doc,
            idempotent: action.idempotent,
            transport: Transport {
                method: action.method.unwrap_or(self.transport.method),
                allow_get: self.transport.allow_get,
            },
            request,
            response,
            pagination,
            context,
            extra: false,
            waiter: None,
        }
    }

    /// Request params grouped by their first wire segment: `Disks.N.Size` and `Disks.N.Type`
    /// become one `disks: Vec<{Action}Disks>` field with a nested struct.
    pub(super) fn request_fields(
        &mut self,
        params: &[Field],
        owner: &str,
        type_scope: &mut names::Scope,
        top: bool,
    ) -> Vec<FieldPlan> {
        let parsed: Vec<(WireName, &Field)> =
            params.iter().filter_map(|f| WireName::parse(&f.name).ok().map(|w| (w, f))).collect();
        let rows: Vec<(&[Segment], &Field)> =
            parsed.iter().map(|(w, f)| (w.segments.as_slice(), *f)).collect();
        self.group(&rows, owner, type_scope, top)
    }

    /// Groups rows by their first segment. At the top level, setter names must not take the
    /// builder's own method names.
    pub(super) fn group(
        &mut self,
        rows: &[(&[Segment], &Field)],
        owner: &str,
        type_scope: &mut names::Scope,
        top: bool,
    ) -> Vec<FieldPlan> {
        let mut order: Vec<String> = Vec::new();
        let mut by_root: BTreeMap<String, Vec<(&[Segment], &Field)>> = BTreeMap::new();
        for (segments, field) in rows {
            let Some(Segment::Name(root)) = segments.first() else { continue };
            if !by_root.contains_key(root) {
                order.push(root.clone());
            }
            by_root.entry(root.clone()).or_default().push((segments, field));
        }
        let mut scope = if top {
            // Required params are method arguments, and clippy refuses some names as bindings.
            names::Scope::with_reserved(
                crate::emit::operation::BUILDER_METHODS,
                "a method the builder defines",
            )
            .reserve(CLIPPY_DISALLOWED_NAMES, "a name clippy's `disallowed_names` refuses")
        } else {
            names::Scope::new()
        };
        let mut out = Vec::new();
        for root in order {
            let members = &by_root[&root];
            // `Foo.N` in any row makes `Foo` a list, even after a row documenting `Foo` itself
            // (`Foo: array[string]`, then `Foo.N: string`).
            let list = members.iter().any(|(s, _)| matches!(s.get(1), Some(Segment::Index)));
            let skip = if list { 2 } else { 1 };
            // The item's own row (`Foo.N`) says more than the container's (`Foo: array`).
            let leaf = members
                .iter()
                .find(|(s, _)| s.len() == skip)
                .or_else(|| members.iter().find(|(s, _)| s.len() < skip));
            let nested: Vec<(&[Segment], &Field)> =
                members.iter().filter(|(s, _)| s.len() > skip).map(|(s, f)| (&s[skip..], *f)).collect();
            let first = members[0].1;
            let plan = if nested.is_empty() {
                let field = leaf.map_or(first, |(_, f)| *f);
                let mut plan = self.field(field, owner);
                // Named after this member, not the whole name's root (`Size` of `Disks.N.Size`).
                plan.rust = field.rust_name.as_deref().map_or_else(|| self.snake(&root), names::snake);
                plan.wire = root.clone();
                if list && !matches!(plan.ty, RustType::List(_)) {
                    plan.ty = RustType::List(Box::new(plan.ty));
                }
                // A download URL is a response's: sent, it is the text of the URL.
                plan.ty = replace_download_urls(plan.ty);
                plan
            } else {
                let what = format!("the request object `{root}` of `{owner}`");
                let base = names::camel(&format!("{owner}{root}"));
                let struct_name =
                    type_scope.claim_reported(&base, &what, first.loc.as_ref(), &mut self.renamed);
                let fields = self.group(&nested, &struct_name, type_scope, false);
                let documented = format!("{root}{}", if list { ".N" } else { "" });
                self.structs.insert(
                    struct_name.clone(),
                    StructPlan {
                        name: struct_name.clone(),
                        wire: documented.clone(),
                        docs: vec![format!("The members of the `{documented}` request param.")],
                        fields,
                        in_request: true,
                        in_response: false,
                    },
                );
                let ty = RustType::Struct(struct_name);
                let required = members.iter().any(|(_, f)| f.required);
                FieldPlan {
                    wire: root.clone(),
                    rust: self.snake(&root),
                    ty: if list { RustType::List(Box::new(ty)) } else { ty },
                    required,
                    docs: vec![format!("Wire name: `{documented}`.")],
                    deprecated: false,
                    constraints: Constraints::default(),
                    boxed: false,
                    default: None,
                }
            };
            let what = format!("request param `{root}` of `{owner}`");
            let rust = scope.claim_reported(&plan.rust, &what, first.loc.as_ref(), &mut self.renamed);
            out.push(FieldPlan { rust, ..plan });
        }
        out
    }

    /// Plans fields as they are (response fields, model fields): one field per row, the first
    /// of rows documenting one name twice (as `duplicate-param` says).
    pub(super) fn fields(&mut self, fields: &[Field], owner: &str) -> Vec<FieldPlan> {
        let mut scope = names::Scope::new();
        let mut seen = BTreeSet::new();
        fields
            .iter()
            .filter(|f| seen.insert(crate::lint::segments(&f.name)))
            .map(|f| {
                let mut plan = self.field(f, owner);
                let what = format!("field `{}` of `{owner}`", f.name);
                plan.rust = scope.claim_reported(&plan.rust, &what, f.loc.as_ref(), &mut self.renamed);
                plan
            })
            .collect()
    }

    /// One row → one field: type mapped, enum collected, docs written; named after its
    /// `rust_name` or its root segment (the caller claims the name in its scope).
    pub(super) fn field(&mut self, f: &Field, owner: &str) -> FieldPlan {
        let wire = WireName::parse(&f.name).map(|w| w.root().to_string()).unwrap_or_else(|_| f.name.clone());
        let mut ty = self.rust_type(&f.ty, f.format);
        if !f.constraints.enum_values.is_empty() && is_string_like(&ty) {
            let leaf = WireName::parse(&f.name).ok().map_or_else(|| wire.clone(), |w| enum_base(&w));
            if let Some(name) = self.enum_for(f, owner, &leaf) {
                ty = replace_leaf(&ty, RustType::Enum(name));
            }
        }
        let mut extra = vec![format!("Wire name: {}.", docs::code(&f.name))];
        extra.extend(constraint_lines(&f.constraints));
        // Bounds no value meets would refuse every call: stated, not enforced.
        let mut constraints = f.constraints.clone();
        if !constraints.contradictions().is_empty() {
            (constraints.min, constraints.max, constraints.min_items, constraints.max_items) =
                (None, None, None, None);
            extra.push("No value meets these documented bounds, so the SDK does not check them.".to_string());
        }
        FieldPlan {
            // An overlay's or spec's own name goes through the converter too: whatever it says,
            // the field is an identifier (`bad-rust-name` reports the ones that needed it).
            rust: f.rust_name.as_deref().map_or_else(|| self.snake(&wire), names::snake),
            wire,
            ty,
            required: f.required,
            docs: docs::lines(&f.description, &format!("The {} field.", docs::code(&f.name)), &extra),
            deprecated: f.deprecated,
            constraints,
            boxed: false,
            default: None,
        }
    }

    pub(super) fn rust_type(&self, ty: &Type, format: Option<Format>) -> RustType {
        match ty {
            Type::String | Type::Float if format == Some(Format::Money) => RustType::Money,
            Type::String if format == Some(Format::DownloadUrl) => RustType::DownloadUrl,
            Type::String if format == Some(Format::Secret) => RustType::Secret,
            Type::String => RustType::String,
            Type::Int if format == Some(Format::UnixSeconds) => RustType::UnixSeconds,
            Type::Int => RustType::Int,
            Type::Float => RustType::Float,
            Type::Bool => RustType::Bool,
            Type::Object => RustType::Json,
            Type::Array => RustType::List(Box::new(RustType::Json)),
            Type::List(inner) => RustType::List(Box::new(self.rust_type(inner, format))),
            Type::Model(name) => match self.model_names.get(name) {
                Some(rust) => RustType::Struct(rust.clone()),
                // Validation rejects undefined models; if one slips through, keep the data.
                None => RustType::Json,
            },
        }
    }

    /// The enum type for a field's documented values: named after the field (singular for a
    /// `.N` list), shared between fields with the same name and values, prefixed with the owner
    /// when the same name means other values or names a model, numbered after that
    /// (`GetThingState2`). `None` when a value cannot become a variant (an empty one).
    pub(super) fn enum_for(&mut self, f: &Field, owner: &str, wire: &str) -> Option<RustName> {
        let values = &f.constraints.enum_values;
        if values.iter().any(String::is_empty) {
            return None;
        }
        // A documented value spelled "Unknown" would read like `OrUnknown::Unknown`.
        let mut variant_scope = names::Scope::with_reserved(&["Unknown"], "`OrUnknown::Unknown`");
        let mut variants = Vec::new();
        for value in values {
            let what = format!("value `{value}` of `{}`", f.name);
            let variant =
                variant_scope.claim_reported(&names::camel(value), &what, f.loc.as_ref(), &mut self.renamed);
            variants.push((variant, value.clone()));
        }
        let list = f.name.ends_with(".N") || f.name.ends_with(".n");
        let base = if list { singular(wire) } else { wire };
        let fits = |planner: &Planner, name: &RustName| {
            !planner.model_names.values().any(|m| m == name)
                && planner.enums.get(name).is_none_or(|e| e.variants == variants)
        };
        let own = names::camel(base);
        let owned = names::camel(&format!("{owner}{base}"));
        let name = if fits(self, &own) {
            own
        } else if fits(self, &owned) {
            owned
        } else {
            (2u64..).map(|n| owned.suffixed(&n.to_string())).find(|n| fits(self, n))?
        };
        if self.enums.contains_key(&name) {
            return Some(name);
        }
        let values_doc = values.iter().map(|v| docs::code(v)).collect::<Vec<_>>().join(", ");
        self.enums.insert(
            name.clone(),
            EnumPlan {
                name: name.clone(),
                variants,
                docs: vec![
                    format!("Values of {} as documented: {values_doc}.", docs::code(&f.name)),
                    String::new(),
                    "Fields hold `OrUnknown<Self>`: a value the docs do not list is kept in `OrUnknown::Unknown`."
                        .to_string(),
                ],
            },
        );
        Some(name)
    }

    pub(super) fn mark_usage(&mut self, actions: &[ActionPlan]) {
        let fields = |name: &str| self.structs.get(name).map(|s| s.fields.as_slice());
        let in_request =
            reach(fields, actions.iter().flat_map(|a| &a.request).map(|f| &f.ty).collect()).structs;
        let in_response =
            reach(fields, actions.iter().flat_map(|a| &a.response).map(|f| &f.ty).collect()).structs;
        for s in self.structs.values_mut() {
            s.in_request |= in_request.contains(&s.name);
            s.in_response |= in_response.contains(&s.name);
        }
    }

    /// Leaves out the models no action holds, directly or through another model, and the enums
    /// only they hold: nobody can receive or send them, so they would only cost compile time
    /// (lint `unused-model` says so; `api.json` keeps them).
    pub(super) fn drop_unused(&mut self, actions: &[ActionPlan]) {
        self.structs.retain(|_, s| s.in_request || s.in_response);
        let fields = |name: &str| self.structs.get(name).map(|s| s.fields.as_slice());
        let roots = actions.iter().flat_map(|a| a.request.iter().chain(&a.response)).map(|f| &f.ty);
        let held = reach(fields, roots.collect()).enums;
        self.enums.retain(|name, _| held.contains(name));
    }

    /// Boxes a direct (non-list) struct field whose type leads back to its owner, so recursive
    /// models have a finite size.
    /// Makes the fields on a cycle of required model fields optional: no finite value has
    /// them all (`required-cycle` in lint says so too).
    pub(super) fn optional_cycles(&mut self, cycle: &BTreeSet<(String, String)>) {
        for s in self.structs.values_mut() {
            for f in &mut s.fields {
                if f.required && cycle.contains(&(s.wire.clone(), f.wire.clone())) {
                    f.required = false;
                    f.docs.push(String::new());
                    f.docs.push(
                        "Optional here although the docs require it: a required field that contains its \
                         own model again has no finite value."
                            .to_string(),
                    );
                }
            }
        }
    }

    pub(super) fn mark_boxes(&mut self) {
        let direct: BTreeMap<String, Vec<String>> = self
            .structs
            .values()
            .map(|s| {
                let targets = s.fields.iter().filter_map(|f| {
                    if let RustType::Struct(t) = &f.ty {
                        Some(t.to_string())
                    } else {
                        None
                    }
                });
                (s.name.to_string(), targets.collect())
            })
            .collect();
        for s in self.structs.values_mut() {
            let owner = s.name.to_string();
            for f in &mut s.fields {
                if let RustType::Struct(target) = &f.ty {
                    f.boxed = crate::ir::cycles::reaches(&direct, target, &owner);
                }
            }
        }
    }
}

/// Clippy's default `disallowed_names`: no argument may be called so.
const CLIPPY_DISALLOWED_NAMES: &[&str] = &["foo", "baz", "quux"];

/// Members too generic to name an enum alone.
pub(super) const GENERIC_MEMBERS: &[&str] = &["Type", "State", "Status", "Mode", "Kind", "Class", "Level"];

/// What an enum is named after: the last member (`Disks.N.Type` → `Type`), prefixed with its
/// parent when the member alone says little (`Disks.N.Type` → `DiskType`).
pub(super) fn enum_base(w: &WireName) -> String {
    let names: Vec<(usize, &str)> = w
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| if let Segment::Name(n) = s { Some((i, n.as_str())) } else { None })
        .collect();
    let Some(&(_, last)) = names.last() else { return String::new() };
    if names.len() < 2 || !GENERIC_MEMBERS.contains(&last) {
        return last.to_string();
    }
    let (i, parent) = names[names.len() - 2];
    let listed = matches!(w.segments.get(i + 1), Some(Segment::Index));
    let parent = if listed { singular(parent) } else { parent };
    format!("{parent}{last}")
}

/// `Disks` → `Disk`, `Rules` → `Rule`: a plain trailing `s` goes. Where dropping it would leave a
/// non-word (`Currencies` → `Currencie`, `Addresses`, `Boxes`, `Statuses`) or the word is not a
/// plural (`Status`, `Address`), the name stays as it is.
pub(super) fn singular(word: &str) -> &str {
    const KEEP: &[&str] = &["ss", "us", "is", "ies", "sses", "uses", "xes", "ches", "shes", "zes"];
    if word.ends_with('s') && !KEEP.iter().any(|end| word.ends_with(end)) {
        &word[..word.len() - 1]
    } else {
        word
    }
}

pub(super) fn is_string_like(ty: &RustType) -> bool {
    match ty {
        RustType::String => true,
        RustType::List(inner) => is_string_like(inner),
        _ => false,
    }
}

pub(super) fn replace_leaf(ty: &RustType, leaf: RustType) -> RustType {
    match ty {
        RustType::List(inner) => RustType::List(Box::new(replace_leaf(inner, leaf))),
        _ => leaf,
    }
}

/// `ty` with every [`RustType::DownloadUrl`] a plain `String` (request params are sent as text).
pub(super) fn replace_download_urls(ty: RustType) -> RustType {
    match ty {
        RustType::DownloadUrl => RustType::String,
        RustType::List(inner) => RustType::List(Box::new(replace_download_urls(*inner))),
        other => other,
    }
}
