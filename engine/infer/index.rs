//! Scores many fact sets fast: rules indexed by the facts they read, so a fact set costs the
//! rules it touches, not every rule. Same fired rules and scores as `evaluate`, without the
//! trace, pending questions and probabilities that explanations and plans need.

use super::flat::Flat;
use crate::dsl::ast::CmpOp;
use crate::kb::Combination;
use crate::program::cf;
use crate::program::logic::{eval, Truth};
use crate::program::reach::{int_cmp, Guard};
use crate::program::{Cond, Effect, Program};
use crate::value::Value;

/// Each rule filed under facts of which one must be known for it to be true (its anchors: one
/// fact it needs, or each side's of an `or`), and the rules that need no fact known to be true
/// (`not x == 1`, `not known(x)`). A rule with no anchor known cannot fire, so a fact set costs
/// the rules filed under its known facts, not every rule.
#[derive(Clone, Debug)]
pub struct RuleIndex {
    /// The rules filed under fact `f` are `entries[offsets[f]..offsets[f + 1]]`: two arrays,
    /// not one allocation per fact, so that thousands of facts cost few cache misses.
    offsets: Vec<u32>,
    entries: Vec<(u32, Guard)>,
    always: Vec<u32>,
    flat: Flat,
    /// Per rule: its span of condition nodes and its span of `effects`.
    spans: Vec<[u32; 4]>,
    /// Each rule's evidence, (cause, ratio or certainty factor; 0 rules out), side by side.
    effects: Vec<(u32, f64)>,
}

impl RuleIndex {
    pub fn new(p: &Program) -> Self {
        let mut by_fact: Vec<Vec<(u32, Guard)>> = vec![Vec::new(); p.kb.facts.len()];
        let mut always = Vec::new();
        let mut flat = Flat::default();
        let mut effects = Vec::new();
        let mut spans = Vec::new();
        for (ri, r) in p.rules.iter().enumerate() {
            let (from, to) = flat.push(&r.cond);
            let start = effects.len() as u32;
            for e in &r.effects {
                match e {
                    Effect::Scale { cause, ratio, .. } => effects.push((*cause as u32, *ratio)),
                    Effect::RuleOut(cause) => effects.push((*cause as u32, 0.0)),
                    Effect::Derive { .. } => {}
                }
            }
            spans.push([from, to, start, effects.len() as u32]);
            match anchors(&r.cond, true) {
                Some(facts) => facts.into_iter().for_each(|(f, g)| by_fact[f].push((ri as u32, g))),
                None => always.push(ri as u32),
            }
        }
        let (offsets, entries) = crate::program::reach::pack(by_fact);
        Self { offsets, entries, always, flat, spans, effects }
    }

    /// Rules evaluated whatever the facts.
    pub fn always(&self) -> &[u32] {
        &self.always
    }
}

/// Facts of which at least one must be known for `c` to evaluate to `want` (true or false),
/// each with the comparison its integer value must then pass, or `None` when `c` can with no
/// fact known. An unknown fact makes a comparison unknown; `known(x)` is false then.
fn anchors(c: &Cond, want: bool) -> Option<Vec<(usize, Guard)>> {
    match c {
        Cond::Known(f) => want.then(|| vec![(*f, None)]),
        Cond::Cmp(f, op, Value::Int(i)) => Some(vec![(*f, Some((if want { *op } else { negate(*op) }, *i)))]),
        Cond::Truthy(f) | Cond::Cmp(f, ..) | Cond::In(f, _) | Cond::Contains(f, _) => Some(vec![(*f, None)]),
        Cond::Not(inner) => anchors(inner, !want),
        // Every part must hold: the anchors of any one part do; the fewest, guarded, best.
        Cond::And(items) | Cond::Or(items) if want == matches!(c, Cond::And(_)) => items
            .iter()
            .filter_map(|i| anchors(i, want))
            .min_by_key(|a| (a.len(), a.iter().filter(|(_, g)| g.is_none()).count())),
        // One part is enough: the anchors of every part together.
        Cond::And(items) | Cond::Or(items) => {
            let mut out = Vec::new();
            for i in items {
                out.extend(anchors(i, want)?);
            }
            Some(out)
        }
    }
}

/// The comparison that holds exactly when `op` does not (on two integers).
fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
    }
}

/// Reusable buffers for scoring one fact set after another on one thread.
#[derive(Clone, Debug)]
pub struct Scratch {
    values: Vec<Option<Value>>,
    known: Vec<usize>,
    candidates: Vec<u32>,
    stack: Vec<Truth>,
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
            candidates: Vec::new(),
            stack: Vec::new(),
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
    s.candidates.clear();
    s.candidates.extend_from_slice(&index.always);
    for &f in &s.known {
        let int = match &s.values[f] {
            Some(Value::Int(a)) => Some(*a),
            _ => None,
        };
        let list = &index.entries[index.offsets[f] as usize..index.offsets[f + 1] as usize];
        for &(ri, guard) in list {
            match (guard, int) {
                (Some((op, b)), Some(a)) if !int_cmp(a, op, b) => {}
                _ => s.candidates.push(ri),
            }
        }
    }
    // Program order, as `evaluate`; a rule filed under two known facts is met twice.
    s.candidates.sort_unstable();
    s.candidates.dedup();
    let cf_mode = p.kb.settings.combination == Combination::CertaintyFactor;
    for &ri in &s.candidates {
        let [from, to, e_from, e_to] = index.spans[ri as usize];
        if index.flat.eval((from, to), &s.values, &mut s.stack) != Truth::True {
            continue;
        }
        s.fired.push(ri as usize);
        for &(cause, ratio) in &index.effects[e_from as usize..e_to as usize] {
            let cause = cause as usize;
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
