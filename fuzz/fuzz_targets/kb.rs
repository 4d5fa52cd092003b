//! cargo fuzz target `kb`: the embedded knowledge base with one file replaced, checked and evaluated.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = fixplan::fuzzing::kb(data);
});
