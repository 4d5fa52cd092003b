//! `fixplan check`: every problem of the knowledge base, with its place and a hint, on standard
//! output (the problems are this command's result).

use super::args::DiagFormat;
use super::Exit;
use crate::kb::KbSource;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

pub fn run(
    source: &KbSource,
    learned: Option<&crate::source::SourceFile>,
    format: DiagFormat,
    output: Option<&Path>,
    color: bool,
) -> Exit {
    let mut checked = crate::compile::compile(source);
    // The learned layer is checked against the knowledge base it applies to.
    if let (Some(src), Some(p)) = (learned, &checked.program) {
        let (_, diags) = crate::learn::run::load(p, src);
        checked.diagnostics.extend(diags);
    }
    let errors = checked.errors();
    let warnings = checked.diagnostics.len() - errors;
    let mut text = String::new();
    match format {
        DiagFormat::Json => {
            for d in &checked.diagnostics {
                let _ = writeln!(text, "{}", serde_json::to_string(d).expect("diagnostics serialise"));
            }
        }
        DiagFormat::Text => {
            for d in &checked.diagnostics {
                let shown = d.to_string();
                let _ = writeln!(text, "{}", if color { paint(&shown) } else { shown });
            }
            let (facts, causes, remedies, rules) = match &checked.program {
                Some(p) => (p.kb.facts.len(), p.kb.causes.len(), p.kb.remedies.len(), p.rules.len()),
                None => (0, 0, 0, 0),
            };
            let counts = format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"));
            if checked.program.is_some() {
                let _ = writeln!(
                    text,
                    "checked {facts} facts, {causes} causes, {remedies} remedies, {rules} rules: {counts}"
                );
            } else {
                let _ = writeln!(text, "{counts} (the lints run once there are no errors)");
            }
        }
    }
    if let Err(e) = super::out::write_output(output, text.as_bytes()) {
        return e;
    }
    if errors > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}

/// `--explain CODE` prints one code's documentation; `--explain` or `--list` lists every code.
/// As JSON: one object per code (`code`, `severity`, `title`, and `text` for one code).
pub fn explain(code: Option<&str>, format: DiagFormat, output: Option<&Path>) -> Exit {
    use crate::check::codes;
    let json = format == DiagFormat::Json;
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        let text = if json {
            codes::all()
                .iter()
                .map(|c| json!({"code": c.code, "severity": c.severity, "title": c.title}).to_string() + "\n")
                .collect()
        } else {
            codes::list() + "\nrun `fixplan check --explain CODE` for what a code means, why, and an example\n"
        };
        return super::out::write_output(output, text.as_bytes()).err().unwrap_or(Exit::Success);
    };
    match codes::find(code) {
        Some(c) => {
            let text = if json {
                json!({"code": c.code, "severity": c.severity, "title": c.title, "text": c.text}).to_string() + "\n"
            } else {
                codes::explain(&c)
            };
            super::out::write_output(output, text.as_bytes()).err().unwrap_or(Exit::Success)
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

/// Colours the severity that opens a diagnostic (`error[E100]:` red, `warning[W201]:` yellow)
/// and its `= hint:` lines.
fn paint(shown: &str) -> String {
    let mut out = String::with_capacity(shown.len() + 32);
    for line in shown.split_inclusive('\n') {
        let painted = if let Some(rest) = line.strip_prefix("error") {
            let (head, tail) = rest.split_once(':').unwrap_or((rest, ""));
            format!("\x1b[1;31merror{head}:\x1b[0m{tail}")
        } else if let Some(rest) = line.strip_prefix("warning") {
            let (head, tail) = rest.split_once(':').unwrap_or((rest, ""));
            format!("\x1b[1;33mwarning{head}:\x1b[0m{tail}")
        } else if let Some(rest) = line.strip_prefix("  = hint:") {
            format!("  \x1b[1;36m= hint:\x1b[0m{rest}")
        } else {
            line.to_string()
        };
        out.push_str(&painted);
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
