//! Checks the loaded YAML: ids well formed and unique, references resolved, numbers in range.

use super::model::RemedyDoc;
use super::{risk_name, unknown, Knowledge, Loc, Remedy, Risk, When};
use crate::diag::Diagnostic;
use crate::ids::{is_valid_id, RemedyId};
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashMap};

pub(super) fn check_ids(kb: &Knowledge, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, &str), Loc> = HashMap::new();
    let all = kb
        .facts
        .iter()
        .map(|f| ("fact", f.id.as_str(), f.at))
        .chain(kb.causes.iter().map(|c| ("cause", c.id.as_str(), c.at)));
    for (kind, id, at) in all {
        if !is_valid_id(id) {
            diags.push(
                kb.diag_at(Diagnostic::error("E004", format!("{kind} id `{id}` is not snake_case")), at, id.len())
                    .with_hint("ids are lowercase letters, digits and `_`, starting with a letter"),
            );
        }
        if let Some(first) = seen.insert((kind, id), at) {
            let file = &kb.files[first.file];
            let (line, _) = file.line_col(first.offset);
            diags.push(
                kb.diag_at(Diagnostic::error("E003", format!("{kind} `{id}` is defined twice")), at, id.len())
                    .with_hint(format!("the first definition is at {}:{line}; rename or remove one", file.name)),
            );
        }
    }
}

pub(super) fn resolve_remedies(kb: &mut Knowledge, docs: Vec<(RemedyDoc, Loc)>, diags: &mut Vec<Diagnostic>) {
    let ids: Vec<String> = docs.iter().map(|(r, _)| r.id.clone()).collect();
    let mut seen = HashMap::new();
    for (r, at) in &docs {
        if !is_valid_id(&r.id) {
            diags.push(kb.diag_at(
                Diagnostic::error("E004", format!("remedy id `{}` is not snake_case", r.id)),
                *at,
                r.id.len(),
            ));
        }
        if seen.insert(r.id.clone(), *at).is_some() {
            diags.push(
                kb.diag_at(Diagnostic::error("E003", format!("remedy `{}` is defined twice", r.id)), *at, r.id.len())
                    .with_hint("rename or remove one"),
            );
        }
    }
    for (r, at) in docs {
        let file = &kb.files[at.file];
        let fixes = resolve_fixes(kb, &r.id, &r.fixes, file, at.offset, diags);
        let mut when = Vec::new();
        let mut cursor = at.offset;
        for w in &r.when {
            let key = file.find_key("if", cursor).unwrap_or(cursor);
            let offset = file.text.get(key..).and_then(|t| t.find(&w.condition)).map_or(key, |o| key + o);
            cursor = offset + 1;
            let fixes = resolve_fixes(kb, &r.id, &w.fixes, file, key, diags);
            when.push(When { condition: w.condition.clone(), at: Loc { file: at.file, offset }, fixes });
        }
        let mut after = Vec::new();
        for a in &r.after {
            let off = file.find_word(a, at.offset).unwrap_or(at.offset);
            match ids.iter().position(|i| i == a) {
                Some(ai) => after.push(ai),
                None => diags.push(unknown("remedy", a, ids.iter().map(String::as_str)).at(file, off, a.len())),
            }
        }
        if r.risk >= Risk::Medium && r.revert.is_none() {
            diags.push(
                Diagnostic::error("E020", format!("remedy `{}` has {} risk and no `revert`", r.id, risk_name(r.risk)))
                    .at(file, at.offset, r.id.len())
                    .with_hint("say how to undo it: `revert: { do: ..., run: ... }`"),
            );
        }
        if r.steps.is_empty() {
            diags.push(
                Diagnostic::error("E021", format!("remedy `{}` has no steps", r.id))
                    .at(file, at.offset, r.id.len())
                    .with_hint("add `steps:` with at least one `do:`"),
            );
        }
        kb.remedies.push(Remedy {
            id: RemedyId(r.id),
            title: r.title,
            fixes,
            steps: r.steps,
            cost: r.cost,
            risk: r.risk,
            risk_note: r.risk_note,
            verify: r.verify,
            revert: r.revert,
            after,
            when,
            evidence: r.evidence,
            verdict: r.verdict,
            sources: r.sources,
            at,
        });
    }
}

fn resolve_fixes(
    kb: &Knowledge,
    remedy: &str,
    fixes: &BTreeMap<String, f64>,
    file: &SourceFile,
    from: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    for (cause, p) in fixes {
        let off = file.find_key(cause, from).unwrap_or(from);
        match kb.cause_index(cause) {
            Some(ci) => out.push((ci, *p)),
            None => {
                diags.push(unknown("cause", cause, kb.causes.iter().map(|c| c.id.as_str())).at(file, off, cause.len()))
            }
        }
        if !(*p > 0.0 && *p <= 1.0) {
            diags.push(
                Diagnostic::error("E009", format!("remedy `{remedy}` fixes `{cause}` with probability {p}"))
                    .at(file, off, cause.len())
                    .with_hint("a fix probability is in (0, 1]"),
            );
        }
    }
    out
}

pub(super) fn check_numbers(kb: &Knowledge, diags: &mut Vec<Diagnostic>) {
    for c in &kb.causes {
        if !(c.raw_prior > 0.0 && c.raw_prior.is_finite()) {
            diags.push(
                kb.diag_at(
                    Diagnostic::error("E010", format!("cause `{}` has prior {}", c.id, c.raw_prior)),
                    c.at,
                    c.id.len(),
                )
                .with_hint("a prior is a positive number; rules, not priors, rule causes out"),
            );
        }
    }
    let costs = kb
        .facts
        .iter()
        .map(|f| (&f.cost, "fact", f.id.as_str(), f.at))
        .chain(kb.remedies.iter().map(|r| (&r.cost, "remedy", r.id.as_str(), r.at)));
    for (cost, kind, id, at) in costs {
        if !(cost.minutes > 0.0 && cost.minutes.is_finite()) {
            diags.push(
                kb.diag_at(
                    Diagnostic::error("E011", format!("{kind} `{id}` costs {} minutes", cost.minutes)),
                    at,
                    id.len(),
                )
                .with_hint("a cost is a positive number of minutes"),
            );
        }
    }
    for f in &kb.facts {
        if !(0.0..=1.0).contains(&f.known) {
            diags.push(
                kb.diag_at(Diagnostic::error("E016", format!("fact `{}` is known with chance {}", f.id, f.known)), f.at, f.id.len())
                    .with_hint("`known` is the chance in [0, 1] that the person reporting knows the answer without running anything"),
            );
        }
    }
    let s = &kb.settings;
    // Settings problems point at the key in the file that holds `settings:`.
    let file = kb.settings_file();
    let place = |d: Diagnostic, key: &str| match file {
        Some(src) => {
            let at = src.find_key(key, 0).unwrap_or(0);
            d.at(src, at, key.len())
        }
        None => d.in_file("kb/settings.yaml"),
    };
    if !(0.0..1.0).contains(&s.unknown_cause_prior) {
        diags.push(place(
            Diagnostic::error("E012", format!("unknown_cause_prior is {}", s.unknown_cause_prior))
                .with_hint("the share kept for an unknown cause is in [0, 1)"),
            "unknown_cause_prior",
        ));
    }
    if !positive(s.escalation_minutes) {
        diags.push(place(
            Diagnostic::error("E012", format!("escalation_minutes is {}", s.escalation_minutes))
                .with_hint("escalation costs a positive number of minutes"),
            "escalation_minutes",
        ));
    }
    if !(s.ask_minutes_per_bit.is_finite() && s.ask_minutes_per_bit >= 0.0) {
        diags.push(place(
            Diagnostic::error("E012", format!("ask_minutes_per_bit is {}", s.ask_minutes_per_bit))
                .with_hint("a bit of information is worth zero or more minutes (10 is the default)"),
            "ask_minutes_per_bit",
        ));
    }
    if !(s.ask_confident_at > 0.0 && s.ask_confident_at <= 1.0) {
        diags.push(place(
            Diagnostic::error("E012", format!("ask_confident_at is {}", s.ask_confident_at))
                .with_hint("a probability in (0, 1]; 1 keeps asking while any question is worth its cost"),
            "ask_confident_at",
        ));
    }
    if !(s.ask_stop_support.is_finite() && s.ask_stop_support >= 1.0) {
        diags.push(place(
            Diagnostic::error("E012", format!("ask_stop_support is {}", s.ask_stop_support))
                .with_hint("a product of likelihood ratios, 1 or more (8 is the default: two `likely` rules)"),
            "ask_stop_support",
        ));
    }
    if !(s.ask_question_minutes.is_finite() && s.ask_question_minutes >= 0.0) {
        diags.push(place(
            Diagnostic::error("E012", format!("ask_question_minutes is {}", s.ask_question_minutes))
                .with_hint("zero or more minutes (1.25 is the default)"),
            "ask_question_minutes",
        ));
    }
    let r = &s.ask_can_run;
    for (name, x) in [("user", r.user), ("client", r.client), ("server", r.server), ("console", r.console)] {
        if !(0.0..=1.0).contains(&x) {
            diags.push(place(
                Diagnostic::error("E012", format!("ask_can_run.{name} is {x}")).with_hint("a chance in [0, 1]"),
                "ask_can_run",
            ));
        }
    }
    if !positive(r.weight) {
        diags.push(place(
            Diagnostic::error("E012", format!("ask_can_run.weight is {}", r.weight))
                .with_hint("how many answers the prior chances count as: a positive number (1.5 is the default)"),
            "ask_can_run",
        ));
    }
    for (name, ratio) in &s.strengths {
        if !positive(*ratio) || !is_valid_id(name) {
            diags.push(place(
                Diagnostic::error("E012", format!("strength `{name}` = {ratio}"))
                    .with_hint("a strength is a snake_case name and a positive ratio; use `rule out` for zero"),
                name,
            ));
        }
    }
}

/// Positive and finite (NaN is neither).
fn positive(x: f64) -> bool {
    x > 0.0 && x.is_finite()
}
