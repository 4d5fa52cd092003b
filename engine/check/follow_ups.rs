//! Follow-up questions: each fact's `ask_if` condition resolved, and the ways it could keep its
//! question from ever being asked (it waits on its own answer; follow-ups wait on each other).

use super::program::Cond;
use crate::diag::Diagnostic;
use crate::kb::Knowledge;

/// Each fact's `ask_if` condition, resolved: a follow-up question waits until it holds. A
/// condition that reads its own fact (E117), or follow-ups that wait on one another (E122), could
/// never be asked.
pub fn resolve(kb: &Knowledge) -> (Vec<Option<Cond>>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (fi, f) in kb.facts.iter().enumerate() {
        let Some((text, at)) = &f.ask_if else {
            out.push(None);
            continue;
        };
        let src = &kb.files[at.file];
        let resolved = super::rules::condition(kb, *at, text, &mut diags);
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
    // Follow-ups that wait on one another: a cycle in "f waits on g".
    let mut state = vec![0u8; out.len()]; // 0 new, 1 on the path, 2 done
    for start in 0..out.len() {
        let mut path = Vec::new();
        if let Some(cycle) = ask_cycle(&out, start, &mut state, &mut path) {
            let names: Vec<String> = cycle.iter().map(|&f| format!("`{}`", kb.facts[f].id)).collect();
            let first = &kb.facts[cycle[0]];
            let (len, at) = first.ask_if.as_ref().map_or((first.id.len(), first.at), |(t, a)| (t.len(), *a));
            diags.push(
                kb.diag_at(
                    Diagnostic::error("E122", format!("follow-up questions wait on each other: {}", names.join(" → "))),
                    at,
                    len,
                )
                .with_hint("none of them can ever be asked; drop one `ask_if` so that one of them is asked first"),
            );
            for f in cycle {
                out[f] = None;
            }
        }
    }
    (out, diags)
}

fn ask_cycle(conds: &[Option<Cond>], f: usize, state: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
    match state[f] {
        2 => return None,
        1 => return path.iter().position(|&g| g == f).map(|i| path[i..].to_vec()),
        _ => {}
    }
    state[f] = 1;
    path.push(f);
    for g in conds[f].as_ref().map(Cond::facts).unwrap_or_default() {
        if let Some(c) = ask_cycle(conds, g, state, path) {
            return Some(c);
        }
    }
    path.pop();
    state[f] = 2;
    None
}
