//! Turns an evaluation into the fix plan: checks worth their cost, fixes by probability over
//! cost recomputed after each assumed failure, precedence and risk respected, then escalation.

pub mod ecr;
mod lookahead;
pub mod voi;

use crate::infer::Evaluation;
use crate::kb::risk_name;
use crate::program::Program;
use crate::value::Value;

/// Most checks proposed before the next fix: their answers are unknown when the plan is made,
/// so a longer run of checks would rest on values of information that ignore one another.
const MAX_CHECKS_IN_A_ROW: usize = 3;
/// Most fixes listed; past them the plan escalates whatever is left.
const MAX_FIXES: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Check,
    Fix,
    Escalate,
}

/// What one answer of a check would lead to.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub answer: String,
    pub probability: f64,
    pub leading_cause: Option<usize>,
    pub leading_probability: f64,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub kind: StepKind,
    /// Fact index (check) or remedy index (fix); unused for escalate.
    pub target: usize,
    pub cost_minutes: f64,
    /// Probability that the problem is still unsolved when this step starts.
    pub reach: f64,
    /// Fix: probability that this step solves it. Escalate: what is left.
    pub success: f64,
    /// Check: the expected minutes its answer saves.
    pub saving: f64,
    pub outcomes: Vec<Outcome>,
    /// Fix: the causes it addresses with their probability when the step starts.
    pub causes: Vec<(usize, f64)>,
    pub why: String,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Expected minutes to a fix if the plan's fixes are done in order (checks excluded).
    pub expected_minutes: f64,
}

/// Builds the plan for an evaluation of `observed` facts.
pub fn rank(p: &Program, ev: &Evaluation, observed: &[Option<Value>]) -> Plan {
    let candidates = voi::candidates(p, ev, observed);
    let fixes = ecr::effective_fixes(p, &ev.values);
    let causes = p.kb.causes.len();
    let mut fail = vec![1.0; causes];
    let mut done = vec![false; p.kb.remedies.len()];
    let mut asked = vec![false; candidates.len()];
    let mut steps = Vec::new();
    let unknown = p.kb.settings.unknown_cause_prior;
    let first = {
        let (m, u) = voi::masses(&ev.weights, &fail, unknown);
        ecr::sequence(p, &fixes, &m, u, &done, MAX_FIXES).ecr
    };
    let mut reach = 1.0;
    loop {
        // The state does not change between checks at one position (their answers are not known
        // yet), so each candidate's value is computed once here and the best few are proposed.
        let valued = value_checks(p, ev, &fixes, &candidates, &asked, &fail, &done, reach);
        for (i, saving, probs) in valued.into_iter().take(MAX_CHECKS_IN_A_ROW) {
            asked[i] = true;
            steps.push(Step { reach, ..check_step(p, ev, &candidates[i], saving, &probs, &fail) });
        }
        let (m, u) = voi::masses(&ev.weights, &fail, unknown);
        let seq = ecr::sequence(p, &fixes, &m, u, &done, 1);
        let fixes_so_far = steps.iter().filter(|s| s.kind == StepKind::Fix).count();
        match seq.choices.first() {
            Some(choice) if fixes_so_far < MAX_FIXES => {
                let mut addressed: Vec<(usize, f64)> =
                    fixes[choice.remedy].iter().map(|&(c, _)| (c, m[c])).filter(|&(_, x)| x > 0.0).collect();
                addressed.sort_by(|a, b| b.1.total_cmp(&a.1));
                let success = choice.fixes * reach;
                steps.push(Step {
                    kind: StepKind::Fix,
                    target: choice.remedy,
                    cost_minutes: fixes.minutes[choice.remedy],
                    reach,
                    success,
                    saving: 0.0,
                    outcomes: Vec::new(),
                    causes: addressed.clone(),
                    why: fix_why(p, &fixes, choice, &addressed, &done),
                });
                for &(c, f) in &fixes[choice.remedy] {
                    fail[c] *= 1.0 - f;
                }
                done[choice.remedy] = true;
                reach -= success;
            }
            _ => {
                let (m, u) = voi::masses(&ev.weights, &fail, unknown);
                let mut left: Vec<(usize, f64)> = m.iter().copied().enumerate().filter(|&(_, x)| x > 0.005).collect();
                left.sort_by(|a, b| b.1.total_cmp(&a.1));
                left.truncate(3);
                let why = escalate_why(p, &left, u, reach);
                steps.push(Step {
                    kind: StepKind::Escalate,
                    target: 0,
                    cost_minutes: p.kb.settings.escalation_minutes,
                    reach,
                    success: reach,
                    saving: 0.0,
                    outcomes: Vec::new(),
                    causes: left,
                    why,
                });
                break;
            }
        }
    }
    Plan { steps, expected_minutes: first }
}

/// Per fact, the chance that the person at hand answers its question (`answer`) and the chance
/// that answering means running its check rather than knowing it (`runs`), as `ask` estimates
/// them from the knowledge base and the session's answers.
#[derive(Clone, Debug)]
pub struct Answerable {
    pub answer: Vec<f64>,
    pub runs: Vec<f64>,
}

/// The one question most worth asking now, as a check step (its saving, answers and why), with
/// the bits of information it is expected to bring and, when they count what it adds to a later
/// question, that question's fact; `None` when no question is worth its cost.
/// A question's worth is what its answer brings, its value of information (minutes saved in the
/// plan) plus `settings.ask_minutes_per_bit` per expected bit, times the chance of getting an
/// answer (`who`), less what asking costs: the check's minutes when the person has to run it, and
/// `settings.ask_question_minutes` for the question itself; ties go to the fact id. The bits are the
/// larger of the question's own and what it adds to a partner sharing a pending rule with it
/// (`lookahead`), so that facts that tell something only together are asked. `skip[f]` marks
/// facts not to ask (answered "don't know"); facts that rules derive are never asked.
pub fn next_question(
    p: &Program,
    ev: &Evaluation,
    observed: &[Option<Value>],
    skip: &[bool],
    who: &Answerable,
) -> Option<(Step, f64, Option<usize>)> {
    let candidates: Vec<voi::Candidate> = voi::candidates(p, ev, observed)
        .into_iter()
        .filter(|c| !p.derived[c.fact] && !skip.get(c.fact).copied().unwrap_or(false))
        .collect();
    let fixes = ecr::effective_fixes(p, &ev.values);
    let fail = vec![1.0; p.kb.causes.len()];
    let done = vec![false; p.kb.remedies.len()];
    let unknown = p.kb.settings.unknown_cause_prior;
    let scored: Vec<(f64, Vec<f64>, f64)> = candidates
        .iter()
        .map(|c| {
            let (saving, probs) = voi::value(p, c, &ev.weights, &fixes, &fail, &done);
            let bits = voi::information(c, &ev.weights, unknown, &probs);
            (saving, probs, bits)
        })
        .collect();
    let one_step: Vec<f64> = scored.iter().map(|s| s.2).collect();
    // The best so far: (net worth, candidate index, bits, partner).
    let mut best: Option<(f64, usize, f64, Option<usize>)> = None;
    for (i, c) in candidates.iter().enumerate() {
        let (saving, probs, bits) = &scored[i];
        let pair = lookahead::pair_bits(p, ev, observed, &candidates, &one_step, i, probs);
        let (bits, partner) = if pair.0 > *bits { pair } else { (*bits, None) };
        let s = &p.kb.settings;
        let net = who.answer[c.fact] * (saving + s.ask_minutes_per_bit * bits)
            - who.runs[c.fact] * voi::check_minutes(p, c.fact, &ev.values)
            - s.ask_question_minutes;
        let better = match &best {
            None => true,
            Some((b, j, ..)) => {
                net > *b + 1e-9 || (net > *b - 1e-9 && p.kb.facts[c.fact].id < p.kb.facts[candidates[*j].fact].id)
            }
        };
        if net > 1e-9 && better {
            best = Some((net, i, bits, partner));
        }
    }
    let (_, i, bits, partner) = best?;
    let (saving, probs, _) = &scored[i];
    Some((Step { reach: 1.0, ..check_step(p, ev, &candidates[i], *saving, probs, &fail) }, bits, partner))
}

/// The checks worth their cost at this position, best net saving first (ties by fact id):
/// (candidate index, expected saving in minutes, probability of each answer).
#[allow(clippy::too_many_arguments)]
fn value_checks(
    p: &Program,
    ev: &Evaluation,
    fixes: &ecr::Fixes,
    candidates: &[voi::Candidate],
    asked: &[bool],
    fail: &[f64],
    done: &[bool],
    reach: f64,
) -> Vec<(usize, f64, Vec<f64>)> {
    let mut out: Vec<(usize, f64, f64, Vec<f64>)> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if asked[i] {
            continue;
        }
        let (value, probs) = voi::value(p, c, &ev.weights, fixes, fail, done);
        // The saving is in the minutes of a plan that is reached with probability `reach`.
        let saving = value * reach;
        let net = saving - voi::check_minutes(p, c.fact, &ev.values);
        if net > 1e-9 {
            out.push((i, net, saving, probs));
        }
    }
    out.sort_by(|a, b| {
        b.1.total_cmp(&a.1).then_with(|| p.kb.facts[candidates[a.0].fact].id.cmp(&p.kb.facts[candidates[b.0].fact].id))
    });
    out.into_iter().map(|(i, _, saving, probs)| (i, saving, probs)).collect()
}

fn check_step(p: &Program, ev: &Evaluation, c: &voi::Candidate, saving: f64, probs: &[f64], fail: &[f64]) -> Step {
    let unknown = p.kb.settings.unknown_cause_prior;
    let mut outcomes: Vec<Outcome> = c
        .answers
        .iter()
        .zip(probs)
        .map(|(a, &pr)| {
            let (m, _) = voi::masses(&a.weights, fail, unknown);
            let lead = m
                .iter()
                .copied()
                .enumerate()
                .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| p.kb.causes[y.0].id.cmp(&p.kb.causes[x.0].id)));
            Outcome {
                answer: a.label.clone(),
                probability: pr,
                leading_cause: lead.map(|l| l.0),
                leading_probability: lead.map_or(0.0, |l| l.1),
            }
        })
        .collect();
    outcomes.sort_by(|a, b| b.probability.total_cmp(&a.probability).then_with(|| a.answer.cmp(&b.answer)));
    let cost = voi::check_minutes(p, c.fact, &ev.values);
    let why = check_why(p, c.fact, saving, cost, &outcomes);
    Step {
        kind: StepKind::Check,
        target: c.fact,
        cost_minutes: cost,
        reach: 0.0,
        success: 0.0,
        saving,
        outcomes,
        causes: Vec::new(),
        why,
    }
}

fn check_why(p: &Program, fact: usize, saving: f64, cost: f64, outcomes: &[Outcome]) -> String {
    let f = &p.kb.facts[fact];
    let mut leads: Vec<String> = Vec::new();
    for o in outcomes.iter().take(4) {
        if let Some(c) = o.leading_cause {
            leads.push(format!("{} → {} ({:.0}%)", o.answer, p.kb.causes[c].id, o.leading_probability * 100.0));
        }
    }
    let same_leader = outcomes.windows(2).all(|w| w[0].leading_cause == w[1].leading_cause);
    format!(
        "its answer is expected to save {saving:.1} min of fixing for {cost:.0} min of checking{}; {}",
        if f.cost.console { " at the server's console" } else { "" },
        match (leads.is_empty(), same_leader) {
            (true, _) => "it changes the order of the fixes".to_string(),
            (false, true) =>
                format!("the leading cause stays, but the answer changes which fixes come first ({})", leads.join("; ")),
            (false, false) => format!("the answer decides what leads: {}", leads.join("; ")),
        }
    )
}

fn fix_why(p: &Program, fixes: &ecr::Fixes, choice: &ecr::Choice, addressed: &[(usize, f64)], done: &[bool]) -> String {
    let rm = &p.kb.remedies[choice.remedy];
    let minutes = fixes.minutes[choice.remedy];
    let share = if choice.reach > 0.0 { choice.fixes / choice.reach } else { 0.0 };
    let targets: Vec<String> =
        addressed.iter().take(2).map(|&(c, x)| format!("{} ({:.0}%)", p.kb.causes[c].id, x * 100.0)).collect();
    let mut why = format!(
        "fixes it with probability {:.0}% if the earlier steps did not, for {minutes:.0} min: the best probability per minute left",
        share * 100.0
    );
    if !targets.is_empty() {
        why.push_str(&format!(" (addresses {})", targets.join(", ")));
    }
    if rm.risk != crate::kb::Risk::Low {
        why.push_str(&format!(
            "; {} risk counts its cost ×{}, so a safer step of similar value goes first",
            risk_name(rm.risk),
            ecr::risk_factor(rm.risk)
        ));
    }
    let before: Vec<&str> = rm.after.iter().filter(|&&b| done[b]).map(|&b| p.kb.remedies[b].id.as_str()).collect();
    if !before.is_empty() {
        why.push_str(&format!("; comes after {}", before.join(", ")));
    }
    if let Some(target) = choice.enables {
        why.push_str(&format!(
            "; it must come before {}, and the two together are worth {:.4}/min",
            p.kb.remedies[target].id, choice.ratio
        ));
    }
    if let Some((r, ratio)) = choice.runner_up {
        why.push_str(&format!(
            "; next best was {} at {:.4}/min against {:.4}/min",
            p.kb.remedies[r].id, ratio, choice.ratio
        ));
    }
    why
}

fn escalate_why(p: &Program, left: &[(usize, f64)], unknown: f64, reach: f64) -> String {
    let names: Vec<String> = left.iter().map(|&(c, x)| format!("{} ({:.0}%)", p.kb.causes[c].id, x * 100.0)).collect();
    format!(
        "no remaining fix is worth more per minute than handing the case on ({:.0} min); the problem is still open with probability {:.0}%{}; a cause the knowledge base does not know: {:.0}%",
        p.kb.settings.escalation_minutes,
        reach * 100.0,
        if names.is_empty() { String::new() } else { format!(", most likely {}", names.join(", ")) },
        unknown * 100.0
    )
}
