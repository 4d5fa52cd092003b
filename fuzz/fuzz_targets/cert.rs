//! cargo fuzz target `cert`: the server's DER certificate as the probe reads it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = fixplan::fuzzing::cert(data);
});
