//! The checked program: the knowledge base plus its rules, every id resolved to an index; the
//! three-valued logic its conditions are read in (`logic`) and the arithmetic of certainty
//! factors (`cf`). `check` produces it; `graph`, `infer` and `plan` consume it.

pub mod cf;
pub mod logic;
pub mod reach;

use crate::dsl::ast::CmpOp;
use crate::ids::RuleId;
use crate::kb::Knowledge;
use crate::source::{SourceFile, Span};
use crate::value::Value;

/// A condition over facts, with ids resolved to fact indices and literals typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Known(usize),
    Truthy(usize),
    Cmp(usize, CmpOp, Value),
    In(usize, Vec<Value>),
    Contains(usize, i64),
}

impl Cond {
    /// Every fact the condition reads, in order of appearance, without repeats.
    pub fn facts(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    /// The values this condition compares fact `f` with.
    pub fn constants(&self, f: usize, out: &mut Vec<Value>) {
        match self {
            Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| c.constants(f, out)),
            Cond::Not(c) => c.constants(f, out),
            Cond::Cmp(g, _, v) if *g == f => out.push(v.clone()),
            Cond::In(g, vs) if *g == f => out.extend(vs.iter().cloned()),
            Cond::Contains(g, i) if *g == f => out.push(Value::Int(*i)),
            _ => {}
        }
    }

    fn collect(&self, out: &mut Vec<usize>) {
        match self {
            Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| c.collect(out)),
            Cond::Not(c) => c.collect(out),
            Cond::Known(f) | Cond::Truthy(f) | Cond::Cmp(f, ..) | Cond::In(f, _) | Cond::Contains(f, _) => {
                if !out.contains(f) {
                    out.push(*f);
                }
            }
        }
    }
}

/// What a fired rule does.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Multiplies the odds of a cause by `ratio` (the named strength's likelihood ratio). When
    /// the knowledge base combines certainty factors, `ratio` is the rule's certainty factor in
    /// [-1, 1] instead (`cf W`, or the named strength mapped by `cf::from_ratio`), and
    /// `strength` is the name or `cf W`.
    Scale {
        cause: usize,
        ratio: f64,
        strength: String,
    },
    RuleOut(usize),
    Derive {
        fact: usize,
        value: Value,
    },
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: RuleId,
    pub title: String,
    pub cond: Cond,
    pub effects: Vec<Effect>,
    pub sources: Vec<String>,
    /// Index into `Program::rule_files`, and the rule's span there.
    pub file: usize,
    pub span: Span,
    /// Facts the condition reads.
    pub reads: Vec<usize>,
}

impl Rule {
    pub fn derives(&self) -> bool {
        self.effects.iter().any(|e| matches!(e, Effect::Derive { .. }))
    }
}

/// A remedy's conditional fix probabilities: when the condition holds, (cause, probability).
pub type WhenFix = (Cond, Vec<(usize, f64)>);

/// Everything the evaluator needs, checked.
#[derive(Clone, Debug)]
pub struct Program {
    pub kb: Knowledge,
    pub rules: Vec<Rule>,
    pub rule_files: Vec<SourceFile>,
    /// For each fact, the rules that read it.
    pub readers: Vec<Vec<usize>>,
    /// For each fact, whether some rule derives it.
    pub derived: Vec<bool>,
    /// Rules that derive facts, in an order where every fact is derived before it is read.
    pub derive_order: Vec<usize>,
    /// For each remedy, a rank in an order where every remedy comes after those in its `after`.
    pub remedy_rank: Vec<usize>,
    /// For each remedy, its conditional fix probabilities: (condition, fixes), first match wins.
    pub remedy_when: Vec<Vec<WhenFix>>,
    /// For each fact, the condition its question waits on (`ask_if`), if it is a follow-up.
    pub ask_if: Vec<Option<Cond>>,
    /// The yes/no fact that says whether the server's console can be reached (settings `console`).
    pub console_fact: Option<usize>,
    /// Each rule's 1-based line in its file, computed once (reports cite every fired rule).
    pub rule_lines: Vec<usize>,
    /// The rules each known fact reaches (`program::reach`): the evaluator looks at those only.
    pub reach: reach::Reach,
    /// For each fact, the integers the rules compare it with, sorted, without repeats (the
    /// decimal-or-hex hint looks them up for every integer of every input).
    pub tested_ints: Vec<Vec<i64>>,
}

impl Program {
    /// Fills `reach` and `tested_ints` from the rules; the checker calls it once.
    pub fn index_rules(&mut self) {
        self.reach = reach::Reach::new(self);
        let mut tested = vec![Vec::new(); self.kb.facts.len()];
        let mut consts = Vec::new();
        for (f, out) in tested.iter_mut().enumerate() {
            consts.clear();
            for &r in &self.readers[f] {
                self.rules[r].cond.constants(f, &mut consts);
            }
            out.extend(consts.iter().filter_map(|v| match v {
                Value::Int(i) => Some(*i),
                _ => None,
            }));
            out.sort_unstable();
            out.dedup();
        }
        self.tested_ints = tested;
    }
}

impl Program {
    /// Whether fact `f`'s question makes sense now: it is no follow-up, or what it follows up is
    /// known to hold (`ask_if`). An unknown or false condition keeps it unasked.
    pub fn may_ask(&self, f: usize, values: &[Option<Value>]) -> bool {
        self.ask_if.get(f).and_then(Option::as_ref).is_none_or(|c| logic::eval(c, values) == logic::Truth::True)
    }

    /// `file:line` of a rule, for explanations.
    pub fn rule_location(&self, rule: usize) -> String {
        let r = &self.rules[rule];
        format!("{}:{}", self.rule_files[r.file].name, self.rule_lines[rule])
    }
}
