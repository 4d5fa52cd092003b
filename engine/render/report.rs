//! The report of one incident as plain data: what JSON serialises and the templates read.

use crate::facts::Incident;
use crate::infer::Evaluation;
use crate::kb::{risk_name, ActionDoc, Evidence, StepDoc};
use crate::plan::{Plan, StepKind};
use crate::program::{Effect, Program};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub causes: Vec<CauseReport>,
    pub ruled_out: Vec<RuledOut>,
    pub unknown_cause_probability: f64,
    pub plan: Vec<PlanStep>,
    pub expected_minutes: f64,
    /// Facts derived by rules, with the rule that derived them.
    pub derived: Vec<Derived>,
    /// Unknown facts that would decide pending rules, with how many rules each would decide;
    /// most rules first (what a collector should gather next).
    pub missing_facts: Vec<MissingFact>,
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CauseReport {
    pub id: String,
    pub title: String,
    pub probability: f64,
    pub prior: f64,
    pub evidence_level: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    pub evidence: Vec<EvidenceItem>,
}

/// One fired rule's effect on one cause.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceItem {
    pub rule: String,
    pub title: String,
    pub strength: String,
    /// The likelihood ratio, or the certainty factor when the knowledge base combines evidence
    /// as certainty factors; 0 when the rule rules the cause out.
    pub factor: f64,
    /// The effect as people read it: `×10`, `cf +0.35`, or `ruled out`.
    pub effect: String,
    pub facts: Vec<FactValue>,
    pub location: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FactValue {
    pub id: String,
    pub value: String,
    pub derived: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuledOut {
    pub id: String,
    pub title: String,
    pub by: Vec<EvidenceItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Derived {
    pub id: String,
    pub value: String,
    pub rule: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingFact {
    pub id: String,
    pub rules: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub answer: String,
    pub probability: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leading_cause: Option<String>,
    pub leading_probability: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanStep {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub cost_minutes: f64,
    /// Probability that the problem is still open when this step starts.
    pub reach: f64,
    pub why: String,
    // check
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<crate::kb::AnsweredBy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_saving_minutes: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
    // fix
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_note: Option<String>,
    pub admin: bool,
    pub console: bool,
    pub reboot: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<ActionDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert_run: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_level: Option<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Escalate: every known fact (observed or derived), to hand on with the case.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub facts: std::collections::BTreeMap<String, String>,
}

/// A fact's value as people write it: error codes in hex, as the mstsc dialog shows them.
pub(super) fn show(p: &Program, fact: usize, v: &crate::value::Value) -> String {
    match v {
        crate::value::Value::Int(i) if p.kb.facts[fact].id.as_str().ends_with("error_code") && *i >= 0 => {
            format!("{i:#x}")
        }
        other => other.to_string(),
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Assembles the report. Values from the fact file are made safe for a terminal here.
pub fn build(p: &Program, incident: &Incident, ev: &Evaluation, plan: &Plan) -> Report {
    let clean = |s: &str| super::sanitize_line(s);
    let evidence_of = |cause: usize| -> Vec<EvidenceItem> {
        ev.contributions[cause]
            .iter()
            .map(|c| {
                let rule = &p.rules[c.rule];
                let strength = rule
                    .effects
                    .iter()
                    .find_map(|e| match e {
                        Effect::Scale { cause: x, strength, .. } if *x == cause => Some(strength.clone()),
                        Effect::RuleOut(x) if *x == cause => Some("rules out".to_string()),
                        _ => None,
                    })
                    .unwrap_or_default();
                EvidenceItem {
                    rule: rule.id.to_string(),
                    title: rule.title.clone(),
                    strength,
                    factor: c.ratio,
                    effect: match p.kb.settings.combination {
                        _ if c.ratio == 0.0 => "ruled out".to_string(),
                        crate::kb::Combination::LikelihoodRatio => format!("×{}", c.ratio),
                        crate::kb::Combination::CertaintyFactor => format!("cf {:+.3}", c.ratio),
                    },
                    facts: rule
                        .reads
                        .iter()
                        .filter_map(|&f| {
                            ev.values[f].as_ref().map(|v| FactValue {
                                id: p.kb.facts[f].id.to_string(),
                                value: clean(&show(p, f, v)),
                                derived: ev.derived_by[f].is_some(),
                            })
                        })
                        .collect(),
                    location: p.rule_location(c.rule),
                }
            })
            .collect()
    };
    let causes = ev
        .ranking(p)
        .into_iter()
        .map(|c| {
            let cause = &p.kb.causes[c];
            CauseReport {
                id: cause.id.to_string(),
                title: cause.title.clone(),
                probability: round(ev.probabilities[c]),
                prior: round(cause.prior),
                evidence_level: cause.evidence,
                verdict: cause.verdict.as_ref().map(|x| x.trim().to_string()),
                evidence: evidence_of(c),
            }
        })
        .collect();
    let mut ruled_out: Vec<RuledOut> = (0..p.kb.causes.len())
        .filter(|&c| ev.ruled_out(c))
        .map(|c| RuledOut {
            id: p.kb.causes[c].id.to_string(),
            title: p.kb.causes[c].title.clone(),
            by: evidence_of(c).into_iter().filter(|e| e.factor == 0.0).collect(),
        })
        .collect();
    ruled_out.sort_by(|a, b| a.id.cmp(&b.id));
    let derived = (0..p.kb.facts.len())
        .filter_map(|f| {
            let r = ev.derived_by[f]?;
            Some(Derived {
                id: p.kb.facts[f].id.to_string(),
                value: ev.values[f].as_ref().map(|v| clean(&show(p, f, v))).unwrap_or_default(),
                rule: p.rules[r].id.to_string(),
                title: p.rules[r].title.clone(),
            })
        })
        .collect();
    let mut warnings: Vec<String> = incident.warnings.iter().map(|w| clean(w)).collect();
    warnings.extend(ev.conflicts.iter().map(|w| clean(w)));
    Report {
        input: clean(&incident.input),
        host: incident.meta.get("host").and_then(|h| h.as_str()).map(clean),
        causes,
        ruled_out,
        unknown_cause_probability: round(ev.unknown_probability),
        plan: plan.steps.iter().map(|s| step(p, ev, s)).collect(),
        expected_minutes: (plan.expected_minutes * 10.0).round() / 10.0,
        derived,
        missing_facts: missing_facts(p, ev),
        warnings,
    }
}

fn missing_facts(p: &Program, ev: &Evaluation) -> Vec<MissingFact> {
    let mut counts = vec![0usize; p.kb.facts.len()];
    for (_, missing) in &ev.pending {
        for &f in missing {
            counts[f] += 1;
        }
    }
    let mut out: Vec<MissingFact> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(f, &n)| MissingFact { id: p.kb.facts[f].id.to_string(), rules: n })
        .collect();
    out.sort_by(|a, b| b.rules.cmp(&a.rules).then_with(|| a.id.cmp(&b.id)));
    out
}

fn step(p: &Program, ev: &Evaluation, s: &crate::plan::Step) -> PlanStep {
    let mut out = PlanStep {
        kind: "escalate",
        id: "escalate".into(),
        title: String::new(),
        cost_minutes: s.cost_minutes,
        reach: round(s.reach),
        why: s.why.clone(),
        help: None,
        answered_by: None,
        expected_saving_minutes: None,
        outcomes: Vec::new(),
        causes: s.causes.iter().map(|&(c, _)| p.kb.causes[c].id.to_string()).collect(),
        probability: None,
        risk: None,
        risk_note: None,
        admin: false,
        console: false,
        reboot: false,
        steps: Vec::new(),
        verify: None,
        revert: None,
        revert_run: None,
        evidence_level: None,
        verdict: None,
        sources: Vec::new(),
        facts: Default::default(),
    };
    match s.kind {
        StepKind::Check => {
            let f = &p.kb.facts[s.target];
            out.kind = "check";
            out.id = f.id.to_string();
            out.title = f.question.clone();
            out.help = Some(f.help.clone());
            out.answered_by = Some(f.answered_by);
            out.expected_saving_minutes = Some((s.saving * 10.0).round() / 10.0);
            out.admin = f.cost.admin;
            out.console = f.cost.console;
            out.reboot = f.cost.reboot;
            out.outcomes = s
                .outcomes
                .iter()
                .map(|o| Outcome {
                    answer: o.answer.clone(),
                    probability: round(o.probability),
                    leading_cause: o.leading_cause.map(|c| p.kb.causes[c].id.to_string()),
                    leading_probability: round(o.leading_probability),
                })
                .collect();
        }
        StepKind::Fix => {
            let m = &p.kb.remedies[s.target];
            out.kind = "fix";
            out.id = m.id.to_string();
            out.title = m.title.trim().to_string();
            out.probability = Some(round(s.success));
            out.risk = Some(risk_name(m.risk));
            out.risk_note = m.risk_note.as_ref().map(|x| x.trim().to_string());
            out.admin = m.cost.admin;
            out.console = m.cost.console;
            out.reboot = m.cost.reboot;
            out.steps = m
                .steps
                .iter()
                .map(|st| StepDoc {
                    action: st.action.trim().to_string(),
                    place: st.place.clone(),
                    shell: st.shell.clone(),
                    run: st.run.as_ref().map(|r| r.trim_end().to_string()),
                })
                .collect();
            out.verify = m.verify.as_ref().map(|v| ActionDoc {
                action: v.action.trim().to_string(),
                run: v.run.as_ref().map(|r| r.trim_end().to_string()),
            });
            out.revert = m.revert.as_ref().map(|r| r.action.trim().to_string());
            out.revert_run = m.revert.as_ref().and_then(|r| r.run.as_ref().map(|x| x.trim_end().to_string()));
            out.evidence_level = Some(m.evidence);
            out.verdict = m.verdict.as_ref().map(|x| x.trim().to_string());
            out.sources = m.sources.clone();
        }
        StepKind::Escalate => {
            out.title = "Escalate: hand the case on with the facts gathered so far".into();
            out.facts = ev
                .values
                .iter()
                .enumerate()
                .filter_map(|(f, v)| {
                    v.as_ref().map(|v| (p.kb.facts[f].id.to_string(), super::sanitize_line(&show(p, f, v))))
                })
                .collect();
        }
    }
    out
}
