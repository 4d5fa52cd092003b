//! Certainty-factor weights in rules (`CAUSE cf W`), what raises a cause in either combination,
//! and the id maps that let thousands of rules resolve in linear time.

use crate::kb::{Combination, Knowledge};
use std::collections::HashMap;

/// Fact and cause ids to their indices: a knowledge base of thousands of rules and facts
/// resolves in time proportional to its size.
pub(super) struct Ids<'a> {
    pub(super) facts: HashMap<&'a str, usize>,
    pub(super) causes: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    pub(super) fn new(kb: &'a Knowledge) -> Self {
        Self {
            facts: kb.facts.iter().enumerate().rev().map(|(i, f)| (f.id.as_str(), i)).collect(),
            causes: kb.causes.iter().enumerate().rev().map(|(i, c)| (c.id.as_str(), i)).collect(),
        }
    }
}

/// Why a rule cannot use the weight `cf W` (E116: message and hint), or `None` when it can.
pub(super) fn problem(kb: &Knowledge, cf: f64) -> Option<(String, &'static str)> {
    if kb.settings.combination != Combination::CertaintyFactor {
        Some((
            format!("`cf {cf}` needs certainty factors, but this knowledge base combines likelihood ratios"),
            "set `combination: certainty_factor` in settings, or use a named strength like `likely`",
        ))
    } else if !(-1.0..=1.0).contains(&cf) || cf == 0.0 {
        Some((
            format!("the certainty factor `{cf}` is outside [-1, 1] or zero"),
            "write a weight between -1 and 1, not 0: `cf 0.35` for, `cf -0.4` against",
        ))
    } else {
        None
    }
}

/// Whether an effect's number raises its cause: a ratio above 1, or a positive certainty factor.
pub(super) fn raises(kb: &Knowledge, ratio: f64) -> bool {
    match kb.settings.combination {
        Combination::LikelihoodRatio => ratio > 1.0,
        Combination::CertaintyFactor => ratio > 0.0,
    }
}
