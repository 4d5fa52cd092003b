//! Helpers shared by the integration tests: the shipped knowledge base, checked once.

#![allow(dead_code)]

pub mod naive;
pub mod powershell;
pub mod run;
pub mod simulate;
pub mod tickets;

use fixplan::check::Program;
use fixplan::kb::KbSource;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shipped knowledge base, checked; panics with every diagnostic if it has errors.
pub fn program() -> &'static Program {
    static P: OnceLock<Program> = OnceLock::new();
    P.get_or_init(|| {
        let checked = fixplan::compile::compile(&KbSource::embedded());
        match checked.program {
            Some(p) => p,
            None => panic!(
                "the shipped knowledge base has errors:\n{}",
                checked.diagnostics.iter().map(|d| d.to_string()).collect::<String>()
            ),
        }
    })
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example fact file, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "json")))
        .collect();
    out.sort();
    out
}

/// Loads a fact file against the shipped knowledge base; panics with the load error.
pub fn load(path: &Path) -> fixplan::facts::Incident {
    let text = std::fs::read_to_string(path).expect("readable fact file");
    fixplan::facts::load(&rel(path), &text, &program().kb).unwrap_or_else(|e| panic!("{e}"))
}

/// A fact file loaded, evaluated and planned.
pub fn planned(path: &Path) -> (fixplan::facts::Incident, fixplan::infer::Evaluation, fixplan::plan::Plan) {
    let incident = load(path);
    let ev = fixplan::infer::evaluate(program(), &incident.values);
    let plan = fixplan::plan::rank(program(), &ev, &incident.values);
    (incident, ev, plan)
}

/// A path relative to the project root, with forward slashes.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// Copies a directory tree (a knowledge base to break in a test).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest)
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}
