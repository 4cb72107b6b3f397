//! SurferCloud SDK in build mode: `build.rs` regenerates every family from the API docs in
//! `specs/` at build time, one module per family behind a cargo feature of the same name.
//! The same SDKs are checked in as standalone crates under `generated/`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/families.rs"));
