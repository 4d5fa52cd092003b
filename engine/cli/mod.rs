//! The command-line front end: resolves arguments into a configuration, runs a command, and
//! maps the outcome to an exit status.

mod args;
mod ask;
mod ask_json;
mod check;
mod collector;
mod eval;
mod explain;
mod graph;
mod probe;
mod schema;
mod test;

use crate::check::Program;
use crate::kb::KbSource;
use args::{Cli, ColorChoice, Command};
use clap::Parser;
use std::process::ExitCode;

/// Exit statuses, as CONTRACT.md section 1 gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The command ran and found nothing wrong.
    Success = 0,
    /// The command ran and found problems (a bad fact file, a lint error, a failing test).
    Findings = 1,
    /// Usage error, or a failure that stopped the command.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Runs fixplan with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { Exit::Error } else { Exit::Success };
            let _ = e.print();
            return code.into();
        }
    };
    run(cli).into()
}

fn run(cli: Cli) -> Exit {
    let source = match &cli.kb {
        Some(dir) => match KbSource::from_dir(dir) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {}", crate::render::sanitize_terminal(&e.to_string()));
                return Exit::Error;
            }
        },
        None => KbSource::embedded(),
    };
    // Resolved once: `auto` becomes always or never from the terminal, NO_COLOR and TERM.
    let color = match cli.color {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::AutoStream::choice(&std::io::stdout()),
    };
    match cli.command {
        Command::Check { explain: Some(code), .. } => check::explain(code.as_deref()),
        Command::Check { list: true, .. } => check::explain(None),
        Command::Check { format, .. } => check::run(&source, format),
        Command::Ask { facts, resume, session, json } => match load_program(&source) {
            Some(p) => ask::run(&p, ask::Options { facts, resume, session, json }, color),
            None => Exit::Error,
        },
        Command::Schema { out, kind } => match load_program(&source) {
            Some(p) => schema::run(&p, out.as_deref(), kind),
            None => Exit::Error,
        },
        Command::Test { coverage, filter, format } => test::run(&source, coverage, filter.as_deref(), format),
        Command::Probe { target, out, timeout } => probe::run(&target, out.as_deref(), timeout),
        Command::Eval { paths, format, batch } => match load_program(&source) {
            Some(p) => eval::run(&p, &paths, format, batch, color),
            None => Exit::Error,
        },
        Command::Graph { format, focus, output } => match load_program(&source) {
            Some(p) => graph::run(&p, format, focus.as_deref(), output.as_deref()),
            None => Exit::Error,
        },
        Command::Explain { path, cause, format } => match load_program(&source) {
            Some(p) => explain::run(&p, &path, cause.as_deref(), format, color),
            None => Exit::Error,
        },
        Command::Collector { shell, side, out } => match load_program(&source) {
            Some(p) => collector::run(&p, shell, side, out.as_deref()),
            None => Exit::Error,
        },
    }
}

/// Checks the knowledge base; prints its errors and returns `None` when it cannot be used.
fn load_program(source: &KbSource) -> Option<Program> {
    let checked = crate::compile::compile(source);
    if checked.program.is_none() {
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            eprint!("{d}");
        }
        eprintln!("error: the knowledge base has {} error(s); run `fixplan check` for all of them", checked.errors());
    }
    checked.program
}
