//! The fact files `learn` and `calibrate` read (the inputs of `eval`: files, directories, JSON
//! Lines, standard input), each loaded with its `_meta.outcome` checked.

use crate::batch::inputs::{sources, Jobs};
use crate::check::Program;
use crate::facts::{Incident, LoadError};
use crate::outcome::Outcome;
use crate::source::SourceFile;
use std::path::PathBuf;

/// What came of one input.
pub enum Item {
    /// A fact file with an outcome.
    Case(Box<Incident>, Outcome),
    /// A fact file that records no outcome.
    NoOutcome(String),
    /// An input that could not be loaded, or whose outcome names unknown ids.
    Failed(String),
}

/// Loads every input in order and hands each to `f`; paths that do not exist are failures too.
pub fn each(p: &Program, paths: &[PathBuf], stdin_lines: bool, mut f: impl FnMut(Item)) {
    let (srcs, errors) = sources(paths, stdin_lines);
    for e in errors {
        f(Item::Failed(e));
    }
    for job in Jobs::new(srcs) {
        let name = job.name.clone();
        let line = job.is_line();
        let item = job.text().and_then(|text| {
            let incident = match line {
                true => crate::facts::load_line(&name, &text, &p.kb)?,
                false => crate::facts::load(&name, &text, &p.kb)?,
            };
            let src = SourceFile::new(name.clone(), text);
            Ok(match crate::outcome::read(&p.kb, &incident.meta, Some(&src), &name)? {
                Some(o) => Item::Case(Box::new(incident), o),
                None => Item::NoOutcome(name.clone()),
            })
        });
        f(item.unwrap_or_else(|e: LoadError| Item::Failed(e.to_string())));
    }
}
