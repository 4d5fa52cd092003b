//! cargo fuzz target `facts_json`: a JSON fact file through the path of `fixplan eval`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = fixplan::fuzzing::facts("fuzz.json", data);
});
