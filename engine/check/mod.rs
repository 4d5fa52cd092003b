//! Checks a knowledge base before anything runs: ids resolved, types checked, cycles found.
//! `check` returns every problem at once, and the `Program` only when there is no error.

pub mod codes;
mod follow_ups;
mod lints;
mod program;
mod rules;
mod weights;

pub use program::{Cond, Effect, Program, Rule, WhenFix};

use crate::diag::{self, Diagnostic};
use crate::kb::{self, KbSource};

/// Codes of a YAML file that could not be loaded at all.
const LOAD_FAILED: [&str; 3] = ["E001", "E002", "E005"];

/// The result of checking: the program when it is usable, and every diagnostic.
pub struct Checked {
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads, parses and checks a whole knowledge base.
pub fn check(src: &KbSource) -> Checked {
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
        return Checked { program: None, diagnostics };
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
    match crate::graph::order(&program) {
        Ok((derive_order, remedy_rank)) => {
            program.derive_order = derive_order;
            program.remedy_rank = remedy_rank;
        }
        Err(cycles) => diagnostics.extend(cycles),
    }
    // Lints look for holes in a knowledge base that works; after an error they would mostly
    // report its echoes (a rule dropped for a typo leaves its facts unread).
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(lints::lints(&program));
    }
    diag::sort(&mut diagnostics);
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    Checked { program: ok.then_some(program), diagnostics }
}
