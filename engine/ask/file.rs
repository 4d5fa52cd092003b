//! The session file: every answer is saved as it is given, as a fact file that `eval` reads as it
//! is, with the order of the answers in `_meta` so that `ask --resume` can go on (and go back).

use super::{Answered, Session};
use crate::check::Program;
use crate::facts::Incident;
use std::fmt::Write;

/// The key under `_meta` that holds the session's own bookkeeping.
const KEY: &str = "ask";

/// The session as a YAML fact file: known facts, then the answers in the order given; "don't
/// know" answers are `null` (unknown to `eval`).
pub fn to_yaml(p: &Program, s: &Session) -> String {
    let mut meta = s.incident.meta.clone();
    let answered: Vec<serde_json::Value> =
        s.history.iter().map(|a| serde_json::Value::String(p.kb.facts[a.fact].id.to_string())).collect();
    let mut own = serde_json::Map::new();
    own.insert("started_at".into(), s.started_at.clone().into());
    own.insert("updated_at".into(), crate::output::timestamp().into());
    if let Some(from) = &s.facts_from {
        own.insert("facts_from".into(), from.clone().into());
    }
    own.insert("answered".into(), answered.into());
    meta.insert(KEY.into(), own.into());
    let mut out = String::from(
        "# fixplan ask session: a fact file (`fixplan eval` reads it as it is).\n\
         # Continue it with `fixplan ask --resume THIS_FILE`.\n",
    );
    // JSON is YAML: a value written as JSON reads back exactly, whatever characters it holds.
    let _ = writeln!(out, "_meta: {}", json(&serde_json::Value::Object(meta)));
    let in_history: Vec<bool> =
        (0..p.kb.facts.len()).map(|f| s.history.iter().any(|a: &Answered| a.fact == f)).collect();
    let given: Vec<usize> =
        (0..p.kb.facts.len()).filter(|&f| !in_history[f] && s.incident.values[f].is_some()).collect();
    if !given.is_empty() {
        out.push_str("# known when the session started\n");
        for f in given {
            if let Some(v) = &s.incident.values[f] {
                let _ = writeln!(out, "{}: {}", p.kb.facts[f].id, json(&v.to_json()));
            }
        }
    }
    if !s.history.is_empty() {
        out.push_str("# answered in this session, in order\n");
        for a in &s.history {
            let v = a.value.as_ref().map_or(serde_json::Value::Null, |v| v.to_json());
            let _ = writeln!(out, "{}: {}", p.kb.facts[a.fact].id, json(&v));
        }
    }
    out
}

/// A value as JSON that YAML reads back as it was: JSON escapes C0 controls but writes DEL, C1
/// and U+FFFE/U+FFFF as they are, which YAML forbids in a file, and NEL and U+2028/U+2029, which
/// YAML folds as line breaks; inside JSON strings (the only place they can be) they become
/// `\u` escapes (four hex digits), which both read alike.
fn json(v: &serde_json::Value) -> String {
    let mut out = String::new();
    for c in v.to_string().chars() {
        match c {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A session continued from a session file loaded as a fact file: the answers listed in
/// `_meta.ask.answered` become the history again, in their order.
pub fn resume(p: &Program, incident: Incident) -> Result<Session, String> {
    let own = incident.meta.get(KEY).and_then(|v| v.as_object()).cloned().unwrap_or_default();
    let mut history = Vec::new();
    if let Some(list) = own.get("answered").and_then(|v| v.as_array()) {
        for id in list {
            let id = id.as_str().unwrap_or_default();
            let Some(fact) = p.kb.fact_index(id) else {
                return Err(format!(
                    "`_meta.ask.answered` names `{}`, which is not a fact of the knowledge base",
                    crate::render::sanitize_terminal(id)
                ));
            };
            if history.iter().any(|a: &Answered| a.fact == fact) {
                continue;
            }
            history.push(Answered { fact, value: incident.values[fact].clone() });
        }
    }
    let text = |k: &str| own.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut meta = incident.meta.clone();
    meta.remove(KEY);
    Ok(Session {
        started_at: text("started_at").unwrap_or_else(crate::output::timestamp),
        facts_from: text("facts_from"),
        incident: Incident { meta, ..incident },
        history,
    })
}
