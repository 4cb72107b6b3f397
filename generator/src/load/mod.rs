//! Loading: files and folders → documents → a validated [`crate::ir::Family`].
