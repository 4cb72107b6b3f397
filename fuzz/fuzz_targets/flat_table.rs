//! Any line as a pipe-less table row, with any model names: the recogniser never panics, and a
//! row it accepts is made of the line's own text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\n');
    let line = parts.next().unwrap_or_default();
    let models: Vec<String> = parts.take(4).map(str::to_string).collect();
    let _ = sdkgen::markdown::flat_table::is_flat_header(line);
    let _ = sdkgen::markdown::flat_table::header_has_required(line);
    for has_required in [false, true] {
        if let Ok(row) = sdkgen::markdown::flat_table::recognise(line, 1, &models, has_required) {
            assert!(line.contains(&row.name), "name {:?} not in {line:?}", row.name);
            assert!(line.contains(&row.ty), "type {:?} not in {line:?}", row.ty);
        }
    }
});
