//! The rule parser on a folder of cases: syntax trees of good files, diagnostics of `err_` files.

use fixplan::source::SourceFile;

#[test]
fn parse_cases() {
    insta::glob!("cases/parse/*.rules", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let src = SourceFile::new(name.clone(), std::fs::read_to_string(path).unwrap());
        match fixplan::dsl::parse(&src) {
            Ok(rules) => {
                assert!(!name.starts_with("err_"), "{name} should fail to parse");
                insta::assert_yaml_snapshot!(rules);
            }
            Err(d) => {
                assert!(name.starts_with("err_"), "{name} should parse, but: {d}");
                insta::assert_snapshot!(d.to_string());
            }
        }
    });
}

#[test]
fn every_shipped_rule_file_parses() {
    for file in fixplan::kb::KbSource::embedded().rules {
        if let Err(d) = fixplan::dsl::parse(&file) {
            panic!("{d}");
        }
    }
}
