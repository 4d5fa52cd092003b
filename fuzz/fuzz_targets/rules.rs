//! cargo fuzz target `rules`: the bytes as a rule file and as a remedy condition (engine/dsl).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = (fixplan::fuzzing::rules(data), fixplan::fuzzing::condition(data));
});
