//! `fixplan eval`: resolves the command line into a batch (`crate::batch`) and maps its outcome to
//! an exit status; a bad input is reported and the batch goes on.

use super::args::OutputFormat;
use super::Exit;
use crate::batch::{self, Outcome, SummaryMode};
use crate::check::Program;
use crate::render::Format;
use clap::Args;
use std::path::{Path, PathBuf};

pub use crate::batch::inputs::{display, read};

/// The options of a batch, beside the paths and `--format`.
#[derive(Args, Debug, Clone)]
pub struct BatchArgs {
    /// Causes only: skip planning (each report's `plan` is empty); for fleet statistics at scale
    #[arg(long)]
    no_plan: bool,
    /// Read standard input (`-`) as JSON Lines: one fact set per line, named `-:LINE`
    /// (`*.jsonl` files are always read this way)
    #[arg(long)]
    jsonl: bool,
    /// Print the fleet summary after the reports even for one input (text, markdown, html)
    #[arg(long, conflicts_with = "no_summary")]
    summary: bool,
    /// Print no fleet summary (it follows the reports when there is more than one input)
    #[arg(long)]
    no_summary: bool,
    /// Also write the fleet summary to FILE: JSON for *.json, markdown for *.md, HTML for *.html,
    /// text otherwise (the only way to get it with --format json, whose output stays JSON Lines)
    #[arg(long, value_name = "FILE")]
    summary_out: Option<PathBuf>,
    /// Write one report per input (named after it) and summary.EXT into DIR instead of standard output
    #[arg(long = "out-dir", visible_alias = "out", value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(
    p: &Program,
    paths: &[PathBuf],
    format: OutputFormat,
    output: Option<&Path>,
    args: BatchArgs,
    choice: anstream::ColorChoice,
) -> Exit {
    let paths = match super::wildcards::for_platform(paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {}", crate::render::sanitize_terminal(&e));
            eprintln!("  = hint: check the folder and the pattern, like `collected\\*.json`");
            return Exit::Error;
        }
    };
    let output = super::out::file_target(output);
    // `--summary-out -`: the summary on standard output after the reports.
    let summary_to_stdout = args.summary_out.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if summary_to_stdout && format == OutputFormat::Json {
        eprintln!("error: `--summary-out -` cannot share standard output with JSON Lines reports");
        eprintln!("  = hint: give a file, like `--summary-out fleet.json`");
        return Exit::Error;
    }
    let opts = batch::Options {
        format: match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Json => Format::Json,
            OutputFormat::Html => Format::Html,
        },
        color: choice != anstream::ColorChoice::Never,
        plan: !args.no_plan,
        summary: match (args.summary || summary_to_stdout, args.no_summary) {
            (true, _) => SummaryMode::Always,
            (_, true) => SummaryMode::Never,
            _ => SummaryMode::Auto,
        },
        summary_out: args.summary_out.filter(|_| !summary_to_stdout),
        out_dir: args.out.filter(|d| d.as_os_str() != "-"),
        stdin_lines: args.jsonl,
    };
    let outcome = match output {
        // One file, written whole at the end so that a killed run leaves the old one; the output
        // is held in memory (`--out-dir` writes one file per input for batches too big for that).
        Some(path) => {
            let opts = batch::Options { color: false, ..opts };
            let mut buffer = Vec::new();
            let outcome = batch::run(p, &paths, &opts, &mut buffer);
            if outcome != Outcome::Error {
                if let Err(e) = super::out::write_output(Some(path), &buffer) {
                    return e;
                }
                if super::notes::verbose() {
                    super::notes::say(&format!("wrote {}", display(path)));
                }
            }
            outcome
        }
        None => {
            if opts.out_dir.is_none() {
                super::out::wrap_to_terminal();
            }
            // JSON carries no styles and escapes every control character: stripping styles from
            // it would only scan each report byte by byte (a tenth of a JSON Lines batch's time).
            let choice = if opts.format == Format::Json { anstream::ColorChoice::AlwaysAnsi } else { choice };
            batch::run(p, &paths, &opts, &mut super::out::colored(choice))
        }
    };
    match outcome {
        Outcome::Success => Exit::Success,
        Outcome::Failed => Exit::Findings,
        Outcome::Error => Exit::Error,
    }
}
