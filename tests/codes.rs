//! The registry of diagnostic codes against the source: every code the engine can emit is
//! documented (and `--explain` can print it), and every documented code is emitted somewhere.

mod common;

use fixplan::check::codes;
use fixplan::diag::Severity;
use std::collections::BTreeSet;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable source folder") {
        let p = e.expect("readable entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every string literal of the form `"E123"` or `"W123"` in `engine/**/*.rs`.
fn emitted() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&common::root().join("engine"), &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable source");
        let b = text.as_bytes();
        for i in 0..b.len().saturating_sub(5) {
            let code = &b[i + 1..i + 5];
            if b[i] == b'"'
                && b[i + 5] == b'"'
                && matches!(code[0], b'E' | b'W')
                && code[1..].iter().all(u8::is_ascii_digit)
            {
                let code = String::from_utf8_lossy(code).to_string();
                // The severity the source gives it: `Diagnostic::warning(` shortly before.
                let before = String::from_utf8_lossy(&b[i.saturating_sub(60)..i]);
                let warns = before.contains("warning(");
                assert_eq!(
                    warns,
                    code.starts_with('W'),
                    "{}: {code} is a W code exactly when it is a warning",
                    f.display()
                );
                out.insert(code);
            }
        }
    }
    out
}

#[test]
fn every_emitted_code_is_documented_and_every_documented_code_is_emitted() {
    let documented: BTreeSet<String> = codes::all().iter().map(|c| c.code.to_string()).collect();
    let emitted = emitted();
    assert!(emitted.len() > 20, "the scan found too few codes: {emitted:?}");
    let undocumented: Vec<&String> = emitted.difference(&documented).collect();
    let unused: Vec<&String> = documented.difference(&emitted).collect();
    assert!(undocumented.is_empty(), "codes emitted but missing from engine/check/codes.md: {undocumented:?}");
    assert!(unused.is_empty(), "codes documented but never emitted: {unused:?}");
}

#[test]
fn registry_entries_are_well_formed_and_sorted() {
    let all = codes::all();
    let names: Vec<&str> = all.iter().map(|c| c.code).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted, "codes.md lists each code once, in order");
    for c in &all {
        let expected = if c.code.starts_with('E') { Severity::Error } else { Severity::Warning };
        assert_eq!(c.severity, expected, "{}: E codes are errors, W codes warnings", c.code);
        assert!(!c.title.is_empty(), "{} has a title", c.code);
        for part in ["What:", "Why:", "Bad:", "Fixed:"] {
            assert!(c.text.contains(part), "{} explains `{part}`", c.code);
        }
    }
}

#[test]
fn codes_are_found_without_regard_to_case() {
    assert_eq!(codes::find("w205").map(|c| c.code), Some("W205"));
    assert!(codes::find("E999").is_none());
}
