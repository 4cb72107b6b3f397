//! sdkgen: turns Action-style API documentation into a Rust SDK.
//!
//! The pipeline, one module per stage:
//! [`markdown`] and [`yaml`] (front-ends: a source file → [`ir::Document`]) →
//! [`prose`] (facts stated in descriptions) →
//! [`load`] (a folder → [`ir::Family`], with `family.yaml` and [`overlay`]) →
//! [`validate`] (a family → its errors, or a [`validate::ValidFamily`]) →
//! [`lint`] (warnings over the IR) →
//! [`emit`] (a `ValidFamily` → its plan, [`emit::plan::CratePlan`] → the crate's files).

pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod generate;
pub mod ir;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod overlay;
pub mod par;
pub mod prose;
#[cfg(feature = "serve")]
pub mod serve;
pub mod validate;
pub mod write;
pub mod yaml;
