//! The checker on broken rule files and broken knowledge-base YAML, against the shipped knowledge
//! base: every problem reported with file:line:col and a hint.

mod common;

use fixplan::kb::KbSource;
use fixplan::source::SourceFile;

fn errors(src: &KbSource) -> String {
    let checked = fixplan::compile::compile(src);
    assert!(checked.program.is_none(), "a broken knowledge base must not produce a program");
    checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

#[test]
fn broken_rule_files() {
    insta::glob!("cases/check/*.rules", |path| {
        let mut src = KbSource::embedded();
        let name = format!("rules/{}", path.file_name().unwrap().to_string_lossy());
        src.rules.push(SourceFile::new(name, std::fs::read_to_string(path).unwrap()));
        insta::assert_snapshot!(errors(&src));
    });
}

#[test]
fn broken_kb_files() {
    insta::glob!("cases/check/*.yaml", |path| {
        let mut src = KbSource::embedded();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        // `replace_X.yaml` stands in for the shipped `kb/X.yaml`; other cases are added files.
        match file.strip_prefix("replace_") {
            Some(target) => {
                let name = format!("kb/{target}");
                let slot = src.yaml.iter_mut().find(|f| f.name == name).expect("the replaced file exists");
                *slot = SourceFile::new(name, text);
            }
            None => src.yaml.push(SourceFile::new(format!("kb/{file}"), text)),
        }
        insta::assert_snapshot!(errors(&src));
    });
}

#[test]
fn the_shipped_knowledge_base_has_no_errors() {
    let checked = fixplan::compile::compile(&KbSource::embedded());
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn conflicting_derivations_are_a_warning_with_both_rules_named() {
    let mut src = KbSource::embedded();
    let text = "rule up \"a\"\n  when error_code == 0x904\n  then derive probe_tcp = open\n\n\
                rule down \"b\"\n  when extended_error_code == 0x7\n  then derive probe_tcp = refused\n";
    src.rules.push(SourceFile::new("rules/zz_conflict.rules", text));
    let checked = fixplan::compile::compile(&src);
    assert!(checked.program.is_some(), "a warning does not stop the knowledge base");
    let w: Vec<String> = checked.diagnostics.iter().filter(|d| d.code == "W204").map(|d| d.to_string()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("`up` and `down` derive different values for `probe_tcp`"), "{}", w[0]);
    assert!(w[0].contains("rules/zz_conflict.rules:5:1"), "{}", w[0]);
}

/// Every diagnostic, warnings included, in the human form `fixplan check` prints.
fn all_diagnostics(src: &KbSource) -> String {
    let checked = fixplan::compile::compile(src);
    assert!(checked.program.is_some(), "a lint case must load: {:?}", checked.diagnostics);
    assert!(!checked.diagnostics.is_empty(), "a lint case must raise its lint");
    checked.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// Lint cases: `lint/NAME.yaml` is added to `kb/`, `lint/NAME.rules` to `rules/`; a case may
/// have both. The shipped knowledge base raises no warning, so every warning is the case's.
#[test]
fn lint_cases() {
    let add = |src: &mut KbSource, path: &std::path::Path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        if name.ends_with(".rules") {
            src.rules.push(SourceFile::new(format!("rules/{name}"), text));
        } else {
            src.yaml.push(SourceFile::new(format!("kb/{name}"), text));
        }
    };
    insta::glob!("cases/check/lint/*.yaml", |path| {
        let mut src = KbSource::embedded();
        add(&mut src, path);
        let rules = path.with_extension("rules");
        if rules.exists() {
            add(&mut src, &rules);
        }
        insta::assert_snapshot!(all_diagnostics(&src));
    });
    insta::glob!("cases/check/lint/*.rules", |path| {
        if path.with_extension("yaml").exists() {
            return; // snapshotted with its YAML above
        }
        let mut src = KbSource::embedded();
        add(&mut src, path);
        insta::assert_snapshot!(all_diagnostics(&src));
    });
}

#[test]
fn the_shipped_knowledge_base_has_no_warnings() {
    let checked = fixplan::compile::compile(&KbSource::embedded());
    let warnings: Vec<String> = checked.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}
