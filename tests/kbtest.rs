//! `fixplan test` end to end: the shipped cases pass, coverage is reported, and copies of the
//! knowledge base broken the way authors break them are reported with their place and a hint.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// Exit status, standard output and standard error, with the scratch directory's path removed.
fn shown(out: &Output, scratch: Option<&Path>) -> String {
    let mut s = format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if let Some(dir) = scratch {
        s = s.replace(&dir.to_string_lossy().to_string(), "[KB]");
    }
    s
}

/// A copy of the shipped kb/ and rules/ in a scratch directory, removed when dropped.
struct Copy(PathBuf);

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn kb_copy(name: &str) -> Copy {
    let dir = std::env::temp_dir().join(format!("fixplan-kbtest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["kb", "rules"] {
        common::copy_dir(&common::root().join(sub), &dir.join(sub));
    }
    Copy(dir)
}

fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").to_string()
}

#[test]
fn the_shipped_cases_all_pass() {
    let out = fixplan(&["test"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out, None));
    assert!(last_line(&out).ends_with(" passed, 0 failed"), "{}", last_line(&out));
    insta::assert_snapshot!(shown(&out, None));
}

#[test]
fn coverage_of_the_shipped_cases() {
    let out = fixplan(&["test", "--coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out, None));
    insta::assert_snapshot!(shown(&out, None));
}

#[test]
fn every_cause_has_a_case_that_puts_it_first_and_one_that_pushes_it_down() {
    let p = common::program();
    for (ci, cause) in p.kb.causes.iter().enumerate() {
        let has = |f: &dyn Fn(&fixplan::kb::Expect) -> bool| p.kb.cases.iter().any(|c| c.expect.iter().any(f));
        assert!(has(&|e| *e == fixplan::kb::Expect::Top(ci)), "no case expects `{}` first", cause.id);
        assert!(
            has(&|e| matches!(*e, fixplan::kb::Expect::NotTop(c) | fixplan::kb::Expect::RuledOut(c)
                | fixplan::kb::Expect::Below { cause: c, .. } if c == ci)),
            "no case pushes `{}` down",
            cause.id
        );
    }
}

/// Each file of `tests/cases/kbtest/` is added to a copy of the knowledge base (`.yaml` under
/// `kb/tests/`, `.rules` under `rules/`), then `fixplan test` runs on the copy on the cases whose
/// name contains "(broken copy)".
#[test]
fn broken_copies() {
    insta::glob!("cases/kbtest/*", |path| {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let copy = kb_copy(file.trim_end_matches(".yaml").trim_end_matches(".rules"));
        let dest = if file.ends_with(".rules") { copy.0.join("rules") } else { copy.0.join("kb/tests") };
        std::fs::copy(path, dest.join(&file)).unwrap();
        let out = fixplan(&["--kb", &copy.0.to_string_lossy(), "test", "--filter", "(broken copy)"]);
        let code = out.status.code();
        match file.as_str() {
            "passes.yaml" => assert_eq!(code, Some(0), "{}", shown(&out, Some(&copy.0))),
            "wrong_top.yaml" => {
                assert_eq!(code, Some(1), "{}", shown(&out, Some(&copy.0)));
                assert_eq!(last_line(&out), "0 passed, 2 failed");
            }
            _ => assert_eq!(code, Some(2), "a broken knowledge base stops `test`: {}", shown(&out, Some(&copy.0))),
        }
        insta::assert_snapshot!(shown(&out, Some(&copy.0)));
    });
}

/// The everyday regression: an author gives a rule the wrong strength, and the shipped cases that relied on it
/// fail with what they expected, what the engine now concludes, and the rules that fired.
#[test]
fn a_rule_with_the_wrong_strength_fails_the_cases_that_rely_on_it() {
    let copy = kb_copy("weakened");
    let path = copy.0.join("rules/network.rules");
    let text = std::fs::read_to_string(&path).unwrap();
    let rule = "when large_ping_passes == false and host_responds_to_ping\n  then mtu_fragmentation_on_vpn strongly";
    assert!(text.contains(rule), "the shipped MTU rule changed; update this test");
    std::fs::write(&path, text.replace(rule, &rule.replace("strongly", "against"))).unwrap();
    let out = fixplan(&["--kb", &copy.0.to_string_lossy(), "test", "--filter", "mtu"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out, Some(&copy.0)));
    insta::assert_snapshot!(shown(&out, Some(&copy.0)));
}

/// The shipped cases reach rules the examples do not (codes, probe results): the engine and the
/// naive evaluator must agree on every one of them.
#[test]
fn engine_agrees_with_the_naive_evaluator_on_every_case() {
    let p = common::program();
    let src = fixplan::kb::KbSource::embedded();
    let asts: Vec<_> = src.rules.iter().flat_map(|f| fixplan::dsl::parse(f).expect("shipped rules parse")).collect();
    for case in &p.kb.cases {
        let observed: std::collections::HashMap<String, fixplan::value::Value> = case
            .facts
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.clone().map(|v| (p.kb.facts[i].id.to_string(), v)))
            .collect();
        let reference = common::naive::evaluate(&p.kb, &asts, &observed);
        let ev = fixplan::infer::evaluate(p, &case.facts);
        let fired: std::collections::BTreeSet<String> = ev.fired.iter().map(|&r| p.rules[r].id.to_string()).collect();
        assert_eq!(fired, reference.fired, "{}: fired rules differ", case.name);
        assert_eq!(common::naive::engine_pending(p, &ev), reference.pending, "{}: pending rules differ", case.name);
        for (c, cause) in p.kb.causes.iter().enumerate() {
            let theirs = reference.probabilities[cause.id.as_str()];
            assert!((ev.probabilities[c] - theirs).abs() < 1e-9, "{}: {} differs", case.name, cause.id);
        }
    }
}

#[test]
fn check_reports_a_broken_case_too() {
    let copy = kb_copy("check");
    std::fs::copy(common::root().join("tests/cases/kbtest/fact_typo.yaml"), copy.0.join("kb/tests/fact_typo.yaml"))
        .unwrap();
    let out = fixplan(&["--kb", &copy.0.to_string_lossy(), "check"]);
    let text = shown(&out, Some(&copy.0));
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("unknown fact `machinekeys_acl_okay`"), "{text}");
    assert!(text.contains("kb/tests/fact_typo.yaml:5:7"), "{text}");
    assert!(text.contains("did you mean `machinekeys_acl_ok`?"), "{text}");
}

#[test]
fn json_report_and_filter() {
    let out = fixplan(&["test", "--format", "json", "--filter", "udp_transport_failure", "--coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out, None));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 2, "{v}");
    assert!(cases.iter().all(|c| c["name"].as_str().unwrap().contains("udp_transport_failure")));
    assert_eq!(v["failed"], 0);
    assert_eq!(v["passed"], cases.len());
    assert!(cases[0]["at"].as_str().unwrap().starts_with("kb/tests/path.yaml:"));
    assert!(v["coverage"]["rules_never_fired"].as_array().is_some());
}

#[test]
fn a_filter_that_matches_nothing_is_an_error() {
    let out = fixplan(&["test", "--filter", "no such case"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(last_line(&out), "0 passed, 0 failed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no test case name contains `no such case`"));
}

#[test]
fn output_is_deterministic() {
    let a = fixplan(&["test", "--coverage"]);
    let b = fixplan(&["test", "--coverage"]);
    assert_eq!(a.stdout, b.stdout);
}
