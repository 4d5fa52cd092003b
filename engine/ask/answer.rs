//! Reads what a technician types at a prompt: an answer of the fact's type, or a command.

use crate::kb::Knowledge;
use crate::value::{FactType, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Answer(Value),
    /// "I don't know / can't check".
    DontKnow,
    Why,
    Back,
    Plan,
    Quit,
    Help,
    Empty,
}

/// Parses one typed line for fact `fi`. An error is a short hint; the same question follows.
pub fn parse(kb: &Knowledge, fi: usize, line: &str) -> Result<Input, String> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "" => return Ok(Input::Empty),
        "?" | "unknown" | "dont know" | "don't know" | "idk" | "skip" | "n/a" => return Ok(Input::DontKnow),
        "why" | "why?" => return Ok(Input::Why),
        "back" | "undo" => return Ok(Input::Back),
        "plan" => return Ok(Input::Plan),
        "quit" | "q" | "exit" | "stop" | "done" => return Ok(Input::Quit),
        "help" | "h" => return Ok(Input::Help),
        _ => {}
    }
    let fact = &kb.facts[fi];
    let raw = match &fact.ty {
        FactType::Bool => match lower.as_str() {
            "y" | "yes" | "true" | "1" => serde_json::Value::Bool(true),
            "n" | "no" | "false" | "0" => serde_json::Value::Bool(false),
            _ => return Err("answer yes or no (y/n), or ? if you cannot check".into()),
        },
        FactType::Enum(values) => match t.parse::<usize>() {
            Ok(n) if (1..=values.len()).contains(&n) => serde_json::Value::String(values[n - 1].clone()),
            Ok(_) => return Err(format!("choose a number from 1 to {}, or type the value", values.len())),
            Err(_) => serde_json::Value::String(t.to_string()),
        },
        FactType::ListInt if matches!(lower.as_str(), "none" | "-" | "[]") => serde_json::Value::Array(Vec::new()),
        _ => serde_json::Value::String(t.to_string()),
    };
    crate::facts::value_of(kb, fi, &raw).map(Input::Answer).map_err(|e| format!("{e}; {}", expected(&fact.ty)))
}

/// What kind of answer a fact takes, in words for the prompt.
pub fn expected(ty: &FactType) -> String {
    match ty {
        FactType::Bool => "yes or no".into(),
        FactType::Int => "a whole number (0x... for hex)".into(),
        FactType::Float => "a number".into(),
        FactType::Str => "text".into(),
        FactType::Enum(_) => "the number of a choice, or its name".into(),
        FactType::ListInt => "numbers separated by commas or spaces (empty list: none)".into(),
    }
}

/// The protocol name of a fact type (CONTRACT section 4, `answer_type`).
pub fn type_name(ty: &FactType) -> &'static str {
    match ty {
        FactType::Bool => "bool",
        FactType::Int => "int",
        FactType::Float => "float",
        FactType::Str => "string",
        FactType::Enum(_) => "enum",
        FactType::ListInt => "list",
    }
}
