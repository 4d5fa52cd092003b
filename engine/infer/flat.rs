//! Rule conditions flattened into one array in postfix order, for the indexed scorer: a rule
//! is a few neighbouring entries instead of a tree of separate allocations, so evaluating the
//! rules a fact set touches among thousands costs few cache misses. Same three-valued logic as
//! `logic::eval`.

use crate::dsl::ast::CmpOp;
use crate::program::logic::{compare, Truth};
use crate::program::reach::int_cmp;
use crate::program::Cond;
use crate::value::Value;

#[derive(Clone, Debug)]
enum Node {
    Known(u32),
    Truthy(u32),
    CmpInt(u32, CmpOp, i64),
    Cmp(u32, CmpOp, Box<Value>),
    In(u32, Box<[Value]>),
    Contains(u32, i64),
    Not,
    And(u32),
    Or(u32),
}

/// Every rule's condition, flattened; `push` returns where a rule's nodes are.
#[derive(Clone, Debug, Default)]
pub struct Flat {
    nodes: Vec<Node>,
}

impl Flat {
    /// Appends a condition; returns its span of nodes, for `eval`.
    pub fn push(&mut self, c: &Cond) -> (u32, u32) {
        let start = self.nodes.len() as u32;
        self.flatten(c);
        (start, self.nodes.len() as u32)
    }

    fn flatten(&mut self, c: &Cond) {
        let node = match c {
            Cond::And(items) | Cond::Or(items) => {
                items.iter().for_each(|i| self.flatten(i));
                let n = items.len() as u32;
                if matches!(c, Cond::And(_)) {
                    Node::And(n)
                } else {
                    Node::Or(n)
                }
            }
            Cond::Not(inner) => {
                self.flatten(inner);
                Node::Not
            }
            Cond::Known(f) => Node::Known(*f as u32),
            Cond::Truthy(f) => Node::Truthy(*f as u32),
            Cond::Cmp(f, op, Value::Int(i)) => Node::CmpInt(*f as u32, *op, *i),
            Cond::Cmp(f, op, v) => Node::Cmp(*f as u32, *op, Box::new(v.clone())),
            Cond::In(f, vs) => Node::In(*f as u32, vs.clone().into_boxed_slice()),
            Cond::Contains(f, i) => Node::Contains(*f as u32, *i),
        };
        self.nodes.push(node);
    }

    /// Evaluates the condition at `span` (from `push`); `stack` is scratch space.
    pub fn eval(&self, span: (u32, u32), values: &[Option<Value>], stack: &mut Vec<Truth>) -> Truth {
        let (start, end) = span;
        stack.clear();
        for node in &self.nodes[start as usize..end as usize] {
            let t = match node {
                Node::Known(f) => values[*f as usize].is_some().into(),
                Node::Truthy(f) => match &values[*f as usize] {
                    Some(Value::Bool(b)) => (*b).into(),
                    Some(_) => Truth::False,
                    None => Truth::Unknown,
                },
                Node::CmpInt(f, op, i) => match &values[*f as usize] {
                    Some(Value::Int(a)) => int_cmp(*a, *op, *i).into(),
                    Some(v) => compare(v, *op, &Value::Int(*i)).into(),
                    None => Truth::Unknown,
                },
                Node::Cmp(f, op, lit) => match &values[*f as usize] {
                    Some(v) => compare(v, *op, lit).into(),
                    None => Truth::Unknown,
                },
                Node::In(f, lits) => match &values[*f as usize] {
                    Some(v) => lits.iter().any(|l| compare(v, CmpOp::Eq, l)).into(),
                    None => Truth::Unknown,
                },
                Node::Contains(f, x) => match &values[*f as usize] {
                    Some(Value::List(items)) => items.contains(x).into(),
                    Some(_) => Truth::False,
                    None => Truth::Unknown,
                },
                Node::Not => match stack.pop().unwrap_or(Truth::Unknown) {
                    Truth::True => Truth::False,
                    Truth::False => Truth::True,
                    Truth::Unknown => Truth::Unknown,
                },
                Node::And(n) | Node::Or(n) => {
                    let (stop, keep) = if matches!(node, Node::And(_)) {
                        (Truth::False, Truth::True)
                    } else {
                        (Truth::True, Truth::False)
                    };
                    let from = stack.len().saturating_sub(*n as usize);
                    let mut out = keep;
                    for t in stack.drain(from..) {
                        if t == stop {
                            out = stop;
                        } else if t == Truth::Unknown && out != stop {
                            out = Truth::Unknown;
                        }
                    }
                    out
                }
            };
            stack.push(t);
        }
        stack.pop().unwrap_or(Truth::Unknown)
    }
}
