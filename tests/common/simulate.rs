//! A simulated technician: answers `fixplan ask`'s questions from a complete fact file ("don't
//! know" for facts the file lacks), and, for comparison, the same facts asked in a fixed order.

use super::program;
use fixplan::ask::Session;
use fixplan::facts::Incident;

/// How one simulated session went.
#[derive(Debug)]
pub struct Run {
    pub asked: usize,
    /// Of those, answered "don't know" (the fact file lacks the fact).
    pub unknown: usize,
    /// Questions asked when an accepted cause first ranked first (`None`: never).
    pub first_at: Option<usize>,
    /// Best rank (0-based) of an accepted cause at the end.
    pub final_rank: Option<usize>,
}

/// The seed checklists' order (certificate, network, NLA, DNS, sleep, firewall, credentials,
/// gateway, MTU, …), then every other fact in knowledge-base order.
pub const CHECKLIST: &[&str] = &[
    "rdp_cert_days_left",
    "rdp_cert_self_signed",
    "rdp_cert_subject_matches_hostname",
    "custom_cert_bound",
    "machinekeys_acl_ok",
    "port_3389_reachable",
    "path",
    "nla_required",
    "security_layer",
    "dns_resolves_to_expected",
    "connect_by_ip_works",
    "host_responds_to_ping",
    "security_product_paused_test",
    "local_account_works",
    "domain_account_works",
    "secure_channel_ok",
    "direct_connection_works",
    "large_ping_passes",
    "udp_disabled_test_result",
];

/// Accepted causes of a fact file: `_meta.expected_cause` and `_meta.also_acceptable`.
pub fn accepted(incident: &Incident) -> Vec<usize> {
    let p = program();
    let mut ids: Vec<String> =
        incident.meta.get("expected_cause").and_then(|v| v.as_str()).map(String::from).into_iter().collect();
    if let Some(more) = incident.meta.get("also_acceptable").and_then(|v| v.as_array()) {
        ids.extend(more.iter().filter_map(|v| v.as_str().map(String::from)));
    }
    ids.iter().filter_map(|id| p.kb.cause_index(id)).collect()
}

fn leads(s: &Session, accepted: &[usize]) -> bool {
    let p = program();
    s.evaluation(p).ranking(p).first().is_some_and(|c| accepted.contains(c))
}

fn final_rank(s: &Session, accepted: &[usize]) -> Option<usize> {
    let p = program();
    s.evaluation(p).ranking(p).iter().position(|c| accepted.contains(c))
}

/// Runs `fixplan ask`'s question choice until it stops by itself.
pub fn voi_session(truth: &Incident) -> Run {
    technician_session(truth, &|_| true)
}

/// Runs `fixplan ask`'s question choice with a technician who answers fact `f` from `truth` only
/// when `knows(f)` ("don't know" otherwise, and wherever `truth` lacks the fact).
pub fn technician_session(truth: &Incident, knows: &dyn Fn(usize) -> bool) -> Run {
    let p = program();
    let accepted = accepted(truth);
    let mut s = Session::new(Incident::empty("simulated", &p.kb), None);
    let mut first_at = leads(&s, &accepted).then_some(0);
    // A session can never ask more questions than there are facts; more would be a loop.
    for _ in 0..p.kb.facts.len() {
        let ev = s.evaluation(p);
        let Some(q) = s.next(p, &ev) else { break };
        s.answer(q.fact, if knows(q.fact) { truth.values[q.fact].clone() } else { None });
        if first_at.is_none() && leads(&s, &accepted) {
            first_at = Some(s.asked());
        }
    }
    let unknown = s.history.iter().filter(|a| a.value.is_none()).count();
    Run { asked: s.asked(), unknown, first_at, final_rank: final_rank(&s, &accepted) }
}

/// Asks every non-probe fact in the checklist order, then the rest, until an accepted cause leads.
pub fn fixed_order(truth: &Incident) -> Run {
    let p = program();
    let accepted = accepted(truth);
    let mut order: Vec<usize> = CHECKLIST.iter().filter_map(|id| p.kb.fact_index(id)).collect();
    for f in 0..p.kb.facts.len() {
        if !order.contains(&f) && p.kb.facts[f].answered_by != fixplan::kb::AnsweredBy::Probe && !p.derived[f] {
            order.push(f);
        }
    }
    let mut s = Session::new(Incident::empty("simulated", &p.kb), None);
    let mut first_at = leads(&s, &accepted).then_some(0);
    for f in order {
        if first_at.is_some() {
            break;
        }
        s.answer(f, truth.values[f].clone());
        if leads(&s, &accepted) {
            first_at = Some(s.asked());
        }
    }
    let unknown = s.history.iter().filter(|a| a.value.is_none()).count();
    Run { asked: s.asked(), unknown, first_at, final_rank: final_rank(&s, &accepted) }
}

/// The held-out incidents, then the examples: the sessions the simulations run.
pub fn incidents() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(super::root().join("tests/cases/incidents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v.extend(super::examples());
    v
}

/// The median of counts.
pub fn median(mut xs: Vec<usize>) -> f64 {
    xs.sort_unstable();
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2] as f64
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) as f64 / 2.0
    }
}
