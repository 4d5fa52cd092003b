//! Three-valued (Kleene) logic over facts that may be unknown.

use super::Cond;
use crate::dsl::ast::CmpOp;
use crate::value::Value;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl From<bool> for Truth {
    fn from(b: bool) -> Self {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }
}

/// Evaluates a condition: unknown facts make comparisons unknown; `known(x)` never is.
pub fn eval(c: &Cond, values: &[Option<Value>]) -> Truth {
    match c {
        Cond::And(items) => {
            let mut out = Truth::True;
            for i in items {
                match eval(i, values) {
                    Truth::False => return Truth::False,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::True => {}
                }
            }
            out
        }
        Cond::Or(items) => {
            let mut out = Truth::False;
            for i in items {
                match eval(i, values) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::False => {}
                }
            }
            out
        }
        Cond::Not(inner) => match eval(inner, values) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        },
        Cond::Known(f) => values[*f].is_some().into(),
        Cond::Truthy(f) => match &values[*f] {
            Some(Value::Bool(b)) => (*b).into(),
            Some(_) => Truth::False,
            None => Truth::Unknown,
        },
        Cond::Cmp(f, op, lit) => match &values[*f] {
            Some(v) => compare(v, *op, lit).into(),
            None => Truth::Unknown,
        },
        Cond::In(f, lits) => match &values[*f] {
            Some(v) => lits.iter().any(|l| compare(v, CmpOp::Eq, l)).into(),
            None => Truth::Unknown,
        },
        Cond::Contains(f, x) => match &values[*f] {
            Some(Value::List(items)) => items.contains(x).into(),
            Some(_) => Truth::False,
            None => Truth::Unknown,
        },
    }
}

pub(crate) fn compare(v: &Value, op: CmpOp, lit: &Value) -> bool {
    let ord = match (v, lit) {
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
        (a, b) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => None,
        },
    };
    match (ord, op) {
        (Some(o), CmpOp::Eq) => o == Ordering::Equal,
        (Some(o), CmpOp::Ne) => o != Ordering::Equal,
        (None, CmpOp::Ne) => true,
        (Some(o), CmpOp::Lt) => o == Ordering::Less,
        (Some(o), CmpOp::Le) => o != Ordering::Greater,
        (Some(o), CmpOp::Gt) => o == Ordering::Greater,
        (Some(o), CmpOp::Ge) => o != Ordering::Less,
        (None, _) => false,
    }
}
