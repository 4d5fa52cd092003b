//! The expected cost of repair of the greedy fix sequence: remedies by decreasing p/C,
//! recomputed as each earlier one is assumed to fail, ending in escalation.

use crate::kb::Risk;
use crate::program::{logic, Program};

/// How much more a risky remedy must be worth before it goes ahead of a safe one: its cost is
/// multiplied by this factor when ordering (never when reporting).
pub fn risk_factor(r: Risk) -> f64 {
    match r {
        Risk::Low => 1.0,
        Risk::Medium => 1.5,
        Risk::High => 3.0,
    }
}

/// Minutes a reboot adds to a step.
const REBOOT_MINUTES: f64 = 10.0;

/// The cost used for ordering: minutes weighted by risk.
pub fn ordering_cost(p: &Program, fixes: &Fixes, m: usize) -> f64 {
    fixes.minutes[m] * risk_factor(p.kb.remedies[m].risk)
}

/// Minutes that reaching the server's console adds to a step that needs it, given what is known
/// about console access (settings `console`; 10 when the knowledge base does not say).
pub fn console_minutes(p: &Program, values: &[Option<crate::value::Value>]) -> f64 {
    let Some(c) = &p.kb.settings.console else { return 10.0 };
    match p.console_fact.and_then(|f| values[f].as_ref()) {
        Some(crate::value::Value::Bool(true)) => c.available_minutes,
        Some(_) => c.unavailable_minutes,
        None => c.unknown_minutes,
    }
}

/// Minutes a check or a remedy costs: its own time, a reboot, and reaching the console.
pub fn minutes(cost: &crate::kb::CostDoc, console: f64) -> f64 {
    cost.minutes + if cost.reboot { REBOOT_MINUTES } else { 0.0 } + if cost.console { console } else { 0.0 }
}

/// One greedy choice.
#[derive(Clone, Debug)]
pub struct Choice {
    pub remedy: usize,
    /// Probability that this step fixes the problem (and no earlier step did).
    pub fixes: f64,
    /// Probability that the problem is still there when this step starts.
    pub reach: f64,
    /// The runner-up at this position, for explanations: (remedy, its p/C).
    pub runner_up: Option<(usize, f64)>,
    /// Probability per ordering minute of this step, or of the chain it starts.
    pub ratio: f64,
    /// When this step is chosen as the prerequisite of a more valuable remedy, that remedy.
    pub enables: Option<usize>,
}

/// The greedy sequence from `mass[c]` = P(cause c and not fixed yet) and the unknown cause's mass.
pub struct Sequence {
    pub choices: Vec<Choice>,
    /// Expected cost in minutes, escalation included.
    pub ecr: f64,
}

/// Builds the greedy sequence. `done[m]` marks remedies already in the plan (assumed failed).
pub fn sequence(p: &Program, fixes: &Fixes, mass: &[f64], unknown: f64, done: &[bool], limit: usize) -> Sequence {
    let mut mass = mass.to_vec();
    let mut reach: f64 = mass.iter().sum::<f64>() + unknown;
    let mut placed = done.to_vec();
    let esc = p.kb.settings.escalation_minutes;
    let mut choices = Vec::new();
    let mut ecr = 0.0;
    let remedies = p.kb.remedies.len();
    // Each remedy's fix mass at this step, computed once per step (every candidate, its
    // prerequisites and its chain read it), and scratch buffers for the chains.
    let mut fm = vec![0.0; remedies];
    let mut chain_buf = Vec::new();
    let mut mass_buf = Vec::new();
    loop {
        for (m, x) in fm.iter_mut().enumerate() {
            *x = if placed[m] { 0.0 } else { fix_mass(fixes, m, &mass) };
        }
        // (first step, its fix probability, chain ratio, the remedy the chain is for)
        let mut best: Option<(usize, f64, f64, usize)> = None;
        let mut second: Option<(usize, f64)> = None;
        for m in 0..remedies {
            if placed[m] || fm[m] <= 1e-9 {
                continue;
            }
            // A remedy whose prerequisites are not done yet competes as the whole chain
            // (prerequisites first); choosing it places the chain's first step now.
            let target = m;
            let blocked = p.kb.remedies[m].after.iter().any(|&b| !placed[b] && fm[b] > 1e-9);
            let (m, q, ratio) = if blocked {
                chain(p, m, &placed, &fm, &mut chain_buf);
                let (q, ratio) = chain_value(p, fixes, &chain_buf, &mass, reach, &mut mass_buf);
                (chain_buf[0], q, ratio)
            } else {
                let q = fm[m];
                (m, q, q / ordering_cost(p, fixes, m))
            };
            let better = best.is_none_or(|(bm, _, br, _)| {
                ratio > br * (1.0 + 1e-12) || (ratio >= br * (1.0 - 1e-12) && p.remedy_rank[m] < p.remedy_rank[bm])
            });
            if better {
                if let Some((bm, _, br, _)) = best.filter(|b| b.0 != m) {
                    second = Some((bm, br));
                }
                best = Some((m, q, ratio, target));
            } else if best.is_some_and(|b| b.0 != m) && second.is_none_or(|(_, sr)| ratio > sr) {
                second = Some((m, ratio));
            }
        }
        let escalate_ratio = reach / esc;
        match best {
            Some((m, q, ratio, target)) if ratio > escalate_ratio && choices.len() < limit => {
                ecr += reach * fixes.minutes[m];
                let enables = (target != m).then_some(target);
                choices.push(Choice { remedy: m, fixes: q, reach, runner_up: second, ratio, enables });
                for &(c, f) in &fixes[m] {
                    mass[c] *= 1.0 - f;
                }
                reach -= q;
                placed[m] = true;
            }
            _ => {
                ecr += reach.max(0.0) * esc;
                return Sequence { choices, ecr };
            }
        }
    }
}

/// The unplaced prerequisites of `m` that would fix something (transitively, earliest first),
/// then `m` itself, into `out`; `fm` is each remedy's fix mass now.
fn chain(p: &Program, m: usize, placed: &[bool], fm: &[f64], out: &mut Vec<usize>) {
    fn visit(p: &Program, m: usize, placed: &[bool], fm: &[f64], out: &mut Vec<usize>) {
        for &b in &p.kb.remedies[m].after {
            if !placed[b] && !out.contains(&b) && fm[b] > 1e-9 {
                visit(p, b, placed, fm, out);
                out.push(b);
            }
        }
    }
    out.clear();
    visit(p, m, placed, fm, out);
    out.sort_by_key(|&x| p.remedy_rank[x]);
    out.push(m);
}

/// The first step's fix probability, and the chain's probability per ordering minute; `scratch`
/// holds the masses as the chain's steps are assumed to fail.
fn chain_value(
    p: &Program,
    fixes: &Fixes,
    chain: &[usize],
    mass: &[f64],
    start: f64,
    scratch: &mut Vec<f64>,
) -> (f64, f64) {
    scratch.clear();
    scratch.extend_from_slice(mass);
    let mass = scratch;
    let mut reach = 1.0;
    let (mut fixed, mut cost, mut first) = (0.0, 0.0, 0.0);
    for (i, &m) in chain.iter().enumerate() {
        let q = fix_mass(fixes, m, mass);
        if i == 0 {
            first = q;
        }
        cost += reach * ordering_cost(p, fixes, m);
        fixed += q;
        reach = (reach - q / start.max(1e-12)).max(0.0);
        for &(c, f) in &fixes[m] {
            mass[c] *= 1.0 - f;
        }
    }
    (first, if cost > 0.0 { fixed / cost } else { 0.0 })
}

/// P(remedy m fixes it) given the current masses.
pub fn fix_mass(fixes: &Fixes, m: usize, mass: &[f64]) -> f64 {
    fixes[m].iter().map(|&(c, f)| mass[c] * f).sum()
}

/// What each remedy is worth given what is known: the probability that it fixes each cause
/// (indexing gives a remedy's list), and its minutes.
#[derive(Clone, Debug, PartialEq)]
pub struct Fixes {
    pub by_remedy: Vec<Vec<(usize, f64)>>,
    pub minutes: Vec<f64>,
}

impl std::ops::Index<usize> for Fixes {
    type Output = Vec<(usize, f64)>;
    fn index(&self, m: usize) -> &Self::Output {
        &self.by_remedy[m]
    }
}

/// Each remedy's `fixes`, overridden by the first of its `when` conditions that holds, and its
/// minutes with the console as reachable as the facts say.
pub fn effective_fixes(p: &Program, values: &[Option<crate::value::Value>]) -> Fixes {
    let console = console_minutes(p, values);
    let minutes = p.kb.remedies.iter().map(|r| self::minutes(&r.cost, console)).collect();
    let by_remedy =
        p.kb.remedies
            .iter()
            .zip(&p.remedy_when)
            .map(|(r, when)| {
                let mut fixes = r.fixes.clone();
                if let Some((_, over)) = when.iter().find(|(c, _)| logic::eval(c, values) == logic::Truth::True) {
                    for &(c, f) in over {
                        match fixes.iter_mut().find(|x| x.0 == c) {
                            Some(x) => x.1 = f,
                            None => fixes.push((c, f)),
                        }
                    }
                }
                fixes
            })
            .collect();
    Fixes { by_remedy, minutes }
}
