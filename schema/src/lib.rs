//! The schema both the generator and the runtime read: the IR of an API family, the parts of
//! `family.yaml` the fake server follows, and the checks that tie them to an API's names.
//!
//! Three things: the IR itself ([`ir`]: the `api.json` the generator writes and the fake server
//! reads), the naming rules both apply ([`names`]: which fields hold secrets), and the
//! `fake:` section ([`fake`]): the generator keeps it in the IR as JSON and
//! lints it against the docs (`sdkgen lint` reports every problem at its line in
//! `family.yaml`); the runtime's fake server reads it from `api.json` and refuses to start on
//! the same problems. Both call [`fake::check`], so the two can never disagree on what a valid
//! section is.
//!
//! Dependencies are serde, serde_json and serde_path_to_error only (the runtime uses all three
//! anyway): the runtime's `fake` feature depends on this crate, and generated SDKs must stay light.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod fake;
pub mod ir;
pub mod names;
