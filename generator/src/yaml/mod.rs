//! The YAML front-end: a clean spec file ↔ an [`crate::ir::Document`].
