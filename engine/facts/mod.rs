//! Loads one incident's fact file (YAML or JSON) into typed fact values, checked against the
//! knowledge base's vocabulary. Everything in a fact file is untrusted.

mod hints;
mod json;
mod strict;

pub use hints::hints;

use crate::diag::did_you_mean;
use crate::kb::Knowledge;
use crate::source::SourceFile;
use crate::text::sanitize_terminal;
use crate::value::{coerce, Value};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

// The limits of a fact file (README, "Limits"); each one is an error that names it.

/// The longest key or string value in a fact file, in bytes. Fact ids are short and values are
/// words or notes; a longer string is damage, and would be copied into every report.
pub const MAX_STRING_BYTES: usize = 64 * 1024;
/// The largest fact file read, in bytes.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The most facts one file may hold (after flattening).
pub const MAX_FACTS: usize = 10_000;
/// The deepest nesting accepted: the YAML parser's own limit, and checked before serde_json.
pub const MAX_DEPTH: usize = crate::yaml::MAX_DEPTH;

/// One incident: a value (or unknown) for every fact of the knowledge base.
#[derive(Clone, Debug)]
pub struct Incident {
    pub input: String,
    pub values: Vec<Option<Value>>,
    /// `_meta`, kept for reports; never read by inference.
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub warnings: Vec<String>,
}

impl Incident {
    /// An incident with every fact unknown.
    pub fn empty(input: impl Into<String>, kb: &Knowledge) -> Self {
        Self { input: input.into(), values: vec![None; kb.facts.len()], meta: Default::default(), warnings: Vec::new() }
    }
}

/// Why a fact file could not be used: the file, the place, and what to do.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoadError {
    pub input: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The input is one line of a JSON Lines file (`FILE:LINE`): its place is only a column.
    #[serde(skip)]
    pub in_line: bool,
}

impl LoadError {
    pub fn new(input: &str, line: usize, col: usize, message: String) -> Self {
        Self { input: input.to_string(), line, col, message, in_line: false }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.input, self.message),
            1 if self.in_line => write!(f, "{}:{}: {}", self.input, self.col, self.message),
            l => write!(f, "{}:{l}:{}: {}", self.input, self.col, self.message),
        }
    }
}

/// Reads a fact file's bytes, with the size limit applied before anything is parsed.
pub fn read(input: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    let err = |message: String| LoadError::new(input, 0, 0, message);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "the file is larger than {MAX_FILE_BYTES} bytes (16 MiB), the limit for a fact file; \
             a fact file holds one incident, a few hundred bytes (split a batch into files or a .jsonl file)"
        )));
    }
    crate::yaml::decode(bytes).map_err(|(line, col, message)| LoadError::new(input, line, col, message))
}

/// Parses and checks a fact file. JSON is read as JSON when the name ends in `.json` or the text
/// starts with `{`; everything else as YAML.
pub fn load(input: &str, text: &str, kb: &Knowledge) -> Result<Incident, LoadError> {
    load_as(input, text, kb, input.ends_with(".json"))
}

/// Parses and checks one line of a JSON Lines file, named `FILE:LINE`: JSON only, and an error
/// speaks of the line and shows only its column (`FILE:LINE:COLUMN`).
pub fn load_line(input: &str, text: &str, kb: &Knowledge) -> Result<Incident, LoadError> {
    load_as(input, text, kb, true).map_err(|mut e| {
        e.message = e.message.replacen("the file ", "the line ", 1).replace(
            "; if it is YAML, name it `.yaml`",
            "; each line of a `.jsonl` file is one JSON object, like `{\"error_code\": 2308}`",
        );
        e.in_line = true;
        e
    })
}

/// `json`: read as JSON only; otherwise text that starts with `{` is tried as JSON, then YAML.
fn load_as(input: &str, text: &str, kb: &Knowledge, json: bool) -> Result<Incident, LoadError> {
    let src = SourceFile::new(input, text.trim_start_matches('\u{feff}'));
    let err_at = |offset: Option<usize>, message: String| {
        let (line, col) = offset.map_or((0, 0), |o| src.line_col(o));
        LoadError::new(input, line, col, message)
    };
    if src.text.contains('\0') {
        return Err(err_at(
            src.text.find('\0'),
            "the file holds NUL bytes: it is a binary file, not a text file".into(),
        ));
    }
    if src.text.trim().is_empty() {
        return Err(err_at(None, "the file is empty; write one fact per line, like `error_code: 0x904`".into()));
    }
    let deep = || {
        json::too_deep(&src.text, MAX_DEPTH).map(|at| {
            err_at(
                Some(at),
                format!(
                    "brackets nest deeper than {MAX_DEPTH} levels here, the limit for a fact file; \
                     a fact file is a flat mapping like `error_code: 0x904`"
                ),
            )
        })
    };
    // A duplicate key is reported where it appears the second time.
    let twice = |msg: &str| {
        let key = msg.split('`').nth(1).filter(|_| msg.contains("appears twice"))?;
        let first = src.find_key(key, 0)?;
        src.find_key(key, first + key.len())
    };
    let parse_json = || {
        if let Some(e) = deep() {
            return Err(e);
        }
        serde_json::from_str::<strict::Strict>(&src.text).map(|s| s.0).map_err(|e| {
            let msg = strip_position(&e.to_string());
            match twice(&msg) {
                Some(at) => err_at(Some(at), format!("invalid JSON: {msg}")),
                None => {
                    let looks_yaml = e.line() == 1 && !src.text.trim_start().starts_with(['{', '[', '"']);
                    let message = match looks_yaml {
                        true => format!("invalid JSON: {msg}: the file is not JSON; if it is YAML, name it `.yaml`"),
                        false => json::explain_json(&msg),
                    };
                    LoadError::new(input, e.line(), e.column(), message)
                }
            }
        })
    };
    let parse_yaml = || {
        // A `%TAG` directive renames tags, and the YAML reader then drops a tagged value without a
        // word: the fact would be silently unknown.
        let directive = src.text.lines().scan(0, |at, l| Some((std::mem::replace(at, *at + l.len() + 1), l)));
        if let Some((at, _)) = directive.into_iter().find(|(_, l)| l.starts_with("%TAG")) {
            return Err(err_at(
                Some(at),
                "YAML `%TAG` directives are not supported; remove the line and the tags".into(),
            ));
        }
        crate::yaml::from_str_placed::<strict::Strict>(&src.text).map(|(s, places)| (s.0, places)).map_err(|e| {
            let msg = e.message;
            let second_doc = || msg.contains("more than one document").then(|| src.text.find("\n---")).flatten();
            let at = e.offset.or_else(|| second_doc().map(|i| i + 1));
            let line = at.map(|o| src.line(src.line_col(o).0));
            // Past the limit the parser stops; say so as the JSON check does.
            let message = match msg.contains("nesting too deep") {
                true => format!(
                    "values nest deeper than {MAX_DEPTH} levels here, the limit for a fact file; \
                     a fact file is a flat mapping like `error_code: 0x904`"
                ),
                false => crate::yaml::explain_yaml(&msg, line),
            };
            err_at(at, message)
        })
    };
    // A `.json` file is JSON. Other text that starts with `{` is tried as JSON first, then as a
    // YAML flow mapping (`{error_code: 0x904}`), reporting the JSON error if both fail.
    let json_placed = |v| (v, json::key_places(&src.text));
    let (root, places): (serde_json::Value, Vec<(String, usize)>) = if json {
        parse_json().map(json_placed)?
    } else if src.text.trim_start().starts_with('{') {
        match parse_json() {
            Ok(v) => json_placed(v),
            Err(json_err) => parse_yaml().map_err(|_| json_err)?,
        }
    } else {
        parse_yaml()?
    };
    // Where each key stands, the first time it appears.
    let mut place: HashMap<&str, usize> = HashMap::with_capacity(places.len());
    for (k, at) in &places {
        place.entry(k.as_str()).or_insert(*at);
    }
    let map = match root {
        serde_json::Value::Object(m) => m,
        serde_json::Value::Null => {
            return Err(err_at(
                None,
                "the file holds no facts; a fact file is a mapping from fact id to value, like `error_code: 0x904`"
                    .into(),
            ))
        }
        other => {
            let what = match other {
                serde_json::Value::Array(_) => "a list",
                _ => "a single value",
            };
            return Err(err_at(
                Some(0),
                format!(
                    "the file holds {what}; a fact file is a mapping from fact id to value, like `error_code: 0x904`"
                ),
            ));
        }
    };
    let mut incident = Incident::empty(input, kb);
    let mut flat = Vec::new();
    for (k, v) in map {
        if k == "_meta" {
            if let serde_json::Value::Object(m) = v {
                incident.meta = m;
            }
            continue;
        }
        flatten(k, v, &|id| kb.fact_index(id).is_some(), &mut flat);
    }
    if flat.len() > MAX_FACTS {
        return Err(err_at(
            None,
            format!(
                "the file holds {} facts; the limit is {MAX_FACTS} facts in one file (one incident needs a few dozen)",
                flat.len()
            ),
        ));
    }
    let mut errors = Vec::new();
    for (key, raw) in flat {
        let offset = || place.get(key.as_str()).copied();
        let shown = sanitize_terminal(&truncate(&key, 80));
        let Some(fi) = kb.fact_index(&key) else {
            let (line, _) = offset().map_or((0, 0), |o| src.line_col(o));
            let place = if line > 0 { format!(" (line {line})") } else { String::new() };
            let mut w = format!("unknown fact `{shown}`{place}, ignored");
            if let Some(close) = did_you_mean(&key, kb.facts.iter().map(|f| f.id.as_str())) {
                w.push_str(&format!("; did you mean `{close}`?"));
            }
            incident.warnings.push(w);
            continue;
        };
        if raw.is_null() {
            continue;
        }
        match value_of(kb, fi, &raw) {
            Ok(v) => incident.values[fi] = Some(v),
            Err(why) => errors.push(err_at(offset(), format!("`{shown}`: {why}"))),
        }
    }
    errors.sort_by_key(|e| (e.line, e.col));
    match errors.len() {
        0 => Ok(incident),
        1 => Err(errors.remove(0)),
        n => {
            let mut first = errors.remove(0);
            let rest: Vec<String> = errors.iter().map(|e| format!("line {}: {}", e.line, e.message)).collect();
            first.message = format!("{} (and {} more: {})", first.message, n - 1, rest.join("; "));
            Err(first)
        }
    }
}

/// Types one untrusted value of fact `fi`, with the fact's enum aliases applied.
pub fn value_of(kb: &Knowledge, fi: usize, raw: &serde_json::Value) -> Result<Value, String> {
    if let serde_json::Value::String(s) = raw {
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        if let Some(v) = kb.facts[fi].aliases.get(&norm) {
            return coerce(&kb.facts[fi].ty, &serde_json::Value::String(v.clone()));
        }
    }
    coerce(&kb.facts[fi].ty, raw)
}

/// Flattens nested mappings into dotted ids; a mapping under a fact's own id stays whole, so
/// that it is reported as a value of the wrong type rather than as unknown facts.
fn flatten(
    prefix: String,
    v: serde_json::Value,
    is_fact: &dyn Fn(&str) -> bool,
    out: &mut Vec<(String, serde_json::Value)>,
) {
    match v {
        // A path longer than any fact id is one unknown fact: walking further would copy the
        // long prefix once per key below it.
        serde_json::Value::Object(m) if !m.is_empty() && !is_fact(&prefix) && prefix.len() <= 1024 => {
            for (k, v) in m {
                flatten(format!("{prefix}.{k}"), v, is_fact, out);
            }
        }
        other => out.push((prefix, other)),
    }
}

fn strip_position(msg: &str) -> String {
    msg.split(" at line ").next().unwrap_or(msg).to_string()
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
