//! Invariants of every example's plan: precedence respected, probabilities consistent, checks
//! only for facts still unknown, escalation last.

mod common;

use common::{examples, planned, program, rel};

#[test]
fn plans_respect_their_invariants() {
    let p = program();
    for path in examples() {
        let (_, ev, plan) = planned(&path);
        let name = rel(&path);
        let fixes: Vec<usize> =
            plan.steps.iter().filter(|s| s.kind == fixplan::plan::StepKind::Fix).map(|s| s.target).collect();
        for (pos, &m) in fixes.iter().enumerate() {
            for &before in &p.kb.remedies[m].after {
                if let Some(bpos) = fixes.iter().position(|&x| x == before) {
                    assert!(
                        bpos < pos,
                        "{name}: {} is planned after {}",
                        p.kb.remedies[before].id,
                        p.kb.remedies[m].id
                    );
                }
            }
        }
        let mut reach = 1.0 + 1e-9;
        let mut solved = 0.0;
        for s in &plan.steps {
            assert!(s.reach <= reach, "{name}: the probability of reaching a step grows");
            reach = s.reach;
            match s.kind {
                fixplan::plan::StepKind::Fix => {
                    assert!(s.success > 0.0 && s.success <= s.reach + 1e-9, "{name}: step success out of range");
                    solved += s.success;
                }
                fixplan::plan::StepKind::Check => {
                    assert!(ev.values[s.target].is_none(), "{name}: a check for a known fact");
                    assert!(s.saving > s.cost_minutes, "{name}: a check not worth its cost");
                }
                fixplan::plan::StepKind::Escalate => {}
            }
        }
        assert!(solved <= 1.0 + 1e-9, "{name}: the fixes solve it with probability {solved}");
        assert_eq!(plan.steps.last().map(|s| s.kind), Some(fixplan::plan::StepKind::Escalate), "{name}");
        let escalations = plan.steps.iter().filter(|s| s.kind == fixplan::plan::StepKind::Escalate).count();
        assert_eq!(escalations, 1, "{name}");
    }
}

#[test]
fn nothing_known_still_gives_a_plan_that_starts_with_cheap_questions() {
    let p = program();
    let incident = fixplan::facts::load("x.yaml", "error_code: 0x904\nextended_error_code: 0x7\n", &p.kb).unwrap();
    let ev = fixplan::infer::evaluate(p, &incident.values);
    let plan = fixplan::plan::rank(p, &ev, &incident.values);
    let first = &plan.steps[0];
    assert_eq!(first.kind, fixplan::plan::StepKind::Check, "with almost nothing known, the plan asks first");
    assert!(first.cost_minutes <= 2.0, "the first question is a cheap one, not {}", p.kb.facts[first.target].id);
}

#[test]
fn a_risky_remedy_does_not_jump_ahead_of_a_safe_one_of_the_same_value() {
    // MachineKeys: the ACL reset (medium) and the folder rename (high) both fix the cause; the
    // rename fixes it more often, but its risk keeps it last.
    let p = program();
    let (_, _, plan) = planned(&common::root().join("examples/machinekeys_permissions_or_corruption.yaml"));
    let ids: Vec<&str> = plan
        .steps
        .iter()
        .filter(|s| s.kind == fixplan::plan::StepKind::Fix)
        .map(|s| p.kb.remedies[s.target].id.as_str())
        .collect();
    let acl = ids.iter().position(|&i| i == "reset_machinekeys_acl").expect("ACL reset planned");
    let rename = ids.iter().position(|&i| i == "rename_machinekeys_folder").expect("rename planned");
    assert!(acl < rename, "{ids:?}");
    assert_eq!(ids[0], "reset_machinekeys_acl", "known-bad ACLs make the ACL reset the first fix: {ids:?}");
}
