//! Any bytes as `overlay.yaml`, applied to the billing family's actions and models: parsing and
//! applying never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::OnceLock;

type Base = (Vec<sdkgen::ir::Action>, BTreeMap<String, sdkgen::ir::Model>);

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut actions = Vec::new();
        let mut models = BTreeMap::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/billing");
        let mut paths: Vec<_> =
            std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md")) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if let sdkgen::markdown::PageOutcome::Action(doc) =
                sdkgen::markdown::parse_page("page.md", &text).outcome
            {
                actions.extend(doc.actions);
                models.extend(doc.models.into_iter().map(|m| (m.name.clone(), m)));
            }
        }
        (actions, models)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let (Some(overlay), _) = sdkgen::overlay::parse_overlay("overlay.yaml", &text) {
        let (actions, models) = base();
        let mut actions = actions.clone();
        let mut models = models.clone();
        let _ = sdkgen::overlay::apply(&overlay, &mut actions, &mut models);
    }
});
