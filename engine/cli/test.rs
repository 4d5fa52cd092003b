//! `fixplan test`: runs the knowledge base's own test cases; the report is this command's result,
//! so it goes to standard output, with `N passed, N failed` as its last line.

use super::args::DiagFormat;
use super::Exit;
use crate::kb::KbSource;
use std::path::Path;

pub fn run(
    source: &KbSource,
    coverage: bool,
    filter: Option<&str>,
    format: DiagFormat,
    output: Option<&Path>,
    color: bool,
) -> Exit {
    // A broken knowledge base (a bad rule, a case naming an unknown fact) stops before any case runs.
    let Some(p) = super::load_program(source, None) else { return Exit::Error };
    if p.kb.cases.is_empty() {
        eprintln!(
            "error: the knowledge base has no test cases; add `tests:` to a file under kb/tests/ (see kb/README.md)"
        );
        return Exit::Error;
    }
    let run = crate::kbtest::run(&p, filter);
    if run.results.is_empty() {
        if let Some(f) = filter {
            eprintln!("error: no test case name contains `{}`", crate::render::sanitize_terminal(f));
        }
        let _ = super::out::write_output(output, b"0 passed, 0 failed\n");
        return Exit::Error;
    }
    let text = match format {
        DiagFormat::Text if color => paint(&crate::kbtest::render_human(&p, &run, coverage)),
        DiagFormat::Text => crate::kbtest::render_human(&p, &run, coverage),
        DiagFormat::Json => format!("{}\n", crate::kbtest::render_json(&p, &run, coverage)),
    };
    if let Err(e) = super::out::write_output(output, text.as_bytes()) {
        return e;
    }
    if run.failed() > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}

/// Colours the verdict that opens each case's line (`ok` green, `FAILED` red) and the last line.
fn paint(report: &str) -> String {
    let mut out = String::with_capacity(report.len() + 64);
    for line in report.split_inclusive('\n') {
        let painted = if let Some(rest) = line.strip_prefix("ok ") {
            format!("\x1b[32mok\x1b[0m {rest}")
        } else if let Some(rest) = line.strip_prefix("FAILED") {
            format!("\x1b[1;31mFAILED\x1b[0m{rest}")
        } else if line.contains(" passed, ") && line.contains(" failed") && !line.starts_with(' ') {
            let failed = !line.contains(" 0 failed");
            format!(
                "\x1b[1;{}m{}\x1b[0m{}",
                if failed { 31 } else { 32 },
                line.trim_end(),
                &line[line.trim_end().len()..]
            )
        } else {
            line.to_string()
        };
        out.push_str(&painted);
    }
    out
}
