//! Resolves the ids of parsed rules and checks the types of their comparisons.

use super::weights::{self, raises, Ids};
use crate::diag::Diagnostic;
use crate::dsl::ast::{self, CmpOp, Conclusion, Expr, LitValue, Literal, Span};
use crate::ids::RuleId;
use crate::kb::{unknown, Combination, Knowledge};
use crate::program::{Cond, Effect, Rule};
use crate::source::SourceFile;
use crate::value::{FactType, Value};
use std::collections::HashMap;

struct Ctx<'a> {
    kb: &'a Knowledge,
    src: &'a SourceFile,
    diags: Vec<Diagnostic>,
    /// Fact and cause ids to indices, when many rules are resolved at once.
    ids: Option<&'a Ids<'a>>,
}

impl Ctx<'_> {
    fn err(&mut self, code: &'static str, msg: String, span: Span, hint: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, msg).at(self.src, span.start, span.len()).with_hint(hint));
    }

    fn fact(&mut self, id: &ast::Ident) -> Option<usize> {
        let found = match self.ids {
            Some(ids) => ids.facts.get(id.name.as_str()).copied(),
            None => self.kb.fact_index(&id.name),
        };
        if found.is_none() {
            let d = unknown("fact", &id.name, self.kb.facts.iter().map(|f| f.id.as_str()));
            self.diags.push(d.at(self.src, id.span.start, id.span.len()));
        }
        found
    }

    fn cause(&mut self, id: &ast::Ident) -> Option<usize> {
        let found = match self.ids {
            Some(ids) => ids.causes.get(id.name.as_str()).copied(),
            None => self.kb.cause_index(&id.name),
        };
        if found.is_none() {
            let d = unknown("cause", &id.name, self.kb.causes.iter().map(|c| c.id.as_str()));
            self.diags.push(d.at(self.src, id.span.start, id.span.len()));
        }
        found
    }

    /// Types a literal against the fact it is compared with.
    fn literal(&mut self, fact: usize, lit: &Literal) -> Option<Value> {
        let f = &self.kb.facts[fact];
        let id = f.id.as_str();
        let v = match (&f.ty, &lit.value) {
            (FactType::Bool, LitValue::Bool(b)) => Value::Bool(*b),
            (FactType::Int | FactType::ListInt, LitValue::Int(i)) => Value::Int(*i),
            (FactType::Float, LitValue::Int(i)) => Value::Float(*i as f64),
            (FactType::Float, LitValue::Float(x)) => Value::Float(*x),
            (FactType::Str, LitValue::Str(s)) => Value::Str(s.clone()),
            (FactType::Enum(values), LitValue::Word(w) | LitValue::Str(w)) => {
                if !values.contains(w) {
                    let hint = match crate::diag::did_you_mean(w, values.iter().map(String::as_str)) {
                        Some(c) => format!("did you mean `{c}`? `{id}` takes {}", values.join(", ")),
                        None => format!("`{id}` takes {}", values.join(", ")),
                    };
                    self.err("E111", format!("`{w}` is not a value of `{id}`"), lit.span, hint);
                    return None;
                }
                Value::Str(w.clone())
            }
            (ty, _) => {
                let hint = match (ty, &lit.value) {
                    (FactType::Str, LitValue::Word(w)) => format!("quote strings: \"{w}\""),
                    _ => format!("`{id}` takes {}", ty.expected()),
                };
                self.err(
                    "E110",
                    format!("`{id}` is {}, but is compared with {}", article(ty), lit_kind(&lit.value)),
                    lit.span,
                    hint,
                );
                return None;
            }
        };
        Some(v)
    }

    fn cond(&mut self, e: &Expr) -> Option<Cond> {
        Some(match e {
            Expr::Or(v) => Cond::Or(self.all(v)?),
            Expr::And(v) => Cond::And(self.all(v)?),
            Expr::Not(e) => Cond::Not(Box::new(self.cond(e)?)),
            Expr::Known(id) => Cond::Known(self.fact(id)?),
            Expr::Fact(id) => {
                let f = self.fact(id)?;
                if self.kb.facts[f].ty != FactType::Bool {
                    let ty = &self.kb.facts[f].ty;
                    self.err(
                        "E110",
                        format!("`{}` is {}, not a yes/no fact", id.name, article(ty)),
                        id.span,
                        format!("compare it: `{} == ...`", id.name),
                    );
                    return None;
                }
                Cond::Truthy(f)
            }
            Expr::Compare(id, op, lit) => {
                let f = self.fact(id)?;
                let ty = self.kb.facts[f].ty.clone();
                let ordered = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
                if ty == FactType::ListInt {
                    self.err(
                        "E112",
                        format!("`{}` is a list; it cannot be compared", id.name),
                        id.span,
                        format!("use `{} contains VALUE`", id.name),
                    );
                    return None;
                }
                if ordered && !matches!(ty, FactType::Int | FactType::Float) {
                    self.err(
                        "E112",
                        format!("`{}` is {}; only numbers are ordered", id.name, article(&ty)),
                        id.span,
                        "use `==`, `!=` or `in [..]`",
                    );
                    return None;
                }
                Cond::Cmp(f, *op, self.literal(f, lit)?)
            }
            Expr::In(id, lits) => {
                let f = self.fact(id)?;
                if matches!(self.kb.facts[f].ty, FactType::ListInt | FactType::Bool) {
                    self.err(
                        "E112",
                        format!(
                            "`in [..]` needs a single-valued fact; `{}` is {}",
                            id.name,
                            article(&self.kb.facts[f].ty)
                        ),
                        id.span,
                        "use `contains` for lists and `==` for yes/no facts",
                    );
                    return None;
                }
                let vals: Vec<Option<Value>> = lits.iter().map(|l| self.literal(f, l)).collect();
                Cond::In(f, vals.into_iter().collect::<Option<_>>()?)
            }
            Expr::Contains(id, lit) => {
                let f = self.fact(id)?;
                if self.kb.facts[f].ty != FactType::ListInt {
                    self.err(
                        "E112",
                        format!("`contains` needs a list fact; `{}` is {}", id.name, article(&self.kb.facts[f].ty)),
                        id.span,
                        "use `==` or `in [..]`",
                    );
                    return None;
                }
                match self.literal(f, lit)? {
                    Value::Int(i) => Cond::Contains(f, i),
                    _ => return None,
                }
            }
        })
    }

    fn all(&mut self, v: &[Expr]) -> Option<Vec<Cond>> {
        // Check every branch, so that every problem is reported, not only the first.
        let parts: Vec<Option<Cond>> = v.iter().map(|e| self.cond(e)).collect();
        parts.into_iter().collect()
    }
}

/// Resolves every parsed rule. Rules with problems are dropped and their problems reported.
pub fn resolve(kb: &Knowledge, files: &[SourceFile], asts: &[(usize, ast::Rule)]) -> (Vec<Rule>, Vec<Diagnostic>) {
    let mut rules = Vec::new();
    let mut diags = Vec::new();
    let mut names: HashMap<&str, (usize, usize)> = HashMap::new();
    let ids = Ids::new(kb);
    for (fi, r) in asts {
        let src = &files[*fi];
        if let Some(&(ffi, off)) = names.get(r.name.name.as_str()) {
            let (line, _) = files[ffi].line_col(off);
            diags.push(
                Diagnostic::error("E003", format!("rule `{}` is defined twice", r.name.name))
                    .at(src, r.name.span.start, r.name.span.len())
                    .with_hint(format!(
                        "the first is at {}:{line}; rule names are unique across all rule files",
                        files[ffi].name
                    )),
            );
        } else {
            names.insert(&r.name.name, (*fi, r.name.span.start));
        }
        let mut ctx = Ctx { kb, src, diags: Vec::new(), ids: Some(&ids) };
        let cond = ctx.cond(&r.when);
        let effects = conclusions(&mut ctx, &r.then);
        diags.append(&mut ctx.diags);
        if let (Some(cond), Some(effects)) = (cond, effects) {
            rules.push(Rule {
                id: RuleId(r.name.name.clone()),
                title: r.title.clone().unwrap_or_else(|| r.name.name.replace('_', " ")),
                reads: cond.facts(),
                cond,
                effects,
                sources: r.sources.clone(),
                file: *fi,
                span: r.span,
            });
        }
    }
    (rules, diags)
}

fn conclusions(ctx: &mut Ctx, then: &[Conclusion]) -> Option<Vec<Effect>> {
    let mut out = Vec::new();
    let mut ok = true;
    let mut raised: HashMap<usize, Span> = HashMap::new();
    let mut ruled_out: HashMap<usize, Span> = HashMap::new();
    for c in then {
        match c {
            Conclusion::Raise { cause, strength } => {
                let ci = ctx.cause(cause);
                let ratio = ctx.kb.settings.strengths.get(&strength.name).copied();
                if ratio.is_none() {
                    let known = ctx.kb.settings.strengths.keys().map(String::as_str);
                    let hint = match crate::diag::did_you_mean(&strength.name, known) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!(
                            "strengths are: {}",
                            ctx.kb.settings.strengths.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    };
                    ctx.err("E113", format!("unknown strength `{}`", strength.name), strength.span, hint);
                }
                match (ci, ratio) {
                    (Some(cause_i), Some(ratio)) => {
                        let ratio = match ctx.kb.settings.combination {
                            Combination::LikelihoodRatio => ratio,
                            Combination::CertaintyFactor => crate::program::cf::from_ratio(ratio),
                        };
                        if raises(ctx.kb, ratio) {
                            raised.insert(cause_i, cause.span);
                        }
                        out.push(Effect::Scale { cause: cause_i, ratio, strength: strength.name.clone() })
                    }
                    _ => ok = false,
                }
            }
            Conclusion::Weigh { cause, cf, span } => {
                let ci = ctx.cause(cause);
                if let Some((message, hint)) = weights::problem(ctx.kb, *cf) {
                    ctx.err("E116", message, *span, hint);
                    ok = false;
                }
                match ci {
                    Some(cause_i) if ok => {
                        if *cf > 0.0 {
                            raised.insert(cause_i, cause.span);
                        }
                        out.push(Effect::Scale { cause: cause_i, ratio: *cf, strength: format!("cf {cf}") })
                    }
                    _ => ok = false,
                }
            }
            Conclusion::RuleOut(ids) => {
                for id in ids {
                    match ctx.cause(id) {
                        Some(ci) => {
                            ruled_out.insert(ci, id.span);
                            out.push(Effect::RuleOut(ci))
                        }
                        None => ok = false,
                    }
                }
            }
            Conclusion::Derive { fact, value } => {
                match ctx.fact(fact).and_then(|f| ctx.literal(f, value).map(|v| (f, v))) {
                    Some((f, v)) => out.push(Effect::Derive { fact: f, value: v }),
                    None => ok = false,
                }
            }
        }
    }
    for (ci, span) in &raised {
        if ruled_out.contains_key(ci) {
            let id = ctx.kb.causes[*ci].id.to_string();
            ctx.err(
                "E114",
                format!("the rule both raises and rules out `{id}`"),
                *span,
                "keep one of the two conclusions",
            );
            ok = false;
        }
    }
    ok.then_some(out)
}

/// Compiles the `when: - if:` conditions of every remedy.
pub fn resolve_when(kb: &Knowledge) -> (Vec<Vec<crate::program::WhenFix>>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let ids = Ids::new(kb);
    for r in &kb.remedies {
        let mut list = Vec::new();
        for w in &r.when {
            if let Some(c) = condition(kb, &ids, w.at, &w.condition, &mut diags) {
                list.push((c, w.fixes.clone()));
            }
        }
        out.push(list);
    }
    (out, diags)
}

/// A condition written in a YAML file (a remedy's `if:`, a fact's `ask_if`), starting at `at`:
/// parsed and resolved, or `None` with its problems in `diags`.
pub(super) fn condition(
    kb: &Knowledge,
    ids: &Ids,
    at: crate::kb::Loc,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cond> {
    let src = &kb.files[at.file];
    match crate::dsl::parse_condition(src, at.offset, text) {
        Ok(expr) => {
            let mut ctx = Ctx { kb, src, diags: Vec::new(), ids: Some(ids) };
            let c = ctx.cond(&expr);
            diags.append(&mut ctx.diags);
            c
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The fact named by `settings.console.fact`, which must be a yes/no fact.
pub fn resolve_console(kb: &Knowledge) -> Result<Option<usize>, Diagnostic> {
    let Some(console) = &kb.settings.console else { return Ok(None) };
    let settings = kb.settings_file();
    let place = |d: Diagnostic| match settings {
        Some(src) => {
            let at = src.find_word(&console.fact, 0).unwrap_or(0);
            d.at(src, at, console.fact.len())
        }
        None => d,
    };
    match kb.fact_index(&console.fact) {
        Some(f) if kb.facts[f].ty == FactType::Bool => Ok(Some(f)),
        Some(_) => Err(place(Diagnostic::error("E115", format!("`{}` is not a yes/no fact", console.fact)))
            .with_hint("settings.console.fact names a bool fact: can the console be reached?")),
        None => Err(place(unknown("fact", &console.fact, kb.facts.iter().map(|f| f.id.as_str())))),
    }
}

fn article(ty: &FactType) -> &'static str {
    match ty {
        FactType::Bool => "a yes/no fact",
        FactType::Int => "an integer",
        FactType::Float => "a number",
        FactType::Str => "a string",
        FactType::Enum(_) => "an enum",
        FactType::ListInt => "a list of integers",
    }
}

fn lit_kind(v: &LitValue) -> &'static str {
    match v {
        LitValue::Int(_) => "a number",
        LitValue::Float(_) => "a number",
        LitValue::Str(_) => "a string",
        LitValue::Bool(_) => "true/false",
        LitValue::Word(_) => "a bare word",
    }
}
