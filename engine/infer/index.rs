//! Scores many fact sets fast: rules indexed by the facts they read, so a fact set costs the
//! rules it touches, not every rule. Same fired rules and scores as `evaluate`, without the
//! trace, pending questions and probabilities that explanations and plans need.

use super::cf;
use super::logic::{eval, Truth};
use crate::check::{Effect, Program};
use crate::kb::Combination;
use crate::value::Value;

/// For each fact the rules that read it, and the rules that can fire with none of their facts
/// known (`not x == 1`, `not known(x)`): a rule outside both lists for a fact set has only
/// unknown facts, so it evaluates as it does with nothing known, which is not true.
#[derive(Clone, Debug)]
pub struct RuleIndex {
    by_fact: Vec<Vec<u32>>,
    always: Vec<u32>,
}

impl RuleIndex {
    pub fn new(p: &Program) -> Self {
        let none: Vec<Option<Value>> = vec![None; p.kb.facts.len()];
        let mut by_fact = vec![Vec::new(); p.kb.facts.len()];
        let mut always = Vec::new();
        for (ri, r) in p.rules.iter().enumerate() {
            if eval(&r.cond, &none) == Truth::True {
                always.push(ri as u32);
            } else {
                r.reads.iter().for_each(|&f| by_fact[f].push(ri as u32));
            }
        }
        Self { by_fact, always }
    }

    /// Rules evaluated whatever the facts.
    pub fn always(&self) -> &[u32] {
        &self.always
    }
}

/// Reusable buffers for scoring one fact set after another on one thread.
#[derive(Clone, Debug)]
pub struct Scratch {
    values: Vec<Option<Value>>,
    known: Vec<usize>,
    stamp: Vec<u32>,
    round: u32,
    candidates: Vec<u32>,
    /// Rules that fired, in program order.
    pub fired: Vec<usize>,
    /// Causes some fired rule speaks of, in the order they were first met.
    pub touched: Vec<usize>,
    score: Vec<f64>,
    ruled_out: Vec<bool>,
    seen: Vec<bool>,
}

impl Scratch {
    pub fn new(p: &Program) -> Self {
        let causes = p.kb.causes.len();
        Self {
            values: vec![None; p.kb.facts.len()],
            known: Vec::new(),
            stamp: vec![0; p.rules.len()],
            round: 0,
            candidates: Vec::new(),
            fired: Vec::new(),
            touched: Vec::new(),
            score: vec![0.0; causes],
            ruled_out: vec![false; causes],
            seen: vec![false; causes],
        }
    }

    /// Sets an observed fact (indexed like `p.kb.facts`) for the next `score`.
    pub fn set(&mut self, fact: usize, value: Value) {
        if self.values[fact].is_none() {
            self.known.push(fact);
        }
        self.values[fact] = Some(value);
    }

    /// Forgets the facts and results of the last fact set, in time proportional to its size.
    pub fn clear(&mut self) {
        for &f in &self.known {
            self.values[f] = None;
        }
        self.known.clear();
        for &c in &self.touched {
            self.score[c] = 0.0;
            self.ruled_out[c] = false;
            self.seen[c] = false;
        }
        self.touched.clear();
        self.fired.clear();
    }

    /// The combined certainty factor of a cause (certainty-factor knowledge bases), or its
    /// prior × ratios (likelihood-ratio ones); `None` when no fired rule spoke of it.
    pub fn score(&self, cause: usize) -> Option<f64> {
        self.seen[cause].then_some(self.score[cause])
    }

    pub fn ruled_out(&self, cause: usize) -> bool {
        self.ruled_out[cause]
    }
}

/// Derives facts, finds the rules that fire and combines their evidence per cause, exactly as
/// `evaluate` does (same rules, same order, same arithmetic).
pub fn score(p: &Program, index: &RuleIndex, s: &mut Scratch) {
    for &ri in &p.derive_order {
        let rule = &p.rules[ri];
        if eval(&rule.cond, &s.values) != Truth::True {
            continue;
        }
        for e in &rule.effects {
            if let Effect::Derive { fact, value } = e {
                if s.values[*fact].is_none() {
                    s.values[*fact] = Some(value.clone());
                    s.known.push(*fact);
                }
            }
        }
    }
    s.round = s.round.wrapping_add(1);
    if s.round == 0 {
        s.stamp.iter_mut().for_each(|x| *x = 0);
        s.round = 1;
    }
    s.candidates.clear();
    let lists = std::iter::once(&index.always).chain(s.known.iter().map(|&f| &index.by_fact[f]));
    for list in lists {
        for &ri in list {
            if s.stamp[ri as usize] != s.round {
                s.stamp[ri as usize] = s.round;
                s.candidates.push(ri);
            }
        }
    }
    s.candidates.sort_unstable();
    let cf_mode = p.kb.settings.combination == Combination::CertaintyFactor;
    for &ri in &s.candidates {
        let rule = &p.rules[ri as usize];
        if eval(&rule.cond, &s.values) != Truth::True {
            continue;
        }
        s.fired.push(ri as usize);
        for e in &rule.effects {
            let (cause, ratio) = match e {
                Effect::Scale { cause, ratio, .. } => (*cause, *ratio),
                Effect::RuleOut(cause) => (*cause, 0.0),
                Effect::Derive { .. } => continue,
            };
            if !s.seen[cause] {
                s.seen[cause] = true;
                s.touched.push(cause);
                s.score[cause] = if cf_mode { 0.0 } else { p.kb.causes[cause].prior };
            }
            if ratio == 0.0 {
                s.ruled_out[cause] = true;
                if cf_mode {
                    continue;
                }
            }
            s.score[cause] = if cf_mode { cf::combine(s.score[cause], ratio) } else { s.score[cause] * ratio };
        }
    }
}
