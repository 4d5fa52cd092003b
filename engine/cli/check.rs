//! `fixplan check`: every problem of the knowledge base, with its place and a hint, on standard
//! output (the problems are this command's result).

use super::args::DiagFormat;
use super::Exit;
use crate::kb::KbSource;

pub fn run(source: &KbSource, format: DiagFormat) -> Exit {
    let checked = crate::compile::compile(source);
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
            let counts = format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"));
            if checked.program.is_some() {
                println!("checked {facts} facts, {causes} causes, {remedies} remedies, {rules} rules: {counts}");
            } else {
                println!("{counts} (the lints run once there are no errors)");
            }
        }
    }
    if errors > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}

/// `--explain CODE` prints one code's documentation; `--explain` or `--list` lists every code.
pub fn explain(code: Option<&str>) -> Exit {
    use crate::check::codes;
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        print!("{}", codes::list());
        println!("\nrun `fixplan check --explain CODE` for what a code means, why, and an example");
        return Exit::Success;
    };
    match codes::find(code) {
        Some(c) => {
            print!("{}", codes::explain(&c));
            Exit::Success
        }
        None => {
            let all = codes::all();
            let shown = crate::render::sanitize_terminal(code);
            let upper = code.trim().to_ascii_uppercase();
            eprintln!("error: unknown diagnostic code `{shown}`");
            match crate::diag::did_you_mean(&upper, all.iter().map(|c| c.code)) {
                Some(close) => eprintln!("  = hint: did you mean `{close}`? `fixplan check --list` lists every code"),
                None => eprintln!("  = hint: `fixplan check --list` lists every code"),
            }
            Exit::Error
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
