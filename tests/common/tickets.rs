//! Real tickets are sparse: this thins a complete incident to what a ticket would state, fact by
//! fact at the rates measured on public reports (`tests/cases/tickets/rates.yaml`), seeded.

use super::{program, root};
use fixplan::facts::Incident;
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
pub struct Rates {
    pub default: f64,
    pub seed: u64,
    pub draws: u64,
    pub rates: BTreeMap<String, f64>,
}

pub fn rates() -> Rates {
    let text = std::fs::read_to_string(root().join("tests/cases/tickets/rates.yaml")).expect("rates file");
    let r: Rates = serde_yaml::from_str(&text).expect("rates file parses");
    for id in r.rates.keys() {
        assert!(program().kb.fact_index(id).is_some(), "rates.yaml names `{id}`, which the knowledge base lacks");
    }
    r
}

/// SplitMix64: a small, well-mixed generator, so that a draw depends only on its seed.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Which of `truth`'s facts the ticket states in draw `draw`: each known fact with its rate.
pub fn stated(truth: &Incident, name: &str, draw: u64, r: &Rates) -> Vec<bool> {
    let p = program();
    (0..p.kb.facts.len())
        .map(|f| {
            let id = p.kb.facts[f].id.as_str();
            let rate = r.rates.get(id).copied().unwrap_or(r.default);
            let x = splitmix(r.seed ^ fnv(name) ^ fnv(id) ^ draw.wrapping_mul(0x2545_F491_4F6C_DD1D));
            truth.values[f].is_some() && ((x >> 11) as f64 / (1u64 << 53) as f64) < rate
        })
        .collect()
}

/// The incident as the ticket states it: only the stated facts known.
pub fn thinned(truth: &Incident, stated: &[bool]) -> Incident {
    let mut out = truth.clone();
    for (v, &keep) in out.values.iter_mut().zip(stated) {
        if !keep {
            *v = None;
        }
    }
    out
}
