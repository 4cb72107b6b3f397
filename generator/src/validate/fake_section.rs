//! Checking `family.yaml` against the docs, once the family is assembled.
//!
//! `family.yaml` is read before the pages, but its `fake:` section names what only the docs
//! define: actions, their params and response fields, the fields of data models. Those names can
//! be checked only after the family is assembled and the overlay applied, and they must be: a
//! typo (`ListPaidOrder`), or a response field the docs have since dropped but a sum still
//! computes, would otherwise pass `sdkgen lint` and only break `sdkgen serve` (or a crate's
//! `mock` server) when it starts, with no line and no suggestion.
//!
//! The check itself is [`sdkgen_schema::fake::check`], the very one the fake server runs, so lint
//! and the server cannot disagree. Here every problem it finds becomes an error diagnostic
//! (`family-fake-<kind>`), located at the offending key or value in `family.yaml`, with a
//! "did you mean" when a valid name is close and otherwise a hint saying what to do.

use sdkgen_schema::fake::{self, ApiNames, Problem, ProblemKind};

use crate::diag::Diagnostic;
use crate::ir::{Family, Loc};
use crate::yaml::error::closest;
use crate::yaml::locate::KeyMap;

/// Checks the family's `fake:` section against its actions and models. `file` is
/// `family.yaml`'s path and text, to locate the problems.
pub(super) fn check(family: &Family, file: Option<&(String, String)>) -> Vec<Diagnostic> {
    let Some(section) = &family.config.fake else { return Vec::new() };
    let Err(problems) = fake::check(section, &ApiNames::of(family)) else { return Vec::new() };
    let locator = file.map(|(path, text)| Locator::new(path, text));
    problems
        .iter()
        .map(|problem| {
            let (loc, len) = locator.as_ref().map_or((None, 0), |l| l.locate(problem));
            Diagnostic::error(&code(problem.kind), format!("{}: {}", problem.dotted_path(), problem.message))
                .at_span(loc, len)
                .hint(hint(problem))
        })
        .collect()
}

/// The diagnostic code of a kind of problem: `family-fake-unknown-field`, ….
fn code(kind: ProblemKind) -> String {
    format!("family-fake-{}", kind.code())
}

/// "did you mean" when a valid name is close, else what to do about it.
fn hint(problem: &Problem) -> String {
    if let Some(best) = closest(problem.name(), problem.candidates.iter().map(String::as_str)) {
        return format!("did you mean `{best}`?");
    }
    let key = problem.value.is_none();
    match problem.kind {
        ProblemKind::UnknownKey => format!("the keys allowed here are: {}", problem.candidates.join(", ")),
        ProblemKind::UnknownAction => {
            "the docs have no such action: fix the name, or remove the entry from family.yaml".into()
        }
        ProblemKind::UnknownParam if key => {
            "the docs no longer have this param: remove it from family.yaml".into()
        }
        ProblemKind::UnknownParam => "the docs have no such param: name one the action takes".into(),
        ProblemKind::UnknownField if key => {
            "the docs no longer have this field: remove it from family.yaml".into()
        }
        ProblemKind::UnknownField => {
            "the docs have no such field: name one they have, or remove the setting from family.yaml".into()
        }
        ProblemKind::UnknownList => "declare the list under `fake.lists`, or remove it from here".into(),
        ProblemKind::WrongType | ProblemKind::Invalid => {
            "see docs/fake-server.md for what each key of `fake:` holds".into()
        }
    }
}

/// Finds a problem's key path (and the name in its value) in the text of `family.yaml`.
struct Locator<'t> {
    keys: KeyMap,
    lines: Vec<&'t str>,
}

impl<'t> Locator<'t> {
    fn new(path: &str, text: &'t str) -> Locator<'t> {
        Locator { keys: KeyMap::scan(path, text), lines: text.lines().collect() }
    }

    /// Where the problem is, and the length of the offending text. A path the scan cannot
    /// follow (unusual YAML) stops at the deepest key it found, `fake:` at worst.
    fn locate(&self, problem: &Problem) -> (Option<Loc>, usize) {
        let keys = &self.keys;
        let Some(mut at) = keys.find(keys.all(), "fake") else { return (None, 0) };
        for part in &problem.path {
            match keys.find(keys.children(at), part) {
                Some(i) => at = i,
                None => return (keys.key_loc(at), keys.events[at].key.chars().count()),
            }
        }
        let event = &keys.events[at];
        let Some(word) = &problem.value else {
            return (keys.key_loc(at), event.key.chars().count());
        };
        // The value runs from the key to the next key: `from: [A, B]` or a block list below it.
        let until = keys.events.get(keys.children(at).end).map_or(self.lines.len(), |e| e.line as usize - 1);
        let start_col = if event.value_col > 0 { event.value_col } else { event.col };
        let first = event.line as usize - 1;
        for index in first..until.max(first + 1) {
            let Some(line) = self.lines.get(index) else { break };
            let from = if index == first { start_col as usize - 1 } else { 0 };
            if let Some(col) = find_name(line, from, word) {
                let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
                let col = u32::try_from(col + 1).unwrap_or(u32::MAX);
                return (Some(keys.loc(line_no, col)), word.chars().count());
            }
        }
        (keys.value_loc(at), 0)
    }
}

/// The character column (0-based) of `name` in `line` at or after `from`, standing alone: not
/// part of a longer name (`Region` is not found in `Regions.N`). Comments are not searched.
fn find_name(line: &str, from: usize, name: &str) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let in_name = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if name.is_empty() {
        return None;
    }
    let mut i = from;
    while i + name.len() <= chars.len() {
        if chars[i] == '#' && i > 0 && chars[i - 1] == ' ' {
            return None;
        }
        let before = i.checked_sub(1).and_then(|b| chars.get(b));
        if chars[i..i + name.len()] == name[..] && !in_name(before) && !in_name(chars.get(i + name.len())) {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_alone_and_outside_comments() {
        assert_eq!(find_name("  from: [ListPaidOrders, ListUnpaidOrders]", 8, "ListUnpaidOrders"), Some(25));
        assert_eq!(find_name("  Regions.N: Region", 12, "Region"), Some(13));
        assert_eq!(find_name("  Regions.N: Regions", 12, "Region"), None);
        assert_eq!(find_name("  url: X  # not Y", 7, "Y"), None);
        assert_eq!(find_name("  - ListPaidOrders", 0, "ListPaidOrders"), Some(4));
    }

    #[test]
    fn keys_and_names_in_values_are_located() {
        let text = "name: billing\nfake:\n  lists:\n    ListPaidOrder:\n      items: Orders\n  sums:\n    S:\n      from:\n        - A\n        - ListPaidOrder\n      fields: { X: { count: true } }\n";
        let locator = Locator::new("family.yaml", text);
        let problem = |path: &[&str], value: Option<&str>| Problem {
            kind: ProblemKind::UnknownList,
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            value: value.map(str::to_owned),
            message: String::new(),
            candidates: Vec::new(),
        };
        let at = |p: &Problem| {
            let (loc, len) = locator.locate(p);
            let loc = loc.expect("located");
            (loc.line, loc.col, len)
        };
        assert_eq!(at(&problem(&["lists", "ListPaidOrder"], None)), (4, 5, 13));
        assert_eq!(at(&problem(&["lists", "ListPaidOrder", "items"], Some("Orders"))), (5, 14, 6));
        assert_eq!(at(&problem(&["sums", "S", "from"], Some("ListPaidOrder"))), (10, 11, 13));
        assert_eq!(at(&problem(&["sums", "S", "fields", "X"], None)), (11, 17, 1));
        // A path the text does not have stops at the deepest key found.
        assert_eq!(at(&problem(&["sums", "T", "from"], Some("A"))), (6, 3, 4));
        assert_eq!(at(&problem(&[], None)), (2, 1, 4));
    }
}
