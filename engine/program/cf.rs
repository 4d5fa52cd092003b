//! MYCIN certainty factors: how the rules that fire combine when the knowledge base sets
//! `combination: certainty_factor`, and how a certainty factor becomes a probability.

/// Combines the certainty factor gathered so far (`acc`) with one more rule's (`cf`), MYCIN's
/// way: `acc + cf·(1 − acc)` when both support the cause, `acc + cf·(1 + acc)` when both speak
/// against it, and `(acc + cf) / (1 − min(|acc|, |cf|))` when they disagree. Certain belief
/// against certain disbelief (1 and −1) cancels to 0. Starting from 0, one rule gives its own
/// factor exactly. Rules combine in program order (the mixed formula is not associative).
pub fn combine(acc: f64, cf: f64) -> f64 {
    if acc >= 0.0 && cf >= 0.0 {
        acc + cf * (1.0 - acc)
    } else if acc <= 0.0 && cf <= 0.0 {
        acc + cf * (1.0 + acc)
    } else {
        let d = 1.0 - acc.abs().min(cf.abs());
        if d <= 0.0 {
            0.0
        } else {
            (acc + cf) / d
        }
    }
}

/// The certainty factor of a named strength's likelihood ratio `λ` (Heckerman's mapping):
/// `(λ − 1)/λ` for `λ ≥ 1`, `λ − 1` below 1. So `confirms` (50) is 0.98, `strongly` (10) 0.9,
/// `likely` (3) 0.667, `weakly` (1.5) 0.333, `against` (0.3) −0.7, `strongly_against` (0.1) −0.9.
pub fn from_ratio(ratio: f64) -> f64 {
    if ratio >= 1.0 {
        (ratio - 1.0) / ratio
    } else {
        ratio - 1.0
    }
}

/// A cause's belief after its evidence, before normalising: the prior moved towards 1 by a
/// positive certainty factor (`prior + cf·(1 − prior)`) or towards 0 by a negative one
/// (`prior·(1 + cf)`), the classic reading of a certainty factor as a change in belief.
pub fn belief(prior: f64, cf: f64) -> f64 {
    if cf >= 0.0 {
        prior + cf * (1.0 - prior)
    } else {
        prior * (1.0 + cf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supporting_evidence_follows_mycin() {
        assert_eq!(combine(0.0, 0.35), 0.35);
        let two = combine(0.6, 0.5);
        assert!((two - 0.8).abs() < 1e-12, "{two}");
        // The exact expression the benchmark's reference uses.
        let (a, w) = (0.123_f64, 0.456_f64);
        assert_eq!(combine(a, w), a + w * (1.0 - a));
    }

    #[test]
    fn evidence_against_and_mixed_signs() {
        let both = combine(-0.6, -0.5);
        assert!((both + 0.8).abs() < 1e-12, "{both}");
        let mixed = combine(0.8, -0.4);
        assert!((mixed - 0.4 / 0.6).abs() < 1e-12, "{mixed}");
        let mixed = combine(-0.8, 0.4);
        assert!((mixed + 0.4 / 0.6).abs() < 1e-12, "{mixed}");
        assert_eq!(combine(1.0, -1.0), 0.0);
        assert_eq!(combine(1.0, -0.5), 1.0);
    }

    #[test]
    fn strengths_map_to_factors_and_beliefs_stay_probabilities() {
        assert_eq!(from_ratio(10.0), 0.9);
        assert_eq!(from_ratio(1.0), 0.0);
        assert!((from_ratio(0.3) + 0.7).abs() < 1e-12);
        assert_eq!(belief(0.2, 0.0), 0.2);
        assert!((belief(0.2, 0.5) - 0.6).abs() < 1e-12);
        assert!((belief(0.2, -0.5) - 0.1).abs() < 1e-12);
        assert_eq!(belief(0.2, 1.0), 1.0);
        assert_eq!(belief(0.2, -1.0), 0.0);
    }
}
