//! Batches of inputs for `fixplan eval`: enumerates them (fact files, JSON Lines lines), evaluates
//! them on all cores, streams each report out in input order, and gathers the fleet summary.
//! Memory is bounded by one window of reports, whatever the size of the batch.

pub mod inputs;
pub mod outdir;
mod progress;
pub mod stream;
pub mod summary;

use crate::check::Program;
use crate::facts::LoadError;
use crate::render::{self, Format, Report};
use inputs::{Job, Source};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use summary::{Digest, Summary};

/// How many input sections an HTML page holds inline; the rest are counted in the summary
/// (`--out DIR` writes every one). Keeps the page openable and the memory of a browser sane.
pub const MAX_HTML_SECTIONS: u64 = 500;

/// When the fleet summary follows the reports on standard output (text, markdown, HTML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryMode {
    /// When the batch has more than one input.
    Auto,
    Always,
    Never,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    /// ANSI styles in text written to standard output.
    pub color: bool,
    /// Make plans (false: causes only, `plan: []`).
    pub plan: bool,
    pub summary: SummaryMode,
    /// Also write the summary to this file; its format follows the extension.
    pub summary_out: Option<PathBuf>,
    /// Write one report per input and `summary.EXT` into this directory instead of standard output.
    pub out_dir: Option<PathBuf>,
    /// Read standard input (`-`) as JSON Lines.
    pub stdin_lines: bool,
}

/// How a batch ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was evaluated.
    Success,
    /// Some input failed to load (and was named); the others were evaluated.
    Failed,
    /// Output could not be written: the batch stopped.
    Error,
}

/// Evaluates one fact set's text end to end: load (as a JSON Lines line when `line`), evaluate,
/// plan (unless `plan` is false), report.
pub fn report(p: &Program, input: &str, text: &str, line: bool, plan: bool) -> Result<Report, LoadError> {
    let mut incident = match line {
        true => crate::facts::load_line(input, text, &p.kb)?,
        false => crate::facts::load(input, text, &p.kb)?,
    };
    crate::facts::hints(p, &mut incident);
    let ev = crate::infer::evaluate(p, &incident.values);
    let plan = if plan {
        crate::plan::rank(p, &ev, &incident.values)
    } else {
        crate::plan::Plan { steps: Vec::new(), expected_minutes: 0.0 }
    };
    let mut report = render::build(p, &incident, &ev, &plan);
    report.confirmed_cause =
        crate::outcome::confirmed_cause(&p.kb, &incident.meta).map(|c| p.kb.causes[c].id.to_string());
    Ok(report)
}

/// One evaluated input: its rendered report and digest, or why it failed.
struct Done {
    name: String,
    /// The rendered report, its digest, and its line in an HTML page's index.
    result: Result<(String, Digest, Option<render::IndexEntry>), LoadError>,
}

/// Runs the batch over `paths`, writing to `out` (standard output) unless `out_dir` is set.
pub fn run(p: &Program, paths: &[PathBuf], opts: &Options, out: &mut dyn Write) -> Outcome {
    let (sources, errors) = inputs::sources(paths, opts.stdin_lines);
    for e in &errors {
        eprintln!("error: {}", render::sanitize_terminal(e));
    }
    let format = opts.format;
    let files: Vec<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) | Source::Found(p) | Source::Lines(p) => Some(p.clone()),
            Source::Stdin | Source::StdinLines => None,
        })
        .collect();
    // Checked before any report is written: the summary's folder exists and it replaces no input.
    if let Some(path) = &opts.summary_out {
        if let Err(e) = crate::output::check_target(path, &files) {
            eprintln!("error: --summary-out: {}", render::sanitize_terminal(&e));
            return Outcome::Error;
        }
    }
    let mut dir = match &opts.out_dir {
        Some(d) => match outdir::OutDir::new(d, extension(format), &files) {
            Ok(o) => Some(o),
            Err(e) => {
                eprintln!("error: cannot create `{}`: {e}", render::sanitize_line(&inputs::display(d)));
                return Outcome::Error;
            }
        },
        None => None,
    };
    let to_files = dir.is_some();
    let color = opts.color && !to_files;
    let count = inputs::known_count(&sources);
    let bar = progress::bar(count);
    let work = |job: Job| {
        let (name, line) = (job.name.clone(), job.is_line());
        let result = job.text().and_then(|text| report(p, &name, &text, line, opts.plan)).map(|r| {
            let text = match format {
                Format::Html if to_files => render::html_page(&render::render(&r, format, false)),
                _ => render::render(&r, format, color),
            };
            // The page's index line; its number is given when the page is put together.
            let entry = (format == Format::Html && !to_files).then(|| render::IndexEntry::of(&r, 0));
            (text, Digest::of(&r), entry)
        });
        Done { name, result }
    };
    let mut summary = Summary::default();
    let mut sections = 0u64;
    let mut stopped = false;
    // An HTML page opens with the summary and the index, so its sections (at most
    // MAX_HTML_SECTIONS) are held until the end.
    let mut page: Vec<(render::IndexEntry, String)> = Vec::new();
    let all = stream::for_each_ordered(inputs::Jobs::new(sources), stream::window(), work, |done| {
        let first = summary.inputs() == 0;
        let written = match done.result {
            Ok((text, digest, entry)) => {
                summary.add(digest);
                match &mut dir {
                    Some(dir) => write_file(&dir.report(&done.name), &text, format),
                    None => match format {
                        Format::Json => writeln!(out, "{text}"),
                        Format::Html if sections >= MAX_HTML_SECTIONS => Ok(()),
                        Format::Html => {
                            sections += 1;
                            let mut entry = entry.unwrap_or_else(|| render::IndexEntry::failed(&done.name, 0));
                            entry.anchor = format!("input-{sections}");
                            page.push((entry, text));
                            Ok(())
                        }
                        _ if !first => write!(out, "{}{text}", separator(format)),
                        _ => write!(out, "{text}"),
                    },
                }
            }
            Err(e) => {
                summary.fail(&done.name);
                bar.suspend(|| eprintln!("error: {}", render::sanitize_terminal(&e.to_string())));
                let error = render::json_error(&e);
                match (&mut dir, format) {
                    (Some(dir), Format::Json) => write_file(&dir.report(&done.name), &error, format),
                    (None, Format::Json) => writeln!(out, "{error}"),
                    (None, Format::Html) if sections < MAX_HTML_SECTIONS => {
                        sections += 1;
                        page.push((
                            render::IndexEntry::failed(&done.name, sections),
                            render::html_error(&done.name, &e.to_string()),
                        ));
                        Ok(())
                    }
                    _ => Ok(()),
                }
            }
        };
        bar.inc(1);
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                // A closed pipe (the reader has what it wanted) or a full disk: nothing more can
                // be delivered.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    bar.suspend(|| {
                        eprintln!("error: cannot write the output: {}", render::sanitize_terminal(&e.to_string()))
                    });
                }
                stopped = true;
                ControlFlow::Break(())
            }
        }
    });
    bar.finish_and_clear();
    if !all || stopped {
        return Outcome::Error;
    }
    let fleet = summary.finish(opts.plan);
    let shown = match opts.summary {
        SummaryMode::Auto => summary.inputs() > 1,
        SummaryMode::Always => true,
        SummaryMode::Never => false,
    };
    let omitted = summary.inputs().saturating_sub(sections);
    let tail = match (&dir, format) {
        (Some(dir), _) => {
            let text = render::render_fleet(&fleet, format, false, 0);
            let text = if format == Format::Html { render::html_page(&text) } else { text };
            let res = write_file(&dir.summary(), &text, format);
            if res.is_ok() {
                eprintln!(
                    "wrote {} reports and the summary to `{}`",
                    summary.inputs() - summary.failed(),
                    render::sanitize_line(&inputs::display(dir.summary().parent().unwrap_or(Path::new("."))))
                );
            }
            res
        }
        (None, Format::Json) => Ok(()),
        (None, Format::Html) => {
            let (entries, texts): (Vec<_>, Vec<_>) = std::mem::take(&mut page).into_iter().unzip();
            write!(out, "{}", render::html_fleet_page(shown.then_some(&fleet), &entries, &texts, omitted))
        }
        (None, _) if shown => {
            let sep = if summary.inputs() > 0 { separator(format) } else { "" };
            write!(out, "{sep}{}", render::render_fleet(&fleet, format, color, 0))
        }
        (None, _) => Ok(()),
    };
    let extra = match &opts.summary_out {
        Some(path) => {
            let f = summary_format(path);
            let text = render::render_fleet(&fleet, f, false, 0);
            let text = if f == Format::Html { render::html_page(&text) } else { text };
            write_file(path, &text, f)
        }
        None => Ok(()),
    };
    if let Err(e) = tail.and(extra).and_then(|()| out.flush()) {
        eprintln!("error: cannot write the output: {}", render::sanitize_terminal(&e.to_string()));
        return Outcome::Error;
    }
    if summary.failed() > 0 || !errors.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Success
    }
}

fn separator(format: Format) -> &'static str {
    if format == Format::Markdown {
        "\n---\n\n"
    } else {
        "\n\n\n"
    }
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Json => "json",
        Format::Html => "html",
    }
}

/// The format of `--summary-out FILE`, from its extension; text when it is none of the others.
fn summary_format(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Format::Json,
        Some("md" | "markdown") => Format::Markdown,
        Some("html" | "htm") => Format::Html,
        _ => Format::Text,
    }
}

fn write_file(path: &Path, text: &str, format: Format) -> std::io::Result<()> {
    let nl = if format == Format::Json && !text.ends_with('\n') { "\n" } else { "" };
    crate::output::write_atomic(path, format!("{text}{nl}").as_bytes())
        .map_err(|e| std::io::Error::new(e.kind(), format!("`{}`: {e}", inputs::display(path))))
}
