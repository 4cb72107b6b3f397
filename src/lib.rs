//! SurferCloud SDK, regenerated from the API docs in `specs/` at build time by sdkgen.

include!(concat!(env!("OUT_DIR"), "/families.rs"));
