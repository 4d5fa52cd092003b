//! `fixplan graph`: the decision graph, whole or around one cause, as DOT, Mermaid or JSON.

use super::args::GraphFormat;
use super::Exit;
use crate::check::Program;
use crate::graph::export;
use std::path::Path;

pub fn run(p: &Program, format: GraphFormat, focus: Option<&str>, output: Option<&Path>) -> Exit {
    let view = match focus {
        None => export::whole(p),
        Some(id) => match cause_index(p, id) {
            Some(c) => export::focus(p, c),
            None => return Exit::Error,
        },
    };
    let text = match format {
        GraphFormat::Dot => export::dot(&view),
        GraphFormat::Mermaid => export::mermaid(&view),
        GraphFormat::Json => export::json(&view),
    };
    super::out::write_output(output, text.as_bytes()).err().unwrap_or(Exit::Success)
}

/// The index of cause `id`; otherwise prints an error with the closest id and returns `None`.
pub(super) fn cause_index(p: &Program, id: &str) -> Option<usize> {
    if let Some(c) = p.kb.cause_index(id) {
        return Some(c);
    }
    eprintln!("error: no cause `{}` in the knowledge base", crate::render::sanitize_terminal(id));
    match crate::diag::did_you_mean(id, p.kb.causes.iter().map(|c| c.id.as_str())) {
        Some(near) => eprintln!("  = hint: did you mean `{near}`?"),
        None => eprintln!("  = hint: `fixplan graph --format json` lists every cause (nodes of kind `cause`)"),
    }
    None
}
