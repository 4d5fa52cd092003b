//! Lints about what an author is likely to have forgotten: causes the evidence cannot separate,
//! remedies nobody can verify, facts nobody can check. Each is a warning with a code of
//! `codes.md`; the knowledge base stays usable.

use super::weights::raises;
use super::Program;
use crate::diag::Diagnostic;
use crate::program::Effect;
use crate::value::Value;
use std::collections::BTreeMap;

/// `help` shorter than this cannot name a command or a place to look.
const MIN_HELP_CHARS: usize = 15;

pub fn lints(p: &Program) -> Vec<Diagnostic> {
    let mut out = unread_and_unreached(p);
    out.extend(indistinguishable_causes(p));
    let kb = &p.kb;
    for r in &kb.remedies {
        if r.verify.is_none() {
            out.push(
                kb.diag_at(Diagnostic::warning("W206", format!("remedy `{}` has no `verify`", r.id)), r.at, r.id.len())
                    .with_hint("say how to tell that it worked: `verify: { do: ..., run: ... }`"),
            );
        }
    }
    for f in &kb.facts {
        if f.help.trim().chars().count() < MIN_HELP_CHARS {
            let msg = match f.help.trim() {
                "" => format!("fact `{}` has an empty `help`", f.id),
                h => format!("fact `{}` does not say how to check it: `help` is only `{h}`", f.id),
            };
            out.push(
                kb.diag_at(Diagnostic::warning("W207", msg), f.at, f.id.len())
                    .with_hint("`help` gives the exact command to run or the place to look"),
            );
        }
    }
    out
}

/// Causes that every rule moves alike: the same rules, with the same ratio or rule-out. Causes
/// no rule mentions are left to W202.
fn indistinguishable_causes(p: &Program) -> Vec<Diagnostic> {
    // (rule, ratio bits); a rule-out is ratio 0.
    let mut evidence: Vec<Vec<(usize, u64)>> = vec![Vec::new(); p.kb.causes.len()];
    for (ri, r) in p.rules.iter().enumerate() {
        for e in &r.effects {
            match e {
                Effect::Scale { cause, ratio, .. } => evidence[*cause].push((ri, ratio.to_bits())),
                Effect::RuleOut(cause) => evidence[*cause].push((ri, 0f64.to_bits())),
                Effect::Derive { .. } => {}
            }
        }
    }
    let mut first: BTreeMap<Vec<(usize, u64)>, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (ci, mut ev) in evidence.into_iter().enumerate() {
        if ev.is_empty() {
            continue;
        }
        ev.sort_unstable();
        ev.dedup();
        match first.get(&ev) {
            Some(&other) => {
                let c = &p.kb.causes[ci];
                let rules: Vec<&str> = ev.iter().map(|&(r, _)| p.rules[r].id.as_str()).collect();
                out.push(
                    p.kb.diag_at(
                        Diagnostic::warning(
                            "W205",
                            format!(
                                "no observation can tell `{}` from `{}`: both are moved only by {} {}",
                                c.id,
                                p.kb.causes[other].id,
                                if rules.len() == 1 { "rule" } else { "rules" },
                                rules.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
                            ),
                        ),
                        c.at,
                        c.id.len(),
                    )
                    .with_hint(
                        "add a rule with an observation that raises one and not the other, or merge the two causes",
                    ),
                );
            }
            None => {
                first.insert(ev, ci);
            }
        }
    }
    out
}

/// Facts no rule reads (W201), causes no rule raises (W202) or no remedy fixes (W203), and rules
/// that derive different values for one fact (W204).
pub fn unread_and_unreached(p: &Program) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kb = &p.kb;
    let mut read_by_remedies: Vec<usize> = p.remedy_when.iter().flatten().flat_map(|(c, _)| c.facts()).collect();
    read_by_remedies.extend(p.console_fact);
    for (fi, f) in kb.facts.iter().enumerate() {
        if p.readers[fi].is_empty() && !read_by_remedies.contains(&fi) {
            out.push(
                kb.diag_at(
                    Diagnostic::warning("W201", format!("fact `{}` is read by no rule", f.id)),
                    f.at,
                    f.id.len(),
                )
                .with_hint("write a rule that uses it, or remove it"),
            );
        }
    }
    let mut derived: std::collections::HashMap<usize, (usize, &Value)> = std::collections::HashMap::new();
    for (ri, r) in p.rules.iter().enumerate() {
        for e in &r.effects {
            let Effect::Derive { fact, value } = e else { continue };
            match derived.get(fact) {
                Some(&(first, v)) if v != value => {
                    let src = &p.rule_files[r.file];
                    out.push(
                        Diagnostic::warning(
                            "W204",
                            format!(
                                "rules `{}` and `{}` derive different values for `{}`",
                                p.rules[first].id, r.id, kb.facts[*fact].id
                            ),
                        )
                        .at(src, r.span.start, 4)
                        .with_hint("when both fire, the one that runs first wins; make their conditions exclusive"),
                    );
                }
                Some(_) => {}
                None => {
                    derived.insert(*fact, (ri, value));
                }
            }
        }
    }
    for (ci, c) in kb.causes.iter().enumerate() {
        let raised = p.rules.iter().any(|r| {
            r.effects
                .iter()
                .any(|e| matches!(e, Effect::Scale { cause, ratio, .. } if *cause == ci && raises(kb, *ratio)))
        });
        if !raised {
            out.push(
                kb.diag_at(
                    Diagnostic::warning("W202", format!("no rule can raise cause `{}`", c.id)),
                    c.at,
                    c.id.len(),
                )
                .with_hint("add a rule with an observation that points to it"),
            );
        }
        if !kb.remedies.iter().any(|r| r.fixes.iter().any(|&(x, _)| x == ci)) {
            out.push(
                kb.diag_at(Diagnostic::warning("W203", format!("no remedy fixes cause `{}`", c.id)), c.at, c.id.len())
                    .with_hint("add a remedy with `fixes: {{ {}: 0.8 }}`"),
            );
        }
    }
    out
}
