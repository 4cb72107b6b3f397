//! Overlays: `overlay.yaml` corrects the docs without editing them.
//!
//! The docs are the source of truth but they are sometimes wrong (a type, a missing field, an
//! unmarked money amount). An overlay states each correction once, next to the docs, and is
//! applied after the pages are assembled. Every entry must match something: an entry that no
//! longer matches is an error, so when the docs are fixed the correction is noticed and removed.
//! The format is described in `docs/overlay-format.md`.

use crate::diag::Diagnostic;
use crate::ir::{Action, Field, Format, Loc, Model, Type};
use crate::yaml::error::closest;
use crate::yaml::locate::KeyMap;
use crate::yaml::parse_type;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

/// One named entry of an overlay map, with where its key was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    /// The key: an action, param, field or model name as documented.
    pub name: String,
    /// What to change.
    pub patch: T,
    /// Where the key is in the overlay file (found after parsing; `None` if not found).
    pub loc: Option<Loc>,
}

/// A YAML map read in file order, so fields an overlay adds keep the order they were written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<T>(pub Vec<Entry<T>>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Ordered<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from names to entries")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Entries(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<Entry<T>> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    if out.iter().any(|e| e.name == name) {
                        return Err(serde::de::Error::custom(format!("duplicate entry `{name}`")));
                    }
                    let patch = map.next_value()?;
                    out.push(Entry { name, patch, loc: None });
                }
                Ok(Entries(out))
            }
        }
        deserializer.deserialize_map(Ordered(PhantomData))
    }
}

/// A whole `overlay.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Corrections to actions, by action name.
    #[serde(default)]
    pub actions: Entries<ActionPatch>,
    /// Corrections to models, by model name.
    #[serde(default)]
    pub models: Entries<ModelPatch>,
    /// For an action documented on two pages: the file name of the page to keep.
    #[serde(default)]
    pub duplicates: Entries<String>,
}

/// Corrections to one action.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    /// Whether retrying is safe, overriding the verb's default.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// The Rust name to use (sets `rust_name`).
    #[serde(default)]
    pub rename: Option<String>,
    /// A replacement title.
    #[serde(default)]
    pub title: Option<String>,
    /// A replacement description.
    #[serde(default)]
    pub description: Option<String>,
    /// Corrections to request params, by wire name.
    #[serde(default)]
    pub params: Entries<FieldPatch>,
    /// Corrections to response fields, by name.
    #[serde(default)]
    pub response: Entries<FieldPatch>,
    /// Why: free text for readers, ignored by the generator.
    #[serde(default)]
    pub note: Option<String>,
}

/// Corrections to one model.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPatch {
    /// The Rust name to use (sets `rust_name`).
    #[serde(default)]
    pub rename: Option<String>,
    /// A replacement description.
    #[serde(default)]
    pub description: Option<String>,
    /// Corrections to the model's fields, by name.
    #[serde(default)]
    pub fields: Entries<FieldPatch>,
    /// Why: free text for readers, ignored by the generator.
    #[serde(default)]
    pub note: Option<String>,
}

/// Corrections to one param or field; every key is optional and only what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldPatch {
    /// A new type, in the docs' spelling (`int`, `array[Foo]`).
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// Mark required (`true`) or optional (`false`).
    #[serde(default)]
    pub required: Option<bool>,
    /// A replacement description.
    #[serde(default)]
    pub description: Option<String>,
    /// Mark deprecated or not.
    #[serde(default)]
    pub deprecated: Option<bool>,
    /// The allowed values (replaces the documented list; `[]` clears it).
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// Smallest allowed value.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest allowed value.
    #[serde(default)]
    pub max: Option<i64>,
    /// The default value, as text.
    #[serde(default)]
    pub default: Option<String>,
    /// Fewest list items.
    #[serde(default)]
    pub min_items: Option<u32>,
    /// Most list items.
    #[serde(default)]
    pub max_items: Option<u32>,
    /// `true`: a money amount (`format: money`); `false`: not one.
    #[serde(default)]
    pub money: Option<bool>,
    /// `true`: seconds since the Unix epoch (`format: unix_seconds`); `false`: not that.
    #[serde(default)]
    pub unix_seconds: Option<bool>,
    /// `true`: a presigned download URL (`format: download_url`): redacted, with a download helper.
    #[serde(default)]
    pub download_url: Option<bool>,
    /// `true`: a credential (`format: secret`), never shown by `Debug`; `false`: not one (names
    /// such as `Password` or `Token` are marked secret unless an overlay says otherwise).
    #[serde(default)]
    pub secret: Option<bool>,
    /// The Rust name to use (sets `rust_name`).
    #[serde(default)]
    pub rename: Option<String>,
    /// Adds the field, which the docs do not list; holds its definition (`type` required).
    #[serde(default)]
    pub add: Option<Box<FieldPatch>>,
    /// `true`: drops a field the docs list but the API does not have.
    #[serde(default)]
    pub remove: Option<bool>,
    /// Why: free text for readers, ignored by the generator.
    #[serde(default)]
    pub note: Option<String>,
}

impl Overlay {
    /// The duplicate choices (action name -> file name to keep).
    pub fn duplicate_choices(&self) -> BTreeMap<String, String> {
        self.duplicates.0.iter().map(|e| (e.name.clone(), e.patch.clone())).collect()
    }
}

/// Checks one field patch, returning diagnostics for what can be known without the docs.
fn check_field(patch: &FieldPatch, name: &str, loc: &Option<Loc>, nested: bool, diags: &mut Vec<Diagnostic>) {
    let mut bad = |code: &str, message: String, hint: &str| {
        diags.push(Diagnostic::error(code, message).at_span(loc.clone(), name.chars().count()).hint(hint));
    };
    if let Some(ty) = &patch.ty {
        if let Err(e) = parse_type(ty) {
            bad("overlay-bad-type", format!("{} (entry `{name}`)", e.message), &e.hint);
        }
    }
    let marked = [patch.money, patch.unix_seconds, patch.download_url, patch.secret]
        .iter()
        .filter(|m| **m == Some(true))
        .count();
    if marked > 1 {
        bad(
            "overlay-conflict",
            format!("`{name}` can be only one of money, Unix seconds, download URL and secret"),
            "keep one of them",
        );
    }
    if let Some(rename) = &patch.rename {
        if !crate::emit::names::is_rust_name(rename) {
            bad(
                "overlay-bad-rename",
                format!("`{rename}` is not a Rust name"),
                "use letters, digits and `_`, not starting with a digit, and not `self`, `Self`, `super`, `crate` or `_`",
            );
        }
    }
    if patch.add.is_some() && patch.remove == Some(true) {
        bad(
            "overlay-conflict",
            format!("`{name}` is both added and removed"),
            "keep one of `add` and `remove`",
        );
    }
    if let Some(add) = &patch.add {
        if nested {
            bad(
                "overlay-conflict",
                format!("`add` inside `add` for `{name}`"),
                "write the field's keys directly inside `add`",
            );
        } else {
            if add.ty.is_none() {
                bad(
                    "overlay-missing-type",
                    format!("the added field `{name}` has no type"),
                    "add `type: string` (or the right type) inside `add`",
                );
            }
            if add.remove.is_some() {
                bad("overlay-conflict", format!("`remove` inside `add` for `{name}`"), "drop `remove`");
            }
            check_field(add, name, loc, true, diags);
        }
    }
}

/// Sets the location of every entry of `entries` from the keys under `range`.
fn locate<T>(entries: &mut Entries<T>, keys: &KeyMap, range: Range<usize>) {
    for e in &mut entries.0 {
        e.loc = keys.find(range.clone(), &e.name).and_then(|i| keys.key_loc(i));
    }
}

/// Reads `overlay.yaml`. Problems visible without the docs (bad types, conflicting marks,
/// unusable Rust names) are errors here; whether entries match is checked by [`apply`].
pub fn parse_overlay(path: &str, text: &str) -> (Option<Overlay>, Vec<Diagnostic>) {
    if let Some(d) = crate::markdown::too_large(path, text) {
        return (None, vec![d]);
    }
    let blank = text.lines().map(str::trim).all(|l| l.is_empty() || l.starts_with('#') || l == "---");
    let mut overlay: Overlay = if blank {
        Overlay::default()
    } else {
        match serde_yaml::from_str(text) {
            Ok(o) => o,
            Err(e) => return (None, vec![crate::yaml::error::from_serde(path, "overlay", &e)]),
        }
    };
    let keys = KeyMap::scan(path, text);
    let all = keys.all();
    let actions_at = keys.section(all.clone(), "actions");
    locate(&mut overlay.actions, &keys, actions_at.clone());
    for a in &mut overlay.actions.0 {
        let at = keys.find(actions_at.clone(), &a.name).map_or(0..0, |i| keys.children(i));
        locate(&mut a.patch.params, &keys, keys.section(at.clone(), "params"));
        locate(&mut a.patch.response, &keys, keys.section(at, "response"));
    }
    let models_at = keys.section(all.clone(), "models");
    locate(&mut overlay.models, &keys, models_at.clone());
    for m in &mut overlay.models.0 {
        let at = keys.find(models_at.clone(), &m.name).map_or(0..0, |i| keys.children(i));
        locate(&mut m.patch.fields, &keys, keys.section(at, "fields"));
    }
    locate(&mut overlay.duplicates, &keys, keys.section(all, "duplicates"));

    let mut diags = Vec::new();
    let check_rename = |rename: &Option<String>, loc: &Option<Loc>, diags: &mut Vec<Diagnostic>| {
        if let Some(r) = rename.as_deref().filter(|r| !crate::emit::names::is_rust_name(r)) {
            diags.push(
                Diagnostic::error("overlay-bad-rename", format!("`{r}` is not a Rust name"))
                    .at(loc.clone())
                    .hint("use letters, digits and `_`, not starting with a digit, and not `self`, `Self`, `super`, `crate` or `_`"),
            );
        }
    };
    for a in &overlay.actions.0 {
        check_rename(&a.patch.rename, &a.loc, &mut diags);
        for f in a.patch.params.0.iter().chain(&a.patch.response.0) {
            check_field(&f.patch, &f.name, &f.loc, false, &mut diags);
        }
    }
    for m in &overlay.models.0 {
        check_rename(&m.patch.rename, &m.loc, &mut diags);
        for f in &m.patch.fields.0 {
            check_field(&f.patch, &f.name, &f.loc, false, &mut diags);
        }
    }
    for d in &overlay.duplicates.0 {
        if d.patch.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "overlay-empty-choice",
                    format!("no file named for duplicate `{}`", d.name),
                )
                .at(d.loc.clone())
                .hint("write the file name of the page to keep"),
            );
        }
    }
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(overlay), diags)
}

/// Applies `patch` to `field`. Returns an error when the new type cannot be read.
fn patch_field(field: &mut Field, patch: &FieldPatch, loc: &Option<Loc>) -> Option<Diagnostic> {
    let mut error = None;
    if let Some(ty) = &patch.ty {
        match parse_type(ty) {
            Ok(t) => field.ty = t,
            Err(e) => {
                error = Some(
                    Diagnostic::error("overlay-bad-type", format!("{} (entry `{}`)", e.message, field.name))
                        .at(loc.clone())
                        .hint(e.hint),
                )
            }
        }
    }
    if let Some(v) = patch.required {
        field.required = v;
    }
    if let Some(v) = &patch.description {
        field.description.clone_from(v);
    }
    if let Some(v) = patch.deprecated {
        field.deprecated = v;
    }
    if let Some(v) = &patch.enum_values {
        field.constraints.enum_values.clone_from(v);
    }
    let c = &mut field.constraints;
    c.min = patch.min.or(c.min);
    c.max = patch.max.or(c.max);
    c.min_items = patch.min_items.or(c.min_items);
    c.max_items = patch.max_items.or(c.max_items);
    if let Some(v) = &patch.default {
        c.default = Some(v.clone());
    }
    let marks = [
        (patch.money, Format::Money),
        (patch.unix_seconds, Format::UnixSeconds),
        (patch.download_url, Format::DownloadUrl),
        (patch.secret, Format::Secret),
    ];
    for (mark, format) in marks {
        match mark {
            Some(true) => field.format = Some(format),
            Some(false) if field.format == Some(format) => field.format = None,
            _ => {}
        }
    }
    if let Some(v) = &patch.rename {
        field.rust_name = Some(v.clone());
    }
    error
}

/// What kind of list a field entry is in, for messages.
#[derive(Clone, Copy)]
enum ListKind {
    Params,
    Response,
    Fields,
}

impl ListKind {
    fn noun(self) -> &'static str {
        match self {
            ListKind::Params => "param",
            ListKind::Response => "response field",
            ListKind::Fields => "field",
        }
    }
    fn code(self) -> &'static str {
        match self {
            ListKind::Params => "overlay-unknown-param",
            ListKind::Response | ListKind::Fields => "overlay-unknown-field",
        }
    }
}

/// Applies field entries to `list`, which belongs to `owner` (`action `X`` or `model `Y``).
fn patch_fields(
    list: &mut Vec<Field>,
    entries: &Entries<FieldPatch>,
    kind: ListKind,
    owner: &str,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for e in &entries.0 {
        let len = e.name.chars().count();
        let found = list.iter().position(|f| f.name == e.name);
        if let Some(add) = &e.patch.add {
            if found.is_some() {
                diags.push(
                    Diagnostic::error(
                        "overlay-field-exists",
                        format!("the {} `{}` of {owner} is documented already", kind.noun(), e.name),
                    )
                    .at_span(e.loc.clone(), len)
                    .hint("the docs list it now: drop `add` and keep only the corrections"),
                );
                continue;
            }
            let Some(ty) = add.ty.as_deref() else {
                diags.push(
                    Diagnostic::error(
                        "overlay-missing-type",
                        format!("the added field `{}` has no type", e.name),
                    )
                    .at_span(e.loc.clone(), len)
                    .hint("add `type: string` (or the right type) inside `add`"),
                );
                continue;
            };
            let mut field = Field {
                name: e.name.clone(),
                ty: parse_type(ty).unwrap_or(Type::String),
                required: false,
                description: String::new(),
                deprecated: false,
                format: None,
                constraints: Default::default(),
                rust_name: None,
                loc: e.loc.clone(),
            };
            diags.extend(patch_field(&mut field, add, &e.loc));
            diags.extend(patch_field(&mut field, &FieldPatch { add: None, ..e.patch.clone() }, &e.loc));
            list.push(field);
            continue;
        }
        let Some(index) = found else {
            let hint = match closest(&e.name, list.iter().map(|f| f.name.as_str())) {
                Some(best) => {
                    format!("did you mean `{best}`? To add an undocumented one, write `add: {{ type: … }}`")
                }
                None => "if the docs do not list it, write `add: { type: … }` to add it".to_string(),
            };
            diags.push(
                Diagnostic::error(kind.code(), format!("{owner} has no {} `{}`", kind.noun(), e.name))
                    .at_span(e.loc.clone(), len)
                    .hint(hint),
            );
            continue;
        };
        if e.patch.remove == Some(true) {
            list.remove(index);
            continue;
        }
        diags.extend(patch_field(&mut list[index], &e.patch, &e.loc));
    }
    diags
}

/// Applies to the assembled actions and models. An entry that matches nothing (unknown action, param, field or model; `add` of a field that already exists) is an ERROR diagnostic pointing at the overlay line with a hint, so a docs fix is noticed at regeneration.
pub fn apply(
    overlay: &Overlay,
    actions: &mut [Action],
    models: &mut BTreeMap<String, Model>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for e in &overlay.actions.0 {
        let matching: Vec<usize> = (0..actions.len()).filter(|&i| actions[i].name == e.name).collect();
        if matching.is_empty() {
            let hint = match closest(&e.name, actions.iter().map(|a| a.name.as_str())) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "the docs no longer have this action: remove the entry".to_string(),
            };
            diags.push(
                Diagnostic::error("overlay-unknown-action", format!("no action is named `{}`", e.name))
                    .at_span(e.loc.clone(), e.name.chars().count())
                    .hint(hint),
            );
            continue;
        }
        // Report a mismatch once, even when an unresolved duplicate holds the action twice.
        let mut seen = BTreeSet::new();
        for i in matching {
            let action = &mut actions[i];
            let p = &e.patch;
            if let Some(v) = p.idempotent {
                action.idempotent = v;
            }
            if let Some(v) = &p.rename {
                action.rust_name = Some(v.clone());
            }
            if let Some(v) = &p.title {
                action.title.clone_from(v);
            }
            if let Some(v) = &p.description {
                action.description.clone_from(v);
            }
            let owner = format!("action `{}`", e.name);
            let mut found = patch_fields(&mut action.params, &p.params, ListKind::Params, &owner);
            found.extend(patch_fields(&mut action.response, &p.response, ListKind::Response, &owner));
            diags.extend(found.into_iter().filter(|d| seen.insert(d.to_string())));
        }
    }
    for e in &overlay.models.0 {
        let Some(model) = models.get_mut(&e.name) else {
            let hint = match closest(&e.name, models.keys().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "the docs no longer have this model: remove the entry".to_string(),
            };
            diags.push(
                Diagnostic::error("overlay-unknown-model", format!("no model is named `{}`", e.name))
                    .at_span(e.loc.clone(), e.name.chars().count())
                    .hint(hint),
            );
            continue;
        };
        if let Some(v) = &e.patch.rename {
            model.rust_name = Some(v.clone());
        }
        if let Some(v) = &e.patch.description {
            model.description.clone_from(v);
        }
        let owner = format!("model `{}`", e.name);
        diags.extend(patch_fields(&mut model.fields, &e.patch.fields, ListKind::Fields, &owner));
    }
    diags
}
