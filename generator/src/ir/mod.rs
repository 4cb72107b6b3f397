//! The intermediate representation: what every front-end produces and every back-end reads.
//!
//! The types live in `sdkgen-schema` ([`sdkgen_schema::ir`]), so the generator that writes
//! `api.json` and the runtime's fake server that reads it share one definition. Here are the
//! generator's views of them: [`wire_name`] parses flat wire names (`Disks.N.Size`) into
//! segments when a nested view is needed, [`cycles`] finds required model cycles, [`locs`]
//! keeps source locations.

pub mod common_params;
pub mod locs;
pub mod wire_name;

pub use sdkgen_schema::ir::*;
