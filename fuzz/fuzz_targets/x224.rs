//! cargo fuzz target `x224`: the server's X.224 Connection Confirm as the probe reads it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = fixplan::fuzzing::x224(data);
});
