//! Which rules an evaluation must look at: each rule filed under facts of which one must be
//! known for its condition to be anything but false, so that an input costs the rules its known
//! facts reach, not every rule. `evaluate` (reports, plans, `ask`, `explain`, `test`) uses it;
//! the rules it skips are exactly those that would evaluate to false.

use super::{Cond, Program};
use crate::dsl::ast::CmpOp;
use crate::value::Value;

/// A comparison an integer fact's value must pass for the rules filed under it to be reached.
pub(crate) type Guard = Option<(CmpOp, i64)>;

/// The rules filed by fact, and those reached whatever is known.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// The rules filed under fact `f` are `entries[offsets[f]..offsets[f + 1]]`.
    offsets: Vec<u32>,
    entries: Vec<(u32, Guard)>,
    /// Rules that can be true or unknown with no fact known (`x == 1` is unknown then, and
    /// `not known(x)` true): looked at for every input.
    open: Vec<u32>,
}

impl Reach {
    pub fn new(p: &Program) -> Self {
        let mut by_fact: Vec<Vec<(u32, Guard)>> = vec![Vec::new(); p.kb.facts.len()];
        let mut open = Vec::new();
        for (ri, r) in p.rules.iter().enumerate() {
            match anchors(&r.cond, true) {
                Some(facts) => {
                    for (f, g) in facts {
                        // A rule filed twice under one fact is kept once, unguarded if either is.
                        match by_fact[f].iter_mut().find(|(r, _)| *r == ri as u32) {
                            Some(e) if e.1 != g => e.1 = None,
                            Some(_) => {}
                            None => by_fact[f].push((ri as u32, g)),
                        }
                    }
                }
                None => open.push(ri as u32),
            }
        }
        let (offsets, entries) = pack(by_fact);
        Self { offsets, entries, open }
    }

    /// The rules that can be other than false with these values, in program order, into `out`.
    pub fn rules(&self, values: &[Option<Value>], out: &mut Vec<usize>) {
        out.clear();
        out.extend(self.open.iter().map(|&r| r as usize));
        for (f, v) in values.iter().enumerate() {
            let Some(v) = v else { continue };
            let Some(list) = self.offsets.get(f..f + 2) else { continue };
            let int = match v {
                Value::Int(a) => Some(*a),
                _ => None,
            };
            for &(ri, guard) in &self.entries[list[0] as usize..list[1] as usize] {
                match (guard, int) {
                    (Some((op, b)), Some(a)) if !int_cmp(a, op, b) => {}
                    _ => out.push(ri as usize),
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Facts of which at least one must be known for `c` to be non-false (`nonfalse`) or non-true,
/// each with the comparison its integer value must then pass; `None` when `c` can be so with
/// no fact known. Three-valued: a comparison on an unknown fact is unknown, neither true nor
/// false; `known(x)` is false then.
fn anchors(c: &Cond, nonfalse: bool) -> Option<Vec<(usize, Guard)>> {
    match c {
        Cond::Known(f) => nonfalse.then(|| vec![(*f, None)]),
        Cond::Truthy(_) | Cond::Cmp(..) | Cond::In(..) | Cond::Contains(..) => None,
        Cond::Not(inner) => anchors(inner, !nonfalse),
        // Every part must be so: the anchors of any one part are; the fewest, guarded, best.
        Cond::And(items) | Cond::Or(items) if nonfalse == matches!(c, Cond::And(_)) => {
            let best = items
                .iter()
                .filter_map(|i| anchors(i, nonfalse))
                .min_by_key(|a| (a.len(), a.iter().filter(|(_, g)| g.is_none()).count()))?;
            Some(match (nonfalse, best.as_slice()) {
                // `known(x) and x < 3`: once x is known the comparison is exact, so the
                // conjunction is non-false only when it holds.
                (true, [(f, None)]) => vec![(*f, sibling_guard(items, *f))],
                _ => best,
            })
        }
        // One part is enough: the anchors of every part together.
        Cond::And(items) | Cond::Or(items) => {
            let mut out = Vec::new();
            for i in items {
                out.extend(anchors(i, nonfalse)?);
            }
            Some(out)
        }
    }
}

/// The integer comparison on `f` that is a direct part of a conjunction, if any.
fn sibling_guard(items: &[Cond], f: usize) -> Guard {
    items.iter().find_map(|i| match i {
        Cond::Cmp(g, op, Value::Int(b)) if *g == f => Some((*op, *b)),
        _ => None,
    })
}

/// `a OP b` on integers, as the rule language compares them.
pub(crate) fn int_cmp(a: i64, op: CmpOp, b: i64) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

/// Per-fact lists packed into one array with an offset per fact (list `f` is
/// `entries[offsets[f]..offsets[f + 1]]`): one allocation, and a fact's rules side by side.
pub(crate) fn pack<T>(by_fact: Vec<Vec<T>>) -> (Vec<u32>, Vec<T>) {
    let mut offsets = Vec::with_capacity(by_fact.len() + 1);
    let mut entries = Vec::new();
    for list in by_fact {
        offsets.push(entries.len() as u32);
        entries.extend(list);
    }
    offsets.push(entries.len() as u32);
    (offsets, entries)
}
