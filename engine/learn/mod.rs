//! Learning from outcomes (DESIGN.md, "Learning from outcomes"): cause priors by Dirichlet
//! updating of the knowledge base's priors (their weight as pseudo-counts), each remedy's fix
//! probability per cause by Beta updating from its tries; the result is a separate, readable
//! layer (`file`) that `apply` puts on top of a program. Rules and strengths are never touched.

pub mod calibrate;
pub mod file;
pub mod inputs;
pub mod report;
pub mod run;
pub mod stats;

use crate::check::Program;
use crate::kb::Knowledge;
use crate::outcome::Outcome;

/// How learning weighs the knowledge base against the outcomes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The knowledge base's priors count as this many outcomes (the Dirichlet's total
    /// pseudo-count).
    pub prior_weight: f64,
    /// Each knowledge-base fix probability counts as this many tries (the Beta's pseudo-count).
    pub fix_weight: f64,
    /// The probability each credible interval holds.
    pub interval: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { prior_weight: 20.0, fix_weight: 10.0, interval: 0.9 }
    }
}

/// Outcomes counted, per cause and per (remedy, cause).
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Files with an outcome.
    pub outcomes: u64,
    /// Of them, those that name the confirmed cause.
    pub confirmed: u64,
    pub per_cause: Vec<u64>,
    /// Per remedy, per cause: (tries, fixed).
    pub tries: Vec<Vec<(u64, u64)>>,
}

impl Counts {
    pub fn new(kb: &Knowledge) -> Self {
        Counts {
            outcomes: 0,
            confirmed: 0,
            per_cause: vec![0; kb.causes.len()],
            tries: vec![vec![(0, 0); kb.causes.len()]; kb.remedies.len()],
        }
    }

    /// One case as it came. Fix tries count only when the cause is confirmed: a remedy tried
    /// and failing says nothing about a cause nobody named. A remedy never tried is no evidence.
    pub fn add(&mut self, o: &Outcome) {
        self.outcomes += 1;
        let Some(c) = o.cause else { return };
        self.confirmed += 1;
        self.per_cause[c] += 1;
        for &r in &o.tried {
            self.tries[r][c].0 += 1;
        }
        if let Some(r) = o.fixed_by {
            self.tries[r][c].0 += 1;
            self.tries[r][c].1 += 1;
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        self.outcomes += other.outcomes;
        self.confirmed += other.confirmed;
        for (a, b) in self.per_cause.iter_mut().zip(&other.per_cause) {
            *a += b;
        }
        for (ra, rb) in self.tries.iter_mut().zip(&other.tries) {
            for (a, b) in ra.iter_mut().zip(rb) {
                a.0 += b.0;
                a.1 += b.1;
            }
        }
    }
}

/// A learned cause prior: its share among the known causes (the learned priors sum to 1; the
/// knowledge base's `unknown_cause_prior` keeps its share, so the prior applied is
/// `prior × (1 − unknown_cause_prior)`).
#[derive(Clone, Debug, PartialEq)]
pub struct CausePrior {
    pub cause: usize,
    pub prior: f64,
    /// The knowledge base's share, for comparison.
    pub kb_prior: f64,
    pub outcomes: u64,
    pub interval: (f64, f64),
}

/// A learned probability that `remedy` fixes `cause`.
#[derive(Clone, Debug, PartialEq)]
pub struct FixRate {
    pub remedy: usize,
    pub cause: usize,
    pub probability: f64,
    /// The knowledge base's base `fixes` entry (0 when it has none).
    pub kb: f64,
    pub tries: u64,
    pub fixed: u64,
    pub interval: (f64, f64),
}

/// The learned layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Learned {
    pub settings: Settings,
    pub outcomes: u64,
    pub confirmed: u64,
    pub causes: Vec<CausePrior>,
    pub fixes: Vec<FixRate>,
}

/// Each cause's prior as a share of the known causes (what the Dirichlet's pseudo-counts are
/// proportional to).
pub fn kb_shares(kb: &Knowledge) -> Vec<f64> {
    let total: f64 = kb.causes.iter().map(|c| c.prior).sum();
    kb.causes.iter().map(|c| if total > 0.0 { c.prior / total } else { 0.0 }).collect()
}

/// The knowledge base's base probability that remedy `r` fixes cause `c`.
pub fn kb_fix(kb: &Knowledge, r: usize, c: usize) -> f64 {
    kb.remedies[r].fixes.iter().find(|&&(fc, _)| fc == c).map_or(0.0, |&(_, f)| f)
}

/// Conjugate updating: Dirichlet(w·q + n) for the priors, Beta(v·f + s, v·(1−f) + t − s) for each
/// (remedy, cause) with tries. A pair the knowledge base gives no fix probability enters only
/// once a try of it fixed the cause.
pub fn learn(kb: &Knowledge, counts: &Counts, s: Settings) -> Learned {
    let shares = kb_shares(kb);
    let total = s.prior_weight + counts.confirmed as f64;
    let causes = shares
        .iter()
        .enumerate()
        .map(|(c, &q)| {
            let a = s.prior_weight * q + counts.per_cause[c] as f64;
            let prior = if total > 0.0 { a / total } else { q };
            CausePrior {
                cause: c,
                prior,
                kb_prior: q,
                outcomes: counts.per_cause[c],
                interval: stats::beta_interval(s.interval, a, total - a),
            }
        })
        .collect();
    let mut fixes = Vec::new();
    for (r, row) in counts.tries.iter().enumerate() {
        for (c, &(tries, fixed)) in row.iter().enumerate() {
            let f = kb_fix(kb, r, c);
            if tries == 0 || (f == 0.0 && fixed == 0) {
                continue;
            }
            let a = s.fix_weight * f + fixed as f64;
            let b = s.fix_weight * (1.0 - f) + (tries - fixed) as f64;
            fixes.push(FixRate {
                remedy: r,
                cause: c,
                probability: a / (a + b),
                kb: f,
                tries,
                fixed,
                interval: stats::beta_interval(s.interval, a, b),
            });
        }
    }
    Learned { settings: s, outcomes: counts.outcomes, confirmed: counts.confirmed, causes, fixes }
}

/// Puts the layer on top of the program: the learned priors replace the knowledge base's (scaled
/// to leave `unknown_cause_prior` its share) and the learned fix probabilities replace or join
/// the remedies' base `fixes`. Conditional fixes (`when:`), rules and strengths stay as written.
pub fn apply(p: &mut Program, l: &Learned) {
    let share = 1.0 - p.kb.settings.unknown_cause_prior;
    for cp in &l.causes {
        let cause = &mut p.kb.causes[cp.cause];
        cause.prior = cp.prior * share;
    }
    for fr in &l.fixes {
        let fixes = &mut p.kb.remedies[fr.remedy].fixes;
        match fixes.iter_mut().find(|(c, _)| *c == fr.cause) {
            Some(entry) => entry.1 = fr.probability,
            None => fixes.push((fr.cause, fr.probability)),
        }
    }
}

#[cfg(test)]
mod tests;
