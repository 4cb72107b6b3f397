//! Validation: an assembled [`Family`] in, the errors that make it impossible to generate out.
//!
//! It is the one stage between loading and planning. The loader reports its errors with the
//! rest of its diagnostics; the planner and the emitter take only a [`ValidFamily`], which
//! [`ValidFamily::new`] makes after running the same checks, so no code path reaches the emitter
//! with a family these checks refuse.
//!
//! # What the emitter assumes, and what makes it so
//!
//! Each assumption is either checked here (a located error from `sdkgen lint`, code in
//! brackets) or holds by construction in the emitter, whatever the input:
//!
//! | the emitter assumes | made so by |
//! |---|---|
//! | every model a type names is defined | `undefined-model` (`fields.rs`) |
//! | every wire name parses (`Foo.N.Bar`), within nesting limits | `bad-wire-name`, `nesting-too-deep` (`fields.rs`) |
//! | one wire name has one type and one shape in a table | `conflicting-type`, `conflicting-nesting` (`fields.rs`) |
//! | a `rust_name` / overlay `rename` is an identifier | `bad-rust-name` (`fields.rs`), `overlay-bad-rename` |
//! | the family name is a lower-case module name, not a keyword | `family-bad-name` (`settings.rs`) |
//! | the crate name is a package name Cargo accepts | `family-bad-crate-name` (`settings.rs`) |
//! | the environment prefix is a variable name | `family-bad-env-prefix` (`settings.rs`) |
//! | the default method is one the API accepts (GET only when `allow_get`) | `family-bad-transport` (`settings.rs`) |
//! | `common_params` are wire names with one type, consistent with each action's params | the `fields.rs` checks run on them too |
//! | `fake:` names only actions, params and fields the docs have | `family-fake-*` (`fake_section.rs`) |
//! | the endpoint is an http(s) URL | `family-bad-endpoint` (when `family.yaml` is read) |
//! | every Rust name is an identifier, distinct in its scope, not a name the runtime defines | by construction: [`crate::emit::names::RustName`], `Scope`, the reserved lists read by `tests/reserved_names.rs` |
//! | doc text cannot end a comment, start a doctest or carry bidi controls | by construction: `emit::docs` escapes every line |
//! | macro bodies and emitted files are Rust | by construction: every file is parsed before it is written (`emit-invalid-rust` if not) |
//! | `Cargo.toml` strings are TOML strings | by construction: `toml_edit` writes every value |
//! | a paging `Total` is an integer; an enum value makes a variant | by construction: the planner pages or types only what fits, else a plain field |
//! | a required field on a cycle of models has a finite value | by construction: such fields are optional (`required-cycle` warns) |

mod fake_section;
pub(crate) mod fields;
mod settings;

pub(crate) use settings::{crate_name_problem, module_name_problem};

use crate::diag::Diagnostic;
use crate::ir::common_params::with_common_params;
use crate::ir::{Action, Family};

/// Every error that makes `family` impossible to generate, sorted. `family_file` is
/// `family.yaml`'s path and text, when there is one, to locate the errors about settings.
pub fn validate(family: &Family, family_file: Option<&(String, String)>) -> Vec<Diagnostic> {
    let common = &family.config.common_params;
    let mut out = if common.is_empty() {
        fields::check(&family.actions, &family.models)
    } else {
        let sent: Vec<Action> = family.actions.iter().map(|a| with_common_params(a, common)).collect();
        fields::check(&sent, &family.models)
    };
    out.extend(settings::check(&family.config, family_file));
    out.extend(fake_section::check(family, family_file));
    crate::lint::sort(&mut out);
    out.dedup();
    out
}

/// A family [`validate`] finds no error in: the only input the planner and emitter take.
#[derive(Debug, Clone, Copy)]
pub struct ValidFamily<'a>(&'a Family);

impl<'a> ValidFamily<'a> {
    /// `family`, when validation finds no error; else the errors.
    pub fn new(family: &'a Family) -> Result<ValidFamily<'a>, Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> =
            validate(family, None).into_iter().filter(Diagnostic::is_error).collect();
        if errors.is_empty() {
            Ok(ValidFamily(family))
        } else {
            Err(errors)
        }
    }

    /// [`ValidFamily::new`] for a caller that reports one error: the first, sorted by place.
    pub fn checked(family: &'a Family) -> Result<ValidFamily<'a>, Box<Diagnostic>> {
        match validate(family, None).into_iter().find(Diagnostic::is_error) {
            Some(error) => Err(Box::new(error)),
            None => Ok(ValidFamily(family)),
        }
    }

    /// The family.
    pub fn family(&self) -> &'a Family {
        self.0
    }
}

impl std::ops::Deref for ValidFamily<'_> {
    type Target = Family;
    fn deref(&self) -> &Family {
        self.0
    }
}
