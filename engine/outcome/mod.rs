//! What actually fixed an incident: `_meta.outcome` of a fact or session file, read from the fact
//! loader's `_meta` and checked against the knowledge base (CONTRACT section 7). `learn` and
//! `calibrate` read it; inference never does.

pub mod edit;
pub mod record;

use crate::diag::did_you_mean;
use crate::facts::LoadError;
use crate::kb::Knowledge;
use crate::render::sanitize_terminal;
use crate::source::SourceFile;
use serde_json::{json, Map, Value as J};

/// A checked outcome: every id resolved to an index of the knowledge base.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The cause a technician confirmed.
    pub cause: Option<usize>,
    /// The remedy that fixed it.
    pub fixed_by: Option<usize>,
    /// Remedies tried that did not fix it, in the order tried (`fixed_by` never among them).
    pub tried: Vec<usize>,
    /// Nothing fixed it.
    pub not_fixed: bool,
    /// When it was recorded, as written.
    pub at: Option<String>,
}

const FIELDS: [&str; 5] = ["cause", "fixed_by", "tried", "not_fixed", "at"];

impl Outcome {
    /// The outcome as the `_meta.outcome` mapping it is written as.
    pub fn to_json(&self, kb: &Knowledge) -> J {
        let mut m = Map::new();
        if let Some(c) = self.cause {
            m.insert("cause".into(), kb.causes[c].id.as_str().into());
        }
        if let Some(r) = self.fixed_by {
            m.insert("fixed_by".into(), kb.remedies[r].id.as_str().into());
        }
        if self.not_fixed {
            m.insert("not_fixed".into(), true.into());
        }
        if !self.tried.is_empty() {
            let tried: Vec<&str> = self.tried.iter().map(|&r| kb.remedies[r].id.as_str()).collect();
            m.insert("tried".into(), json!(tried));
        }
        if let Some(at) = &self.at {
            m.insert("at".into(), at.clone().into());
        }
        J::Object(m)
    }

    /// Whether it says anything a learner can use.
    pub fn is_empty(&self) -> bool {
        self.cause.is_none() && self.fixed_by.is_none() && self.tried.is_empty() && !self.not_fixed
    }
}

/// Reads and checks `_meta.outcome` of a loaded fact file. `src` is the file's text, used only to
/// place an error (`FILE:LINE:COL`); without it errors carry the file name alone. `Ok(None)`:
/// the file records no outcome.
pub fn read(
    kb: &Knowledge,
    meta: &Map<String, J>,
    src: Option<&SourceFile>,
    input: &str,
) -> Result<Option<Outcome>, LoadError> {
    let Some(raw) = meta.get("outcome") else { return Ok(None) };
    let base = src.and_then(|s| s.find_key("outcome", 0)).unwrap_or(0);
    let err = |needle: Option<&str>, message: String| {
        let at = match (src, needle) {
            (Some(s), Some(n)) => s.find_word(n, base).or_else(|| s.find_key(n, base)).map(|o| s.line_col(o)),
            (Some(s), None) => s.find_key("outcome", 0).map(|o| s.line_col(o)),
            _ => None,
        };
        let (line, col) = at.unwrap_or((0, 0));
        LoadError::new(input, line, col, format!("`_meta.outcome`: {message}"))
    };
    let obj = match raw {
        J::Null => return Ok(None),
        J::Object(o) => o,
        _ => {
            return Err(err(
                None,
                "expected a mapping like `{cause: CAUSE, fixed_by: REMEDY, tried: [REMEDY]}` or `{not_fixed: true, tried: [...]}`".into(),
            ))
        }
    };
    for key in obj.keys() {
        if !FIELDS.contains(&key.as_str()) {
            let hint = match did_you_mean(key, FIELDS) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the fields are {}", FIELDS.join(", ")),
            };
            return Err(err(Some(key), format!("unknown field `{}`; {hint}", sanitize_terminal(key))));
        }
    }
    let text = |key: &str| -> Result<Option<&str>, LoadError> {
        match obj.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(err(Some(key), format!("`{key}` takes an id (a string)"))),
        }
    };
    let cause = match text("cause")? {
        None => None,
        Some(id) => Some(
            kb.cause_index(id)
                .ok_or_else(|| err(Some(id), unknown("cause", id, kb.causes.iter().map(|c| c.id.as_str()))))?,
        ),
    };
    let remedy = |id: &str| {
        kb.remedies
            .iter()
            .position(|r| r.id.as_str() == id)
            .ok_or_else(|| err(Some(id), unknown("remedy", id, kb.remedies.iter().map(|r| r.id.as_str()))))
    };
    let fixed_by = text("fixed_by")?.map(remedy).transpose()?;
    let mut tried = Vec::new();
    match obj.get("tried") {
        None | Some(J::Null) => {}
        Some(J::Array(list)) => {
            for v in list {
                let id = v.as_str().ok_or_else(|| err(Some("tried"), "`tried` lists remedy ids (strings)".into()))?;
                let r = remedy(id)?;
                if Some(r) != fixed_by && !tried.contains(&r) {
                    tried.push(r);
                }
            }
        }
        Some(_) => {
            return Err(err(Some("tried"), "`tried` takes a list of remedy ids, like `[restart_termservice]`".into()))
        }
    }
    let not_fixed = match obj.get("not_fixed") {
        None | Some(J::Null) => false,
        Some(J::Bool(b)) => *b,
        Some(_) => return Err(err(Some("not_fixed"), "`not_fixed` takes true or false".into())),
    };
    if not_fixed && fixed_by.is_some() {
        return Err(err(Some("not_fixed"), "`not_fixed: true` and `fixed_by` contradict each other; keep one".into()));
    }
    let at = match obj.get("at") {
        None | Some(J::Null) => None,
        Some(J::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    Ok(Some(Outcome { cause, fixed_by, tried, not_fixed, at }))
}

fn unknown<'a>(kind: &str, id: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let shown = sanitize_terminal(id);
    match did_you_mean(id, known) {
        Some(close) => format!("unknown {kind} `{shown}`; did you mean `{close}`?"),
        None => format!("unknown {kind} `{shown}`; `fixplan graph --format json` lists the ids"),
    }
}

/// The confirmed cause's id, when `_meta.outcome` names a cause of the knowledge base (for the
/// fleet summary, which counts and never fails an input over its outcome).
pub fn confirmed_cause(kb: &Knowledge, meta: &Map<String, J>) -> Option<usize> {
    meta.get("outcome")?.get("cause")?.as_str().and_then(|id| kb.cause_index(id))
}

#[cfg(test)]
mod tests;
