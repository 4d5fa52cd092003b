//! The `learn` and `calibrate` passes over a set of inputs, and where a program's learned layer
//! comes from (`--learned FILE`, or `kb/learned.yaml` of the knowledge base).

use super::calibrate::{Calibration, Scores};
use super::inputs::{each, Item};
use super::{Counts, Learned, Settings};
use crate::check::Program;
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use std::path::PathBuf;

/// What a pass over the inputs left aside.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub inputs: u64,
    /// Inputs without an outcome.
    pub no_outcome: u64,
    pub failed: Vec<String>,
}

/// Counts the outcomes of the inputs and learns the layer from them.
pub fn learn_from(p: &Program, paths: &[PathBuf], stdin_lines: bool, s: Settings) -> (Learned, Tally) {
    let mut counts = Counts::new(&p.kb);
    let mut tally = Tally::default();
    each(p, paths, stdin_lines, |item| {
        tally.inputs += 1;
        match item {
            Item::Case(_, o) => counts.add(&o),
            Item::NoOutcome(_) => tally.no_outcome += 1,
            Item::Failed(e) => tally.failed.push(e),
        }
    });
    (super::learn(&p.kb, &counts, s), tally)
}

/// Scores the knowledge base, and the program with the learned layer when there is one, on
/// every input with a confirmed cause.
pub fn calibrate(
    p: &Program,
    learned: Option<(&Program, String)>,
    paths: &[PathBuf],
    stdin_lines: bool,
) -> Calibration {
    let (mut base, mut with) = (Scores::default(), Scores::default());
    let (mut inputs, mut cases, mut skipped, mut failed) = (0, 0, 0, Vec::new());
    each(p, paths, stdin_lines, |item| {
        inputs += 1;
        match item {
            Item::Case(incident, o) => match o.cause {
                Some(c) => {
                    cases += 1;
                    let incident = *incident;
                    base.add(p, &incident.values, c);
                    if let Some((lp, _)) = &learned {
                        with.add(lp, &incident.values, c);
                    }
                }
                None => skipped += 1,
            },
            Item::NoOutcome(_) => skipped += 1,
            Item::Failed(e) => failed.push(e),
        }
    });
    Calibration {
        inputs,
        cases,
        skipped,
        failed,
        kb: base.finish(),
        learned: learned.as_ref().map(|_| with.finish()),
        learned_file: learned.map(|(_, name)| name),
    }
}

/// Reads a learned layer and checks it against the program's knowledge base.
pub fn load(p: &Program, src: &SourceFile) -> (Option<Learned>, Vec<Diagnostic>) {
    super::file::parse(&p.kb, src)
}

/// The program with a learned layer on top.
pub fn applied(p: &Program, l: &Learned) -> Program {
    let mut q = p.clone();
    super::apply(&mut q, l);
    q
}
