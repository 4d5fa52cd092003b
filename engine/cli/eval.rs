//! `fixplan eval`: resolves the command line into a batch (`crate::batch`) and maps its outcome to
//! an exit status; a bad input is reported and the batch goes on.

use super::args::OutputFormat;
use super::Exit;
use crate::batch::{self, Outcome, SummaryMode};
use crate::check::Program;
use crate::render::Format;
use clap::Args;
use std::path::PathBuf;

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
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(
    p: &Program,
    paths: &[PathBuf],
    format: OutputFormat,
    args: BatchArgs,
    choice: anstream::ColorChoice,
) -> Exit {
    let opts = batch::Options {
        format: match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Json => Format::Json,
            OutputFormat::Html => Format::Html,
        },
        color: choice != anstream::ColorChoice::Never,
        plan: !args.no_plan,
        summary: match (args.summary, args.no_summary) {
            (true, _) => SummaryMode::Always,
            (_, true) => SummaryMode::Never,
            _ => SummaryMode::Auto,
        },
        summary_out: args.summary_out,
        out_dir: args.out,
        stdin_lines: args.jsonl,
    };
    // JSON carries no styles and escapes every control character: stripping styles from it
    // would only scan each report byte by byte (a tenth of a JSON Lines batch's time).
    let stream_choice = if opts.format == Format::Json { anstream::ColorChoice::AlwaysAnsi } else { choice };
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), stream_choice);
    match batch::run(p, paths, &opts, &mut out) {
        Outcome::Success => Exit::Success,
        Outcome::Failed => Exit::Findings,
        Outcome::Error => Exit::Error,
    }
}
