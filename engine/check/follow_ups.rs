//! Follow-up questions: each fact's `ask_if` condition resolved, and refused when it reads the
//! fact itself (follow-ups that wait on each other are a cycle, found by `graph::order`).

use crate::diag::Diagnostic;
use crate::kb::Knowledge;
use crate::program::Cond;

/// Each fact's `ask_if` condition, resolved: a follow-up question waits until it holds. A
/// condition that reads its own fact (E117) could never hold before the question is asked.
pub fn resolve(kb: &Knowledge) -> (Vec<Option<Cond>>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let ids = super::weights::Ids::new(kb);
    for (fi, f) in kb.facts.iter().enumerate() {
        let Some((text, at)) = &f.ask_if else {
            out.push(None);
            continue;
        };
        let src = &kb.files[at.file];
        let resolved = super::rules::condition(kb, &ids, *at, text, &mut diags);
        if resolved.as_ref().is_some_and(|c| c.facts().contains(&fi)) {
            let off = src.find_word(f.id.as_str(), at.offset).unwrap_or(at.offset);
            diags.push(
                Diagnostic::error("E117", format!("the question `{}` waits on its own answer", f.id))
                    .at(src, off, f.id.len())
                    .with_hint("`ask_if` names the facts that must be known before this question makes sense, not the fact itself"),
            );
            out.push(None);
            continue;
        }
        out.push(resolved);
    }
    (out, diags)
}
