//! Any bytes as a published doc page: the Markdown front-end never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = sdkgen::markdown::parse_page("fuzz.md", &text);
    let rows = result.rows;
    assert_eq!(rows.seen, rows.fields + rows.diagnosed, "row accounting");
});
