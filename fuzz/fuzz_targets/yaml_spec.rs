//! Any bytes as a YAML spec: the YAML front-end never panics, and a document it accepts is
//! written back to YAML without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let (Some(doc), _) = sdkgen::yaml::parse_spec("fuzz.yaml", &text) {
        let _ = sdkgen::yaml::to_yaml(&doc);
    }
});
