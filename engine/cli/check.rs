//! `fixplan check`: every problem of the knowledge base, with its place and a hint, on standard
//! output (the problems are this command's result).

use super::args::DiagFormat;
use super::Exit;
use crate::kb::KbSource;

pub fn run(source: &KbSource, format: DiagFormat) -> Exit {
    let checked = crate::check::check(source);
    let errors = checked.errors();
    let warnings = checked.diagnostics.len() - errors;
    match format {
        DiagFormat::Json => {
            for d in &checked.diagnostics {
                println!("{}", serde_json::to_string(d).expect("diagnostics serialise"));
            }
        }
        DiagFormat::Human => {
            for d in &checked.diagnostics {
                print!("{d}");
                println!();
            }
            let (facts, causes, remedies, rules) = match &checked.program {
                Some(p) => (p.kb.facts.len(), p.kb.causes.len(), p.kb.remedies.len(), p.rules.len()),
                None => (0, 0, 0, 0),
            };
            if checked.program.is_some() {
                println!("checked {facts} facts, {causes} causes, {remedies} remedies, {rules} rules: {errors} errors, {warnings} warnings");
            } else {
                println!("{errors} errors, {warnings} warnings");
            }
        }
    }
    if errors > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}
