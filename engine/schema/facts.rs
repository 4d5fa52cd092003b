//! The schema of a fact file, generated from the knowledge base's vocabulary: one property per
//! fact with its type, its enum values and its question, in the forms `facts::load` accepts
//! (CONTRACT.md section 2: hex integers as strings, yes/no words, lists pasted as text).

use super::{DRAFT, FACTS_FILE};
use crate::kb::{Fact, Knowledge};
use crate::value::FactType;
use serde_json::{json, Map, Value};

/// An integer, or a string holding one in decimal or hex (`"0x904"`).
const INT_TEXT: &str = "^\\s*[-+]?(0[xX][0-9a-fA-F_]+|[0-9_]+)\\s*$";
const FLOAT_TEXT: &str = "^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$";
const YES_NO: &str = "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy]([Ee][Ss])?|[Nn][Oo]?)\\s*$";
/// Integers separated by commas, semicolons or spaces, as pasted from an event viewer.
const INT_LIST_TEXT: &str =
    "^[\\s,;]*[-+]?(0[xX][0-9a-fA-F_]+|[0-9_]+)([\\s,;]+[-+]?(0[xX][0-9a-fA-F_]+|[0-9_]+))*[\\s,;]*$";

fn int() -> Value {
    json!({ "anyOf": [ { "type": "integer" }, { "type": "string", "pattern": INT_TEXT } ] })
}

fn value_schema(ty: &FactType, aliases: Vec<&str>) -> Vec<Value> {
    match ty {
        FactType::Bool => vec![json!({ "type": "boolean" }), json!({ "type": "string", "pattern": YES_NO })],
        FactType::Int => vec![json!({ "type": "integer" }), json!({ "type": "string", "pattern": INT_TEXT })],
        FactType::Float => vec![json!({ "type": "number" }), json!({ "type": "string", "pattern": FLOAT_TEXT })],
        FactType::Str => vec![json!({ "type": "string" }), json!({ "type": "number" })],
        FactType::Enum(values) => {
            let mut words: Vec<&str> = values.iter().map(String::as_str).collect();
            words.extend(aliases);
            vec![json!({ "enum": words })]
        }
        FactType::ListInt => vec![
            json!({ "type": "array", "items": int() }),
            json!({ "type": "integer" }),
            json!({ "type": "string", "pattern": INT_LIST_TEXT }),
        ],
    }
}

fn describe(f: &Fact) -> String {
    let mut d = f.question.trim().to_string();
    let ty = match &f.ty {
        FactType::Enum(values) => format!("one of {}", values.join(", ")),
        FactType::ListInt => "a list of integers (hex allowed)".to_string(),
        FactType::Int => "an integer (hex allowed, like 0x904)".to_string(),
        other => other.name().to_string(),
    };
    d.push_str(&format!("\n\nType: {ty}"));
    if let Some(unit) = &f.unit {
        d.push_str(&format!(" ({unit})"));
    }
    d.push_str(". Leave it out, or write null, when it is unknown.");
    if !f.help.trim().is_empty() {
        d.push_str(&format!("\n\nHow to check: {}", f.help.trim()));
    }
    d
}

/// `_meta.outcome`: what actually fixed the incident (docs/outcomes.md), with the ids of this
/// knowledge base.
fn outcome_schema(kb: &Knowledge) -> Value {
    let causes: Vec<&str> = kb.causes.iter().map(|c| c.id.as_str()).collect();
    let remedies: Vec<&str> = kb.remedies.iter().map(|r| r.id.as_str()).collect();
    json!({
        "type": "object",
        "description": "What fixed it, for `fixplan learn` and `fixplan calibrate`; ignored by inference",
        "additionalProperties": false,
        "properties": {
            "cause": { "enum": causes, "description": "The cause a technician confirmed" },
            "fixed_by": { "enum": remedies, "description": "The remedy that fixed it" },
            "tried": { "type": "array", "items": { "enum": remedies }, "description": "Remedies tried that did not fix it" },
            "not_fixed": { "type": "boolean", "description": "Nothing fixed it" },
            "at": { "type": "string", "description": "When it was recorded, as an RFC 3339 time" }
        }
    })
}

/// The schema of a fact file for this knowledge base.
pub fn facts_schema(kb: &Knowledge) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "_meta".into(),
        json!({
            "type": "object",
            "description": "Where and when the facts were collected; ignored by inference",
            "properties": {
                "host": { "type": "string", "description": "The target host" },
                "collected_at": { "type": "string", "description": "When, as an RFC 3339 time" },
                "collector": { "type": "string", "description": "Who or what collected the facts (manual, probe, a script)" },
                "outcome": outcome_schema(kb)
            }
        }),
    );
    let mut facts: Vec<&Fact> = kb.facts.iter().collect();
    facts.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    for f in facts {
        let mut any = value_schema(&f.ty, f.aliases.keys().map(String::as_str).collect());
        any.push(json!({ "type": "null" }));
        properties.insert(f.id.to_string(), json!({ "description": describe(f), "anyOf": any }));
    }
    json!({
        "$schema": DRAFT,
        "$id": FACTS_FILE,
        "title": "fixplan fact file",
        "description": "One incident: fact id to value. A key the knowledge base does not know is only a warning for fixplan; the schema marks it so that a misspelled id shows while typing.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false
    })
}
