//! Two-step lookahead for `ask`: what a question tells about the cause together with a partner
//! it shares a pending rule with, so that facts that tell something only in pairs (no ping and
//! a tunnel in front; a home PC behind a tunnel) are not passed over by a one-step measure.

use super::voi::{self, Candidate};
use crate::infer::Evaluation;
use crate::program::Program;
use crate::value::Value;

/// Bits that asking `c` adds to its best partner: `max_g I(c, g) − I(g)`, the information of the
/// pair less what the partner `g` brings alone, where `g` is another candidate read by a pending
/// rule that also reads `c`'s fact. `bits` holds each candidate's one-step information and
/// `probs` the probability of each of `c`'s answers. Returns the bits and that partner's fact;
/// zero and `None` when `c` has no partner.
pub fn pair_bits(
    p: &Program,
    ev: &Evaluation,
    observed: &[Option<Value>],
    candidates: &[Candidate],
    bits: &[f64],
    i: usize,
    probs: &[f64],
) -> (f64, Option<usize>) {
    let c = &candidates[i];
    let unknown = p.kb.settings.unknown_cause_prior;
    let mut best = (0.0_f64, None);
    for (j, g) in candidates.iter().enumerate() {
        if j == i || !ev.pending.iter().any(|(_, fs)| fs.contains(&c.fact) && fs.contains(&g.fact)) {
            continue;
        }
        // I(c, g) = I(c) + Σ_a P(c = a) · I(g | c = a).
        let mut joint = bits[i];
        for (a, &pr) in c.answers.iter().zip(probs) {
            if pr <= 0.0 {
                continue;
            }
            let mut obs = observed.to_vec();
            obs[c.fact] = Some(a.value.clone());
            let Some(after) = voi::candidate(p, &obs, g.fact) else { continue };
            let (m, u) = voi::masses(&a.weights, &vec![1.0; a.weights.len()], unknown);
            let pg = voi::answer_probabilities(&after, &a.weights, &m, u);
            joint += pr * voi::information(&after, &a.weights, unknown, &pg);
        }
        if joint - bits[j] > best.0 {
            best = (joint - bits[j], Some(g.fact));
        }
    }
    best
}
