//! Outcomes end to end: `fixplan outcome` and the end of `fixplan ask` (terminal and `--json`)
//! record `_meta.outcome`; `learn` writes the numbers a hand computation gives on the two-cause
//! knowledge base of tests/cases/learn; `--learned` and `kb/learned.yaml` change probabilities
//! and plans exactly as the layer says; `check` places a bad layer's problems.

mod common;

use serde_json::Value as J;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SMALL: &str = "tests/cases/learn";

fn run(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fixplan-outcomes-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The `_meta.outcome` of a fact file, as `eval --format json` sees the file still loading.
fn outcome_of(path: &Path) -> J {
    let doc: J = doc_of(path);
    doc["_meta"]["outcome"].clone()
}

/// Fact files are YAML or JSON; the outcome is written as JSON inside either, so a JSON parse of
/// the `_meta:` line (YAML) or the whole file (JSON) reads it.
fn doc_of(path: &Path) -> J {
    let t = std::fs::read_to_string(path).unwrap();
    if let Ok(v) = serde_json::from_str(&t) {
        return v;
    }
    let line = t.lines().find(|l| l.starts_with("_meta: ")).expect("a _meta line");
    serde_json::json!({ "_meta": serde_json::from_str::<J>(&line["_meta: ".len()..]).unwrap() })
}

fn eval_json(args: &[&str]) -> J {
    let out = run(&[&["eval", "--format", "json"], args].concat(), "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_str(&text(&out.stdout)).unwrap()
}

fn close(a: &J, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-4
}

#[test]
fn outcome_records_by_step_number_keeps_the_file_and_names_typos() {
    let dir = scratch("record");
    let example = "examples/machinekeys_permissions_or_corruption.yaml";
    let f = dir.join("m.yaml");
    let original = std::fs::read_to_string(common::root().join(example)).unwrap();
    std::fs::write(&f, &original).unwrap();
    let plan = eval_json(&[s(&f)]);
    assert_eq!(plan["plan"][0]["id"], "reset_machinekeys_acl", "step 1 of this example's plan");
    let out = run(&["outcome", s(&f), "--fixed-by", "1", "--cause", "machinekeys_permissions_or_corruption"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = outcome_of(&f);
    assert_eq!(o["fixed_by"], "reset_machinekeys_acl");
    assert_eq!(o["cause"], "machinekeys_permissions_or_corruption");
    assert!(o["at"].as_str().unwrap().ends_with('Z'));
    // Every line but `_meta` is as it was, and the other `_meta` fields are kept.
    let after = std::fs::read_to_string(&f).unwrap();
    let keep = |t: &str| t.lines().filter(|l| !l.starts_with("_meta:")).map(String::from).collect::<Vec<_>>();
    assert_eq!(keep(&after), keep(&original));
    assert_eq!(doc_of(&f)["_meta"]["host"], "vm-erp-prod-01.westeurope.cloudapp.azure.com");
    // A typo in a remedy or cause id: exit 2, the closest id, and the file untouched.
    let out = run(&["outcome", s(&f), "--fixed-by", "reset_machinekey_acl"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `reset_machinekeys_acl`?"), "{}", text(&out.stderr));
    let out = run(&["outcome", s(&f), "--fixed-by", "99"], "");
    assert!(text(&out.stderr).contains("there is no step 99"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), after);
    // A JSON file stays JSON, with the outcome in its `_meta`.
    let j = dir.join("c.json");
    std::fs::copy(common::root().join("examples/client_rdp_stack_bug__json.json"), &j).unwrap();
    let out = run(&["outcome", s(&j), "--cause", "client_rdp_stack_bug", "--tried", "1"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: J = serde_json::from_str(&std::fs::read_to_string(&j).unwrap()).unwrap();
    assert_eq!(doc["_meta"]["outcome"]["cause"], "client_rdp_stack_bug");
    assert_eq!(doc["_meta"]["outcome"]["tried"].as_array().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bad_outcome_in_a_fact_file_is_an_error_with_its_place() {
    let dir = scratch("bad");
    let f = dir.join("f.yaml");
    std::fs::write(&f, "sign: true\n_meta:\n  outcome:\n    cause: cause_bb\n").unwrap();
    let out = run(&["--kb", SMALL, "learn", s(&f)], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("f.yaml:4:12: `_meta.outcome`: unknown cause `cause_bb`; did you mean `cause_b`?"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn ask_records_the_step_that_fixed_it_at_a_terminal_and_over_json() {
    let dir = scratch("ask");
    let facts = "examples/machinekeys_permissions_or_corruption.yaml";
    let session = dir.join("s.yaml");
    // The example needs no question: the plan, then "which step fixed it?" (1), then which of the
    // two causes it addresses (1).
    let out = run(&["ask", "--color", "never", "--facts", facts, "--session", s(&session)], "1\n1\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Which step fixed it?"), "{}", text(&out.stdout));
    let o = outcome_of(&session);
    assert_eq!(
        (o["fixed_by"].as_str(), o["cause"].as_str()),
        (Some("reset_machinekeys_acl"), Some("machinekeys_permissions_or_corruption"))
    );
    // Resumed, the finished session offers it again over JSON; a typo is an error and the
    // question comes again; then not fixed, with what was tried.
    let input = "{\"outcome\": {\"fixed_by\": \"reset_machinekey_acl\"}}\n{\"outcome\": {\"not_fixed\": true, \"tried\": [1, 2], \"cause\": \"rdp_selfsigned_cert_expired_or_corrupt\"}}\n";
    let out = run(&["ask", "--resume", s(&session), "--json", "--outcome"], input);
    let msgs: Vec<J> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = msgs.iter().map(|m| m["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["result", "outcome_question", "error", "outcome_question", "outcome_recorded"]);
    assert_eq!(msgs[1]["recorded"]["fixed_by"], "reset_machinekeys_acl", "the question shows what is recorded");
    assert_eq!(msgs[1]["steps"][0]["number"], 1);
    assert!(msgs[2]["message"].as_str().unwrap().contains("did you mean `reset_machinekeys_acl`?"));
    let o = outcome_of(&session);
    assert_eq!(o["not_fixed"], true);
    assert_eq!(o["tried"].as_array().unwrap().len(), 2);
    assert_eq!(o["cause"], "rdp_selfsigned_cert_expired_or_corrupt");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn learn_gives_the_hand_computed_numbers_on_the_small_kb() {
    let dir = scratch("learn");
    let cases = [
        ("a1", "cause_a", Some("fix_a"), "[]"),
        ("b1", "cause_b", Some("fix_b"), "[]"),
        ("b2", "cause_b", Some("fix_b"), "[]"),
        ("b3", "cause_b", Some("fix_b"), "[fix_a]"),
        ("b4", "cause_b", None, "[fix_b]"),
    ];
    for (name, cause, fixed, tried) in cases {
        let fixed = fixed.map_or(String::new(), |r| format!(", fixed_by: {r}"));
        let body = format!("sign: true\n_meta: {{outcome: {{cause: {cause}{fixed}, tried: {tried}}}}}\n");
        std::fs::write(dir.join(format!("{name}.yaml")), body).unwrap();
    }
    std::fs::write(dir.join("none.yaml"), "sign: false\n").unwrap();
    let layer = dir.join("learned.yaml");
    let out =
        run(&["--kb", SMALL, "learn", s(&dir), "-o", s(&layer), "--prior-weight", "10", "--fix-weight", "10"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr)
        .contains("learned from 5 outcome(s) (5 with a confirmed cause) in 6 input(s); 1 without an outcome"));
    let yaml = std::fs::read_to_string(&layer).unwrap();
    // Priors: shares 2/3 and 1/3 times 10 pseudo-counts, plus 1 and 4 cases, over 15.
    let a = (20.0 / 3.0 + 1.0) / 15.0;
    let b = (10.0 / 3.0 + 4.0) / 15.0;
    assert!(
        yaml.contains(&format!("cause_a: {{prior: {a:.6}, kb_prior: 0.666667, outcomes: 1, interval: [")),
        "{yaml}"
    );
    assert!(
        yaml.contains(&format!("cause_b: {{prior: {b:.6}, kb_prior: 0.333333, outcomes: 4, interval: [")),
        "{yaml}"
    );
    // fix_b on cause_b: 3 fixed in 4 tries on Beta(5, 5): 8/14. fix_a on cause_a: 1 of 1 on
    // Beta(8, 2): 9/11. fix_a tried on a cause_b case: the kb gives that pair nothing, and it fixed
    // nothing, so it is not learned.
    assert!(
        yaml.contains(&format!("cause_b: {{probability: {:.6}, kb: 0.5, tries: 4, fixed: 3,", 8.0 / 14.0)),
        "{yaml}"
    );
    assert!(
        yaml.contains(&format!("cause_a: {{probability: {:.6}, kb: 0.8, tries: 1, fixed: 1,", 9.0 / 11.0)),
        "{yaml}"
    );
    assert_eq!(yaml.matches("probability:").count(), 2, "{yaml}");
    let out = run(&["--kb", SMALL, "--learned", s(&layer), "check"], "");
    assert_eq!(out.status.code(), Some(0), "a learned layer passes check: {}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn learned_changes_probabilities_and_plans_exactly_as_the_layer_says() {
    let dir = scratch("apply");
    let f = dir.join("sign.yaml");
    std::fs::write(&f, "sign: true\n").unwrap();
    // Without a layer: priors 0.6 and 0.3 (unknown 0.1); the sign multiplies B by 3.
    // Weights 0.6 and 0.9 of 1.6: A 0.375, B 0.5625; fix_a (0.375·0.8) goes before fix_b (0.5625·0.5).
    let base = eval_json(&["--kb", SMALL, s(&f)]);
    assert_eq!(base["causes"][0]["id"], "cause_b");
    assert!(close(&base["causes"][0]["probability"], 0.5625) && close(&base["causes"][1]["probability"], 0.375));
    assert_eq!(base["plan"][0]["id"], "fix_a");
    // The layer: priors 0.25 and 0.75 of 0.9 (0.225, 0.675); fix_b fixes B at 0.9. Weights 0.225
    // and 2.025 of 2.35: A 0.095745, B 0.861702; fix_b first, solving it with 0.861702·0.9.
    let layer = "tests/cases/learn/layers/hand.yaml";
    let with = eval_json(&["--kb", SMALL, "--learned", layer, s(&f)]);
    assert!(close(&with["causes"][0]["probability"], 2.025 / 2.35), "{}", with["causes"]);
    assert!(close(&with["causes"][1]["probability"], 0.225 / 2.35));
    assert!(close(&with["causes"][0]["prior"], 0.675));
    assert_eq!(with["plan"][0]["id"], "fix_b");
    assert!(close(&with["plan"][0]["probability"], 2.025 / 2.35 * 0.9), "{}", with["plan"][0]);
    assert!(close(&with["plan"][1]["probability"], 0.225 / 2.35 * 0.8));
    // The same layer as kb/learned.yaml of a --kb copy applies without --learned.
    let copy = dir.join("kbcopy");
    for sub in ["kb", "rules"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
    }
    std::fs::copy(common::root().join(SMALL).join("kb/kb.yaml"), copy.join("kb/kb.yaml")).unwrap();
    std::fs::copy(common::root().join(SMALL).join("rules/r.rules"), copy.join("rules/r.rules")).unwrap();
    std::fs::copy(common::root().join(layer), copy.join("kb/learned.yaml")).unwrap();
    let from_kb = eval_json(&["--kb", s(&copy), s(&f)]);
    assert_eq!(from_kb["causes"], with["causes"]);
    assert_eq!(from_kb["plan"][0]["id"], "fix_b");
    // explain shows the learned prior too.
    let out = run(&["--kb", SMALL, "--learned", layer, "explain", s(&f), "--format", "json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0.675"), "{}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_learned_layer_with_an_unknown_id_fails_check_with_its_place() {
    let layer = "tests/cases/learn/layers/unknown_id.yaml";
    let out = run(&["--kb", SMALL, "--learned", layer, "check"], "");
    assert_eq!(out.status.code(), Some(1));
    let o = text(&out.stdout);
    assert!(o.contains("error[E041]: the learned layer names an unknown cause `cause_bb`"), "{o}");
    assert!(o.contains(&format!("--> {layer}:8:5")), "{o}");
    assert!(o.contains("did you mean `cause_b`?"), "{o}");
    assert!(o.contains(&format!("--> {layer}:11:17")) && o.contains("E042"), "{o}");
    // Every command that applies it refuses to run on it.
    let out = run(&["--kb", SMALL, "--learned", layer, "eval", "-"], "sign: true\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("E041"), "{}", text(&out.stderr));
}

#[test]
fn calibrate_and_the_fleet_summary_count_confirmed_causes() {
    let dir = scratch("calibrate");
    for (i, (sign, cause)) in
        [(true, "cause_b"), (true, "cause_b"), (false, "cause_a"), (true, "cause_a")].iter().enumerate()
    {
        std::fs::write(
            dir.join(format!("c{i}.yaml")),
            format!("sign: {sign}\n_meta: {{outcome: {{cause: {cause}}}}}\n"),
        )
        .unwrap();
    }
    let out = run(&["--kb", SMALL, "calibrate", s(&dir), "--format", "json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let c: J = serde_json::from_str(&text(&out.stdout)).unwrap();
    // sign → B 0.5625 (A 0.375); no sign → A 0.6/1.0 (B 0.3). Top-1: B, B right, A right, B wrong.
    assert_eq!(c["cases"], 4);
    assert!(close(&c["kb"]["top1"], 0.75));
    assert!(close(&c["kb"]["mean_rank"], 1.25));
    let brier_sign_b = (0.375f64).powi(2) + (0.5625f64 - 1.0).powi(2) + (0.0625f64).powi(2);
    let brier_none_a = (0.6f64 - 1.0).powi(2) + 0.09 + 0.01;
    let brier_sign_a = (0.375f64 - 1.0).powi(2) + 0.5625f64.powi(2) + 0.0625f64.powi(2);
    assert!(close(&c["kb"]["brier"], (2.0 * brier_sign_b + brier_none_a + brier_sign_a) / 4.0), "{}", c["kb"]);
    let ll = -(2.0 * 0.5625f64.ln() + 0.6f64.ln() + 0.375f64.ln()) / 4.0;
    assert!(close(&c["kb"]["log_loss"], ll));
    // Reliability: the top cause had 0.5625 in three cases (two right, bin 0.5-0.6) and 0.6 in one
    // (right, bin 0.6-0.7).
    let bins = c["kb"]["bins"].as_array().unwrap();
    assert_eq!(bins[5]["cases"], 3);
    assert!(close(&bins[5]["observed"], 2.0 / 3.0));
    assert_eq!(bins[6]["cases"], 1);
    // With the layer, a second column.
    let out = run(&["--kb", SMALL, "--learned", "tests/cases/learn/layers/hand.yaml", "calibrate", s(&dir)], "");
    let t = text(&out.stdout);
    assert!(t.contains("with learned layer") && t.contains("top-1 accuracy") && t.contains("Reliability"), "{t}");
    // The fleet summary of eval counts the confirmed causes.
    let out = run(&["--kb", SMALL, "eval", s(&dir), "--no-plan", "--color", "never"], "");
    let t = text(&out.stdout);
    assert!(t.contains("Confirmed causes (from _meta.outcome: 4 inputs, the top cause in 3)"), "{t}");
    let _ = std::fs::remove_dir_all(dir);
}
