//! The back-end: a valid [`crate::ir::Family`] → a plan (names and types decided) → Rust token
//! streams, one small function per idea → syn → prettyplease → files.

pub mod docs;
pub mod dsl;
pub mod features;
pub mod files;
pub mod items;
pub mod names;
pub mod operation;
pub mod plan;
pub mod smoke;
pub mod types;

pub use files::{build_mode_file, crate_files, CrateOptions, GeneratedFile};
