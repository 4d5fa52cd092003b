//! `fixplan test`: runs the knowledge base's own test cases; the report is this command's result,
//! so it goes to standard output, with `N passed, N failed` as its last line.

use super::args::DiagFormat;
use super::Exit;
use crate::kb::KbSource;

pub fn run(source: &KbSource, coverage: bool, filter: Option<&str>, format: DiagFormat) -> Exit {
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
        println!("0 passed, 0 failed");
        return Exit::Error;
    }
    match format {
        DiagFormat::Human => print!("{}", crate::kbtest::render_human(&p, &run, coverage)),
        DiagFormat::Json => println!("{}", crate::kbtest::render_json(&p, &run, coverage)),
    }
    if run.failed() > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}
