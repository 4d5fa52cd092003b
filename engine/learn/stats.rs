//! The Beta distribution's quantiles, for the credible intervals of the learned layer: the
//! regularized incomplete beta function by its continued fraction (Numerical Recipes, 6.4) and
//! the quantile by bisection on it.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; about 15 digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = G[1..].iter().enumerate().fold(G[0], |acc, (i, g)| acc + g / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// I_x(a, b), the probability that a Beta(a, b) variable is at most x.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(x, a, b) / a
    } else {
        1.0 - front * continued_fraction(1.0 - x, b, a) / b
    }
}

fn continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        for aa in [m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))] {
            d = 1.0 + aa * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// The p-quantile of Beta(a, b) (a, b > 0), to about 1e-10.
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if beta_cdf(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The central credible interval holding `level` of Beta(a, b). Parameters at or below zero
/// (a knowledge-base probability of exactly 0 or 1 with no data against it) are taken as a
/// tiny positive count, so that the interval is a point at the edge.
pub fn beta_interval(level: f64, a: f64, b: f64) -> (f64, f64) {
    let (a, b) = (a.max(1e-6), b.max(1e-6));
    let tail = (1.0 - level) / 2.0;
    (beta_quantile(tail, a, b), beta_quantile(1.0 - tail, a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uniform_and_known_values() {
        // Beta(1, 1) is uniform; Beta(2, 1) has cdf x².
        assert!((beta_cdf(0.3, 1.0, 1.0) - 0.3).abs() < 1e-12);
        assert!((beta_cdf(0.5, 2.0, 1.0) - 0.25).abs() < 1e-12);
        assert!((beta_quantile(0.25, 2.0, 1.0) - 0.5).abs() < 1e-9);
        // Γ(5) = 24, Γ(0.5) = √π.
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
        // Beta(10, 30): the 5% quantile, 0.14622 by numerical integration of the density (Python).
        assert!((beta_quantile(0.05, 10.0, 30.0) - 0.146_22).abs() < 2e-5, "{}", beta_quantile(0.05, 10.0, 30.0));
        let (lo, hi) = beta_interval(0.9, 10.0, 30.0);
        assert!(lo < 0.25 && 0.25 < hi);
    }
}
