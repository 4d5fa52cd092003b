//! The explanation of one evaluation as plain data: how each cause got its probability (prior ×
//! the factors of the rules that fired), why a cause is ruled out or stays low and which missing
//! facts could change that, and why the plan is in its order. `explain.txt.j2` turns it into text.

use super::report::{show, FactValue};
use crate::facts::Incident;
use crate::infer::Evaluation;
use crate::plan::{Plan, StepKind};
use crate::program::{Effect, Program};
use serde::Serialize;

/// A cause among the first `LIKELY_RANKS` with at least `LIKELY_PROBABILITY` is "likely"; any
/// other cause not ruled out is "low" and gets a "why not".
const LIKELY_RANKS: usize = 3;
const LIKELY_PROBABILITY: f64 = 0.05;

#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Only one cause was asked for (`--cause`).
    pub single: bool,
    /// The weight of "a cause the knowledge base does not know", and its probability.
    pub unknown_weight: f64,
    pub unknown_probability: f64,
    /// Every cause's weight plus the unknown weight: what the weights are divided by.
    pub total_weight: f64,
    pub causes: Vec<CauseWhy>,
    pub plan: Vec<StepWhy>,
    pub derived: Vec<DerivedWhy>,
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CauseWhy {
    pub id: String,
    pub title: String,
    /// `likely`, `low` or `ruled_out`.
    pub status: &'static str,
    /// 1-based place among the causes not ruled out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
    /// The prior as the author wrote it, and normalised over all causes and the unknown cause.
    pub raw_prior: f64,
    pub prior: f64,
    /// The product of the factors of the rules that fired (0 when ruled out).
    pub factor: f64,
    /// prior × factor.
    pub weight: f64,
    pub probability: f64,
    /// For a cause below the leading one: how far behind it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behind: Option<Behind>,
    /// Rules that fired and changed this cause's odds, in program order.
    pub fired: Vec<Factor>,
    /// Rules not decided yet (a fact they read is unknown) that would raise this cause.
    pub could_raise: Vec<Pending>,
    /// Rules not decided yet that would lower it or rule it out.
    pub could_lower: Vec<Pending>,
}

/// The leading cause, and the factor this cause's weight would need to reach the leader's.
#[derive(Clone, Debug, Serialize)]
pub struct Behind {
    pub leader: String,
    pub leader_weight: f64,
    /// `None` when this cause's weight is 0 (no factor brings it level).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor_to_lead: Option<f64>,
}

/// One fired rule's effect on one cause, with the facts that made it fire.
#[derive(Clone, Debug, Serialize)]
pub struct Factor {
    pub rule: String,
    pub title: String,
    pub strength: String,
    pub factor: f64,
    pub facts: Vec<FactValue>,
    pub location: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A rule whose condition is unknown, and the unknown facts that would decide it.
#[derive(Clone, Debug, Serialize)]
pub struct Pending {
    pub rule: String,
    pub title: String,
    pub strength: String,
    pub factor: f64,
    pub location: String,
    pub missing: Vec<MissingFact>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingFact {
    pub id: String,
    pub question: String,
    pub cost_minutes: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepWhy {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub cost_minutes: f64,
    /// Probability that the problem is still open when this step starts.
    pub reach: f64,
    /// Fix: probability that this step solves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    pub why: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DerivedWhy {
    pub id: String,
    pub value: String,
    pub rule: String,
    pub location: String,
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `x` to three significant digits, so a large ratio does not print as 1234567.8912.
fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(2 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// What rule `ri` does to cause `c`: its strength name and ratio, if it names the cause.
fn effect_on(p: &Program, ri: usize, c: usize) -> Option<(String, f64)> {
    p.rules[ri].effects.iter().find_map(|e| match e {
        Effect::Scale { cause, ratio, strength } if *cause == c => Some((strength.clone(), *ratio)),
        Effect::RuleOut(cause) if *cause == c => Some(("rules out".to_string(), 0.0)),
        _ => None,
    })
}

/// Builds the explanation; `only` limits it to one cause. Values from the fact file are made
/// safe for a terminal here.
pub fn build(p: &Program, incident: &Incident, ev: &Evaluation, plan: &Plan, only: Option<usize>) -> Explanation {
    let clean = |s: &str| super::sanitize_line(s);
    let ranking = ev.ranking(p);
    let mut order: Vec<usize> = ranking.clone();
    let mut out: Vec<usize> = (0..p.kb.causes.len()).filter(|&c| ev.ruled_out(c)).collect();
    out.sort_by(|&a, &b| p.kb.causes[a].id.cmp(&p.kb.causes[b].id));
    order.extend(out);
    if let Some(c) = only {
        order.retain(|&x| x == c);
    }
    let causes = order
        .into_iter()
        .map(|c| {
            let rank = ranking.iter().position(|&x| x == c);
            let cause = &p.kb.causes[c];
            let status = match rank {
                None => "ruled_out",
                Some(r) if r < LIKELY_RANKS && ev.probabilities[c] >= LIKELY_PROBABILITY => "likely",
                Some(_) => "low",
            };
            let fired: Vec<Factor> = ev.contributions[c].iter().map(|x| factor(p, ev, x.rule, c, x.ratio)).collect();
            let mut could_raise = Vec::new();
            let mut could_lower = Vec::new();
            // A ruled-out cause stays out whatever else fires, so nothing pending can change it.
            for (ri, missing) in ev.pending.iter().filter(|_| rank.is_some()) {
                let Some((strength, ratio)) = effect_on(p, *ri, c) else { continue };
                let pending = Pending {
                    rule: p.rules[*ri].id.to_string(),
                    title: p.rules[*ri].title.clone(),
                    strength,
                    factor: ratio,
                    location: p.rule_location(*ri),
                    missing: missing
                        .iter()
                        .map(|&f| MissingFact {
                            id: p.kb.facts[f].id.to_string(),
                            question: p.kb.facts[f].question.trim().to_string(),
                            cost_minutes: p.kb.facts[f].cost.minutes,
                        })
                        .collect(),
                };
                if ratio > 1.0 {
                    could_raise.push(pending);
                } else if ratio < 1.0 {
                    could_lower.push(pending);
                }
            }
            could_raise.sort_by(|a, b| b.factor.total_cmp(&a.factor).then_with(|| a.rule.cmp(&b.rule)));
            could_lower.sort_by(|a, b| a.factor.total_cmp(&b.factor).then_with(|| a.rule.cmp(&b.rule)));
            let behind = match (ranking.first(), rank) {
                (Some(&lead), Some(r)) if r > 0 => Some(Behind {
                    leader: p.kb.causes[lead].id.to_string(),
                    leader_weight: round(ev.weights[lead]),
                    factor_to_lead: (ev.weights[c] > 0.0).then(|| significant(ev.weights[lead] / ev.weights[c])),
                }),
                _ => None,
            };
            CauseWhy {
                id: cause.id.to_string(),
                title: cause.title.trim().to_string(),
                status,
                rank: rank.map(|r| r + 1),
                raw_prior: cause.raw_prior,
                prior: round(cause.prior),
                factor: round(ev.contributions[c].iter().map(|x| x.ratio).product()),
                weight: round(ev.weights[c]),
                probability: round(ev.probabilities[c]),
                behind,
                fired,
                could_raise,
                could_lower,
            }
        })
        .collect();
    let unknown_weight = p.kb.settings.unknown_cause_prior;
    let derived = (0..p.kb.facts.len())
        .filter_map(|f| {
            let r = ev.derived_by[f]?;
            Some(DerivedWhy {
                id: p.kb.facts[f].id.to_string(),
                value: ev.values[f].as_ref().map(|v| clean(&show(p, f, v))).unwrap_or_default(),
                rule: p.rules[r].id.to_string(),
                location: p.rule_location(r),
            })
        })
        .collect();
    let mut warnings: Vec<String> = incident.warnings.iter().map(|w| clean(w)).collect();
    warnings.extend(ev.conflicts.iter().map(|w| clean(w)));
    Explanation {
        input: clean(&incident.input),
        host: incident.meta.get("host").and_then(|h| h.as_str()).map(clean),
        single: only.is_some(),
        unknown_weight,
        unknown_probability: round(ev.unknown_probability),
        total_weight: round(ev.weights.iter().sum::<f64>() + unknown_weight),
        causes,
        plan: plan.steps.iter().map(|s| step(p, s)).collect(),
        derived,
        warnings,
    }
}

fn factor(p: &Program, ev: &Evaluation, ri: usize, c: usize, ratio: f64) -> Factor {
    let rule = &p.rules[ri];
    Factor {
        rule: rule.id.to_string(),
        title: rule.title.clone(),
        strength: effect_on(p, ri, c).map(|(s, _)| s).unwrap_or_default(),
        factor: ratio,
        facts: rule
            .reads
            .iter()
            .filter_map(|&f| {
                ev.values[f].as_ref().map(|v| FactValue {
                    id: p.kb.facts[f].id.to_string(),
                    value: super::sanitize_line(&show(p, f, v)),
                    derived: ev.derived_by[f].is_some(),
                })
            })
            .collect(),
        location: p.rule_location(ri),
        sources: rule.sources.clone(),
    }
}

fn step(p: &Program, s: &crate::plan::Step) -> StepWhy {
    let (kind, id, title, probability) = match s.kind {
        StepKind::Check => {
            let f = &p.kb.facts[s.target];
            ("check", f.id.to_string(), f.question.trim().to_string(), None)
        }
        StepKind::Fix => {
            let m = &p.kb.remedies[s.target];
            ("fix", m.id.to_string(), m.title.trim().to_string(), Some(round(s.success)))
        }
        StepKind::Escalate => {
            ("escalate", "escalate".to_string(), "Hand the case on with the facts gathered".into(), None)
        }
    };
    StepWhy {
        kind,
        id,
        title,
        cost_minutes: s.cost_minutes,
        reach: round(s.reach),
        probability,
        why: super::sanitize_terminal(&s.why),
    }
}
