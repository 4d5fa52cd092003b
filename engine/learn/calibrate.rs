//! How well the probabilities match the confirmed causes: top-1 and top-3 accuracy, mean rank,
//! Brier score, log loss, and a reliability diagram of the top cause's probability (bins of
//! predicted probability against how often that cause was the confirmed one).

use crate::check::Program;
use serde::Serialize;

/// Bins of the reliability diagram, each 1/BINS wide.
pub const BINS: usize = 10;
/// The probability floor of the log loss: a confirmed cause given 0 (ruled out) costs −ln 1e-6.
pub const LOG_FLOOR: f64 = 1e-6;

/// Running sums over cases, so that a fleet of any size takes constant memory.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    cases: u64,
    top1: u64,
    top3: u64,
    ruled_out: u64,
    rank_sum: u64,
    brier_sum: f64,
    log_sum: f64,
    bins: [(u64, f64, u64); BINS],
}

impl Scores {
    /// Scores one case: the program's evaluation of its facts against the confirmed cause.
    pub fn add(&mut self, p: &Program, values: &[Option<crate::value::Value>], confirmed: usize) {
        let ev = crate::infer::evaluate(p, values);
        let ranking = ev.ranking(p);
        self.cases += 1;
        let rank = match ranking.iter().position(|&c| c == confirmed) {
            Some(i) => i + 1,
            None => {
                self.ruled_out += 1;
                ranking.len() + 1
            }
        };
        self.rank_sum += rank as u64;
        self.top1 += u64::from(rank == 1);
        self.top3 += u64::from(rank <= 3);
        let brier: f64 = ev
            .probabilities
            .iter()
            .enumerate()
            .map(|(c, &pr)| (pr - if c == confirmed { 1.0 } else { 0.0 }).powi(2))
            .sum::<f64>()
            + ev.unknown_probability.powi(2);
        self.brier_sum += brier;
        self.log_sum += -ev.probabilities[confirmed].max(LOG_FLOOR).ln();
        if let Some(&top) = ranking.first() {
            let pr = ev.probabilities[top];
            let bin = ((pr * BINS as f64) as usize).min(BINS - 1);
            let b = &mut self.bins[bin];
            b.0 += 1;
            b.1 += pr;
            b.2 += u64::from(top == confirmed);
        }
    }

    pub fn merge(&mut self, o: &Scores) {
        self.cases += o.cases;
        self.top1 += o.top1;
        self.top3 += o.top3;
        self.ruled_out += o.ruled_out;
        self.rank_sum += o.rank_sum;
        self.brier_sum += o.brier_sum;
        self.log_sum += o.log_sum;
        for (a, b) in self.bins.iter_mut().zip(&o.bins) {
            a.0 += b.0;
            a.1 += b.1;
            a.2 += b.2;
        }
    }

    pub fn finish(&self) -> Metrics {
        let n = self.cases.max(1) as f64;
        let bins = self
            .bins
            .iter()
            .enumerate()
            .map(|(i, &(count, sum_p, hits))| Bin {
                from: i as f64 / BINS as f64,
                to: (i + 1) as f64 / BINS as f64,
                cases: count,
                mean_predicted: if count > 0 { sum_p / count as f64 } else { 0.0 },
                observed: if count > 0 { hits as f64 / count as f64 } else { 0.0 },
            })
            .collect();
        let ece = self.bins.iter().map(|&(_, s, h)| (s - h as f64).abs()).sum::<f64>() / n;
        Metrics {
            cases: self.cases,
            top1: self.top1 as f64 / n,
            top3: self.top3 as f64 / n,
            mean_rank: self.rank_sum as f64 / n,
            ruled_out: self.ruled_out,
            brier: self.brier_sum / n,
            log_loss: self.log_sum / n,
            calibration_error: ece,
            bins,
        }
    }
}

/// The scores of one program over the cases.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Metrics {
    pub cases: u64,
    /// Share of cases whose confirmed cause ranks first.
    pub top1: f64,
    pub top3: f64,
    /// Mean rank of the confirmed cause (1 is first; a ruled-out cause counts as one past the
    /// last cause ranked).
    pub mean_rank: f64,
    /// Cases whose confirmed cause was ruled out.
    pub ruled_out: u64,
    /// Mean of Σ (p − y)² over the causes and the unknown cause (0 is perfect, 2 the worst).
    pub brier: f64,
    /// Mean −ln p(confirmed cause), p floored at LOG_FLOOR.
    pub log_loss: f64,
    /// Expected calibration error of the top cause: Σ |predicted − observed| weighted by cases.
    pub calibration_error: f64,
    pub bins: Vec<Bin>,
}

/// One bin of the reliability diagram: cases whose top cause had a probability in [from, to).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub cases: u64,
    /// Mean probability of the top cause.
    pub mean_predicted: f64,
    /// Share of those cases where the top cause was the confirmed one.
    pub observed: f64,
}

/// The calibration report: the knowledge base alone, and with the learned layer when given.
#[derive(Clone, Debug, Serialize)]
pub struct Calibration {
    pub inputs: u64,
    /// Inputs with a confirmed cause (the cases scored).
    pub cases: u64,
    /// Inputs without an outcome, or with one that names no cause.
    pub skipped: u64,
    pub failed: Vec<String>,
    pub kb: Metrics,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<Metrics>,
}
