//! `duplicate-action`: one action documented in more than one file (two scrapes of one page, or a
//! form page `foo.md` beside a JSON page `foo_json.md`). The loader keeps one copy; this module
//! picks it and reports every difference, so nothing is lost silently.
//!
//! Which copy is kept:
//! 1. the overlay's preferred file, when it names one of the copies;
//! 2. else the copy documenting the most params plus response fields (the fuller page);
//! 3. ties broken by the file name that sorts first, then by the order given.
//!
//! How the kept copy travels is a fact of the action, not of the page: when any copy's request
//! example posts a JSON body (`foo_json.md` beside `foo.md`), the action sends JSON
//! ([`method_of`]). The body nests the flat names either page documents (`Targets.N.Port` and
//! `Targets: array[TargetConfig]` give the same JSON), so the fuller page loses nothing.
//!
//! Each dropped copy gets one diagnostic at its action: a warning listing every difference
//! (params and response fields added, removed, retyped, required changed, description, format or
//! constraints changed; title, overview and examples), or a note when the copies agree on all of that (the
//! hosts in example URLs are not read, so a note never claims the pages are identical).
//! Differences between the models the copies use are reported by [`super::merge_models`].

use crate::diag::Diagnostic;
use crate::ir::{Action, Field, HttpMethod, Loc};
use crate::lint::canonical;
use std::collections::{BTreeMap, BTreeSet};

/// One copy of an action and the file it was read from.
#[derive(Debug, Clone, Copy)]
pub struct Copy<'a> {
    /// The file the copy comes from, as given to the loader.
    pub file: &'a str,
    /// The action as that file documents it.
    pub action: &'a Action,
}

/// How the action travels, whichever copy is kept: a JSON body when any copy's example posts
/// one, else as the copies say (the first that says).
pub fn method_of(copies: &[Copy]) -> Option<HttpMethod> {
    if copies.iter().any(posts_json) {
        return Some(HttpMethod::PostJson);
    }
    copies.iter().find_map(|c| c.action.method)
}

/// Whether a copy's docs say its request is a JSON body.
fn posts_json(copy: &Copy) -> bool {
    copy.action.method == Some(HttpMethod::PostJson)
}

/// Picks the copy of action `name` to keep (see the module docs for the rule) and reports how
/// every other copy differs from it. Returns the index of the kept copy in `copies` (0 when
/// `copies` is empty) and one diagnostic per dropped copy.
pub fn resolve_duplicates(
    name: &str,
    copies: &[Copy],
    preferred_file: Option<&str>,
) -> (usize, Vec<Diagnostic>) {
    if copies.len() < 2 {
        return (0, Vec::new());
    }
    let size = |c: &Copy| c.action.params.len() + c.action.response.len();
    let preferred = preferred_file.and_then(|p| copies.iter().position(|c| names_file(c.file, p)));
    let (kept, why) = match preferred {
        Some(i) => (i, "the overlay's preferred file".to_string()),
        None => {
            let best = (0..copies.len())
                .min_by(|&i, &j| {
                    size(&copies[j]).cmp(&size(&copies[i])).then_with(|| copies[i].file.cmp(copies[j].file))
                })
                .unwrap_or(0);
            let tied = copies.iter().filter(|c| size(c) == size(&copies[best])).count() > 1;
            let mut why = if tied {
                format!(
                    "it documents the most params and fields ({}), and its file name sorts first",
                    size(&copies[best])
                )
            } else {
                format!("it documents the most params and fields ({})", size(&copies[best]))
            };
            if let Some(json) = copies.iter().find(|c| posts_json(c) && !posts_json(&copies[best])) {
                why = format!("{why}; it is sent as a JSON body, as {} shows", json.file);
            }
            (best, why)
        }
    };
    let keep = copies[kept];
    let mut out = Vec::new();
    for (i, other) in copies.iter().enumerate() {
        if i == kept {
            continue;
        }
        let diffs = differences(&keep, other);
        let at =
            other.action.loc.clone().unwrap_or_else(|| Loc { file: other.file.to_string(), line: 1, col: 1 });
        let d = if diffs.is_empty() {
            Diagnostic::note(
                "duplicate-action",
                format!(
                    "`{name}` is documented in {} and {} with the same title, overview, params, fields and \
                     example values (the example URLs are not compared); keeping {} ({why})",
                    keep.file, other.file, keep.file
                ),
            )
        } else {
            Diagnostic::warning(
                "duplicate-action",
                format!(
                    "`{name}` is documented differently in {} and {} ({} differences); keeping {} ({why})",
                    keep.file,
                    other.file,
                    diffs.len(),
                    keep.file
                ),
            )
        };
        let d = diffs
            .into_iter()
            .fold(d.at(Some(at)), |d, n| d.with_note(n))
            .hint("delete one of the pages, or name the preferred file in the overlay");
        out.push(d);
    }
    crate::lint::sort(&mut out);
    (kept, out)
}

/// Whitespace-insensitive text, so two scrapes of one page compare equal.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every way `other` differs from `keep`, one sentence each.
fn differences(keep: &Copy, other: &Copy) -> Vec<String> {
    let (k, o) = (keep.action, other.action);
    let (kf, of) = (keep.file, other.file);
    let mut out = Vec::new();
    if k.method != o.method {
        let how = |a: &Action| match a.method {
            Some(HttpMethod::PostJson) => "a JSON body",
            Some(HttpMethod::Get) => "a query string",
            Some(HttpMethod::PostForm) | None => "a form",
        };
        out.push(format!("the request is {} in {kf} but {} in {of}", how(k), how(o)));
    }
    if squash(&k.title) != squash(&o.title) {
        out.push(format!("the title is {:?} in {kf} but {:?} in {of}", k.title, o.title));
    }
    if squash(&k.description) != squash(&o.description) {
        out.push(format!("the overview differs between {kf} and {of}"));
    }
    table_differences("request param", &k.params, &o.params, kf, of, &mut out);
    table_differences("response field", &k.response, &o.response, kf, of, &mut out);
    let pairs = |a: &Action| {
        a.examples
            .request
            .iter()
            .map(|p| (canonical(&p.name), p.value.trim().to_string()))
            .collect::<Vec<_>>()
    };
    if pairs(k) != pairs(o) {
        out.push(format!("the request examples differ between {kf} and {of}"));
    }
    if !same_response_example(k.examples.response.as_deref(), o.examples.response.as_deref()) {
        out.push(format!("the response examples differ between {kf} and {of}"));
    }
    out
}

fn same_response_example(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            match (serde_json::from_str::<serde_json::Value>(a), serde_json::from_str::<serde_json::Value>(b))
            {
                (Ok(x), Ok(y)) => x == y,
                _ => squash(a) == squash(b),
            }
        }
        _ => false,
    }
}

fn table_differences(what: &str, keep: &[Field], other: &[Field], kf: &str, of: &str, out: &mut Vec<String>) {
    // First row per name, as `duplicate-param` keeps it.
    fn index(fields: &[Field]) -> BTreeMap<String, &Field> {
        let mut m = BTreeMap::new();
        for f in fields {
            m.entry(canonical(&f.name)).or_insert(f);
        }
        m
    }
    let (ki, oi) = (index(keep), index(other));
    let mut seen = BTreeSet::new();
    for f in keep {
        let key = canonical(&f.name);
        if !seen.insert(key.clone()) {
            continue;
        }
        match oi.get(&key) {
            None => out.push(format!("{what} `{}` is in {kf} but not in {of}", f.name)),
            Some(g) => out.extend(field_differences(what, f, g, kf, of)),
        }
    }
    seen.clear();
    for g in other {
        let key = canonical(&g.name);
        if seen.insert(key.clone()) && !ki.contains_key(&key) {
            out.push(format!("{what} `{}` (`{}`) is in {of} but not in {kf}", g.name, g.ty));
        }
    }
}

/// How two rows documenting one name differ.
pub(crate) fn field_differences(what: &str, f: &Field, g: &Field, kf: &str, of: &str) -> Vec<String> {
    let mut out = Vec::new();
    let n = &f.name;
    if f.ty != g.ty {
        out.push(format!("{what} `{n}` is `{}` in {kf} but `{}` in {of}", f.ty, g.ty));
    }
    if f.required != g.required {
        let word = |r: bool| if r { "required" } else { "optional" };
        out.push(format!("{what} `{n}` is {} in {kf} but {} in {of}", word(f.required), word(g.required)));
    }
    if squash(&f.description) != squash(&g.description) {
        out.push(format!(
            "{what} `{n}` is described {:?} in {kf} but {:?} in {of}",
            f.description, g.description
        ));
    }
    if f.deprecated != g.deprecated {
        out.push(format!("{what} `{n}` is marked deprecated in only one of {kf} and {of}"));
    }
    if f.format != g.format {
        out.push(format!("{what} `{n}` has format {:?} in {kf} but {:?} in {of}", f.format, g.format));
    }
    if f.constraints != g.constraints {
        out.push(format!("{what} `{n}` has different constraints in {kf} and {of}"));
    }
    out
}

/// Whether `wanted` (as an overlay writes it: a file name, or a path) names `file`.
pub fn names_file(file: &str, wanted: &str) -> bool {
    let wanted = wanted.trim_start_matches("./");
    file == wanted || file.ends_with(&format!("/{wanted}")) || file.ends_with(&format!("\\{wanted}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::ir::Type;
    use crate::lint::test_util::*;

    fn at(a: Action, file: &str) -> Action {
        let mut a = a;
        a.loc = Some(Loc { file: file.into(), line: 1, col: 1 });
        a
    }

    #[test]
    fn identical_copies_give_a_note_and_keep_the_first_file() {
        let a = at(action("A", vec![field("Page", Type::Int, 3)], vec![]), "b.md");
        let b = at(action("A", vec![field("Page", Type::Int, 3)], vec![]), "a.md");
        let copies = [Copy { file: "b.md", action: &a }, Copy { file: "a.md", action: &b }];
        let (kept, out) = resolve_duplicates("A", &copies, None);
        assert_eq!(kept, 1);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].code.as_str(), out[0].severity), ("duplicate-action", Severity::Note));
        assert_eq!(out[0].loc.as_ref().unwrap().file, "b.md");
        assert!(out[0].notes.is_empty());
        assert!(!out[0].message.contains("identical"), "example hosts are not compared: {}", out[0].message);
        assert!(out[0].message.contains("example URLs are not compared"), "{}", out[0].message);
    }

    #[test]
    fn the_fuller_copy_is_kept_and_sent_as_json_when_any_copy_posts_json() {
        let form = at(
            action(
                "AddTargets",
                vec![field("Targets.N.Port", Type::Int, 3), field("Targets.N.Weight", Type::Int, 4)],
                vec![],
            ),
            "add_targets.md",
        );
        let mut json =
            at(action("AddTargets", vec![field("Targets", Type::Object, 3)], vec![]), "add_targets_json.md");
        json.method = Some(HttpMethod::PostJson);
        for copies in [
            [
                Copy { file: "add_targets.md", action: &form },
                Copy { file: "add_targets_json.md", action: &json },
            ],
            [
                Copy { file: "add_targets_json.md", action: &json },
                Copy { file: "add_targets.md", action: &form },
            ],
        ] {
            let (kept, out) = resolve_duplicates("AddTargets", &copies, None);
            assert_eq!(copies[kept].file, "add_targets.md", "the fuller page");
            assert_eq!(method_of(&copies), Some(HttpMethod::PostJson));
            assert!(
                out[0].message.contains("sent as a JSON body, as add_targets_json.md shows"),
                "{}",
                out[0].message
            );
            let notes = out[0].notes.join("\n");
            assert!(
                notes.contains(
                    "the request is a form in add_targets.md but a JSON body in add_targets_json.md"
                ),
                "{notes}"
            );
        }
        // No copy posts JSON: as the copies say.
        let copies = [Copy { file: "a.md", action: &form }, Copy { file: "b.md", action: &form }];
        assert_eq!(method_of(&copies), None);
        let mut get = form.clone();
        get.method = Some(HttpMethod::Get);
        let copies = [Copy { file: "a.md", action: &form }, Copy { file: "b.md", action: &get }];
        assert_eq!(method_of(&copies), Some(HttpMethod::Get));
    }

    #[test]
    fn every_difference_is_listed_and_the_fuller_copy_kept() {
        let mut p = field("Page", Type::Int, 3);
        p.required = true;
        p.description = "Page number".into();
        let full = at(
            action(
                "A",
                vec![p.clone(), field("Size", Type::Int, 4), field("Gone", Type::String, 5)],
                vec![field("Total", Type::Int, 9)],
            ),
            "a_json.md",
        );
        let mut q = field("Page", Type::String, 3);
        q.description = "Page  number".into();
        let mut thin = at(
            action("A", vec![q, field("Extra", Type::Bool, 4)], vec![field("Total", Type::Int, 9)]),
            "a.md",
        );
        thin.examples.response = Some("{\"RetCode\": 0}".into());
        let copies = [Copy { file: "a.md", action: &thin }, Copy { file: "a_json.md", action: &full }];
        let (kept, out) = resolve_duplicates("A", &copies, None);
        assert_eq!(kept, 1);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].severity, Severity::Warning);
        let notes = out[0].notes.join("\n");
        for part in [
            "request param `Page` is `int` in a_json.md but `string` in a.md",
            "request param `Page` is required in a_json.md but optional in a.md",
            "request param `Size` is in a_json.md but not in a.md",
            "request param `Gone` is in a_json.md but not in a.md",
            "request param `Extra` (`bool`) is in a.md but not in a_json.md",
            "the response examples differ",
        ] {
            assert!(notes.contains(part), "missing {part:?} in\n{notes}");
        }
        assert!(!notes.contains("described"), "whitespace is not a difference:\n{notes}");
        assert_eq!(out[0].notes.len(), 6);
    }

    #[test]
    fn the_preferred_file_wins() {
        let a = at(action("A", vec![field("Page", Type::Int, 3)], vec![]), "a.md");
        let b = at(action("A", vec![], vec![]), "b.md");
        let copies = [Copy { file: "a.md", action: &a }, Copy { file: "b.md", action: &b }];
        let (kept, out) = resolve_duplicates("A", &copies, Some("b.md"));
        assert_eq!(kept, 1);
        assert!(out[0].message.contains("preferred"), "{}", out[0].message);
        // A preferred file that is not among the copies falls back to the rule (the loader
        // reports the overlay entry as matching nothing).
        assert_eq!(resolve_duplicates("A", &copies, Some("zzz.md")).0, 0);
    }

    #[test]
    fn the_preferred_file_is_named_without_its_folder() {
        let a = at(action("A", vec![field("Page", Type::Int, 3)], vec![]), "specs/x/a.md");
        let b = at(action("A", vec![], vec![]), "specs/x/b.md");
        let copies = [Copy { file: "specs/x/a.md", action: &a }, Copy { file: "specs/x/b.md", action: &b }];
        let (kept, out) = resolve_duplicates("A", &copies, Some("b.md"));
        assert_eq!(kept, 1);
        assert!(out[0].message.contains("preferred"), "{}", out[0].message);
    }

    #[test]
    fn fewer_than_two_copies_report_nothing() {
        assert_eq!(resolve_duplicates("A", &[], None), (0, vec![]));
        let a = action("A", vec![], vec![]);
        assert_eq!(resolve_duplicates("A", &[Copy { file: "a.md", action: &a }], None), (0, vec![]));
    }
}
