//! Compiles a knowledge base into the program that runs: `check` resolves and type-checks it,
//! `graph` orders its derivations and remedies and finds their cycles, then `check`'s lints look
//! for holes. Here because it needs both, and neither needs the other.

use crate::check::{self, Program};
use crate::diag::{self, Diagnostic};
use crate::kb::KbSource;

/// The result of checking: the program when it is usable, and every diagnostic.
pub struct Checked {
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Loads, parses and checks a whole knowledge base, its cycles included.
pub fn compile(src: &KbSource) -> Checked {
    let (program, mut diagnostics) = check::resolve(src);
    let Some(mut program) = program else {
        return Checked { program: None, diagnostics };
    };
    match crate::graph::order(&program) {
        Ok((derive_order, remedy_rank)) => {
            program.derive_order = derive_order;
            program.remedy_rank = remedy_rank;
        }
        Err(cycles) => diagnostics.extend(cycles),
    }
    // Lints look for holes in a knowledge base that works; after an error they would mostly
    // report its echoes (a rule dropped for a typo leaves its facts unread).
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(check::lints(&program));
    }
    diag::sort(&mut diagnostics);
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    Checked { program: ok.then_some(program), diagnostics }
}
