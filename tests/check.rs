//! The checker on broken rule files and broken knowledge-base YAML, against the shipped knowledge
//! base: every problem reported with file:line:col and a hint.

mod common;

use fixplan::kb::KbSource;
use fixplan::source::SourceFile;

fn errors(src: &KbSource) -> String {
    let checked = fixplan::check::check(src);
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
        let name = format!("kb/{}", path.file_name().unwrap().to_string_lossy());
        src.yaml.push(SourceFile::new(name, std::fs::read_to_string(path).unwrap()));
        insta::assert_snapshot!(errors(&src));
    });
}

#[test]
fn the_shipped_knowledge_base_has_no_errors() {
    let checked = fixplan::check::check(&KbSource::embedded());
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
