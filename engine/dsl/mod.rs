//! Parses rule files (`rules/*.rules`) into a syntax tree; no pest type leaves this module.

pub mod ast;
mod nesting;

pub use nesting::MAX_CONDITION_DEPTH;

use crate::diag::Diagnostic;
use crate::source::SourceFile;
use ast::{CmpOp, Conclusion, Expr, Ident, LitValue, Literal, Rule as RuleAst, Span};
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "engine/dsl/grammar.pest"]
struct RuleParser;

type P<'a> = Pair<'a, Rule>;

/// Parses one rule file. A syntax error stops the file and is returned as one diagnostic.
pub fn parse(src: &SourceFile) -> Result<Vec<RuleAst>, Diagnostic> {
    if let Some(at) = nesting::too_deep(&src.text) {
        return Err(too_deep(src, at));
    }
    let mut pairs = RuleParser::parse(Rule::file, &src.text).map_err(|e| syntax_error(src, e))?;
    let file = pairs.next().expect("the grammar's `file` rule always yields one pair");
    file.into_inner()
        .filter(|x| !is_keyword(x.as_rule()))
        .filter(|p| p.as_rule() == Rule::rule_def)
        .map(|p| build_rule(src, p))
        .collect()
}

/// Parses a condition written at byte `offset` of `src` (a remedy's `if:` in a YAML file), so
/// that spans and diagnostics point into that file.
pub fn parse_condition(src: &SourceFile, offset: usize, text: &str) -> Result<Expr, Diagnostic> {
    if let Some(at) = nesting::too_deep(text) {
        return Err(too_deep(src, offset + at));
    }
    // The text is parsed alone (a copy of the file per condition would make a knowledge base with
    // many conditions quadratic); its positions are then moved to where it sits in the file.
    let own = SourceFile::new(src.name.clone(), text);
    let reanchor = |d: Diagnostic| {
        let k = byte_offset(text, d.line, d.col);
        let (line, col) = src.line_col(offset + k);
        // The text parsed is the condition, not the whole YAML file it sits in.
        let message = d.message.replace("the end of the file", "the end of the condition");
        Diagnostic { line, col, message, excerpt: Some(src.line(line).to_string()), ..d }
    };
    let mut pairs = RuleParser::parse(Rule::condition, text).map_err(|e| reanchor(syntax_error(&own, e)))?;
    let cond =
        pairs.next().expect("`condition` yields one pair").into_inner().next().expect("`condition` holds `cond`");
    let mut expr = build_disj(&own, cond.into_inner().next().expect("cond holds a disjunction")).map_err(reanchor)?;
    shift(&mut expr, offset);
    Ok(expr)
}

/// The byte offset in `text` of a 1-based line and column (in characters).
fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = text.get(start..).unwrap_or("");
    start + rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Moves every span of a condition by `by` bytes.
fn shift(e: &mut Expr, by: usize) {
    let mv = |s: &mut Span| {
        s.start += by;
        s.end += by;
    };
    match e {
        Expr::Or(v) | Expr::And(v) => v.iter_mut().for_each(|x| shift(x, by)),
        Expr::Not(x) => shift(x, by),
        Expr::Known(id) | Expr::Fact(id) => mv(&mut id.span),
        Expr::Compare(id, _, lit) | Expr::Contains(id, lit) => {
            mv(&mut id.span);
            mv(&mut lit.span);
        }
        Expr::In(id, lits) => {
            mv(&mut id.span);
            lits.iter_mut().for_each(|l| mv(&mut l.span));
        }
    }
}

fn is_keyword(r: Rule) -> bool {
    matches!(
        r,
        Rule::kw_rule
            | Rule::kw_when
            | Rule::kw_then
            | Rule::kw_source
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_in
            | Rule::kw_contains
            | Rule::kw_known
            | Rule::kw_derive
            | Rule::kw_out
    )
}

fn span(p: &P) -> Span {
    Span { start: p.as_span().start(), end: p.as_span().end() }
}

fn ident(p: P) -> Ident {
    Ident { name: p.as_str().to_string(), span: span(&p) }
}

fn build_rule(src: &SourceFile, p: P) -> Result<RuleAst, Diagnostic> {
    let whole = span(&p);
    let mut inner = p.into_inner().filter(|x| !is_keyword(x.as_rule()));
    let name = ident(inner.next().expect("rule_def starts with its name"));
    let mut title = None;
    let mut when = None;
    let mut then = Vec::new();
    let mut sources = Vec::new();
    for part in inner {
        match part.as_rule() {
            Rule::title => {
                title = Some(unquote(
                    part.into_inner().find(|x| !is_keyword(x.as_rule())).expect("title holds a string").as_str(),
                ))
            }
            Rule::cond => {
                when = Some(build_disj(
                    src,
                    part.into_inner().find(|x| !is_keyword(x.as_rule())).expect("cond holds a disjunction"),
                )?)
            }
            Rule::conclusions => {
                for c in part.into_inner().filter(|x| !is_keyword(x.as_rule())) {
                    then.push(build_conclusion(src, c)?);
                }
            }
            Rule::source_line => sources.push(unquote(
                part.into_inner().find(|x| !is_keyword(x.as_rule())).expect("source holds a string").as_str(),
            )),
            _ => {}
        }
    }
    let when = when.expect("the grammar requires `when`");
    Ok(RuleAst { name, title, when, then, sources, span: whole })
}

fn build_disj(src: &SourceFile, p: P) -> Result<Expr, Diagnostic> {
    let mut items = p
        .into_inner()
        .filter(|x| !is_keyword(x.as_rule()))
        .map(|c| build_conj(src, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if items.len() == 1 { items.remove(0) } else { Expr::Or(items) })
}

fn build_conj(src: &SourceFile, p: P) -> Result<Expr, Diagnostic> {
    let mut items = p
        .into_inner()
        .filter(|x| !is_keyword(x.as_rule()))
        .map(|c| build_neg(src, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if items.len() == 1 { items.remove(0) } else { Expr::And(items) })
}

fn build_neg(src: &SourceFile, p: P) -> Result<Expr, Diagnostic> {
    let mut nots = 0;
    let mut atom = None;
    for part in p.into_inner().filter(|x| !is_keyword(x.as_rule())) {
        match part.as_rule() {
            Rule::not_op => nots += 1,
            _ => atom = Some(build_atom(src, part)?),
        }
    }
    let mut e = atom.expect("neg ends with an atom");
    for _ in 0..nots {
        e = Expr::Not(Box::new(e));
    }
    Ok(e)
}

fn build_atom(src: &SourceFile, p: P) -> Result<Expr, Diagnostic> {
    let rule = p.as_rule();
    if rule == Rule::disj {
        return build_disj(src, p);
    }
    let mut inner = p.into_inner().filter(|x| !is_keyword(x.as_rule()));
    Ok(match rule {
        Rule::known => Expr::Known(ident(inner.next().expect("known(x)"))),
        Rule::bare => Expr::Fact(ident(inner.next().expect("bare fact"))),
        Rule::compare => {
            let fact = ident(inner.next().expect("compare: fact"));
            let op = match inner.next().expect("compare: operator").as_str() {
                "==" => CmpOp::Eq,
                "!=" => CmpOp::Ne,
                "<" => CmpOp::Lt,
                "<=" => CmpOp::Le,
                ">" => CmpOp::Gt,
                _ => CmpOp::Ge,
            };
            Expr::Compare(fact, op, build_literal(src, inner.next().expect("compare: value"))?)
        }
        Rule::in_test => {
            let fact = ident(inner.next().expect("in: fact"));
            Expr::In(fact, inner.map(|v| build_literal(src, v)).collect::<Result<_, _>>()?)
        }
        Rule::contains => {
            let fact = ident(inner.next().expect("contains: fact"));
            Expr::Contains(fact, build_literal(src, inner.next().expect("contains: value"))?)
        }
        other => unreachable!("atom cannot be {other:?}"),
    })
}

fn build_literal(src: &SourceFile, p: P) -> Result<Literal, Diagnostic> {
    let sp = span(&p);
    let text = p.as_str();
    let too_large = || {
        Diagnostic::error("E101", format!("the number `{text}` does not fit in 64 bits"))
            .at(src, sp.start, sp.len())
            .with_hint("numbers are signed 64-bit integers")
    };
    let value = match p.as_rule() {
        Rule::hex | Rule::int => LitValue::Int(crate::value::parse_int(text).ok_or_else(too_large)?),
        Rule::float => LitValue::Float(text.parse().map_err(|_| too_large())?),
        Rule::string => LitValue::Str(unquote(text)),
        Rule::boolean => LitValue::Bool(text == "true"),
        _ => LitValue::Word(text.to_string()),
    };
    Ok(Literal { value, span: sp })
}

fn build_conclusion(src: &SourceFile, p: P) -> Result<Conclusion, Diagnostic> {
    let rule = p.as_rule();
    let mut inner = p.into_inner().filter(|x| !is_keyword(x.as_rule()));
    Ok(match rule {
        Rule::rule_out => Conclusion::RuleOut(inner.map(ident).collect()),
        Rule::derive => {
            let fact = ident(inner.next().expect("derive: fact"));
            Conclusion::Derive { fact, value: build_literal(src, inner.next().expect("derive: value"))? }
        }
        _ => {
            let cause = ident(inner.next().expect("raise: cause"));
            let how = inner.next().expect("raise: strength or weight");
            if how.as_rule() == Rule::cf_weight {
                let value = how.into_inner().next().expect("cf: value");
                let sp = span(&value);
                let cf = value.as_str().parse::<f64>().map_err(|_| {
                    Diagnostic::error("E101", format!("the number `{}` is not a certainty factor", value.as_str()))
                        .at(src, sp.start, sp.len())
                        .with_hint("write a number between -1 and 1, like `cf 0.35`")
                })?;
                return Ok(Conclusion::Weigh { cause, cf, span: sp });
            }
            Conclusion::Raise { cause, strength: ident(how) }
        }
    })
}

fn unquote(s: &str) -> String {
    let body = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Turns pest's error into a diagnostic that speaks of the language, not of grammar rules.
fn too_deep(src: &SourceFile, at: usize) -> Diagnostic {
    Diagnostic::error(
        "E100",
        format!("syntax error: the condition nests deeper than {MAX_CONDITION_DEPTH} levels (parentheses and `not`s)"),
    )
    .at(src, at, 1)
    .with_hint("split it into rules that derive facts, or drop parentheses that group one term")
}

fn syntax_error(src: &SourceFile, e: pest::error::Error<Rule>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let offset = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = found_at(&src.text, offset);
    if src.text[offset..].starts_with('"') && !src.text[offset + 1..].lines().next().unwrap_or("").contains('"') {
        return Diagnostic::error("E102", "this string is not closed on its line")
            .at(src, offset, 1)
            .with_hint("end it with `\"` before the line break; write `\\\"` for a quote inside it");
    }
    let (message, hint) = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wanted: Vec<&str> = positives.iter().map(|r| phrase(*r)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            let list = match wanted.len() {
                0 => "something else".to_string(),
                1 => wanted[0].to_string(),
                n => format!("{} or {}", wanted[..n - 1].join(", "), wanted[n - 1]),
            };
            (format!("expected {list}, found {found}"), hint_for(positives))
        }
        ErrorVariant::CustomError { message } => (message.clone(), "see kb/README.md for the rule language".into()),
    };
    Diagnostic::error("E100", format!("syntax error: {message}")).at(src, offset, 1).with_hint(hint)
}

fn found_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let token: String = rest.chars().take_while(|c| !c.is_whitespace()).take(20).collect();
    if token.is_empty() {
        if rest.is_empty() {
            "the end of the file".into()
        } else {
            "a line break".into()
        }
    } else {
        format!("`{}`", crate::text::sanitize_terminal(&token))
    }
}

/// Grammar rules named as an author thinks of them.
fn phrase(r: Rule) -> &'static str {
    match r {
        Rule::rule_def => "`rule NAME \"title\"`",
        Rule::ident | Rule::bare => "a name",
        Rule::title | Rule::string => "a \"quoted string\"",
        Rule::cond
        | Rule::disj
        | Rule::conj
        | Rule::neg
        | Rule::known
        | Rule::compare
        | Rule::in_test
        | Rule::contains
        | Rule::not_op => "a condition",
        Rule::cmp_op => "a comparison (==, !=, <, <=, >, >=)",
        Rule::conclusions | Rule::rule_out | Rule::derive | Rule::raise => {
            "a conclusion (`CAUSE STRENGTH`, `rule out CAUSE`, `derive FACT = VALUE`)"
        }
        Rule::cf_value => "a certainty factor (a number between -1 and 1)",
        Rule::strength | Rule::cf_weight => {
            "a strength (confirms, strongly, likely, weakly, against, strongly_against)"
        }
        Rule::hex | Rule::int | Rule::float | Rule::boolean | Rule::word => "a value",
        Rule::source_line => "`source \"...\"`",
        Rule::EOI => "the end of the file",
        Rule::kw_rule => "`rule`",
        Rule::kw_when => "`when`",
        Rule::kw_then => "`then`",
        Rule::kw_source => "`source`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_in => "`in`",
        Rule::kw_contains => "`contains`",
        Rule::kw_known => "`known`",
        Rule::kw_derive => "`derive`",
        Rule::kw_out => "`out`",
        _ => "something else",
    }
}

fn hint_for(positives: &[Rule]) -> String {
    if positives.contains(&Rule::strength) {
        "a raised cause needs a strength after it: `cause_id likely`".into()
    } else if positives.iter().any(|r| matches!(r, Rule::cmp_op)) {
        "compare a fact with `==`, `!=`, `<`, `<=`, `>`, `>=`, or use `in [..]` / `contains`".into()
    } else if positives.contains(&Rule::rule_def) {
        "each rule reads `rule NAME \"title\" when CONDITION then CONCLUSIONS`".into()
    } else {
        "see kb/README.md for the rule language".into()
    }
}
