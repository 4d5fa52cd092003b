//! `fixplan check` and `fixplan schema` as a user runs them: on the shipped knowledge base and
//! on broken copies of it, exit status, standard output and standard error together.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn fixplan(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A copy of the shipped knowledge base (kb/ and rules/) in a scratch folder, removed on drop.
struct Copy(PathBuf);

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Copy {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("fixplan-check-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["kb", "rules"] {
            common::copy_dir(&common::root().join(sub), &dir.join(sub));
        }
        Copy(dir)
    }

    /// Replaces the first occurrence of `from` in the file `rel` by `to`.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.0.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} contains {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

#[test]
fn check_on_the_shipped_knowledge_base() {
    insta::assert_snapshot!(fixplan(&["check"]));
}

#[test]
fn a_misspelled_fact_id_in_a_rule_is_reported_where_it_stands_with_the_right_id() {
    let kb = Copy::new("rule-typo");
    kb.edit("rules/certificate.rules", "custom_cert_bound", "custom_cert_bond");
    let human = fixplan(&["check", "--kb", kb.path()]);
    assert!(human.starts_with("exit: 1\n"), "{human}");
    insta::assert_snapshot!("rule_typo_human", human);
    let json = fixplan(&["check", "--kb", kb.path(), "--format", "json"]);
    insta::assert_snapshot!("rule_typo_json", json);
}

#[test]
fn a_misspelled_fact_id_in_the_settings_is_reported_with_the_right_id() {
    let kb = Copy::new("settings-typo");
    kb.edit("kb/settings.yaml", "fact: console_access_available", "fact: console_access_avialable");
    insta::assert_snapshot!(fixplan(&["check", "--kb", kb.path()]));
}

#[test]
fn a_forgotten_prior_and_a_misspelled_field_are_reported_in_the_yaml() {
    let kb = Copy::new("yaml-fields");
    kb.edit("kb/causes.yaml", "    prior: 0.20\n", "");
    kb.edit("kb/remedies/client.yaml", "    verify:", "    verfy:");
    insta::assert_snapshot!(fixplan(&["check", "--kb", kb.path()]));
}

#[test]
fn lints_are_warnings_and_do_not_fail_the_check() {
    let kb = Copy::new("lints");
    std::fs::write(
        kb.0.join("kb/remedies/zz_new.yaml"),
        "remedies:\n  - id: restart_gateway_service\n    title: \"Restart the RD Gateway service\"\n\
         \x20   fixes: { rd_gateway_misconfiguration_or_bug: 0.3 }\n    steps: [ { do: \"Restart TSGateway\" } ]\n\
         \x20   cost: { minutes: 5 }\n    risk: low\n    evidence: community\n",
    )
    .unwrap();
    let out = fixplan(&["check", "--kb", kb.path()]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn explain_prints_what_why_and_an_example() {
    insta::assert_snapshot!(fixplan(&["check", "--explain", "W205"]));
}

#[test]
fn explain_without_a_code_lists_every_code() {
    let listed = fixplan(&["check", "--explain"]);
    assert_eq!(listed, fixplan(&["check", "--list"]));
    insta::assert_snapshot!(listed);
}

#[test]
fn explain_of_an_unknown_code_suggests_the_closest() {
    insta::assert_snapshot!(fixplan(&["check", "--explain", "W250"]));
}

#[test]
fn schema_prints_and_writes_the_committed_schemas() {
    let kb = std::fs::read_to_string(common::root().join("kb/schema/kb.schema.json")).unwrap();
    let facts = std::fs::read_to_string(common::root().join("kb/schema/facts.schema.json")).unwrap();
    assert_eq!(fixplan(&["schema"]), format!("exit: 0\n--- stdout\n{kb}--- stderr\n"));
    assert_eq!(fixplan(&["schema", "--kind", "facts"]), format!("exit: 0\n--- stdout\n{facts}--- stderr\n"));
    let dir = Copy::new("schema-out");
    let out = dir.0.join("schemas");
    let run = fixplan(&["schema", "-o", out.to_str().unwrap()]);
    assert!(run.starts_with("exit: 0\n"), "{run}");
    assert_eq!(std::fs::read_to_string(out.join("kb.schema.json")).unwrap(), kb);
    assert_eq!(std::fs::read_to_string(out.join("facts.schema.json")).unwrap(), facts);
}
