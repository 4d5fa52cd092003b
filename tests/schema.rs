//! The JSON Schemas for editors: the committed files are what `fixplan schema` writes, every
//! shipped knowledge-base file and example fact file validates, and broken files do not.

mod common;

use fixplan::schema;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn committed(name: &str) -> String {
    std::fs::read_to_string(common::root().join("kb/schema").join(name)).expect("the schema is committed")
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&committed(name)).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("the schema is a valid draft-07 schema")
}

/// A YAML or JSON file as JSON, the way an editor's YAML server sees it.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable file");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path)).collect()
}

fn kb_yaml_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&common::root().join("kb"), &mut out);
    out.sort();
    out
}

#[test]
fn committed_schemas_are_what_fixplan_schema_writes() {
    let kb = &common::program().kb;
    let hint = "run `cargo run -- schema -o kb/schema` and commit the result";
    assert_eq!(committed(schema::KB_FILE), schema::to_text(&schema::kb_schema(kb)), "{hint}");
    assert_eq!(committed(schema::FACTS_FILE), schema::to_text(&schema::facts_schema(kb)), "{hint}");
}

#[test]
fn every_shipped_knowledge_base_file_validates_and_points_at_the_schema() {
    let v = validator(schema::KB_FILE);
    let files = kb_yaml_files();
    assert!(files.len() > 10, "found the kb files: {files:?}");
    for path in files {
        let rel = common::rel(&path);
        let failures = errors(&v, &as_json(&path));
        assert!(failures.is_empty(), "{rel}:\n{}", failures.join("\n"));
        let first = std::fs::read_to_string(&path).unwrap().lines().next().unwrap_or("").to_string();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{rel} starts with the schema comment"));
        let resolved = path.parent().unwrap().join(target);
        assert!(
            resolved.ends_with(format!("schema/{}", schema::KB_FILE)) && resolved.exists(),
            "{rel} points at {target}"
        );
    }
}

#[test]
fn every_example_fact_file_validates() {
    let v = validator(schema::FACTS_FILE);
    for path in common::examples() {
        let rel = common::rel(&path);
        let failures = errors(&v, &as_json(&path));
        assert!(failures.is_empty(), "{rel}:\n{}", failures.join("\n"));
        if path.extension().is_some_and(|x| x == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=../kb/schema/facts.schema.json\n"),
                "{rel} points at the fact-file schema"
            );
        }
    }
}

#[test]
fn broken_knowledge_base_files_fail_validation() {
    let v = validator(schema::KB_FILE);
    let cases = [
        ("causes:\n  - { id: x, title: t, explanation: e, priro: 0.1, evidence: ms }\n", "priro"),
        ("causes:\n  - { id: x, title: t, explanation: e, evidence: ms }\n", "\"prior\" is a required property"),
        ("facts:\n  - { id: x, type: boolean, question: q, help: \"run this command\", answered_by: user, cost: { minutes: 1 } }\n", "\"boolean\" is not one of"),
        ("facts:\n  - { id: x, type: enum, question: q, help: \"run this command\", answered_by: user, cost: { minutes: 1 } }\n", "\"values\" is a required property"),
        ("remedies:\n  - { id: x, title: t, fixes: { a: 0.5 }, steps: [ { do: s } ], cost: { minutes: 1 }, risk: high, evidence: ms }\n", "\"revert\" is a required property"),
        ("remedies:\n  - { id: x, title: t, fixes: { a: 1.5 }, steps: [ { do: s } ], cost: { minutes: 1 }, risk: low, evidence: ms }\n", "1.5"),
        ("settings: { unknown_cause_prior: 0.05, escalation_minutes: 0, strengths: {} }\n", "escalation_minutes"),
    ];
    for (text, expected) in cases {
        let doc: Value = serde_yaml::from_str(text).unwrap();
        let found = errors(&v, &doc).join("\n");
        assert!(found.contains(expected), "{text}: expected an error about {expected}, got:\n{found}");
    }
}

#[test]
fn broken_fact_files_fail_validation() {
    let v = validator(schema::FACTS_FILE);
    let ok: Value = serde_yaml::from_str(
        "error_code: \"0x904\"\nserver_events: \"36870, 1058\"\npath: vpn\nworked_before: yes\nfails_at: null\n",
    )
    .unwrap();
    assert_eq!(errors(&v, &ok), Vec::<String>::new(), "hex strings, pasted lists, yes/no and null are accepted");
    for (text, what) in [
        ("error_code: \"0x90g\"\n", "/error_code"),
        ("path: vpnn\n", "/path"),
        ("port_3389_reachble: true\n", "port_3389_reachble"),
        ("server_events: [36870, true]\n", "/server_events"),
    ] {
        let doc: Value = serde_yaml::from_str(text).unwrap();
        let found = errors(&v, &doc).join("\n");
        assert!(found.contains(what), "{text}: expected an error about {what}, got:\n{found}");
    }
}

/// The fields the loader accepts at one place, from its E005 hint for an unknown field `zzz`.
fn loader_fields(yaml: &str) -> Vec<String> {
    let src = fixplan::kb::KbSource {
        yaml: vec![fixplan::source::SourceFile::new("kb/probe.yaml", yaml)],
        rules: Vec::new(),
    };
    let checked = fixplan::compile::compile(&src);
    let d = checked.diagnostics.iter().find(|d| d.code == "E005").unwrap_or_else(|| panic!("{yaml}: no E005"));
    let hint = d.hint.as_deref().unwrap_or("");
    let list = hint.strip_prefix("the fields here are ").unwrap_or_else(|| panic!("{yaml}: {hint}"));
    let mut fields: Vec<String> = list.split(", ").map(String::from).collect();
    fields.sort();
    fields
}

/// The knowledge-base schema is written by hand from the serde model: when a field or a section
/// is added to the model (`kb/model.rs`), this test names what the schema lacks.
#[test]
fn the_kb_schema_knows_every_field_the_loader_accepts() {
    let schema = schema::kb_schema(&common::program().kb);
    let places = [
        ("zzz: 1\n", "/properties"),
        ("settings: { zzz: 1 }\n", "/properties/settings/properties"),
        ("settings: { console: { zzz: 1 } }\n", "/properties/settings/properties/console/properties"),
        ("facts: [ { zzz: 1 } ]\n", "/properties/facts/items/properties"),
        ("facts: [ { cost: { zzz: 1 } } ]\n", "/properties/facts/items/properties/cost/properties"),
        ("facts: [ { collect: { zzz: 1 } } ]\n", "/properties/facts/items/properties/collect/properties"),
        ("causes: [ { zzz: 1 } ]\n", "/properties/causes/items/properties"),
        ("remedies: [ { zzz: 1 } ]\n", "/properties/remedies/items/properties"),
        ("remedies: [ { steps: [ { zzz: 1 } ] } ]\n", "/properties/remedies/items/properties/steps/items/properties"),
        ("remedies: [ { verify: { zzz: 1 } } ]\n", "/properties/remedies/items/properties/verify/properties"),
        ("remedies: [ { when: [ { zzz: 1 } ] } ]\n", "/properties/remedies/items/properties/when/items/properties"),
        ("tests: [ { zzz: 1 } ]\n", "/properties/tests/items/properties"),
        ("tests: [ { expect: { zzz: 1 } } ]\n", "/properties/tests/items/properties/expect/properties"),
    ];
    for (yaml, pointer) in places {
        let props = schema.pointer(pointer).and_then(Value::as_object).unwrap_or_else(|| panic!("{pointer} exists"));
        let mut in_schema: Vec<String> = props.keys().cloned().collect();
        in_schema.sort();
        assert_eq!(in_schema, loader_fields(yaml), "{pointer}: add the new field to engine/schema/mod.rs");
    }
}
