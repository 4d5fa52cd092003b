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
    /// `fixes / ordering cost`.
    pub ratio: f64,
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
pub fn sequence(p: &Program, mass: &[f64], unknown: f64, done: &[bool], limit: usize) -> Sequence {
    let mut mass = mass.to_vec();
    let mut reach: f64 = mass.iter().sum::<f64>() + unknown;
    let mut placed = done.to_vec();
    let esc = p.kb.settings.escalation_minutes;
    let mut choices = Vec::new();
    let mut ecr = 0.0;
    loop {
        let mut best: Option<(usize, f64, f64)> = None;
        let mut second: Option<(usize, f64)> = None;
        for m in 0..p.kb.remedies.len() {
            if placed[m] {
                continue;
            }
            let q = fix_mass(p, m, &mass);
            if q <= 1e-9 {
                continue;
            }
            let blocked = p.kb.remedies[m].after.iter().any(|&b| !placed[b] && fix_mass(p, b, &mass) > 1e-9);
            if blocked {
                continue;
            }
            let ratio = q / ordering_cost(p, m);
            let better = best.is_none_or(|(bm, _, br)| ratio > br * (1.0 + 1e-12) || (ratio >= br * (1.0 - 1e-12) && p.remedy_rank[m] < p.remedy_rank[bm]));
            if better {
                if let Some((bm, _, br)) = best {
                    second = Some((bm, br));
                }
                best = Some((m, q, ratio));
            } else if second.is_none_or(|(_, sr)| ratio > sr) {
                second = Some((m, ratio));
            }
        }
        let escalate_ratio = reach / esc;
        match best {
            Some((m, q, ratio)) if ratio > escalate_ratio && choices.len() < limit => {
                ecr += reach * remedy_minutes(p, m);
                choices.push(Choice { remedy: m, fixes: q, reach, runner_up: second, ratio });
                for &(c, f) in &p.kb.remedies[m].fixes {
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

/// P(remedy m fixes it) given the current masses.
pub fn fix_mass(p: &Program, m: usize, mass: &[f64]) -> f64 {
    p.kb.remedies[m].fixes.iter().map(|&(c, f)| mass[c] * f).sum()
}
