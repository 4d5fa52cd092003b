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
mod help;
mod learn;
mod manual;
mod out;
mod outcome;
mod probe;
mod schema;
mod test;
mod wildcards;

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
    /// Ctrl-C in `ask`, after the answers were saved (128 + SIGINT, as shells report it).
    Interrupted = 130,
    /// Standard output was closed before everything was written (see `out::BROKEN_PIPE`).
    BrokenPipe = out::BROKEN_PIPE as isize,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Runs fixplan with the process's arguments.
pub fn main() -> ExitCode {
    out::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { Exit::Error } else { Exit::Success };
            // `--help | head` is a closed pipe too.
            if let Err(e) = e.print() {
                if out::is_broken_pipe(&e) {
                    return Exit::BrokenPipe.into();
                }
            }
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
    notes::set(cli.quiet, cli.verbose);
    if notes::verbose() {
        match &cli.kb {
            Some(dir) => notes::say(&format!("using the knowledge base in `{}`", eval::display(dir))),
            None => notes::say("using the knowledge base built into fixplan"),
        }
    }
    let styled = color != anstream::ColorChoice::Never;
    match cli.command {
        Command::Check { explain: Some(code), format, output, .. } => {
            check::explain(code.as_deref(), format, output.as_deref())
        }
        Command::Check { list: true, format, output, .. } => check::explain(None, format, output.as_deref()),
        Command::Check { format, output, .. } => check::run(&source, learned, format, output.as_deref(), styled),
        Command::Completions { shell, output } => manual::completions(shell, output.as_deref()),
        Command::Man { command, output } => manual::man(command.as_deref(), output.as_deref()),
        Command::Ask { facts, resume, session, json, outcome } => match load_program(&source, learned) {
            Some(p) => ask::run(&p, ask::Options { facts, resume, session, json, outcome }, color),
            None => Exit::Error,
        },
        Command::Schema { out, kind } => match load_program(&source, learned) {
            Some(p) => schema::run(&p, out.as_deref(), kind),
            None => Exit::Error,
        },
        Command::Test { coverage, filter, format, output } => {
            test::run(&source, coverage, filter.as_deref(), format, output.as_deref(), styled)
        }
        Command::Probe { target, out, format, timeout } => probe::run(&target, out.as_deref(), format, timeout),
        Command::Eval { paths, format, output, batch } => match load_program(&source, learned) {
            Some(p) => eval::run(&p, &paths, format, output.as_deref(), batch, color),
            None => Exit::Error,
        },
        Command::Graph { format, focus, output } => match load_program(&source, learned) {
            Some(p) => graph::run(&p, format, focus.as_deref(), output.as_deref()),
            None => Exit::Error,
        },
        Command::Explain { path, cause, format, output } => match load_program(&source, learned) {
            Some(p) => explain::run(&p, &path, cause.as_deref(), format, output.as_deref(), color),
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

/// Notes on standard error beside the results (`wrote FILE`): `--quiet` silences them, `--verbose`
/// adds more; errors and warnings are printed whatever is chosen.
pub(crate) mod notes {
    use std::sync::atomic::{AtomicU8, Ordering};

    static LEVEL: AtomicU8 = AtomicU8::new(1);

    pub fn set(quiet: bool, verbose: bool) {
        LEVEL.store(
            if quiet {
                0
            } else if verbose {
                2
            } else {
                1
            },
            Ordering::Relaxed,
        );
    }

    pub fn quiet() -> bool {
        LEVEL.load(Ordering::Relaxed) == 0
    }

    pub fn verbose() -> bool {
        LEVEL.load(Ordering::Relaxed) == 2
    }

    /// Prints a note unless `--quiet`.
    pub fn say(text: &str) {
        if !quiet() {
            eprintln!("{}", crate::render::sanitize_terminal(text));
        }
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
