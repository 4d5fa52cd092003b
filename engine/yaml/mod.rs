//! The one room for YAML: the parser crate and its types, the decoding of a file's bytes, the
//! guards that run before the parser sees untrusted text, and the words for its complaints.
//! The knowledge-base loader (`kb`) and the fact-file loader (`facts`) both read YAML through
//! here; no other module names the parser crate.

mod decode;
mod explain;
mod kb_error;
mod scan;

pub use decode::decode;
pub use explain::{explain_yaml, yaml_fix};
pub use kb_error::diagnostic as kb_diagnostic;
pub use scan::KeyPlaces;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a YAML text could not be read: the parser's message without its position, and the byte
/// offset it points at when it points at one.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub message: String,
    pub offset: Option<usize>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The deepest nesting of mappings and lists accepted in any YAML file fixplan reads (block or
/// flow); the parser stops there, before it builds anything.
pub const MAX_DEPTH: usize = 64;

/// The parser's options for untrusted text: YAML 1.2 core booleans, duplicate keys an error,
/// merge keys applied, tags other than the core schema's refused, and budgets on depth, nodes
/// and alias replays so that no file costs more than a small multiple of its size.
fn options(text_len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(budget);
    o.strict_booleans = true;
    o.reject_unsupported_tags = true;
    o.with_snippet = false;
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    o.merge_keys = serde_saphyr::MergeKeyPolicy::Merge;
    // What aliases replay is bounded by the file's own size: a fact file or a knowledge-base
    // file repeats a value a few times, never a thousand-fold amplification.
    o.alias_limits.max_total_replayed_events = (text_len / 2).clamp(10_000, 1_000_000);
    o
}

/// Parses one YAML document into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    from_str_placed(text).map(|(v, _)| v)
}

/// Parses one YAML document into `T`, with where each of its mapping keys stands.
pub fn from_str_placed<T: DeserializeOwned>(text: &str) -> Result<(T, KeyPlaces), Error> {
    let value = serde_saphyr::from_str_with_options::<T>(text, options(text.len())).map_err(|e| {
        let e = e.without_snippet();
        let offset = e
            .location()
            .and_then(|l| l.span().byte_offset().map(|o| o as usize).or_else(|| offset_of(text, l.line(), l.column())));
        let mut message = words(e);
        // Name the place as serde does (`causes[0].prior: ...`): a field error names the
        // mapping that lacks the field or holds the unknown one.
        if let Some(at) = offset.filter(|_| names_a_place(e)) {
            let (mut path, at_key) = scan::path_at(text, at);
            let field = matches!(
                e,
                serde_saphyr::Error::SerdeUnknownField { .. } | serde_saphyr::Error::SerdeMissingField { .. }
            );
            if at_key && !field {
                // A complaint about a key itself (`1.5:`) is placed, not named by its path.
                path.clear();
            }
            if at_key || matches!(e, serde_saphyr::Error::SerdeMissingField { .. }) {
                match path.rfind(['.', '[']) {
                    Some(i) if !path[i..].starts_with('[') => path.truncate(i),
                    Some(_) => {}
                    None => path.clear(),
                }
            }
            if !path.is_empty() && !path.contains(' ') && path.len() <= 200 {
                message = format!("{path}: {message}");
            }
            // A missing field is placed where its mapping starts (serde-saphyr points at its end).
            if matches!(e, serde_saphyr::Error::SerdeMissingField { .. }) {
                return Error { message, offset: scan::node_start(text, &path).or(offset) };
            }
        }
        Error { message, offset }
    })?;
    Ok((value, scan::scan(text)?))
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: u64, col: u64) -> Option<usize> {
    let line = usize::try_from(line).ok()?.checked_sub(1)?;
    let start = match line {
        0 => 0,
        n => crate::source::line_breaks(text).nth(n - 1)?,
    };
    let col = usize::try_from(col).ok()?.saturating_sub(1);
    let rest = &text[start..];
    Some(start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i))
}

/// Whether the complaint is about a value where the document has one (not about its syntax).
fn names_a_place(e: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error as E;
    matches!(
        e,
        E::Message { .. }
            | E::SerdeInvalidType { .. }
            | E::SerdeInvalidValue { .. }
            | E::SerdeUnknownVariant { .. }
            | E::SerdeUnknownField { .. }
            | E::SerdeMissingField { .. }
            | E::SerdeInvalidLength { .. }
            | E::InvalidScalar { .. }
            | E::Unexpected { .. }
    )
}

/// `` `a`, `b` `` as serde lists what it expected.
fn ticked(list: &[&str]) -> String {
    list.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
}

/// The parser's complaint in the words the fixes (`yaml_fix`) know, without its position.
fn words(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::budget::BudgetBreach;
    match e {
        serde_saphyr::Error::SerdeUnknownField { field, expected, .. } => {
            return match expected.is_empty() {
                true => format!("unknown field `{field}`, there are no fields"),
                false => format!("unknown field `{field}`, expected one of {}", ticked(expected)),
            }
        }
        serde_saphyr::Error::SerdeUnknownVariant { variant, expected, .. } => {
            return format!("unknown variant `{variant}`, expected one of {}", ticked(expected))
        }
        serde_saphyr::Error::InvalidScalar { ty, .. } | serde_saphyr::Error::Unexpected { expected: ty, .. } => {
            let what = match *ty {
                "floating point" => "a number",
                "string scalar" => "a string",
                "sequence start" => "a list",
                "mapping start" => "a mapping",
                t if t.contains("int") => "a whole number",
                t if t.contains("bool") => "true or false",
                t => t,
            };
            return format!("invalid type: expected {what}");
        }
        _ => {}
    }
    if let serde_saphyr::Error::Budget { breach, .. } = e {
        return match breach {
            BudgetBreach::Depth { .. } => "nesting too deep".to_string(),
            other => format!("too many values for one file ({other:?})"),
        };
    }
    if let serde_saphyr::Error::MultipleDocuments { .. } = e {
        return "the file holds more than one document".to_string();
    }
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    // The scanner's own flow-nesting limit (`[[[...`), met before the budget's.
    if msg.contains("recursion limit exceeded") {
        return "nesting too deep".to_string();
    }
    if let Some(key) = msg.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        let shown: String = key.chars().take(80).collect();
        return format!("the key `{}` appears twice; keep one", shown.escape_debug());
    }
    if msg.starts_with("non-finite float") {
        return "NaN and infinite numbers are not values fixplan takes; write a number, or leave the value out if it is unknown"
            .to_string();
    }
    msg.to_string()
}

/// Writes `value` as a YAML document.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_saphyr::to_string(value).map_err(|e| e.to_string())
}
