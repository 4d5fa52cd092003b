//! `fixplan schema`: writes the JSON Schemas of knowledge-base files and fact files, so that
//! editors validate and complete the YAML while it is typed.

use super::args::SchemaKind;
use super::Exit;
use crate::check::Program;
use crate::render::sanitize_line;
use crate::schema;
use std::path::Path;

pub fn run(p: &Program, out: Option<&Path>, kind: Option<SchemaKind>) -> Exit {
    let kb = schema::to_text(&schema::kb_schema(&p.kb));
    let facts = schema::to_text(&schema::facts_schema(&p.kb));
    let Some(dir) = super::out::file_target(out) else {
        let text = if kind == Some(SchemaKind::Facts) { facts } else { kb };
        return super::out::write_output(None, text.as_bytes()).err().unwrap_or(Exit::Success);
    };
    let files = match kind {
        None => vec![(schema::KB_FILE, kb), (schema::FACTS_FILE, facts)],
        Some(SchemaKind::Kb) => vec![(schema::KB_FILE, kb)],
        Some(SchemaKind::Facts) => vec![(schema::FACTS_FILE, facts)],
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create `{}`: {e}", sanitize_line(&dir.display().to_string()));
        return Exit::Error;
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = super::out::write_output(Some(&path), text.as_bytes()) {
            return e;
        }
        super::notes::say(&format!("wrote {}", path.display()));
    }
    Exit::Success
}
