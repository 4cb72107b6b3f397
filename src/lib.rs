//! SurferCloud SDK, regenerated from the API docs in `specs/` at build time.
