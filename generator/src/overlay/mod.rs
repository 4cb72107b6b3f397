//! Overlays: `overlay.yaml` corrects the docs without editing them.
