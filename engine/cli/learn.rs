//! `fixplan learn` (a learned layer from fact files with outcomes) and `fixplan calibrate` (how
//! well the probabilities match the confirmed causes).

use super::Exit;
use crate::check::Program;
use crate::learn::report::{self, Format};
use crate::learn::{run, Settings};
use crate::render::sanitize_terminal;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct LearnArgs {
    /// Fact files, JSON Lines files, directories, or - (the inputs of `eval`); those with `_meta.outcome` count
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the learned layer to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How many outcomes the knowledge base's priors count as (the Dirichlet's pseudo-counts)
    #[arg(long, value_name = "N", default_value_t = Settings::default().prior_weight)]
    pub prior_weight: f64,
    /// How many tries each knowledge-base fix probability counts as (the Beta's pseudo-counts)
    #[arg(long, value_name = "N", default_value_t = Settings::default().fix_weight)]
    pub fix_weight: f64,
    /// The probability each credible interval holds
    #[arg(long, value_name = "P", default_value_t = Settings::default().interval)]
    pub interval: f64,
    /// Read standard input (-) as JSON Lines
    #[arg(long)]
    pub jsonl: bool,
    /// Print no counts on standard error
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CalibrateFormat {
    Text,
    Markdown,
    Json,
    Html,
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// Fact files with `_meta.outcome` (the inputs of `eval`)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = CalibrateFormat::Text)]
    pub format: CalibrateFormat,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read standard input (-) as JSON Lines
    #[arg(long)]
    pub jsonl: bool,
}

pub fn learn(p: &Program, a: &LearnArgs) -> Exit {
    let s = Settings { prior_weight: a.prior_weight, fix_weight: a.fix_weight, interval: a.interval };
    if !(s.prior_weight >= 0.0 && s.fix_weight >= 0.0 && s.prior_weight.is_finite() && s.fix_weight.is_finite()) {
        eprintln!("error: --prior-weight and --fix-weight are counts of pseudo-outcomes, 0 or more");
        return Exit::Error;
    }
    if !(s.interval > 0.0 && s.interval < 1.0) {
        eprintln!("error: --interval is a probability between 0 and 1, like 0.9");
        return Exit::Error;
    }
    let (learned, tally) = run::learn_from(p, &a.paths, a.jsonl, s);
    for e in &tally.failed {
        eprintln!("error: {}", sanitize_terminal(e));
    }
    let yaml = crate::learn::file::to_yaml(&p.kb, &learned);
    if let Err(e) = write(a.output.as_deref(), &yaml) {
        eprintln!("error: {}", sanitize_terminal(&e));
        return Exit::Error;
    }
    if !a.quiet {
        eprintln!(
            "learned from {} outcome(s) ({} with a confirmed cause) in {} input(s); {} without an outcome, {} failed",
            learned.outcomes,
            learned.confirmed,
            tally.inputs,
            tally.no_outcome,
            tally.failed.len()
        );
    }
    if tally.failed.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

/// `base` is the program without a learned layer; `learned` the one with it, when one was given.
pub fn calibrate(base: &Program, learned: Option<(&Program, String)>, a: &CalibrateArgs) -> Exit {
    let c = run::calibrate(base, learned, &a.paths, a.jsonl);
    for e in &c.failed {
        eprintln!("error: {}", sanitize_terminal(e));
    }
    let format = match a.format {
        CalibrateFormat::Text => Format::Text,
        CalibrateFormat::Markdown => Format::Markdown,
        CalibrateFormat::Json => Format::Json,
        CalibrateFormat::Html => Format::Html,
    };
    if let Err(e) = write(a.output.as_deref(), &report::render(&c, format)) {
        eprintln!("error: {}", sanitize_terminal(&e));
        return Exit::Error;
    }
    if c.cases == 0 {
        eprintln!("warning: no input has `_meta.outcome` with a confirmed cause; nothing was scored");
    }
    if c.failed.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

fn write(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", super::eval::display(path))),
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| format!("cannot write the output: {e}"))
        }
    }
}
