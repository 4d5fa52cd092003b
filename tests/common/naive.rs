//! A naive second evaluator, kept deliberately simple and independent of the engine's compiled
//! program: it walks the rule syntax trees with string ids and hash maps, derives facts by
//! repeating until nothing changes, and scores causes by the textbook formula. The engine must
//! agree with it on every example.

use fixplan::dsl::ast::{CmpOp, Conclusion, Expr, LitValue, Rule};
use fixplan::kb::Knowledge;
use fixplan::value::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub struct NaiveResult {
    pub fired: BTreeSet<String>,
    /// Rules whose condition is unknown, with the unknown facts it reads.
    pub pending: BTreeMap<String, BTreeSet<String>>,
    pub probabilities: BTreeMap<String, f64>,
    pub values: BTreeMap<String, Value>,
}

fn lit(l: &LitValue) -> Value {
    match l {
        LitValue::Int(i) => Value::Int(*i),
        LitValue::Float(f) => Value::Float(*f),
        LitValue::Str(s) | LitValue::Word(s) => Value::Str(s.clone()),
        LitValue::Bool(b) => Value::Bool(*b),
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn cmp(a: &Value, op: CmpOp, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return match op {
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
        };
    }
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        _ => false,
    }
}

/// `None` is "unknown".
fn eval(e: &Expr, facts: &HashMap<String, Value>) -> Option<bool> {
    match e {
        Expr::And(items) => {
            let vals: Vec<Option<bool>> = items.iter().map(|i| eval(i, facts)).collect();
            if vals.contains(&Some(false)) {
                Some(false)
            } else if vals.contains(&None) {
                None
            } else {
                Some(true)
            }
        }
        Expr::Or(items) => {
            let vals: Vec<Option<bool>> = items.iter().map(|i| eval(i, facts)).collect();
            if vals.contains(&Some(true)) {
                Some(true)
            } else if vals.contains(&None) {
                None
            } else {
                Some(false)
            }
        }
        Expr::Not(inner) => eval(inner, facts).map(|b| !b),
        Expr::Known(id) => Some(facts.contains_key(&id.name)),
        Expr::Fact(id) => facts.get(&id.name).map(|v| *v == Value::Bool(true)),
        Expr::Compare(id, op, l) => facts.get(&id.name).map(|v| cmp(v, *op, &lit(&l.value))),
        Expr::In(id, ls) => facts.get(&id.name).map(|v| ls.iter().any(|l| cmp(v, CmpOp::Eq, &lit(&l.value)))),
        Expr::Contains(id, l) => facts.get(&id.name).map(|v| match (v, lit(&l.value)) {
            (Value::List(items), Value::Int(x)) => items.contains(&x),
            _ => false,
        }),
    }
}

pub fn evaluate(kb: &Knowledge, rules: &[Rule], observed: &HashMap<String, Value>) -> NaiveResult {
    let mut facts = observed.clone();
    loop {
        let mut changed = false;
        for r in rules {
            if eval(&r.when, &facts) == Some(true) {
                for c in &r.then {
                    if let Conclusion::Derive { fact, value } = c {
                        if !facts.contains_key(&fact.name) {
                            facts.insert(fact.name.clone(), lit(&value.value));
                            changed = true;
                        }
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut weight: BTreeMap<String, f64> = kb.causes.iter().map(|c| (c.id.to_string(), c.prior)).collect();
    let mut fired = BTreeSet::new();
    let mut pending = BTreeMap::new();
    for r in rules {
        match eval(&r.when, &facts) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                let mut read = BTreeSet::new();
                facts_of(&r.when, &mut read);
                read.retain(|f| !facts.contains_key(f));
                pending.insert(r.name.name.clone(), read);
                continue;
            }
        }
        fired.insert(r.name.name.clone());
        for c in &r.then {
            match c {
                Conclusion::Raise { cause, strength } => {
                    *weight.get_mut(&cause.name).expect("known cause") *= kb.settings.strengths[&strength.name];
                }
                Conclusion::RuleOut(ids) => {
                    ids.iter().for_each(|id| *weight.get_mut(&id.name).expect("known cause") = 0.0)
                }
                // Likelihood-ratio knowledge bases (the only kind compared here) have no `cf`.
                Conclusion::Derive { .. } | Conclusion::Weigh { .. } => {}
            }
        }
    }
    let total: f64 = weight.values().sum::<f64>() + kb.settings.unknown_cause_prior;
    let probabilities = weight.into_iter().map(|(k, w)| (k, w / total)).collect();
    NaiveResult { fired, pending, probabilities, values: facts.into_iter().collect() }
}

/// Every fact a condition reads.
fn facts_of(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::And(items) | Expr::Or(items) => items.iter().for_each(|i| facts_of(i, out)),
        Expr::Not(inner) => facts_of(inner, out),
        Expr::Known(id) | Expr::Fact(id) | Expr::Compare(id, ..) | Expr::In(id, _) | Expr::Contains(id, _) => {
            out.insert(id.name.clone());
        }
    }
}

/// The engine's pending rules and their missing facts, by id, to compare with `pending`.
pub fn engine_pending(
    p: &fixplan::check::Program,
    ev: &fixplan::infer::Evaluation,
) -> BTreeMap<String, BTreeSet<String>> {
    ev.pending
        .iter()
        .map(|(r, missing)| {
            (p.rules[*r].id.to_string(), missing.iter().map(|&f| p.kb.facts[f].id.to_string()).collect())
        })
        .collect()
}
