//! `sdkgen diff`: what changed between two versions of a family's API, and what each change does
//! to the generated crate.
//!
//! [`diff`] compares two [`Family`] values and classifies every change by its [`Effect`]: on the
//! Rust API (breaking, additive, docs only) and on the wire (whether a request or response can
//! hold something different). The classification follows how the emitter maps the IR to Rust
//! (one method per action, required params as arguments, optional ones as setters, response
//! fields `T` or `Option<T>`, `#[non_exhaustive]` structs and enums); `docs/diff.md` has the table.
//! [`bump`] turns a report into the next version number, and [`render`] /
//! [`render_changelog_entry`] print it. [`source`] loads the two sides the command line names.

#[cfg(feature = "cli")]
mod command;
mod compare;
mod planned_names;
mod rename;
mod render;
pub mod source;

#[cfg(feature = "cli")]
pub use command::{run, DiffArgs, DiffFormat, FailOn};
pub use render::{render, render_changelog_entry, render_with_version, Format};

use crate::ir::Family;
use serde::Serialize;

/// How a change affects code written against the generated crate. Ordered: the strongest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    /// Nothing a user can see.
    None,
    /// Only documentation (rustdoc, examples) changes.
    Docs,
    /// Existing code keeps compiling and meaning the same; something was added or a behaviour
    /// (retries, a deprecation warning, a client-side check) changed compatibly.
    Additive,
    /// Some existing code stops compiling or changes meaning.
    Breaking,
}

/// What one change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Effect {
    /// The effect on the Rust API.
    pub api: Api,
    /// Whether what a request or a response holds on the wire changes (names of Rust types,
    /// retries and docs do not count).
    pub wire: bool,
}

impl Effect {
    const fn new(api: Api, wire: bool) -> Effect {
        Effect { api, wire }
    }
}

/// Where a change is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The family's settings (`family.yaml`) and its common params.
    Family,
    /// One action, by wire name.
    Action(String),
    /// One model, by name (the new name for a renamed model).
    Model(String),
}

/// Which part of the scope a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The action, model or family itself.
    Itself,
    /// A common param of the family.
    CommonParam,
    /// A request param.
    Param,
    /// A response field.
    Response,
    /// A field of a model.
    ModelField,
}

/// What changed. Field kinds name the table (`Param…`, `Field…` for response fields,
/// `ModelField…`); the kinds shared by every table say which one in [`Change::part`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new action.
    ActionAdded,
    /// An action is gone.
    ActionRemoved,
    /// A new request param (or common param).
    ParamAdded {
        /// Whether it is required (a new method argument).
        required: bool,
    },
    /// A request param (or common param) is gone.
    ParamRemoved,
    /// A request param's type (with format and enum-ness) changed.
    ParamRetyped {
        /// The old type.
        from: String,
        /// The new type.
        to: String,
    },
    /// A request param became required or optional.
    ParamRequiredChanged {
        /// Whether it is required now.
        now_required: bool,
    },
    /// A new response field.
    FieldAdded {
        /// Whether it is required.
        required: bool,
    },
    /// A response field is gone.
    FieldRemoved,
    /// A response field's type changed.
    FieldRetyped {
        /// The old type.
        from: String,
        /// The new type.
        to: String,
    },
    /// A response field became required or optional.
    FieldRequiredChanged {
        /// Whether it is required now.
        now_required: bool,
    },
    /// A new model.
    ModelAdded,
    /// A model is gone.
    ModelRemoved,
    /// A model got a new name: same fields, every reference moved.
    ModelRenamed {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A new field in a model.
    ModelFieldAdded {
        /// Whether it is required.
        required: bool,
    },
    /// A model field is gone.
    ModelFieldRemoved,
    /// A model field's type changed.
    ModelFieldRetyped {
        /// The old type.
        from: String,
        /// The new type.
        to: String,
    },
    /// A model field became required or optional.
    ModelFieldRequiredChanged {
        /// Whether it is required now.
        now_required: bool,
    },
    /// A value joined an enum.
    EnumValueAdded {
        /// The value.
        value: String,
    },
    /// A value left an enum.
    EnumValueRemoved {
        /// The value.
        value: String,
    },
    /// Marked deprecated.
    Deprecated,
    /// No longer marked deprecated.
    Undeprecated,
    /// Whether the SDK may retry the action changed.
    IdempotencyChanged {
        /// Whether it is idempotent now.
        now_idempotent: bool,
    },
    /// A stated constraint other than the enum (min, max, default, items, ranges) changed.
    ConstraintsChanged {
        /// The old constraints, as text.
        from: String,
        /// The new constraints, as text.
        to: String,
    },
    /// The Rust name an overlay sets changed (method, type or field name).
    RustNameChanged {
        /// The old Rust name (empty: derived from the wire name).
        from: String,
        /// The new Rust name (empty: derived from the wire name).
        to: String,
    },
    /// A family setting changed.
    ConfigChanged {
        /// The `family.yaml` key.
        key: String,
        /// The old value.
        from: String,
        /// The new value.
        to: String,
    },
    /// Documentation only: a title, a description or the examples.
    DocsChanged {
        /// What changed: `title`, `description` or `examples`.
        what: String,
    },
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// What changed.
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// The action, model or family it is in.
    pub scope: Scope,
    /// Which part of the scope.
    pub part: Part,
    /// The field's wire name, or empty for the scope itself.
    pub item: String,
    /// What it does.
    pub effect: Effect,
}

/// The release a set of changes needs, in the terms of a 1.x crate; [`bump`] applies the 0.x
/// rule (everything moves one place to the right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// No release needed.
    None,
    /// Docs only.
    Patch,
    /// Compatible additions or behaviour changes.
    Minor,
    /// Breaking changes.
    Major,
}

impl From<Api> for Bump {
    fn from(api: Api) -> Bump {
        match api {
            Api::None => Bump::None,
            Api::Docs => Bump::Patch,
            Api::Additive => Bump::Minor,
            Api::Breaking => Bump::Major,
        }
    }
}

/// Every change between two versions, in a deterministic order (family settings first, then
/// actions by name, then models by name; within one, by item, part and kind), and the release
/// they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
    /// The strongest change's release.
    pub bump: Bump,
}

impl Report {
    /// The strongest API effect of any change (`None` for no change).
    pub fn level(&self) -> Api {
        self.changes.iter().map(|c| c.effect.api).max().unwrap_or(Api::None)
    }

    /// How many changes have each API effect: (breaking, additive, docs).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |api| self.changes.iter().filter(|c| c.effect.api == api).count();
        (count(Api::Breaking), count(Api::Additive), count(Api::Docs))
    }
}

/// Compares two versions of a family. Never fails: any two families can be compared.
pub fn diff(old: &Family, new: &Family) -> Report {
    let mut changes = compare::compare(old, new);
    // A planned name that moved where no `rust_name` did (an overlay's change is reported above).
    let said: std::collections::BTreeSet<(Scope, Part, String)> = changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::RustNameChanged { .. }))
        .map(|c| (c.scope.clone(), c.part, c.item.clone()))
        .collect();
    changes.extend(
        planned_names::compare(old, new)
            .into_iter()
            .filter(|c| !said.contains(&(c.scope.clone(), c.part, c.item.clone()))),
    );
    changes.sort_by(|a, b| (&a.scope, &a.item, a.part, &a.kind).cmp(&(&b.scope, &b.item, b.part, &b.kind)));
    changes.dedup();
    let bump = changes.iter().map(|c| Bump::from(c.effect.api)).max().unwrap_or(Bump::None);
    Report { changes, bump }
}

/// A version number that [`bump`] cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadVersion(pub String);

impl std::fmt::Display for BadVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a version like 0.1.0 (MAJOR.MINOR.PATCH)", self.0)
    }
}

impl std::error::Error for BadVersion {}

/// Parses `MAJOR.MINOR.PATCH`, ignoring a pre-release (`-alpha`) or build (`+meta`) suffix.
pub fn parse_version(text: &str) -> Result<(u64, u64, u64), BadVersion> {
    let bad = || BadVersion(text.to_string());
    let core = text.trim().split(['-', '+']).next().unwrap_or_default();
    let mut parts = core.split('.').map(|p| p.parse::<u64>().map_err(|_| bad()));
    let (Some(major), Some(minor), Some(patch), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    Ok((major?, minor?, patch?))
}

/// The version the generated crate needs after `report`, from `current`.
///
/// Cargo treats the left-most non-zero number as the compatibility boundary, so the rule shifts
/// with it: from 1.0.0 on, breaking → major, additive → minor, docs → patch; for 0.x.y, breaking →
/// 0.(x+1).0 and additive or docs → 0.x.(y+1); for 0.0.z every change → 0.0.(z+1). No change keeps
/// the version. A pre-release or build suffix is dropped.
pub fn bump(current: &str, report: &Report) -> Result<String, BadVersion> {
    bump_by(current, report.bump)
}

/// The version after `current` for a release of kind `bump`, by the rules of [`bump`].
pub fn bump_by(current: &str, bump: Bump) -> Result<String, BadVersion> {
    let (major, minor, patch) = parse_version(current)?;
    let next = match (bump, major, minor) {
        (Bump::None, ..) => (major, minor, patch),
        (_, 0, 0) => (0, 0, patch.saturating_add(1)),
        (Bump::Major, 0, _) => (0, minor.saturating_add(1), 0),
        (Bump::Minor | Bump::Patch, 0, _) => (0, minor, patch.saturating_add(1)),
        (Bump::Major, ..) => (major.saturating_add(1), 0, 0),
        (Bump::Minor, ..) => (major, minor.saturating_add(1), 0),
        (Bump::Patch, ..) => (major, minor, patch.saturating_add(1)),
    };
    Ok(format!("{}.{}.{}", next.0, next.1, next.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(bump: Bump) -> Report {
        Report { changes: Vec::new(), bump }
    }

    #[test]
    fn versions_follow_cargo_compatibility() {
        let next = |v: &str, b| bump(v, &report(b)).unwrap();
        assert_eq!(next("0.1.0", Bump::Major), "0.2.0");
        assert_eq!(next("0.1.3", Bump::Minor), "0.1.4");
        assert_eq!(next("0.1.3", Bump::Patch), "0.1.4");
        assert_eq!(next("0.1.3", Bump::None), "0.1.3");
        assert_eq!(next("0.0.4", Bump::Major), "0.0.5");
        assert_eq!(next("0.0.4", Bump::Patch), "0.0.5");
        assert_eq!(next("1.2.3", Bump::Major), "2.0.0");
        assert_eq!(next("1.2.3", Bump::Minor), "1.3.0");
        assert_eq!(next("1.2.3", Bump::Patch), "1.2.4");
        assert_eq!(next("1.2.3-rc.1+abc", Bump::Patch), "1.2.4");
    }

    #[test]
    fn bad_versions_are_errors_not_panics() {
        for bad in ["", "1", "1.2", "1.2.3.4", "a.b.c", "1..3", "-1.0.0", "99999999999999999999.0.0"] {
            assert!(bump(bad, &report(Bump::Major)).is_err(), "{bad}");
        }
        assert_eq!(
            bump("18446744073709551615.0.0", &report(Bump::Major)).unwrap(),
            "18446744073709551615.0.0"
        );
    }
}
