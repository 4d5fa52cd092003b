//! `fixplan graph`: the decision graph, whole or around one cause, as DOT, Mermaid or JSON.

use super::args::GraphFormat;
use super::Exit;
use crate::check::Program;
use crate::graph::export;
use std::io::Write;
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
    match output {
        Some(path) => {
            if let Err(e) = crate::output::write_atomic(path, text.as_bytes()) {
                eprintln!("error: cannot write `{}`: {e}", crate::render::sanitize_line(&super::eval::display(path)));
                eprintln!("  = hint: check that the folder exists and is writable");
                return Exit::Error;
            }
        }
        None => {
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
                return Exit::Error;
            }
        }
    }
    Exit::Success
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
