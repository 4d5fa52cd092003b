//! Evaluates an incident's facts against the program: derived facts to a fixpoint, then causes
//! scored as prior × the likelihood ratios of the rules that fired (or, when the knowledge base
//! says so, by MYCIN certainty factors), with a trace of every step.

pub mod factsets;
mod flat;
pub mod index;
mod jsonline;

use crate::kb::Combination;
use crate::program::{cf, logic, Effect, Program};
use crate::value::Value;
use logic::{eval, Truth};

/// What one fired rule did to one cause.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    pub rule: usize,
    /// The likelihood ratio applied; 0 when the rule ruled the cause out.
    pub ratio: f64,
}

/// The outcome of evaluating one incident.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Observed and derived values of every fact.
    pub values: Vec<Option<Value>>,
    /// For derived facts, the rule that derived them.
    pub derived_by: Vec<Option<usize>>,
    /// Rules whose condition is true, in program order.
    pub fired: Vec<usize>,
    /// Rules whose condition is unknown, with the unknown facts that would decide them.
    pub pending: Vec<(usize, Vec<usize>)>,
    /// Per cause: the rules that changed its odds.
    pub contributions: Vec<Vec<Contribution>>,
    /// Per cause: prior × ratios (or the belief of `cf::belief`), not normalised.
    pub weights: Vec<f64>,
    /// Per cause: the combined certainty factor, when the knowledge base combines certainty
    /// factors; empty when it combines likelihood ratios.
    pub certainty: Vec<f64>,
    /// Per cause: the posterior probability.
    pub probabilities: Vec<f64>,
    /// The probability left for a cause the knowledge base does not know.
    pub unknown_probability: f64,
    /// Observations that disagree with what a rule derives.
    pub conflicts: Vec<String>,
}

impl Evaluation {
    pub fn ruled_out(&self, cause: usize) -> bool {
        self.contributions[cause].iter().any(|c| c.ratio == 0.0)
    }

    /// Causes not ruled out, most probable first, ties by id. Probabilities are compared at 12
    /// decimal places: two causes whose evidence multiplies to the same weight (a prior of 0.1 × 3
    /// and one of 0.01 × 30) tie, whatever the rounding of the normalisation made of them, so
    /// adding a cause to the knowledge base does not reorder causes it has nothing to do with.
    pub fn ranking(&self, p: &Program) -> Vec<usize> {
        let key = |c: usize| (self.probabilities[c] * 1e12).round();
        let mut idx: Vec<usize> = (0..self.probabilities.len()).filter(|&c| !self.ruled_out(c)).collect();
        idx.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then_with(|| p.kb.causes[a].id.cmp(&p.kb.causes[b].id)));
        idx
    }
}

/// Evaluates observed facts (indexed like `p.kb.facts`; `None` is unknown).
pub fn evaluate(p: &Program, observed: &[Option<Value>]) -> Evaluation {
    let mut values = observed.to_vec();
    let mut derived_by = vec![None; values.len()];
    let mut conflicts = Vec::new();
    derive(p, &mut values, &mut derived_by, &mut conflicts);
    follow_up_conflicts(p, observed, &values, &mut conflicts);

    let causes = p.kb.causes.len();
    let mut contributions: Vec<Vec<Contribution>> = vec![Vec::new(); causes];
    let mut fired = Vec::new();
    let mut pending = Vec::new();
    // The rules the known facts reach; every other rule is false (`reach`).
    let mut reached = Vec::new();
    p.reach.rules(&values, &mut reached);
    for ri in reached {
        let rule = &p.rules[ri];
        match eval(&rule.cond, &values) {
            Truth::True => {
                fired.push(ri);
                for e in &rule.effects {
                    match e {
                        Effect::Scale { cause, ratio, .. } => {
                            contributions[*cause].push(Contribution { rule: ri, ratio: *ratio })
                        }
                        Effect::RuleOut(cause) => contributions[*cause].push(Contribution { rule: ri, ratio: 0.0 }),
                        Effect::Derive { .. } => {}
                    }
                }
            }
            Truth::Unknown => {
                let missing: Vec<usize> = rule.reads.iter().copied().filter(|&f| values[f].is_none()).collect();
                pending.push((ri, missing));
            }
            Truth::False => {}
        }
    }
    let (weights, certainty): (Vec<f64>, Vec<f64>) = match p.kb.settings.combination {
        Combination::LikelihoodRatio => (
            p.kb.causes.iter().zip(&contributions).map(|(c, xs)| xs.iter().fold(c.prior, |w, x| w * x.ratio)).collect(),
            Vec::new(),
        ),
        Combination::CertaintyFactor => {
            let certainty: Vec<f64> = contributions
                .iter()
                .map(|xs| xs.iter().filter(|x| x.ratio != 0.0).fold(0.0, |acc, x| cf::combine(acc, x.ratio)))
                .collect();
            let weights =
                p.kb.causes
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        if contributions[ci].iter().any(|x| x.ratio == 0.0) {
                            0.0
                        } else {
                            cf::belief(c.prior, certainty[ci])
                        }
                    })
                    .collect();
            (weights, certainty)
        }
    };
    let (probabilities, unknown_probability) = normalise(&weights, p.kb.settings.unknown_cause_prior);
    Evaluation {
        values,
        derived_by,
        fired,
        pending,
        contributions,
        weights,
        certainty,
        probabilities,
        unknown_probability,
        conflicts,
    }
}

/// What planning needs of an evaluation in a what-if state (an answer not given yet): the
/// values, the fired rules and the causes' weights, exactly as `evaluate` computes them (same
/// rules, same order, same arithmetic), without the pending rules, trace and probabilities.
pub struct WhatIf {
    pub values: Vec<Option<Value>>,
    pub fired: Vec<usize>,
    pub weights: Vec<f64>,
}

/// `evaluate` for planning's what-if states: see `WhatIf`.
pub fn what_if(p: &Program, observed: &[Option<Value>]) -> WhatIf {
    let mut values = observed.to_vec();
    let mut derived_by = vec![None; values.len()];
    derive(p, &mut values, &mut derived_by, &mut Vec::new());
    let cf_mode = p.kb.settings.combination == Combination::CertaintyFactor;
    let mut weights: Vec<f64> = p.kb.causes.iter().map(|c| if cf_mode { 0.0 } else { c.prior }).collect();
    let mut ruled_out = vec![false; weights.len()];
    let mut fired = Vec::new();
    p.reach.rules(&values, &mut fired);
    fired.retain(|&ri| eval(&p.rules[ri].cond, &values) == Truth::True);
    for &ri in &fired {
        for e in &p.rules[ri].effects {
            match e {
                // As `evaluate`'s folds: ratios multiply in rule order; certainty factors
                // combine in rule order, skipping the zeros that rule a cause out.
                Effect::Scale { cause, ratio, .. } if cf_mode && *ratio != 0.0 => {
                    weights[*cause] = cf::combine(weights[*cause], *ratio)
                }
                Effect::Scale { cause, ratio, .. } if !cf_mode => weights[*cause] *= *ratio,
                Effect::Scale { cause, .. } | Effect::RuleOut(cause) => {
                    ruled_out[*cause] = true;
                    if !cf_mode {
                        weights[*cause] *= 0.0;
                    }
                }
                Effect::Derive { .. } => {}
            }
        }
    }
    if cf_mode {
        for (ci, c) in p.kb.causes.iter().enumerate() {
            weights[ci] = if ruled_out[ci] { 0.0 } else { cf::belief(c.prior, weights[ci]) };
        }
    }
    WhatIf { values, fired, weights }
}

/// Runs the deriving rules in dependency order; observations always win over derivations.
pub(crate) fn derive(
    p: &Program,
    values: &mut [Option<Value>],
    derived_by: &mut [Option<usize>],
    conflicts: &mut Vec<String>,
) {
    for &ri in &p.derive_order {
        let rule = &p.rules[ri];
        if eval(&rule.cond, values) != Truth::True {
            continue;
        }
        for e in &rule.effects {
            if let Effect::Derive { fact, value } = e {
                match &values[*fact] {
                    None => {
                        values[*fact] = Some(value.clone());
                        derived_by[*fact] = Some(ri);
                    }
                    Some(v) if v != value && derived_by[*fact].is_none() => conflicts.push(format!(
                        "`{}` was reported as {v}, but rule `{}` ({}) implies {value}; the report is kept, check it",
                        p.kb.facts[*fact].id, rule.id, rule.title
                    )),
                    Some(_) => {}
                }
            }
        }
    }
}

/// A follow-up answered although what it follows up is known not to hold (a certificate warning
/// that names another computer, but no warning appeared): both answers are kept, and the report
/// says to check them.
fn follow_up_conflicts(p: &Program, observed: &[Option<Value>], values: &[Option<Value>], conflicts: &mut Vec<String>) {
    for (f, cond) in p.ask_if.iter().enumerate() {
        let (Some(cond), Some(v)) = (cond, observed.get(f).and_then(Option::as_ref)) else { continue };
        if eval(cond, values) == Truth::False {
            let (text, _) = p.kb.facts[f].ask_if.as_ref().expect("a resolved ask_if has its text");
            conflicts.push(format!(
                "`{}` was reported as {v}, but its question presupposes `{text}`, which does not hold; both are kept, check them",
                p.kb.facts[f].id
            ));
        }
    }
}

/// Probabilities of the causes and of the unknown cause, from unnormalised weights.
pub fn normalise(weights: &[f64], unknown_weight: f64) -> (Vec<f64>, f64) {
    let total: f64 = weights.iter().sum::<f64>() + unknown_weight;
    if total <= 0.0 || !total.is_finite() {
        return (vec![0.0; weights.len()], 1.0);
    }
    (weights.iter().map(|w| w / total).collect(), unknown_weight / total)
}
