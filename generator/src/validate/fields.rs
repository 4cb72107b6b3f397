//! The errors in actions and models: what makes them impossible to generate.
//!
//! `bad-rust-name`: a spec's `rust_name` or an overlay's `rename` that cannot be a Rust name.
//! `undefined-model`: a type names a model no page defines, so no Rust type can be emitted.
//! `conflicting-type`: one wire name with two types inside one table of an action, so the
//! request or response struct would need one field with two types.
//! `conflicting-nesting`: two names of one table disagree on what a prefix is (`Disks.N` a string
//! list and `Disks.N.Size` makes it an object list), so no struct shape fits both.
//! `bad-wire-name`: a name the wire-name grammar rejects cannot be sent or named in Rust.
//! `nesting-too-deep`: a name nesting more than [`MAX_LIST_NESTING`] lists or [`MAX_SEGMENTS`]
//! segments: no API does it, and it would make unbounded nested types.

use crate::diag::Diagnostic;
use crate::ir::wire_name::WireName;
use crate::ir::{Action, Field, Model, Type};
use crate::lint::{segments, where_is};
use std::collections::{BTreeMap, HashMap};

/// The errors in `actions` and `models`, in the order found.
pub(crate) fn check(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in actions {
        bad_action_name(a, &mut out);
        bad_rust_name(a.rust_name.as_deref(), &format!("action `{}`", a.name), a.loc.clone(), &mut out);
        for f in a.params.iter().chain(&a.response) {
            let place = format!("`{}` of `{}`", f.name, a.name);
            bad_rust_name(f.rust_name.as_deref(), &place, f.loc.clone(), &mut out);
        }
    }
    for m in models.values() {
        bad_rust_name(m.rust_name.as_deref(), &format!("model `{}`", m.name), m.loc.clone(), &mut out);
        for f in &m.fields {
            let place = format!("`{}` of model `{}`", f.name, m.name);
            bad_rust_name(f.rust_name.as_deref(), &place, f.loc.clone(), &mut out);
        }
    }
    for a in actions {
        for (what, fields) in [("request param", &a.params), ("response field", &a.response)] {
            let place = format!("{what} of `{}`", a.name);
            undefined_models(fields, models, &place, &mut out);
            bad_names(fields, &place, &mut out);
            conflicting_types(fields, &place, &mut out);
            conflicting_nesting(fields, &place, &mut out);
        }
    }
    for m in models.values() {
        let place = format!("field of model `{}`", m.name);
        undefined_models(&m.fields, models, &place, &mut out);
        bad_names(&m.fields, &place, &mut out);
    }
    out
}

/// `bad-rust-name`: a `rust_name` (spec or overlay `rename`) that is not a plain Rust
/// identifier. The emitter converts it anyway (`not an ident` → `not_an_ident`), so the crate
/// compiles, but the name the maintainer asked for is not the one the SDK gets.
fn bad_rust_name(name: Option<&str>, place: &str, loc: Option<crate::ir::Loc>, out: &mut Vec<Diagnostic>) {
    let Some(name) = name else { return };
    if !crate::emit::names::is_rust_name(name) {
        out.push(
            Diagnostic::error(
                "bad-rust-name",
                format!("the Rust name {name:?} of {place} is not a Rust identifier"),
            )
            .at(loc)
            .hint(
                "use letters, digits and `_`, not starting with a digit, and not `self`, `Self`, `super`, \
                 `crate` or `_` (e.g. `disk_size`)",
            ),
        );
    }
}

/// `bad-action-name`: the `Action` param's value, in code spans and string literals of the crate:
/// letters, digits, `_` and `-` (`ListPaidOrders`), like the segment of a wire name.
fn bad_action_name(a: &Action, out: &mut Vec<Diagnostic>) {
    let fits = !a.name.is_empty() && a.name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !fits {
        out.push(
            Diagnostic::error(
                "bad-action-name",
                format!("the action name {:?} is not an action name", a.name),
            )
            .at_span(a.loc.clone(), a.name.chars().count().clamp(1, 80))
            .hint("an action name is letters, digits, `_` and `-` (e.g. `ListPaidOrders`)"),
        );
    }
}

fn undefined_models(
    fields: &[Field],
    models: &BTreeMap<String, Model>,
    place: &str,
    out: &mut Vec<Diagnostic>,
) {
    for f in fields {
        if let Some(name) = f.ty.model_name() {
            if !models.contains_key(name) {
                out.push(
                    Diagnostic::error(
                        "undefined-model",
                        format!("{place} `{}` is typed `{}`, a model no page defines", f.name, f.ty),
                    )
                    .at_span(f.loc.clone(), f.name.chars().count())
                    .hint(format!(
                        "add the `{name}` data model to a page, or retype the field with an overlay"
                    )),
                );
            }
        }
    }
}

/// Most `.N` list levels one wire name may nest.
pub const MAX_LIST_NESTING: usize = 8;
/// Most segments one wire name may have.
pub const MAX_SEGMENTS: usize = 32;

fn bad_names(fields: &[Field], place: &str, out: &mut Vec<Diagnostic>) {
    for f in fields {
        match WireName::parse(&f.name) {
            Err(e) => out.push(
                Diagnostic::error("bad-wire-name", format!("{place} `{}` is not a wire name: {e}", f.name))
                    .at_span(f.loc.clone(), f.name.chars().count())
                    .hint("fix the name in the table, or rename it with an overlay"),
            ),
            Ok(w) if w.list_depth() > MAX_LIST_NESTING || w.segments.len() > MAX_SEGMENTS => out.push(
                Diagnostic::error(
                    "nesting-too-deep",
                    format!(
                        "{place} `{}` nests {} lists in {} segments; at most {MAX_LIST_NESTING} lists and \
                         {MAX_SEGMENTS} segments are read",
                        shorten(&f.name),
                        w.list_depth(),
                        w.segments.len()
                    ),
                )
                .at_span(f.loc.clone(), f.name.chars().count().min(80))
                .hint("no API nests this deep: fix the name in the table, or rename it with an overlay"),
            ),
            Ok(_) => {}
        }
    }
}

/// A name cut to 80 characters for a message.
fn shorten(name: &str) -> String {
    match name.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_string(),
    }
}

fn conflicting_types(fields: &[Field], place: &str, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<Vec<String>, &Field> = BTreeMap::new();
    for f in fields {
        match first.get(&segments(&f.name)) {
            Some(seen) if seen.ty != f.ty => out.push(
                Diagnostic::error(
                    "conflicting-type",
                    format!(
                        "{place} `{}` is typed `{}` here but `{}` at {}",
                        f.name,
                        f.ty,
                        seen.ty,
                        where_is(seen)
                    ),
                )
                .at_span(f.loc.clone(), f.name.chars().count())
                .hint("delete the wrong row, or fix its type with an overlay"),
            ),
            Some(_) => {}
            None => {
                first.insert(segments(&f.name), f);
            }
        }
    }
}

/// A prefix that may have members: an object, a model, a list.
fn is_container(ty: &Type) -> bool {
    matches!(ty, Type::Object | Type::Array | Type::List(_) | Type::Model(_))
}

fn conflicting_nesting(fields: &[Field], place: &str, out: &mut Vec<Diagnostic>) {
    let segs: Vec<Vec<String>> = fields.iter().map(|f| segments(&f.name)).collect();
    // The earliest row of each shape, by joined prefix, so each row is checked against every
    // earlier one in time linear in the rows (a table of 40,000 rows once took minutes).
    let mut leaf: HashMap<String, usize> = HashMap::new(); // a full name that holds no members
    let mut under: HashMap<String, usize> = HashMap::new(); // a proper prefix of a name
    let mut next_list: HashMap<String, usize> = HashMap::new(); // a prefix followed by `N`
    let mut next_object: HashMap<String, usize> = HashMap::new(); // a prefix followed by a name
    let join = |s: &[String]| s.join(".");
    for (j, later) in fields.iter().enumerate() {
        let b = &segs[j];
        if b.len() > MAX_SEGMENTS {
            // Already `nesting-too-deep`; its prefixes would cost time quadratic in its length.
            continue;
        }
        let mut earlier: Vec<usize> = Vec::new();
        for k in 1..b.len() {
            let prefix = join(&b[..k]);
            earlier.extend(leaf.get(&prefix));
            let other = if b[k] == "N" { &next_object } else { &next_list };
            earlier.extend(other.get(&prefix));
        }
        if !is_container(&later.ty) {
            earlier.extend(under.get(&join(b)));
        }
        // Report each later row once, against the first earlier row it conflicts with.
        let clash = earlier
            .into_iter()
            .min()
            .and_then(|i| nesting_clash(&fields[i], &segs[i], later, b).map(|r| (i, r)));
        if let Some((i, reason)) = clash {
            out.push(
                Diagnostic::error(
                    "conflicting-nesting",
                    format!("{place} `{}` conflicts: {reason}", later.name),
                )
                .at_span(later.loc.clone(), later.name.chars().count())
                .hint("fix one of the names, or type the shorter one as an object")
                .with_note(format!("the other row is at {}", where_is(&fields[i]))),
            );
        }
        if !is_container(&later.ty) {
            leaf.entry(join(b)).or_insert(j);
        }
        for k in 1..b.len() {
            let prefix = join(&b[..k]);
            under.entry(prefix.clone()).or_insert(j);
            let next = if b[k] == "N" { &mut next_list } else { &mut next_object };
            next.entry(prefix).or_insert(j);
        }
    }
}

/// Why rows `first` (segments `a`) and `later` (segments `b`) cannot both be, if they cannot.
fn nesting_clash(first: &Field, a: &[String], later: &Field, b: &[String]) -> Option<String> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if common == a.len() && common < b.len() && !is_container(&first.ty) {
        // `Disks.N` (a string) and `Disks.N.Size`.
        Some(format!("`{}` is a `{}`, yet `{}` gives it members", first.name, first.ty, later.name))
    } else if common == b.len() && common < a.len() && !is_container(&later.ty) {
        Some(format!("`{}` is a `{}`, yet `{}` gives it members", later.name, later.ty, first.name))
    } else if common < a.len().min(b.len()) && common > 0 && (a[common] == "N") != (b[common] == "N") {
        // `Foo.N` (a list) and `Foo.Bar` (an object).
        let prefix = a[..common].join(".");
        Some(format!("`{prefix}` is a list in `{}` but an object in `{}`", first.name, later.name))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::lint::test_util::*;

    fn run(actions: &[Action], models: &BTreeMap<String, Model>) -> Vec<Diagnostic> {
        let mut out = check(actions, models);
        crate::lint::sort(&mut out);
        out
    }

    fn codes(d: &[Diagnostic]) -> Vec<(&str, u32)> {
        d.iter().map(|d| (d.code.as_str(), d.loc.as_ref().map_or(0, |l| l.line))).collect()
    }

    #[test]
    fn undefined_model_is_an_error_at_the_row() {
        let a = action(
            "A",
            vec![],
            vec![field("Orders", Type::List(Box::new(Type::Model("Missing".into()))), 7)],
        );
        let out = run(&[a], &BTreeMap::new());
        assert_eq!(codes(&out), [("undefined-model", 7)]);
        assert_eq!(out[0].severity, Severity::Error);
        assert!(out[0].message.contains("Missing"));
        let ms = models(vec![model("Missing", vec![])]);
        let a = action(
            "A",
            vec![],
            vec![field("Orders", Type::List(Box::new(Type::Model("Missing".into()))), 7)],
        );
        assert!(run(&[a], &ms).is_empty());
    }

    #[test]
    fn model_fields_referencing_missing_models() {
        let ms = models(vec![model("Outer", vec![field("In", Type::Model("Inner".into()), 12)])]);
        assert_eq!(codes(&run(&[], &ms)), [("undefined-model", 12)]);
    }

    #[test]
    fn two_types_for_one_name_in_one_table() {
        let a = action("A", vec![field("Ids.N", Type::Int, 3), field("Ids.n", Type::String, 4)], vec![]);
        let out = run(&[a], &BTreeMap::new());
        assert_eq!(codes(&out), [("conflicting-type", 4)]);
        assert_eq!(out[0].severity, Severity::Error);
        // Same name in params and response is fine, and so is a same-typed repeat.
        let a = action(
            "A",
            vec![field("Page", Type::Int, 3), field("Page", Type::Int, 4)],
            vec![field("Page", Type::String, 9)],
        );
        assert!(run(&[a], &BTreeMap::new()).is_empty());
    }

    #[test]
    fn nesting_conflicts() {
        let a =
            action("A", vec![field("Disks.N", Type::String, 3), field("Disks.N.Size", Type::Int, 4)], vec![]);
        let out = run(&[a], &BTreeMap::new());
        assert_eq!(codes(&out), [("conflicting-nesting", 4)]);
        assert_eq!(out[0].severity, Severity::Error);
        let a = action("A", vec![field("Foo.N", Type::String, 3), field("Foo.Bar", Type::Int, 4)], vec![]);
        assert_eq!(codes(&run(&[a], &BTreeMap::new())), [("conflicting-nesting", 4)]);
        // Longer first, then the scalar prefix.
        let a =
            action("A", vec![field("Disks.N.Size", Type::Int, 3), field("Disks.N", Type::Int, 4)], vec![]);
        assert_eq!(codes(&run(&[a], &BTreeMap::new())), [("conflicting-nesting", 4)]);
    }

    /// The rule as first written: each row against every earlier row (quadratic).
    fn quadratic_nesting(fields: &[Field]) -> Vec<(usize, usize)> {
        let segs: Vec<Vec<String>> = fields.iter().map(|f| segments(&f.name)).collect();
        (0..fields.len())
            .filter_map(|j| {
                (0..j)
                    .find(|&i| nesting_clash(&fields[i], &segs[i], &fields[j], &segs[j]).is_some())
                    .map(|i| (i, j))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_linear_nesting_check_finds_what_the_quadratic_one_does(
            rows in proptest::collection::vec(
                (proptest::collection::vec(proptest::sample::select(vec!["A", "B", "N"]), 1..4), proptest::bool::ANY),
                1..12,
            )
        ) {
            let fields: Vec<Field> = rows
                .iter()
                .enumerate()
                .map(|(k, (segs, object))| {
                    let ty = if *object { Type::Object } else { Type::String };
                    field(&segs.join("."), ty, k as u32 + 1)
                })
                .collect();
            let mut out = Vec::new();
            conflicting_nesting(&fields, "t", &mut out);
            let found: Vec<u32> = out.iter().map(|d| d.loc.as_ref().unwrap().line).collect();
            let want: Vec<u32> = quadratic_nesting(&fields).into_iter().map(|(_, j)| j as u32 + 1).collect();
            proptest::prop_assert_eq!(found, want);
        }
    }

    #[test]
    fn consistent_nesting_is_fine() {
        let a = action(
            "A",
            vec![
                field("Disks.N.Size", Type::Int, 3),
                field("Disks.N.Type", Type::String, 4),
                field("Tags", Type::Object, 5),
                field("Tags.Key", Type::String, 6),
                field("DisksCount", Type::Int, 7),
            ],
            vec![],
        );
        assert!(run(&[a], &BTreeMap::new()).is_empty());
    }

    #[test]
    fn bad_action_names() {
        for bad in ["", "Get`[Thing]`", "List Orders", "A.B", "a/b"] {
            assert_eq!(
                codes(&run(&[action(bad, vec![], vec![])], &BTreeMap::new())),
                [("bad-action-name", 1)],
                "{bad:?}"
            );
        }
        for good in ["ListPaidOrders", "Describe_ULB", "Get-Thing", "3DES", "获取"] {
            assert!(run(&[action(good, vec![], vec![])], &BTreeMap::new()).is_empty(), "{good}");
        }
    }

    #[test]
    fn bad_wire_names() {
        let a = action("A", vec![field("Foo Bar", Type::String, 3), field("N.X", Type::String, 4)], vec![]);
        let out = run(&[a], &BTreeMap::new());
        assert_eq!(codes(&out), [("bad-wire-name", 3), ("bad-wire-name", 4)]);
        assert!(out.iter().all(|d| d.severity == Severity::Error));
        let ms = models(vec![model("M", vec![field("", Type::String, 8)])]);
        assert_eq!(codes(&run(&[], &ms)), [("bad-wire-name", 8)]);
    }
}
