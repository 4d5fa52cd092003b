//! The evaluator looks only at the rules the known facts reach (`infer::reach`); the rules it
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
