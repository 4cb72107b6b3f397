//! The back-end: a valid [`crate::ir::Family`] → Rust token streams → formatted files.

pub mod docs;
pub mod names;
pub mod plan;
