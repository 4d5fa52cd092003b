//! A generated fleet for the learning experiment (tests/learn_fleet.rs) and the learning bench:
//! each case draws its true cause from a given mix, then facts from what that cause's rules
//! expect (each supporting rule made true with some probability, sometimes a rule of another
//! cause as a confounder), then loses facts the way a helpdesk does (nobody checked them).

#![allow(dead_code)]

use fixplan::check::{Cond, Effect, Program};
use fixplan::dsl::ast::CmpOp;
use fixplan::value::{FactType, Value};

/// splitmix64: small, seedable, good enough for drawing cases.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// An index drawn with probability proportional to `weights`.
    pub fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            x -= w;
            if x < 0.0 {
                return i;
            }
        }
        weights.len() - 1
    }
}

/// How cases are drawn.
pub struct Shape {
    /// Probability that each rule supporting the true cause is made true.
    pub fire: f64,
    /// Probability of one confounding rule of another cause.
    pub confound: f64,
    /// Probability that a fact that was set is then left out (not checked).
    pub drop: f64,
}

pub const REALISTIC: Shape = Shape { fire: 0.6, confound: 0.3, drop: 0.35 };

/// The rules that raise each cause's odds.
pub fn supporting(p: &Program) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); p.kb.causes.len()];
    for (ri, r) in p.rules.iter().enumerate() {
        for e in &r.effects {
            if let Effect::Scale { cause, ratio, .. } = e {
                if *ratio > 1.0 && !out[*cause].contains(&ri) {
                    out[*cause].push(ri);
                }
            }
        }
    }
    out
}

/// The facts of one case whose true cause is `cause`.
pub fn case(p: &Program, support: &[Vec<usize>], cause: usize, shape: &Shape, rng: &mut Rng) -> Vec<Option<Value>> {
    let mut v = vec![None; p.kb.facts.len()];
    let mut keep = vec![false; p.kb.facts.len()];
    for (id, code) in [("error_code", 0x904), ("extended_error_code", 0x7)] {
        if let Some(f) = p.kb.fact_index(id) {
            v[f] = Some(Value::Int(code));
            keep[f] = true;
        }
    }
    for &ri in &support[cause] {
        if rng.f64() < shape.fire {
            satisfy(p, &p.rules[ri].cond, &mut v, rng);
        }
    }
    if rng.f64() < shape.confound {
        let other = rng.below(support.len());
        if let Some(&ri) = support[other].get(rng.below(support[other].len().max(1))) {
            satisfy(p, &p.rules[ri].cond, &mut v, rng);
        }
    }
    for (f, x) in v.iter_mut().enumerate() {
        if !keep[f] && x.is_some() && rng.f64() < shape.drop {
            *x = None;
        }
    }
    v
}

/// The case as one JSON Lines line, with its confirmed cause as `_meta.outcome`.
pub fn jsonl(p: &Program, values: &[Option<Value>], cause: usize) -> String {
    let mut m = serde_json::Map::new();
    for (f, x) in values.iter().enumerate() {
        if let Some(x) = x {
            m.insert(p.kb.facts[f].id.to_string(), x.to_json());
        }
    }
    m.insert("_meta".into(), serde_json::json!({"outcome": {"cause": p.kb.causes[cause].id.as_str()}}));
    serde_json::Value::Object(m).to_string()
}

fn any_value(ty: &FactType, rng: &mut Rng) -> Value {
    match ty {
        FactType::Bool => Value::Bool(rng.f64() < 0.5),
        FactType::Int => Value::Int(rng.below(10) as i64),
        FactType::Float => Value::Float(rng.f64() * 10.0),
        FactType::Str => Value::Str("x".into()),
        FactType::Enum(vs) => Value::Str(vs[rng.below(vs.len())].clone()),
        FactType::ListInt => Value::List(Vec::new()),
    }
}

/// A value of fact `f` other than `lit`.
fn other_than(p: &Program, f: usize, lit: &Value, rng: &mut Rng) -> Value {
    match (&p.kb.facts[f].ty, lit) {
        (FactType::Enum(vs), Value::Str(s)) => {
            let others: Vec<&String> = vs.iter().filter(|v| *v != s).collect();
            Value::Str(others.get(rng.below(others.len())).map_or_else(|| s.clone(), |v| (*v).clone()))
        }
        (_, Value::Bool(b)) => Value::Bool(!b),
        (_, Value::Int(i)) => Value::Int(i + 1),
        (_, Value::Float(x)) => Value::Float(x + 1.0),
        (_, Value::Str(s)) => Value::Str(format!("{s}_other")),
        (_, Value::List(l)) => Value::List(l.iter().map(|x| x + 1).collect()),
    }
}

fn cmp_value(p: &Program, f: usize, op: CmpOp, lit: &Value, rng: &mut Rng) -> Value {
    let shift = |d: i64| match lit {
        Value::Int(i) => Value::Int(i + d),
        Value::Float(x) => Value::Float(x + d as f64),
        other => other.clone(),
    };
    match op {
        CmpOp::Eq | CmpOp::Le | CmpOp::Ge => lit.clone(),
        CmpOp::Ne => other_than(p, f, lit, rng),
        CmpOp::Lt => shift(-1),
        CmpOp::Gt => shift(1),
    }
}

fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

/// Sets unknown facts so that `c` holds (facts already set are left as they are).
fn satisfy(p: &Program, c: &Cond, v: &mut [Option<Value>], rng: &mut Rng) {
    match c {
        Cond::And(cs) => cs.iter().for_each(|c| satisfy(p, c, v, rng)),
        Cond::Or(cs) => {
            if let Some(c) = cs.get(rng.below(cs.len())) {
                satisfy(p, c, v, rng)
            }
        }
        Cond::Not(c) => falsify(p, c, v, rng),
        Cond::Known(f) => {
            if v[*f].is_none() {
                v[*f] = Some(any_value(&p.kb.facts[*f].ty, rng));
            }
        }
        Cond::Truthy(f) => set(v, *f, Value::Bool(true)),
        Cond::Cmp(f, op, lit) => {
            let x = cmp_value(p, *f, *op, lit, rng);
            set(v, *f, x)
        }
        Cond::In(f, lits) => {
            if let Some(l) = lits.get(rng.below(lits.len())) {
                set(v, *f, l.clone())
            }
        }
        Cond::Contains(f, i) => match &mut v[*f] {
            Some(Value::List(l)) if !l.contains(i) => l.push(*i),
            None => v[*f] = Some(Value::List(vec![*i])),
            _ => {}
        },
    }
}

/// Sets unknown facts so that `c` does not hold (an unknown fact stays unknown for `known`).
fn falsify(p: &Program, c: &Cond, v: &mut [Option<Value>], rng: &mut Rng) {
    match c {
        Cond::And(cs) => {
            if let Some(c) = cs.get(rng.below(cs.len())) {
                falsify(p, c, v, rng)
            }
        }
        Cond::Or(cs) => cs.iter().for_each(|c| falsify(p, c, v, rng)),
        Cond::Not(c) => satisfy(p, c, v, rng),
        Cond::Known(_) => {}
        Cond::Truthy(f) => set(v, *f, Value::Bool(false)),
        Cond::Cmp(f, op, lit) => {
            let x = cmp_value(p, *f, negate(*op), lit, rng);
            set(v, *f, x)
        }
        Cond::In(f, lits) => {
            let x = match (&p.kb.facts[*f].ty, lits.first()) {
                (FactType::Enum(vs), _) => {
                    vs.iter().find(|s| !lits.contains(&Value::Str((*s).clone()))).map(|s| Value::Str(s.clone()))
                }
                (_, Some(l)) => Some(other_than(p, *f, l, rng)),
                _ => None,
            };
            if let Some(x) = x {
                set(v, *f, x)
            }
        }
        Cond::Contains(f, _) => {
            if v[*f].is_none() {
                v[*f] = Some(Value::List(Vec::new()))
            }
        }
    }
}

fn set(v: &mut [Option<Value>], f: usize, x: Value) {
    if v[f].is_none() {
        v[f] = Some(x);
    }
}
