//! `fixplan explain`: one fact file in, the reasons behind every probability and the plan's order out.

use super::args::ExplainFormat;
use super::Exit;
use crate::check::Program;
use crate::render;
use std::io::Write;
use std::path::Path;

pub fn run(
    p: &Program,
    path: &Path,
    cause: Option<&str>,
    format: ExplainFormat,
    output: Option<&Path>,
    choice: anstream::ColorChoice,
) -> Exit {
    let only = match cause {
        None => None,
        Some(id) => match super::graph::cause_index(p, id) {
            Some(c) => Some(c),
            None => return Exit::Error,
        },
    };
    let name = super::eval::display(path);
    let loaded = super::eval::read(path).and_then(|text| crate::facts::load(&name, &text, &p.kb));
    let mut incident = match loaded {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {}", render::sanitize_terminal(&e.to_string()));
            return Exit::Findings;
        }
    };
    crate::facts::hints(p, &mut incident);
    let ev = crate::infer::evaluate(p, &incident.values);
    let plan = crate::plan::rank(p, &ev, &incident.values);
    let x = render::explain::build(p, &incident, &ev, &plan, only);
    let format = match format {
        ExplainFormat::Text => render::Format::Text,
        ExplainFormat::Markdown => render::Format::Markdown,
        ExplainFormat::Json => render::Format::Json,
    };
    if let Some(path) = super::out::file_target(output) {
        let text = render::render_explanation(&x, format, false);
        return super::out::write_output(Some(path), text.as_bytes()).err().unwrap_or(Exit::Success);
    }
    super::out::wrap_to_terminal();
    let text = render::render_explanation(&x, format, choice != anstream::ColorChoice::Never);
    let mut out = super::out::colored(choice);
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("error: cannot write to standard output: {e}");
        return Exit::Error;
    }
    Exit::Success
}
