//! cargo fuzz target `facts_yaml`: a YAML fact file through the path of `fixplan eval`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = fixplan::fuzzing::facts("fuzz.yaml", data);
});
