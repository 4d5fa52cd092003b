//! The end of `fixplan ask` (and `--resume` of a finished session): "which step fixed it?",
//! recorded as `_meta.outcome` in the session file, at a terminal or over the line protocol
//! (`outcome_question` / `{"outcome": ...}`, README "ask --json").

use super::ask::Saver;
use crate::ask::Session;
use crate::check::Program;
use crate::outcome::record::{self, Said, Steps};
use serde_json::{json, Value as J};

/// The session's plan as numbered steps.
pub fn steps(p: &Program, s: &Session) -> Steps {
    let ev = s.evaluation(p);
    record::steps_of(&crate::plan::rank(p, &ev, &s.incident.values))
}

/// Records the outcome in the session and its file; the line to show, or why it was refused.
pub fn record(p: &Program, s: &mut Session, saver: &mut Saver, steps: &Steps, said: &Said) -> Result<J, String> {
    let o = record::build(&p.kb, steps, said)?;
    let v = o.to_json(&p.kb);
    s.incident.meta.insert("outcome".into(), v.clone());
    saver.save(p, s)?;
    Ok(v)
}

/// The outcome already recorded, if any, for people.
pub fn recorded(p: &Program, s: &Session) -> Option<String> {
    let o = crate::outcome::read(&p.kb, &s.incident.meta, None, &s.incident.input).ok()??;
    Some(record::describe(&p.kb, &o))
}

/// At a terminal: asks until the answer is usable, skipped (Enter) or input ends. `io(text,
/// None)` prints a line; `io(text, Some(prompt))` prints it, shows the prompt and reads a line.
pub fn offer_text(
    p: &Program,
    s: &mut Session,
    saver: &mut Saver,
    io: &mut dyn FnMut(&str, Option<&str>) -> Option<String>,
) {
    let steps = steps(p, s);
    let fixes: Vec<String> =
        steps.iter().enumerate().filter_map(|(i, r)| r.map(|r| format!("{} {}", i + 1, p.kb.remedies[r].id))).collect();
    if fixes.is_empty() {
        return;
    }
    if let Some(old) = recorded(p, s) {
        io(&format!("\nRecorded so far: {old}; Enter keeps it."), None);
    }
    io(
        &format!(
            "\nWhich step fixed it? Its number (fix steps: {}), or a remedy id; `none` if nothing did; Enter to skip.",
            fixes.join(", ")
        ),
        None,
    );
    loop {
        let Some(answer) = io("", Some("fixed by> ")) else { return };
        let answer = answer.trim().to_string();
        if answer.is_empty() {
            return;
        }
        let mut said = Said::default();
        if matches!(answer.to_ascii_lowercase().as_str(), "none" | "nothing" | "0" | "no") {
            said.not_fixed = true;
            io("Which fixes did you try? Step numbers or ids, separated by commas; Enter if none.", None);
            let tried = io("", Some("tried> ")).unwrap_or_default();
            said.tried = Some(tried.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect());
        } else {
            said.fixed_by = Some(answer.clone());
        }
        let several = record::remedy(&p.kb, &steps, &answer).ok().filter(|&r| p.kb.remedies[r].fixes.len() > 1);
        if let Some(r) = several {
            let causes: Vec<&str> = p.kb.remedies[r].fixes.iter().map(|&(c, _)| p.kb.causes[c].id.as_str()).collect();
            let listed: Vec<String> = causes.iter().enumerate().map(|(i, c)| format!("{}) {c}", i + 1)).collect();
            io(&format!("Which cause did it fix? {}; Enter if you are not sure.", listed.join("  ")), None);
            let c = io("", Some("cause> ")).unwrap_or_default();
            let c = c.trim();
            said.cause = match c.parse::<usize>() {
                Ok(n) if (1..=causes.len()).contains(&n) => Some(causes[n - 1].to_string()),
                _ if c.is_empty() => None,
                _ => Some(c.to_string()),
            };
        } else if said.not_fixed {
            io("Which cause was it, if a technician found it? A cause id; Enter if not known.", None);
            said.cause = io("", Some("cause> ")).map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        }
        match record(p, s, saver, &steps, &said) {
            Ok(_) => {
                let o = crate::outcome::read(&p.kb, &s.incident.meta, None, "").ok().flatten().unwrap_or_default();
                let place = saver.path.as_ref().map_or(String::new(), |f| {
                    format!(" in {}", crate::render::sanitize_terminal(&super::eval::display(f)))
                });
                io(&format!("Recorded{place}: {}. `fixplan learn` learns from it.", record::describe(&p.kb, &o)), None);
                return;
            }
            Err(e) => {
                io(&format!("   {}; try again, or Enter to skip", crate::render::sanitize_terminal(&e)), None);
            }
        }
    }
}

/// The line protocol's question after the result.
pub fn question(p: &Program, s: &Session) -> Option<J> {
    let steps = steps(p, s);
    let fixes: Vec<J> = steps
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let r = (*r)?;
            let causes: Vec<&str> = p.kb.remedies[r].fixes.iter().map(|&(c, _)| p.kb.causes[c].id.as_str()).collect();
            Some(json!({"number": i + 1, "id": p.kb.remedies[r].id.as_str(), "title": p.kb.remedies[r].title, "causes": causes}))
        })
        .collect();
    if fixes.is_empty() {
        return None;
    }
    Some(json!({
        "type": "outcome_question",
        "text": "Which step fixed it?",
        "steps": fixes,
        "recorded": s.incident.meta.get("outcome").cloned().unwrap_or(J::Null),
    }))
}

/// A `{"outcome": ...}` line: `Ok(None)` skips (`{"outcome": null}`), `Ok(Some)` is the outcome
/// recorded, as written.
pub fn reply(p: &Program, s: &mut Session, saver: &mut Saver, line: &str) -> Result<Option<J>, String> {
    let msg: J = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    if msg.get("command").and_then(J::as_str) == Some("stop") {
        return Ok(None);
    }
    let o = msg.get("outcome").ok_or(
        "expected {\"outcome\": {\"fixed_by\": STEP_OR_REMEDY, \"cause\": CAUSE, \"tried\": [...]}}, {\"outcome\": {\"not_fixed\": true}} or {\"outcome\": null}",
    )?;
    if o.is_null() {
        return Ok(None);
    }
    let word = |v: &J| match v {
        J::String(s) => Some(s.clone()),
        J::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let said = Said {
        fixed_by: o.get("fixed_by").and_then(word),
        cause: o.get("cause").and_then(word),
        tried: o.get("tried").and_then(J::as_array).map(|a| a.iter().filter_map(word).collect()),
        not_fixed: o.get("not_fixed").and_then(J::as_bool).unwrap_or(false),
    };
    let steps = steps(p, s);
    record(p, s, saver, &steps, &said).map(Some)
}
