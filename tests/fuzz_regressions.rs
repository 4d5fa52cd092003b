//! Replays what the fuzzer found (`tests/cases/fuzz/<target>/`) and the project's own files
//! through the entry points of the `cargo fuzz` targets (`fixplan::fuzzing`), on stable: no input
//! panics, and each found input gives the outcome snapshotted beside it.

use fixplan::fuzzing;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One target's entry point, with its outcome as text: `ok: ...` or `error: ...`.
fn replay(target: &str, data: &[u8]) -> String {
    fn show<T: std::fmt::Debug, E: std::fmt::Display>(r: Result<T, E>) -> String {
        match r {
            Ok(v) => format!("ok: {v:?}"),
            Err(e) => format!("error: {e}"),
        }
    }
    match target {
        "rules" => format!("{}; condition {}", show(fuzzing::rules(data)), show(fuzzing::condition(data))),
        "kb" => match fuzzing::kb(data) {
            Ok(steps) => format!("ok: {steps} plan steps"),
            Err(errors) => format!("error: {errors} errors"),
        },
        "facts_yaml" => show(fuzzing::facts("fuzz.yaml", data).map(|r| r.warnings)),
        "facts_json" => show(fuzzing::facts("fuzz.json", data).map(|r| r.warnings)),
        "x224" => show(fuzzing::x224(data)),
        "cert" => show(fuzzing::cert(data).map(|c| c.sha256)),
        other => panic!("no fuzz target `{other}`"),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.expect("readable entry").path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

#[test]
fn found_inputs_give_their_snapshotted_outcome() {
    let cases = root().join("tests/cases/fuzz");
    let mut seen = 0;
    for target in ["rules", "kb", "facts_yaml", "facts_json", "x224", "cert"] {
        let mut outcomes = String::new();
        for path in files(&cases.join(target)) {
            let data = std::fs::read(&path).expect("readable case");
            let name = path.file_name().expect("a file name").to_string_lossy();
            outcomes.push_str(&format!("{name}: {}\n", replay(target, &data)));
            seen += 1;
        }
        if !outcomes.is_empty() {
            insta::assert_snapshot!(format!("fuzz_{target}"), outcomes);
        }
    }
    assert!(seen > 0, "tests/cases/fuzz holds no inputs");
}

#[test]
fn the_projects_own_files_pass_every_target() {
    for entry in files(&root().join("rules")) {
        let r = fuzzing::rules(&std::fs::read(&entry).expect("readable rule file"));
        assert!(r.is_ok(), "{}: {}", entry.display(), r.unwrap_err());
    }
    let kb = fixplan::kb::KbSource::embedded();
    for (i, file) in kb.yaml.iter().chain(&kb.rules).enumerate() {
        let mut data = vec![u8::try_from(i).expect("fewer than 256 knowledge-base files")];
        data.extend_from_slice(file.text.as_bytes());
        assert!(fuzzing::kb(&data).is_ok(), "{} replaced by itself fails to check", file.name);
    }
    for entry in files(&root().join("examples")) {
        let name = entry.file_name().expect("a file name").to_string_lossy().to_string();
        if name.ends_with(".yaml") || name.ends_with(".json") {
            let r = fuzzing::facts(&name, &std::fs::read(&entry).expect("readable example"));
            assert!(r.is_ok(), "{name}: {}", r.unwrap_err());
        }
    }
    for entry in files(&root().join("fuzz/inputs/cert")) {
        let r = fuzzing::cert(&std::fs::read(&entry).expect("readable certificate"));
        assert!(r.is_ok(), "{}: {}", entry.display(), r.unwrap_err());
    }
}
