//! Every example fact file: its intended cause ranks first, its plan is snapshotted, and the
//! engine agrees with the naive evaluator.

mod common;

use common::{examples, load, naive, planned, program, rel};
use fixplan::kb::KbSource;
use fixplan::render::{self, Format};
use std::collections::HashMap;

#[test]
fn every_example_ranks_its_intended_cause_first() {
    let p = program();
    let mut wrong = Vec::new();
    for path in examples() {
        let incident = load(&path);
        let expected = incident
            .meta
            .get("expected_cause")
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{}: no _meta.expected_cause", rel(&path)))
            .to_string();
        assert!(p.kb.cause_index(&expected).is_some(), "{}: unknown expected cause {expected}", rel(&path));
        let ev = fixplan::infer::evaluate(p, &incident.values);
        let ranking = ev.ranking(p);
        let top = p.kb.causes[ranking[0]].id.to_string();
        if top != expected {
            let pos = ranking.iter().position(|&c| p.kb.causes[c].id.as_str() == expected);
            wrong.push(format!(
                "{}: expected {expected}, got {top} ({:.2}); expected is at {:?}",
                rel(&path),
                ev.probabilities[ranking[0]],
                pos.map(|x| x + 1)
            ));
        }
    }
    assert!(wrong.is_empty(), "examples whose intended cause is not first:\n{}", wrong.join("\n"));
}

#[test]
fn every_cause_has_an_example() {
    let p = program();
    let covered: Vec<String> = examples()
        .iter()
        .filter_map(|path| load(path).meta.get("expected_cause").and_then(|v| v.as_str()).map(String::from))
        .collect();
    let missing: Vec<&str> =
        p.kb.causes.iter().map(|c| c.id.as_str()).filter(|id| !covered.iter().any(|c| c == id)).collect();
    assert!(missing.is_empty(), "causes without an example: {missing:?}");
}

#[test]
fn engine_agrees_with_the_naive_evaluator() {
    let p = program();
    let src = KbSource::embedded();
    let asts: Vec<_> = src.rules.iter().flat_map(|f| fixplan::dsl::parse(f).expect("shipped rules parse")).collect();
    for path in examples() {
        let incident = load(&path);
        let observed: HashMap<String, fixplan::value::Value> = incident
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.clone().map(|v| (p.kb.facts[i].id.to_string(), v)))
            .collect();
        let reference = naive::evaluate(&p.kb, &asts, &observed);
        let ev = fixplan::infer::evaluate(p, &incident.values);
        let fired: std::collections::BTreeSet<String> = ev.fired.iter().map(|&r| p.rules[r].id.to_string()).collect();
        assert_eq!(fired, reference.fired, "{}: fired rules differ", rel(&path));
        assert_eq!(naive::engine_pending(p, &ev), reference.pending, "{}: pending rules differ", rel(&path));
        for (c, cause) in p.kb.causes.iter().enumerate() {
            let theirs = reference.probabilities[cause.id.as_str()];
            assert!(
                (ev.probabilities[c] - theirs).abs() < 1e-9,
                "{}: {} is {} in the engine, {} in the naive evaluator",
                rel(&path),
                cause.id,
                ev.probabilities[c],
                theirs
            );
        }
        for (f, fact) in p.kb.facts.iter().enumerate() {
            assert_eq!(
                ev.values[f].as_ref(),
                reference.values.get(fact.id.as_str()),
                "{}: fact {} differs",
                rel(&path),
                fact.id
            );
        }
    }
}

#[test]
fn plans_of_the_examples() {
    let p = program();
    for path in examples() {
        let (incident, ev, plan) = planned(&path);
        let report = render::build(p, &incident, &ev, &plan);
        // Every plan ends in escalation and has at least one fix or check before it.
        assert_eq!(report.plan.last().map(|s| s.kind), Some("escalate"), "{}", rel(&path));
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("plan", render::render(&report, Format::Text, false));
        });
    }
}
