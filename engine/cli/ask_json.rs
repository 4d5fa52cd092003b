//! `fixplan ask --json`: the line protocol of CONTRACT section 4, one JSON object per line each
//! way, for front ends and scripts.

use super::ask::Saver;
use super::Exit;
use crate::ask::Question;
use crate::ask::{self, Session};
use crate::check::Program;
use crate::value::FactType;
use serde_json::{json, Value as J};
use std::io::{BufRead, Write};

pub fn run(p: &Program, mut s: Session, saver: &mut Saver, ask_outcome: bool) -> Exit {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = super::out::stdout();
    let mut emit = |v: J| writeln!(out, "{v}").and_then(|_| out.flush()).is_ok();
    let mut ended = false;
    'questions: loop {
        let ev = s.evaluation(p);
        let Some(q) = s.next(p, &ev) else { break };
        if !emit(question(p, &s, &q)) {
            return Exit::Error;
        }
        loop {
            // End of input counts as `stop`; an unreadable line (not UTF-8) as a bad line.
            let line = match lines.next() {
                None => {
                    ended = true;
                    break 'questions;
                }
                Some(Ok(l)) => l,
                Some(Err(e)) => {
                    emit(json!({"type": "error", "message": format!("cannot read the line: {e}")}));
                    emit(question(p, &s, &q));
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match reply(p, &mut s, &q, &line) {
                Ok(Reply::Next) => {
                    if let Err(e) = saver.save(p, &s) {
                        emit(json!({"type": "error", "message": e}));
                    }
                    continue 'questions;
                }
                Ok(Reply::Stop) => break 'questions,
                Ok(Reply::Say(v)) => {
                    emit(v);
                }
                Err(message) => {
                    emit(json!({"type": "error", "message": message}));
                }
            }
            emit(question(p, &s, &q));
        }
    }
    if !emit(result(p, &s)) {
        return Exit::Error;
    }
    // With `--outcome`, unless the input has ended: which step fixed it (README, "ask --json").
    // Without it `result` stays the last message, as front ends of the protocol expect.
    let Some(q) = super::ask_outcome::question(p, &s).filter(|_| ask_outcome && !ended) else {
        return Exit::Success;
    };
    emit(q.clone());
    for line in lines.by_ref() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        match super::ask_outcome::reply(p, &mut s, saver, &line) {
            Ok(None) => break,
            Ok(Some(o)) => {
                emit(json!({"type": "outcome_recorded", "outcome": o}));
                break;
            }
            Err(message) => {
                emit(json!({"type": "error", "message": message}));
                emit(q.clone());
            }
        }
    }
    Exit::Success
}

enum Reply {
    /// The state changed: choose the next question.
    Next,
    Stop,
    /// Something to print before the same question again.
    Say(J),
}

fn reply(p: &Program, s: &mut Session, q: &Question, line: &str) -> Result<Reply, String> {
    let msg: J = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let obj = msg.as_object().ok_or("expected a JSON object like {\"answer\": true} or {\"command\": \"why\"}")?;
    if let Some(raw) = obj.get("answer") {
        let value = match raw {
            J::Null => None,
            raw => Some(
                crate::facts::value_of(&p.kb, q.fact, raw).map_err(|e| format!("`{}`: {e}", p.kb.facts[q.fact].id))?,
            ),
        };
        s.answer(q.fact, value);
        return Ok(Reply::Next);
    }
    match obj.get("command").and_then(J::as_str) {
        Some("why") => Ok(Reply::Say(json!({"type": "why", "text": ask::why(p, q)}))),
        Some("back") => match s.back() {
            Some(_) => Ok(Reply::Next),
            None => Err("nothing to take back: no answer was given yet".into()),
        },
        Some("stop") => Ok(Reply::Stop),
        Some(other) => Err(format!(
            "unknown command `{}`; the commands are why, back and stop",
            crate::render::sanitize_terminal(other)
        )),
        None => Err("expected {\"answer\": VALUE} or {\"command\": \"why\"|\"back\"|\"stop\"}".into()),
    }
}

fn question(p: &Program, s: &Session, q: &Question) -> J {
    let fact = &p.kb.facts[q.fact];
    let ev = s.evaluation(p);
    let leading: Vec<J> = ask::leading(p, &ev, 3)
        .into_iter()
        .map(|(c, pr)| json!({"id": p.kb.causes[c].id.as_str(), "probability": round(pr)}))
        .collect();
    let mut v = json!({
        "type": "question",
        "fact": fact.id.as_str(),
        "text": fact.question,
        "answer_type": ask::answer::type_name(&fact.ty),
        "help": fact.help,
        "number": s.asked() + 1,
        "cost_minutes": q.step.cost_minutes,
        "saving_minutes": round(q.step.saving),
        "answer_chance": round(q.chance),
        "leading": leading,
    });
    if let FactType::Enum(values) = &fact.ty {
        v["choices"] = json!(values);
    }
    v
}

fn result(p: &Program, s: &Session) -> J {
    let report = s.report(p);
    let ev = s.evaluation(p);
    let mut v = serde_json::to_value(&report).unwrap_or_else(|_| json!({}));
    if let Some(obj) = v.as_object_mut() {
        obj.insert("type".into(), "result".into());
        obj.insert("questions_asked".into(), s.asked().into());
        obj.insert("stop".into(), stop(p, &s.stop(p, &ev)));
    }
    v
}

/// What the stop rested on: why no question followed, the leading cause and the rules behind it.
fn stop(p: &Program, stop: &ask::Stop) -> J {
    json!({
        "reason": stop.reason,
        "cause": stop.lead.map(|(c, _)| p.kb.causes[c].id.as_str()),
        "probability": stop.lead.map(|(_, pr)| round(pr)),
        "rests_on": stop.rests_on.iter().map(|&(r, x)| json!({"rule": p.rules[r].id.as_str(), "ratio": x})).collect::<Vec<_>>(),
        "text": stop.text,
    })
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
