//! `fixplan eval`: fact files in, one report each out; a bad file is reported and the batch goes on.

use super::args::OutputFormat;
use super::Exit;
use crate::check::Program;
use crate::render::{self, Format};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Evaluates one fact file's text end to end: load, evaluate, plan, report.
pub fn report(p: &Program, input: &str, text: &str) -> Result<render::Report, crate::facts::LoadError> {
    let mut incident = crate::facts::load(input, text, &p.kb)?;
    crate::facts::hints(p, &mut incident);
    let ev = crate::infer::evaluate(p, &incident.values);
    let plan = crate::plan::rank(p, &ev, &incident.values);
    Ok(render::build(p, &incident, &ev, &plan))
}

pub fn run(p: &Program, paths: &[PathBuf], format: OutputFormat, choice: anstream::ColorChoice) -> Exit {
    let color = choice != anstream::ColorChoice::Never;
    let format = match format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Json => Format::Json,
        OutputFormat::Html => Format::Html,
    };
    // HTML is one page: the sections are gathered and written with the page around them.
    let mut html = String::new();
    let mut inputs = Vec::new();
    let mut failed = false;
    for path in paths {
        if let Err(e) = expand(path, &mut inputs) {
            eprintln!("error: {e}");
            failed = true;
        }
    }
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    for (i, input) in inputs.iter().enumerate() {
        let name = display(input);
        let result = read(input).and_then(|text| report(p, &name, &text));
        let written = match result {
            Ok(rep) => {
                let text = render::render(&rep, format, color);
                match format {
                    Format::Json => writeln!(out, "{text}"),
                    Format::Html => {
                        html.push_str(&text);
                        Ok(())
                    }
                    _ if i > 0 => write!(out, "\n{}\n\n{text}", if format == Format::Markdown { "---" } else { "" }),
                    _ => write!(out, "{text}"),
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("error: {}", render::sanitize_terminal(&e.to_string()));
                match format {
                    Format::Json => writeln!(out, "{}", serde_json::json!({ "input": name, "error": e.to_string() })),
                    Format::Html => {
                        html.push_str(&render::html_error(&name, &e.to_string()));
                        Ok(())
                    }
                    _ => Ok(()),
                }
            }
        };
        if written.is_err() {
            // The reader went away (a closed pipe): nothing more can be delivered.
            return Exit::Error;
        }
    }
    if format == Format::Html && write!(out, "{}", render::html_page(&html)).is_err() {
        return Exit::Error;
    }
    if failed {
        Exit::Findings
    } else {
        Exit::Success
    }
}

pub(super) fn read(input: &Path) -> Result<String, crate::facts::LoadError> {
    let name = display(input);
    let mut bytes = Vec::new();
    let limit = crate::facts::MAX_FILE_BYTES as u64 + 1;
    let res = if input == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(input).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    res.map_err(|e| crate::facts::LoadError {
        input: name.clone(),
        line: 0,
        col: 0,
        message: format!("cannot read: {e}"),
    })?;
    crate::facts::read(&name, bytes)
}

/// Adds a path to the inputs: a file as it is, a directory's fact files sorted by path.
fn expand(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path == Path::new("-") || path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if !path.is_dir() {
        return Err(format!("{}: no such file or directory", display(path)));
    }
    let mut found = Vec::new();
    walk(path, &mut found).map_err(|e| format!("{}: cannot read directory: {e}", display(path)))?;
    found.sort();
    out.extend(found);
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json")) {
            out.push(path);
        }
    }
    Ok(())
}

pub(super) fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
