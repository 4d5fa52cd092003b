//! The evaluator looks only at the rules the known facts reach (`program::reach`); the rules it
//! skips must be exactly those that are false. Checked against the naive evaluator, which
//! looks at every rule, on every example with each of its facts left out in turn (so that
//! rules become unknown, false and true in every combination the shipped rules allow) and with
//! nothing known at all.

mod common;

use common::{examples, load, naive, program, rel};
use fixplan::kb::KbSource;
use fixplan::value::Value;
use std::collections::{BTreeSet, HashMap};

#[test]
fn the_reached_rules_give_what_every_rule_gives() {
    let p = program();
    let src = KbSource::embedded();
    let asts: Vec<_> = src.rules.iter().flat_map(|f| fixplan::dsl::parse(f).expect("shipped rules parse")).collect();
    let mut compared = 0;
    for path in examples() {
        let incident = load(&path);
        let known: Vec<usize> = (0..incident.values.len()).filter(|&f| incident.values[f].is_some()).collect();
        let mut variants: Vec<Vec<Option<Value>>> = vec![incident.values.clone(), vec![None; incident.values.len()]];
        for &f in &known {
            let mut v = incident.values.clone();
            v[f] = None;
            variants.push(v);
        }
        for values in variants {
            let observed: HashMap<String, Value> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.clone().map(|v| (p.kb.facts[i].id.to_string(), v)))
                .collect();
            let reference = naive::evaluate(&p.kb, &asts, &observed);
            let ev = fixplan::infer::evaluate(p, &values);
            let fired: BTreeSet<String> = ev.fired.iter().map(|&r| p.rules[r].id.to_string()).collect();
            assert_eq!(fired, reference.fired, "{}: fired rules differ", rel(&path));
            assert_eq!(naive::engine_pending(p, &ev), reference.pending, "{}: pending rules differ", rel(&path));
            compared += 1;
        }
    }
    assert!(compared > 500, "only {compared} fact sets compared");
}

/// `what_if` (planning's evaluation of an answer not given yet) must give `evaluate`'s values,
/// fired rules and weights bit for bit.
fn assert_what_if_is_evaluate(p: &fixplan::check::Program, values: &[Option<Value>], name: &str) {
    let ev = fixplan::infer::evaluate(p, values);
    let w = fixplan::infer::what_if(p, values);
    assert_eq!(w.fired, ev.fired, "{name}: fired rules differ");
    assert_eq!(w.values, ev.values, "{name}: values differ");
    let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&w.weights), bits(&ev.weights), "{name}: weights differ");
}

#[test]
fn what_if_gives_what_evaluate_gives_with_likelihood_ratios() {
    let p = program();
    for path in examples() {
        let incident = load(&path);
        assert_what_if_is_evaluate(p, &incident.values, &rel(&path));
        for f in 0..incident.values.len() {
            let mut v = incident.values.clone();
            if v[f].take().is_some() {
                assert_what_if_is_evaluate(p, &v, &rel(&path));
            }
        }
    }
}

#[test]
fn what_if_gives_what_evaluate_gives_with_certainty_factors() {
    let dir = common::root().join("tests/cases/cfbench");
    let checked = fixplan::compile::compile(&KbSource::from_dir(&dir).expect("the committed knowledge base loads"));
    let p = checked.program.expect("the committed knowledge base checks");
    let text = std::fs::read_to_string(dir.join("facts.jsonl")).unwrap();
    let mut sets = 0;
    for (i, line) in text.lines().enumerate() {
        let set: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = format!("facts.jsonl:{}", i + 1);
        let incident = fixplan::facts::load_line(&name, &set["facts"].to_string(), &p.kb).expect("the set loads");
        assert_what_if_is_evaluate(&p, &incident.values, &name);
        sets += 1;
    }
    assert_eq!(sets, 200);
}
