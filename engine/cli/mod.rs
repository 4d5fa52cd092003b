//! The command-line front end: resolves arguments into a configuration, runs a command, and
//! maps the outcome to an exit status.

mod args;
mod ask;
mod ask_json;
mod ask_outcome;
mod check;
mod collector;
mod eval;
mod explain;
mod graph;
mod learn;
mod outcome;
mod probe;
mod schema;
mod test;

use crate::check::Program;
use crate::kb::KbSource;
use crate::source::SourceFile;
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
    let learned = match learned_source(cli.learned.as_deref(), &source) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}", crate::render::sanitize_terminal(&e));
            return Exit::Error;
        }
    };
    let learned = learned.as_ref();
    // Resolved once: `auto` becomes always or never from the terminal, NO_COLOR and TERM.
    let color = match cli.color {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::AutoStream::choice(&std::io::stdout()),
    };
    match cli.command {
        Command::Check { explain: Some(code), .. } => check::explain(code.as_deref()),
        Command::Check { list: true, .. } => check::explain(None),
        Command::Check { format, .. } => check::run(&source, learned, format),
        Command::Ask { facts, resume, session, json } => match load_program(&source, learned) {
            Some(p) => ask::run(&p, ask::Options { facts, resume, session, json }, color),
            None => Exit::Error,
        },
        Command::Schema { out, kind } => match load_program(&source, learned) {
            Some(p) => schema::run(&p, out.as_deref(), kind),
            None => Exit::Error,
        },
        Command::Test { coverage, filter, format } => test::run(&source, coverage, filter.as_deref(), format),
        Command::Probe { target, out, timeout } => probe::run(&target, out.as_deref(), timeout),
        Command::Eval { paths, format, batch } => match load_program(&source, learned) {
            Some(p) => eval::run(&p, &paths, format, batch, color),
            None => Exit::Error,
        },
        Command::Graph { format, focus, output } => match load_program(&source, learned) {
            Some(p) => graph::run(&p, format, focus.as_deref(), output.as_deref()),
            None => Exit::Error,
        },
        Command::Explain { path, cause, format } => match load_program(&source, learned) {
            Some(p) => explain::run(&p, &path, cause.as_deref(), format, color),
            None => Exit::Error,
        },
        Command::Outcome(a) => match load_program(&source, learned) {
            Some(p) => outcome::run(&p, &a),
            None => Exit::Error,
        },
        Command::Learn(a) => match load_program(&source, None) {
            Some(p) => learn::learn(&p, &a),
            None => Exit::Error,
        },
        Command::Calibrate(a) => match (load_program(&source, None), learned) {
            (Some(base), None) => learn::calibrate(&base, None, &a),
            (Some(base), Some(src)) => match load_program(&source, Some(src)) {
                Some(with) => learn::calibrate(&base, Some((&with, src.name.clone())), &a),
                None => Exit::Error,
            },
            (None, _) => Exit::Error,
        },
        Command::Collector { shell, side, out } => match load_program(&source, learned) {
            Some(p) => collector::run(&p, shell, side, out.as_deref()),
            None => Exit::Error,
        },
    }
}

/// Checks the knowledge base and puts the learned layer on top; prints the errors and returns
/// `None` when it cannot be used.
fn load_program(source: &KbSource, learned: Option<&SourceFile>) -> Option<Program> {
    let checked = crate::compile::compile(source);
    if checked.program.is_none() {
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            eprint!("{d}");
        }
        eprintln!("error: the knowledge base has {} error(s); run `fixplan check` for all of them", checked.errors());
    }
    let mut p = checked.program?;
    if let Some(src) = learned {
        let (layer, diags) = crate::learn::run::load(&p, src);
        let Some(layer) = layer else {
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
            for d in &errors {
                eprint!("{d}");
            }
            eprintln!(
                "error: the learned layer {} has {} error(s); run `fixplan check --learned FILE`",
                src.name,
                errors.len()
            );
            return None;
        };
        crate::learn::apply(&mut p, &layer);
    }
    Some(p)
}

/// The learned layer to apply: `--learned FILE`, else `kb/learned.yaml` of the knowledge base.
fn learned_source(path: Option<&std::path::Path>, source: &KbSource) -> Result<Option<SourceFile>, String> {
    match path {
        Some(path) => {
            let text = eval::read(path).map_err(|e| e.to_string())?;
            Ok(Some(SourceFile::new(eval::display(path), text)))
        }
        None => Ok(source.learned.clone()),
    }
}
