//! The expected cost of repair of the greedy fix sequence: remedies by decreasing p/C,
//! recomputed as each earlier one is assumed to fail, ending in escalation.

use crate::check::Program;
use crate::kb::Risk;

/// How much more a risky remedy must be worth before it goes ahead of a safe one: its cost is
/// multiplied by this factor when ordering (never when reporting).
pub fn risk_factor(r: Risk) -> f64 {
    match r {
        Risk::Low => 1.0,
        Risk::Medium => 1.5,
        Risk::High => 3.0,
    }
}

/// Minutes a remedy costs, with its reboot.
pub fn remedy_minutes(p: &Program, m: usize) -> f64 {
    let c = &p.kb.remedies[m].cost;
    c.minutes + if c.reboot { 10.0 } else { 0.0 }
}

/// The cost used for ordering: minutes weighted by risk.
pub fn ordering_cost(p: &Program, m: usize) -> f64 {
    remedy_minutes(p, m) * risk_factor(p.kb.remedies[m].risk)
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
    /// Probability still unfixed when escalation is reached.
    pub escalate_reach: f64,
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
    loop {
        // (first step, its fix probability, chain ratio, the remedy the chain is for)
        let mut best: Option<(usize, f64, f64, usize)> = None;
        let mut second: Option<(usize, f64)> = None;
        for m in 0..p.kb.remedies.len() {
            if placed[m] || fix_mass(fixes, m, &mass) <= 1e-9 {
                continue;
            }
            // A remedy whose prerequisites are not done yet competes as the whole chain
            // (prerequisites first); choosing it places the chain's first step now.
            let target = m;
            let blocked = p.kb.remedies[m].after.iter().any(|&b| !placed[b] && fix_mass(fixes, b, &mass) > 1e-9);
            let (m, q, ratio) = if blocked {
                let chain = chain(p, fixes, m, &placed, &mass);
                let (q, ratio) = chain_value(p, fixes, &chain, &mass, reach);
                (chain[0], q, ratio)
            } else {
                let q = fix_mass(fixes, m, &mass);
                (m, q, q / ordering_cost(p, m))
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
                ecr += reach * remedy_minutes(p, m);
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
                return Sequence { choices, escalate_reach: reach.max(0.0), ecr };
            }
        }
    }
}

/// The unplaced prerequisites of `m` that would fix something (transitively, earliest first),
/// then `m` itself.
fn chain(p: &Program, fixes: &Fixes, m: usize, placed: &[bool], mass: &[f64]) -> Vec<usize> {
    fn visit(p: &Program, fixes: &Fixes, m: usize, placed: &[bool], mass: &[f64], out: &mut Vec<usize>) {
        for &b in &p.kb.remedies[m].after {
            if !placed[b] && !out.contains(&b) && fix_mass(fixes, b, mass) > 1e-9 {
                visit(p, fixes, b, placed, mass, out);
                out.push(b);
            }
        }
    }
    let mut out = Vec::new();
    visit(p, fixes, m, placed, mass, &mut out);
    out.sort_by_key(|&x| p.remedy_rank[x]);
    out.push(m);
    out
}

/// The first step's fix probability, and the chain's probability per ordering minute.
fn chain_value(p: &Program, fixes: &Fixes, chain: &[usize], mass: &[f64], start: f64) -> (f64, f64) {
    let mut mass = mass.to_vec();
    let mut reach = 1.0;
    let (mut fixed, mut cost, mut first) = (0.0, 0.0, 0.0);
    for (i, &m) in chain.iter().enumerate() {
        let q = fix_mass(fixes, m, &mass);
        if i == 0 {
            first = q;
        }
        cost += reach * ordering_cost(p, m);
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

/// For each remedy, the probability that it fixes each cause, given what is known.
pub type Fixes = Vec<Vec<(usize, f64)>>;

/// Each remedy's `fixes`, overridden by the first of its `when` conditions that holds.
pub fn effective_fixes(p: &Program, values: &[Option<crate::value::Value>]) -> Fixes {
    p.kb.remedies
        .iter()
        .zip(&p.remedy_when)
        .map(|(r, when)| {
            let mut fixes = r.fixes.clone();
            if let Some((_, over)) =
                when.iter().find(|(c, _)| crate::infer::logic::eval(c, values) == crate::infer::logic::Truth::True)
            {
                for &(c, f) in over {
                    match fixes.iter_mut().find(|x| x.0 == c) {
                        Some(x) => x.1 = f,
                        None => fixes.push((c, f)),
                    }
                }
            }
            fixes
        })
        .collect()
}
