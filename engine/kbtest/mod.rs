//! Runs the knowledge base's own test cases through the engine and measures what they cover:
//! each case's facts are evaluated (and planned, when a case expects a first step) and every
//! expectation is compared with what the engine concluded.

mod report;

pub use report::{render_human, render_json};

use crate::check::{Effect, Program};
use crate::infer::Evaluation;
use crate::kb::{Case, Expect, StepRef};
use crate::plan::StepKind;

/// How many causes a failure shows, most probable first.
pub const SHOWN_CAUSES: usize = 3;

/// The outcome of one case.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// Index into `Knowledge::cases`.
    pub case: usize,
    /// Each expectation that did not hold: (what was expected, what the engine concluded).
    pub failures: Vec<(String, String)>,
    /// Causes not ruled out, most probable first, with their probability.
    pub ranking: Vec<(usize, f64)>,
    /// Rules that fired, in program order.
    pub fired: Vec<usize>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What the cases that ran did not reach.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Rules that no case fires.
    pub rules_never_fired: Vec<usize>,
    /// Causes that no case ranks first.
    pub causes_never_first: Vec<usize>,
    /// Facts that no case gives and no rule reads that fired or was pending in some case.
    pub facts_never_used: Vec<usize>,
    /// Facts that no case gives (a rule may still read them while they are unknown).
    pub facts_never_given: Vec<usize>,
}

/// Every case that ran, in knowledge-base order, and their coverage.
#[derive(Clone, Debug)]
pub struct Run {
    pub results: Vec<CaseResult>,
    pub coverage: Coverage,
}

impl Run {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// Runs the cases whose name contains `filter`, ignoring case (all when `None`).
pub fn run(p: &Program, filter: Option<&str>) -> Run {
    let filter = filter.map(str::to_lowercase);
    let mut results = Vec::new();
    let mut fired_any = vec![false; p.rules.len()];
    let mut first_any = vec![false; p.kb.causes.len()];
    let mut used = vec![false; p.kb.facts.len()];
    let mut given = vec![false; p.kb.facts.len()];
    for (ci, case) in p.kb.cases.iter().enumerate() {
        if filter.as_ref().is_some_and(|f| !case.name.to_lowercase().contains(f)) {
            continue;
        }
        let ev = crate::infer::evaluate(p, &case.facts);
        let ranking: Vec<(usize, f64)> = ev.ranking(p).into_iter().map(|c| (c, ev.probabilities[c])).collect();
        for &f in &case.given {
            used[f] = true;
            given[f] = true;
        }
        for &r in ev.fired.iter().chain(ev.pending.iter().map(|(r, _)| r)) {
            for &f in &p.rules[r].reads {
                used[f] = true;
            }
        }
        for &r in &ev.fired {
            fired_any[r] = true;
        }
        if let Some(&(c, _)) = ranking.first() {
            first_any[c] = true;
        }
        let failures = judge(p, case, &ev, &ranking);
        results.push(CaseResult { case: ci, failures, ranking, fired: ev.fired });
    }
    let never = |v: &[bool]| v.iter().enumerate().filter(|(_, &x)| !x).map(|(i, _)| i).collect::<Vec<_>>();
    let mut coverage = Coverage {
        rules_never_fired: never(&fired_any),
        causes_never_first: never(&first_any),
        facts_never_used: never(&used),
        facts_never_given: never(&given),
    };
    coverage.causes_never_first.sort_by(|&a, &b| p.kb.causes[a].id.cmp(&p.kb.causes[b].id));
    for list in [&mut coverage.facts_never_used, &mut coverage.facts_never_given] {
        list.sort_by(|&a, &b| p.kb.facts[a].id.cmp(&p.kb.facts[b].id));
    }
    Run { results, coverage }
}

/// Every expectation of a case that does not hold, as (expected, actual).
fn judge(p: &Program, case: &Case, ev: &Evaluation, ranking: &[(usize, f64)]) -> Vec<(String, String)> {
    let id = |c: usize| format!("`{}`", p.kb.causes[c].id);
    let rank_of = |c: usize| ranking.iter().position(|&(r, _)| r == c);
    let place = |c: usize| match rank_of(c) {
        Some(i) => format!("{} is #{} ({:.3})", id(c), i + 1, ranking[i].1),
        None => format!("{} is ruled out", id(c)),
    };
    let top = || match ranking.first() {
        Some(&(c, pr)) => format!("top is {} ({pr:.3})", id(c)),
        None => "every cause is ruled out".to_string(),
    };
    let mut out = Vec::new();
    for e in &case.expect {
        let failure = match *e {
            Expect::Top(c) => (ranking.first().map(|r| r.0) != Some(c)).then(|| (format!("top {}", id(c)), top())),
            Expect::InTop { cause, k } => {
                rank_of(cause).is_none_or(|i| i >= k).then(|| (format!("{} in the top {k}", id(cause)), place(cause)))
            }
            Expect::NotTop(c) => {
                (ranking.first().map(|r| r.0) == Some(c)).then(|| (format!("not top {}", id(c)), top()))
            }
            Expect::RuledOut(c) => (!ev.ruled_out(c)).then(|| (format!("{} ruled out", id(c)), place(c))),
            Expect::Below { cause, than } => {
                let below = match (rank_of(cause), rank_of(than)) {
                    (None, Some(_)) => true,
                    (Some(a), Some(b)) => a > b,
                    _ => false,
                };
                (!below).then(|| {
                    (format!("{} below {}", id(cause), id(than)), format!("{}; {}", place(cause), place(than)))
                })
            }
            Expect::FirstStep(step) => {
                let plan = crate::plan::rank(p, ev, &case.facts);
                let actual = plan.steps.first().map(|s| match s.kind {
                    StepKind::Fix => StepRef::Fix(s.target),
                    StepKind::Check => StepRef::Check(s.target),
                    StepKind::Escalate => StepRef::Escalate,
                });
                let name = |s: Option<StepRef>| match s {
                    Some(StepRef::Fix(r)) => format!("fix `{}`", p.kb.remedies[r].id),
                    Some(StepRef::Check(f)) => format!("check `{}`", p.kb.facts[f].id),
                    Some(StepRef::Escalate) => "escalate".to_string(),
                    None => "an empty plan".to_string(),
                };
                (actual != Some(step))
                    .then(|| (format!("first step {}", name(Some(step))), format!("first step is {}", name(actual))))
            }
        };
        out.extend(failure);
    }
    out
}

/// What a fired rule did, in words: `cause ×10 (strongly)`, `cause ruled out`, `derives fact =
/// value`. With `only`, effects on other causes are left out: (the words, how many were left out).
pub fn effects(p: &Program, rule: usize, only: Option<&[usize]>) -> (String, usize) {
    let mut hidden = 0;
    let mut parts = Vec::new();
    for e in &p.rules[rule].effects {
        let cause = match e {
            Effect::Scale { cause, .. } | Effect::RuleOut(cause) => Some(*cause),
            Effect::Derive { .. } => None,
        };
        if cause.is_some_and(|c| only.is_some_and(|o| !o.contains(&c))) {
            hidden += 1;
            continue;
        }
        parts.push(match e {
            Effect::Scale { cause, ratio, strength } => format!("{} ×{ratio} ({strength})", p.kb.causes[*cause].id),
            Effect::RuleOut(c) => format!("{} ruled out", p.kb.causes[*c].id),
            Effect::Derive { fact, value } => format!("derives {} = {value}", p.kb.facts[*fact].id),
        });
    }
    (parts.join(", "), hidden)
}

/// The causes a case's expectations name, in order of appearance, without repeats.
pub fn named_causes(case: &Case) -> Vec<usize> {
    let mut out = Vec::new();
    for e in &case.expect {
        let named: &[usize] = match e {
            Expect::Top(c) | Expect::NotTop(c) | Expect::RuledOut(c) | Expect::InTop { cause: c, .. } => {
                std::slice::from_ref(c)
            }
            Expect::Below { cause, than } => &[*cause, *than],
            Expect::FirstStep(_) => &[],
        };
        for c in named {
            if !out.contains(c) {
                out.push(*c);
            }
        }
    }
    out
}
