//! The words and the JSON of a test run: one line per case, the failures in detail, coverage,
//! and `N passed, N failed` as the very last line.

use super::{effects, named_causes, Run, SHOWN_CAUSES};
use crate::check::Program;
use crate::render::sanitize_terminal;
use serde_json::json;
use std::fmt::Write;

/// `file:line` of a case's `name:`.
fn case_location(p: &Program, case: usize) -> String {
    let at = p.kb.cases[case].at;
    match p.kb.files.get(at.file) {
        Some(f) => format!("{}:{}", f.name, f.line_col(at.offset).0),
        None => String::new(),
    }
}

/// The human report; `coverage` adds the coverage section before the summary line.
pub fn render_human(p: &Program, run: &Run, coverage: bool) -> String {
    let mut out = String::new();
    let places: Vec<String> = run.results.iter().map(|r| case_location(p, r.case)).collect();
    let width = places.iter().map(String::len).max().unwrap_or(0);
    for (r, place) in run.results.iter().zip(&places) {
        let verdict = if r.passed() { "ok    " } else { "FAILED" };
        let name = sanitize_terminal(&p.kb.cases[r.case].name);
        let _ = writeln!(out, "{verdict} {place:<width$}  {name}");
    }
    let failed: Vec<_> = run.results.iter().filter(|r| !r.passed()).collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nfailures:");
    }
    for r in failed {
        let name = sanitize_terminal(&p.kb.cases[r.case].name);
        let _ = writeln!(out, "\n--- {} `{name}`", case_location(p, r.case));
        for (expected, actual) in &r.failures {
            let _ = writeln!(out, "  expected: {expected}");
            let _ = writeln!(out, "  actual:   {actual}");
        }
        let top: Vec<String> = r
            .ranking
            .iter()
            .take(SHOWN_CAUSES)
            .enumerate()
            .map(|(i, &(c, pr))| format!("    {}. {} {pr:.3}", i + 1, p.kb.causes[c].id))
            .collect();
        let _ = writeln!(out, "  top {SHOWN_CAUSES}:");
        if top.is_empty() {
            let _ = writeln!(out, "    (every cause is ruled out)");
        }
        for line in top {
            let _ = writeln!(out, "{line}");
        }
        // Only what the fired rules did to the causes this failure is about.
        let mut relevant = named_causes(&p.kb.cases[r.case]);
        relevant.extend(r.ranking.iter().take(SHOWN_CAUSES).map(|&(c, _)| c));
        let _ = writeln!(out, "  rules fired (their effect on the causes above):");
        let mut silent = 0;
        for &rule in &r.fired {
            let (words, _) = effects(p, rule, Some(&relevant));
            if words.is_empty() {
                silent += 1;
                continue;
            }
            let _ = writeln!(out, "    {} ({}): {words}", p.rules[rule].id, p.rule_location(rule));
        }
        if silent > 0 {
            let _ = writeln!(out, "    and {silent} more rule(s) that touch none of them");
        }
    }
    if coverage {
        out.push_str(&render_coverage(p, run));
    }
    let _ = writeln!(out, "\n{} passed, {} failed", run.passed(), run.failed());
    out
}

fn render_coverage(p: &Program, run: &Run) -> String {
    let c = &run.coverage;
    let mut out = String::new();
    let _ = writeln!(out, "\ncoverage of {} case(s):", run.results.len());
    let _ = writeln!(
        out,
        "\nrules no case fires (a rule fires when its condition is true): {} of {}",
        c.rules_never_fired.len(),
        p.rules.len()
    );
    for &r in &c.rules_never_fired {
        let _ = writeln!(out, "  {} {}", p.rule_location(r), p.rules[r].id);
    }
    let _ = writeln!(
        out,
        "\ncauses no case ranks first (the most probable cause not ruled out): {} of {}",
        c.causes_never_first.len(),
        p.kb.causes.len()
    );
    for &cause in &c.causes_never_first {
        let _ = writeln!(out, "  {}", p.kb.causes[cause].id);
    }
    let _ = writeln!(
        out,
        "\nfacts no case gives and no fired or pending rule reads: {} of {}",
        c.facts_never_used.len(),
        p.kb.facts.len()
    );
    for &f in &c.facts_never_used {
        let _ = writeln!(out, "  {}", p.kb.facts[f].id);
    }
    let _ = writeln!(
        out,
        "\nfacts no case gives (rules may still read them as unknown): {} of {}",
        c.facts_never_given.len(),
        p.kb.facts.len()
    );
    for &f in &c.facts_never_given {
        let _ = writeln!(out, "  {}", p.kb.facts[f].id);
    }
    out
}

/// The machine-readable report: one JSON object.
pub fn render_json(p: &Program, run: &Run, coverage: bool) -> serde_json::Value {
    let cases: Vec<_> = run
        .results
        .iter()
        .map(|r| {
            let failures: Vec<_> =
                r.failures.iter().map(|(e, a)| json!({ "expected": e, "actual": a })).collect();
            let top: Vec<_> = r
                .ranking
                .iter()
                .take(SHOWN_CAUSES)
                .map(|&(c, pr)| json!({ "id": p.kb.causes[c].id, "probability": pr }))
                .collect();
            let fired: Vec<_> = r
                .fired
                .iter()
                .map(|&rule| json!({ "rule": p.rules[rule].id, "at": p.rule_location(rule), "effects": effects(p, rule, None).0 }))
                .collect();
            json!({
                "name": p.kb.cases[r.case].name,
                "at": case_location(p, r.case),
                "passed": r.passed(),
                "failures": failures,
                "top": top,
                "fired": fired,
            })
        })
        .collect();
    let mut out = json!({ "cases": cases, "passed": run.passed(), "failed": run.failed() });
    if coverage {
        let c = &run.coverage;
        out["coverage"] = json!({
            "rules_never_fired": c.rules_never_fired.iter().map(|&r| json!({ "rule": p.rules[r].id, "at": p.rule_location(r) })).collect::<Vec<_>>(),
            "causes_never_first": c.causes_never_first.iter().map(|&x| p.kb.causes[x].id.as_str()).collect::<Vec<_>>(),
            "facts_never_used": c.facts_never_used.iter().map(|&f| p.kb.facts[f].id.as_str()).collect::<Vec<_>>(),
            "facts_never_given": c.facts_never_given.iter().map(|&f| p.kb.facts[f].id.as_str()).collect::<Vec<_>>(),
        });
    }
    out
}
