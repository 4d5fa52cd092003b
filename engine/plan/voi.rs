//! The value of information of a missing fact: how much its answer is expected to shorten the
//! repair, `VOI(Q) = ECR*(e) − Σ_q P(Q=q | e) · ECR*(e ∪ {Q=q})`.

use super::ecr;
use crate::infer::Evaluation;
use crate::program::Program;
use crate::value::{FactType, Value};
use std::collections::BTreeMap;

/// One class of answers to a question: answers that fire the same rules.
#[derive(Clone, Debug)]
pub struct Answer {
    pub label: String,
    /// A representative value.
    pub value: Value,
    /// Cause weights (prior × ratios) if the fact had this value.
    pub weights: Vec<f64>,
    /// Remedies' fix probabilities if the fact had this value.
    pub fixes: ecr::Fixes,
}

/// A missing fact that some pending rule reads, with its answer classes.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub fact: usize,
    pub answers: Vec<Answer>,
}

/// Answers that fire the same rules and pick the same remedy conditions: their values, and the
/// cause weights and fix probabilities they lead to.
type Class = (Vec<Value>, Vec<f64>, ecr::Fixes);

/// Minutes a check costs: its own time, plus the trouble of reaching the server's console.
pub fn check_minutes(p: &Program, f: usize, values: &[Option<Value>]) -> f64 {
    ecr::minutes(&p.kb.facts[f].cost, ecr::console_minutes(p, values))
}

/// The facts worth considering as questions, with what each answer would do.
pub fn candidates(p: &Program, ev: &Evaluation, observed: &[Option<Value>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut facts: Vec<usize> = ev.pending.iter().flat_map(|(_, fs)| fs.iter().copied()).collect();
    // Whether the console can be reached changes what server-side steps cost.
    facts.extend(p.console_fact.filter(|&f| ev.values[f].is_none()));
    for when in &p.remedy_when {
        for (c, _) in when {
            facts.extend(c.facts().into_iter().filter(|&f| ev.values[f].is_none()));
        }
    }
    facts.sort_unstable();
    facts.dedup();
    for f in facts {
        // Probe facts come from a collector run, not from a person working through a plan.
        if ev.values[f].is_some() || p.kb.facts[f].answered_by == crate::kb::AnsweredBy::Probe {
            continue;
        }
        // A follow-up question waits until what it follows up is known (`ask_if`).
        if !p.may_ask(f, &ev.values) {
            continue;
        }
        out.extend(candidate(p, observed, f));
    }
    out
}

/// Fact `f` as a question in the state `observed`, with its answer classes; `None` when every
/// answer would fire the same rules.
pub fn candidate(p: &Program, observed: &[Option<Value>], f: usize) -> Option<Candidate> {
    let mut classes: BTreeMap<(Vec<usize>, Vec<usize>), Class> = BTreeMap::new();
    for v in representatives(p, f) {
        let mut obs = observed.to_vec();
        obs[f] = Some(v.clone());
        let e = crate::infer::what_if(p, &obs);
        let key = (e.fired, which_when(p, &e.values));
        // A class keeps its first value's weights and fixes: computed only for a new class.
        classes.entry(key).or_insert_with(|| (Vec::new(), e.weights, ecr::effective_fixes(p, &e.values))).0.push(v);
    }
    if classes.len() < 2 {
        return None;
    }
    let all: Vec<Value> = classes.values().flat_map(|(vs, _, _)| vs.iter().cloned()).collect();
    let mut answers: Vec<Answer> = classes
        .into_values()
        .map(|(vals, weights, fixes)| Answer {
            label: label(&p.kb.facts[f].ty, &vals, &all),
            value: vals[0].clone(),
            weights,
            fixes,
        })
        .collect();
    answers.sort_by(|a, b| a.label.cmp(&b.label));
    Some(Candidate { fact: f, answers })
}

/// The expected saving of asking `c`, given cause weights `w`, the failure multipliers of the
/// remedies already planned, and which remedies those are. Returns (VOI, P(answer) for each).
///
/// `P(answer | e)` comes from the rules' likelihood ratios: for each answer `q`, `λ_q(c)` is how
/// the answer would multiply cause `c`'s weight. An answer that strongly confirms some cause is
/// rare when that cause is absent, so its base rate (its probability under a cause it does not
/// concern) is taken as `b(q) ∝ 1 / max(1, max_c λ_q(c))`. Then `P(q | c) ∝ b(q) · λ_q(c)`,
/// normalised over the answers for each cause, and `P(q | e) = Σ_c P(c | e) · P(q | c)`, the unknown
/// cause answering by the base rates.
pub fn value(
    p: &Program,
    c: &Candidate,
    w: &[f64],
    fixes: &ecr::Fixes,
    fail: &[f64],
    done: &[bool],
) -> (f64, Vec<f64>) {
    let unknown = p.kb.settings.unknown_cause_prior;
    let base = masses(w, fail, unknown);
    let now = ecr::sequence(p, fixes, &base.0, base.1, done, usize::MAX).ecr;
    let probs = answer_probabilities(c, w, &base.0, base.1);
    let mut after = 0.0;
    for (a, pr) in c.answers.iter().zip(&probs) {
        if *pr > 0.0 {
            let (m, u) = masses(&a.weights, fail, unknown);
            after += pr * ecr::sequence(p, &a.fixes, &m, u, done, usize::MAX).ecr;
        }
    }
    (now - after, probs)
}

/// The expected information of asking `c`, in bits: how much its answer is expected to reduce
/// the uncertainty (entropy) of the cause distribution, the unknown cause included, with
/// `probs` the probability of each answer (from `value`).
pub fn information(c: &Candidate, w: &[f64], unknown: f64, probs: &[f64]) -> f64 {
    let entropy = |w: &[f64]| {
        let total = w.iter().sum::<f64>() + unknown;
        if total <= 0.0 {
            return 0.0;
        }
        w.iter()
            .chain(std::iter::once(&unknown))
            .map(|x| x / total)
            .filter(|&q| q > 0.0)
            .map(|q| -q * q.log2())
            .sum::<f64>()
    };
    let after: f64 = c.answers.iter().zip(probs).map(|(a, pr)| pr * entropy(&a.weights)).sum();
    (entropy(w) - after).max(0.0)
}

pub fn answer_probabilities(c: &Candidate, w: &[f64], mass: &[f64], unknown_mass: f64) -> Vec<f64> {
    let ratio = |a: &Answer, cause: usize| if w[cause] > 0.0 { a.weights[cause] / w[cause] } else { 0.0 };
    let mut base: Vec<f64> = c
        .answers
        .iter()
        .map(|a| {
            let top = (0..w.len()).map(|cause| ratio(a, cause)).fold(1.0, f64::max);
            1.0 / top
        })
        .collect();
    let total: f64 = base.iter().sum();
    base.iter_mut().for_each(|b| *b /= total);
    let mut probs: Vec<f64> = base.iter().map(|b| b * unknown_mass).collect();
    for (cause, &m) in mass.iter().enumerate() {
        if m <= 0.0 {
            continue;
        }
        let raw: Vec<f64> = c.answers.iter().zip(&base).map(|(a, b)| b * ratio(a, cause)).collect();
        let norm: f64 = raw.iter().sum();
        if norm > 0.0 {
            for (pq, r) in probs.iter_mut().zip(&raw) {
                *pq += m * r / norm;
            }
        }
    }
    let total: f64 = probs.iter().sum();
    if total > 0.0 {
        probs.iter_mut().for_each(|x| *x /= total);
    }
    probs
}

/// Which `when` condition applies to each remedy (its index, or `usize::MAX` for none).
fn which_when(p: &Program, values: &[Option<Value>]) -> Vec<usize> {
    p.remedy_when
        .iter()
        .map(|when| {
            when.iter()
                .position(|(c, _)| crate::program::logic::eval(c, values) == crate::program::logic::Truth::True)
                .unwrap_or(usize::MAX)
        })
        .collect()
}

/// Normalised masses P(cause and unfixed) and of the unknown cause.
pub fn masses(w: &[f64], fail: &[f64], unknown: f64) -> (Vec<f64>, f64) {
    let m: Vec<f64> = w.iter().zip(fail).map(|(w, f)| w * f).collect();
    let total = m.iter().sum::<f64>() + unknown;
    if total <= 0.0 {
        return (vec![0.0; m.len()], 1.0);
    }
    (m.iter().map(|x| x / total).collect(), unknown / total)
}

/// Values that stand for every case the rules tell apart.
fn representatives(p: &Program, f: usize) -> Vec<Value> {
    let fact = &p.kb.facts[f];
    let mut consts = Vec::new();
    for &r in &p.readers[f] {
        p.rules[r].cond.constants(f, &mut consts);
    }
    match &fact.ty {
        FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactType::Enum(values) => values.iter().cloned().map(Value::Str).collect(),
        FactType::Int => {
            let mut ints: Vec<i64> = consts
                .iter()
                .filter_map(|v| if let Value::Int(i) = v { Some(*i) } else { None })
                .flat_map(|t| [t.saturating_sub(1), t, t.saturating_add(1)])
                .collect();
            ints.sort_unstable();
            ints.dedup();
            ints.into_iter().map(Value::Int).collect()
        }
        FactType::Float => {
            let mut xs: Vec<f64> =
                consts.iter().filter_map(Value::as_f64).flat_map(|t| [t - 0.5, t, t + 0.5]).collect();
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            xs.into_iter().map(Value::Float).collect()
        }
        FactType::Str => {
            let mut v: Vec<Value> = consts.clone();
            v.push(Value::Str(String::new()));
            v.dedup();
            v
        }
        FactType::ListInt => {
            let mut v = vec![Value::List(Vec::new())];
            let mut ints: Vec<i64> =
                consts.iter().filter_map(|v| if let Value::Int(i) = v { Some(*i) } else { None }).collect();
            ints.sort_unstable();
            ints.dedup();
            v.extend(ints.into_iter().map(|i| Value::List(vec![i])));
            v
        }
    }
}

fn label(ty: &FactType, vals: &[Value], all: &[Value]) -> String {
    match ty {
        FactType::Int | FactType::Float => {
            let nums: Vec<f64> = vals.iter().filter_map(Value::as_f64).collect();
            let lo = nums.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = nums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let all_lo = all.iter().filter_map(Value::as_f64).fold(f64::INFINITY, f64::min);
            let all_hi = all.iter().filter_map(Value::as_f64).fold(f64::NEG_INFINITY, f64::max);
            let show =
                |x: f64| if matches!(ty, FactType::Int) { Value::Int(x as i64).to_string() } else { x.to_string() };
            match (lo == all_lo, hi == all_hi) {
                _ if vals.len() == 1 && lo != all_lo && hi != all_hi => show(lo),
                (true, false) => format!("≤ {}", show(hi)),
                (false, true) => format!("≥ {}", show(lo)),
                (true, true) => "any".into(),
                (false, false) => format!("{} … {}", show(lo), show(hi)),
            }
        }
        FactType::ListInt => {
            let items: Vec<String> = vals
                .iter()
                .map(|v| match v {
                    Value::List(l) if l.is_empty() => "none of the listed".into(),
                    Value::List(l) => format!("includes {}", l[0]),
                    other => other.to_string(),
                })
                .collect();
            items.join(" / ")
        }
        FactType::Str => vals
            .iter()
            .map(|v| match v {
                Value::Str(s) if s.is_empty() => "something else".into(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" / "),
        _ => vals.iter().map(Value::to_string).collect::<Vec<_>>().join(" / "),
    }
}
