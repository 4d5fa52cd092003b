//! Certainty factors end to end: the benchmark's rules translated by benches/clips/translate.py
//! (a committed set from gen.py, R=40 F=30 N=200) give exactly the reference's lines, and the
//! indexed scorer agrees with the full evaluator on every fact set, in both combinations.

mod common;

use fixplan::check::Program;
use fixplan::compile::compile;
use fixplan::infer::factsets::FactSets;
use fixplan::infer::index::{score, RuleIndex, Scratch};
use fixplan::kb::KbSource;
use fixplan::source::SourceFile;
use fixplan::value::Value;
use std::path::PathBuf;

fn case_dir() -> PathBuf {
    common::root().join("tests/cases/cfbench")
}

fn cf_program() -> Program {
    let checked = compile(&KbSource::from_dir(&case_dir()).expect("the committed knowledge base loads"));
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    checked.program.unwrap_or_else(|| panic!("{}", errors.join("\n")))
}

fn run(p: &Program, threads: usize) -> String {
    let input = std::fs::read(case_dir().join("facts.jsonl")).unwrap();
    let mut out = Vec::new();
    let totals = FactSets::new(p).run(&input[..], &mut out, threads).expect("every fact set scores");
    assert_eq!(totals.sets, 200);
    String::from_utf8(out).unwrap()
}

#[test]
fn translated_rules_give_exactly_the_reference_lines() {
    let p = cf_program();
    let expected = std::fs::read_to_string(case_dir().join("expected.txt")).unwrap();
    for threads in [1, 2, 3] {
        let got = run(&p, threads);
        if got != expected {
            let diff = got.lines().zip(expected.lines()).find(|(a, b)| a != b);
            panic!("threads={threads}: first difference (fixplan, reference): {diff:?}");
        }
    }
}

#[test]
fn the_committed_translation_is_what_translate_py_writes() {
    let out = std::env::temp_dir().join(format!("fixplan-cfbench-{}", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(common::root().join("benches/clips/translate.py"))
        .arg(case_dir().join("rules.json"))
        .arg(&out)
        .status()
        .expect("python3 runs");
    assert!(status.success());
    for file in ["kb/kb.yaml", "rules/bench.rules"] {
        let fresh = std::fs::read_to_string(out.join(file)).unwrap();
        let committed = std::fs::read_to_string(case_dir().join(file)).unwrap();
        assert!(fresh == committed, "{file} differs from translate.py's output: regenerate it");
    }
    std::fs::remove_dir_all(&out).ok();
}

/// Every fact set of the case, as values indexed like `p.kb.facts`.
fn fact_sets(p: &Program) -> Vec<Vec<Option<Value>>> {
    let text = std::fs::read_to_string(case_dir().join("facts.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let mut values = vec![None; p.kb.facts.len()];
            for (name, x) in v["facts"].as_object().unwrap() {
                let f = p.kb.fact_index(name).unwrap();
                values[f] = Some(match x {
                    serde_json::Value::Bool(b) => Value::Bool(*b),
                    serde_json::Value::Number(n) => Value::Int(n.as_i64().unwrap()),
                    serde_json::Value::String(s) => Value::Str(s.clone()),
                    other => panic!("{other}"),
                });
            }
            values
        })
        .collect()
}

/// The indexed scorer and `evaluate` (every rule, in order) fire the same rules and give the
/// same scores, bit for bit.
fn agree(p: &Program, sets: &[Vec<Option<Value>>]) {
    let index = RuleIndex::new(p);
    let mut s = Scratch::new(p);
    for (i, observed) in sets.iter().enumerate() {
        let full = fixplan::infer::evaluate(p, observed);
        s.clear();
        for (f, v) in observed.iter().enumerate() {
            if let Some(v) = v {
                s.set(f, v.clone());
            }
        }
        score(p, &index, &mut s);
        assert_eq!(s.fired, full.fired, "set {i}: fired rules");
        for c in 0..p.kb.causes.len() {
            let expected = if full.contributions[c].is_empty() {
                None
            } else if full.certainty.is_empty() {
                Some(full.weights[c])
            } else {
                Some(full.certainty[c])
            };
            let got = s.score(c);
            assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits), "set {i}, cause {c}: {got:?} {expected:?}");
        }
    }
}

#[test]
fn the_rule_index_agrees_with_evaluating_every_rule_with_certainty_factors() {
    let p = cf_program();
    assert!(RuleIndex::new(&p).always().len() < p.rules.len() / 4, "most rules are indexed by a fact");
    let sets = fact_sets(&p);
    agree(&p, &sets);
    // Nothing known: only rules made of `not` terms can fire.
    agree(&p, &[vec![None; p.kb.facts.len()]]);
}

#[test]
fn the_rule_index_agrees_with_evaluating_every_rule_with_likelihood_ratios() {
    let p = common::program();
    let mut sets: Vec<Vec<Option<Value>>> = common::examples().iter().map(|path| common::load(path).values).collect();
    sets.push(vec![None; p.kb.facts.len()]);
    agree(p, &sets);
}

#[test]
fn certainty_factor_probabilities_come_from_positive_factors() {
    let p = cf_program();
    let sets = fact_sets(&p);
    let e = fixplan::infer::evaluate(&p, &sets[0]);
    let top = e.ranking(&p)[0];
    let best = (0..p.kb.causes.len()).max_by(|&a, &b| e.certainty[a].total_cmp(&e.certainty[b])).unwrap();
    assert_eq!(top, best, "the most certain cause is the most probable (equal priors)");
    let total: f64 = e.probabilities.iter().sum::<f64>() + e.unknown_probability;
    assert!((total - 1.0).abs() < 1e-9, "{total}");
}

#[test]
fn out_of_range_certainty_factors_are_errors() {
    let mut src = KbSource::from_dir(&case_dir()).unwrap();
    let text = "rule too_sure\n  when known(f1)\n  then cause_1 cf 1.5\n\nrule says_nothing\n  when known(f2)\n  \
                then cause_2 cf 0\n\nrule fine\n  when known(f3)\n  then cause_3 cf -1, cause_4 strongly_against\n";
    src.rules.push(SourceFile::new("rules/zz_weights.rules", text));
    let checked = compile(&src);
    assert!(checked.program.is_none());
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn an_unknown_combination_is_an_error() {
    let mut src = KbSource::from_dir(&case_dir()).unwrap();
    let kb = &mut src.yaml[0];
    *kb = SourceFile::new(kb.name.clone(), kb.text.replace("combination: certainty_factor", "combination: certainty"));
    let checked = compile(&src);
    assert!(checked.program.is_none());
    // The rules' `cf` weights are reported too (E116), as the fallback combines ratios.
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.code == "E015").map(|d| d.to_string()).collect();
    insta::assert_snapshot!(errors.join("\n"));
}

/// With certainty factors, a report shows each rule's evidence as a certainty factor, not a ratio.
#[test]
fn reports_of_a_certainty_factor_knowledge_base_show_certainty_factors() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(["eval", "--kb", case_dir().to_str().unwrap(), "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(br#"{"f0": 30, "f1": 17, "f2": false, "f28": 9}"#)?;
            child.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cf +0.880 "), "{text}");
    assert!(!text.contains('×'), "{text}");
}
