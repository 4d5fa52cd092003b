//! Checks a knowledge base before anything runs: ids resolved, types checked, holes linted.
//! `resolve` builds the `Program` and returns every problem at once; `compile::compile` adds the
//! cycles `graph` finds, then the lints, and keeps the program only when there is no error.

pub mod codes;
mod follow_ups;
mod lints;
mod rules;
mod weights;

pub use crate::program::{Cond, Effect, Program, Rule, WhenFix};
pub use lints::lints;

use crate::diag::{self, Diagnostic};
use crate::kb::{self, KbSource};

/// Codes of a YAML file that could not be loaded at all.
const LOAD_FAILED: [&str; 3] = ["E001", "E002", "E005"];

/// Loads, parses and checks a whole knowledge base, all but its cycles and lints: the program
/// with every id resolved (its derivation order and remedy ranks still empty), or none when a
/// YAML file could not be loaded; and every diagnostic so far.
pub fn resolve(src: &KbSource) -> (Option<Program>, Vec<Diagnostic>) {
    let (kb, mut diagnostics) = kb::load(src);
    let mut asts = Vec::new();
    let mut syntax = Vec::new();
    for (fi, file) in src.rules.iter().enumerate() {
        match crate::dsl::parse(file) {
            Ok(rules) => asts.extend(rules.into_iter().map(|r| (fi, r))),
            Err(d) => syntax.push(d),
        }
    }
    // A YAML file that failed to load defines nothing, so every reference to its ids would be
    // reported too: stop at the load errors and the rule files' syntax errors.
    if diagnostics.iter().any(|d| LOAD_FAILED.contains(&d.code)) {
        diagnostics.retain(|d| LOAD_FAILED.contains(&d.code));
        diagnostics.append(&mut syntax);
        diag::sort(&mut diagnostics);
        return (None, diagnostics);
    }
    diagnostics.append(&mut syntax);
    let (rules, rule_diags) = rules::resolve(&kb, &src.rules, &asts);
    diagnostics.extend(rule_diags);
    let (remedy_when, when_diags) = rules::resolve_when(&kb);
    diagnostics.extend(when_diags);
    let (ask_if, ask_diags) = follow_ups::resolve(&kb);
    diagnostics.extend(ask_diags);
    let facts = kb.facts.len();
    let mut program = Program {
        kb,
        rules,
        rule_files: src.rules.clone(),
        readers: vec![Vec::new(); facts],
        derived: vec![false; facts],
        derive_order: Vec::new(),
        remedy_rank: Vec::new(),
        remedy_when,
        ask_if,
        console_fact: None,
        rule_lines: Vec::new(),
        reach: Default::default(),
        tested_ints: Vec::new(),
    };
    program.rule_lines = program.rules.iter().map(|r| program.rule_files[r.file].line_col(r.span.start).0).collect();
    match rules::resolve_console(&program.kb) {
        Ok(f) => program.console_fact = f,
        Err(d) => diagnostics.push(d),
    }
    for (ri, r) in program.rules.iter().enumerate() {
        for &f in &r.reads {
            program.readers[f].push(ri);
        }
        for e in &r.effects {
            if let Effect::Derive { fact, .. } = e {
                program.derived[*fact] = true;
            }
        }
    }
    program.index_rules();
    (Some(program), diagnostics)
}
