//! What [`check`](super::check) finds wrong: each problem with its key path inside `fake:`.

use std::fmt;

/// The kind of a [`Problem`]; [`ProblemKind::code`] names it in diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A value of the wrong kind, a required key missing, or keys that contradict each other.
    Invalid,
    /// A key the section does not know at that place (`seed`, `listz`).
    UnknownKey,
    /// An action the API does not have.
    UnknownAction,
    /// A request param the action does not take.
    UnknownParam,
    /// A response field or model field the API does not have.
    UnknownField,
    /// A field that exists but holds the wrong kind of value (`items` that is not a list of a model).
    WrongType,
    /// A list action that `fake.lists` does not declare (a sum's or export's source).
    UnknownList,
}

impl ProblemKind {
    /// A stable kebab-case name: `invalid`, `unknown-key`, `unknown-action`, `unknown-param`,
    /// `unknown-field`, `wrong-type`, `unknown-list`.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Invalid => "invalid",
            ProblemKind::UnknownKey => "unknown-key",
            ProblemKind::UnknownAction => "unknown-action",
            ProblemKind::UnknownParam => "unknown-param",
            ProblemKind::UnknownField => "unknown-field",
            ProblemKind::WrongType => "wrong-type",
            ProblemKind::UnknownList => "unknown-list",
        }
    }
}

/// One thing wrong with a `fake:` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The key path inside `fake:` (`["sums", "GetOrderAmount", "fields", "PaidCount"]`);
    /// empty for the section as a whole.
    pub path: Vec<String>,
    /// `None` when the key at the end of `path` is what is wrong (an unknown action, field or
    /// key). `Some(text)` when its value is: the offending name in it (one element of a list
    /// such as `from: [A, B]`), or the value's text when it has the wrong kind.
    pub value: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Names that would be valid in its place, for a "did you mean" (may be empty).
    pub candidates: Vec<String>,
}

impl Problem {
    /// The offending name: the value's when the problem is in the value, else the last key's.
    pub fn name(&self) -> &str {
        match &self.value {
            Some(value) => value,
            None => self.path.last().map_or("fake", String::as_str),
        }
    }

    /// The path written with dots, from `fake` (`fake.sums.GetOrderAmount.fields.PaidCount`).
    pub fn dotted_path(&self) -> String {
        std::iter::once("fake").chain(self.path.iter().map(String::as_str)).collect::<Vec<_>>().join(".")
    }
}

impl fmt::Display for Problem {
    /// `fake.lists.ListPaidOrderz: there is no action `ListPaidOrderz``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.dotted_path(), self.message)
    }
}
