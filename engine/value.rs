//! Fact types and fact values, and the conversion of untrusted input values into typed ones.

use serde::{Serialize, Serializer};
use std::fmt;

/// The type of a fact, as declared in the knowledge base.
#[derive(Clone, Debug, PartialEq)]
pub enum FactType {
    Bool,
    Int,
    Float,
    Str,
    Enum(Vec<String>),
    ListInt,
}

impl FactType {
    /// Parses the `type:` of a fact (`bool`, `int`, `float`, `string`, `enum`, `list<int>`);
    /// enum values come separately.
    pub fn parse(name: &str, values: &[String]) -> Option<Self> {
        Some(match name.trim() {
            "bool" => Self::Bool,
            "int" => Self::Int,
            "float" => Self::Float,
            "string" => Self::Str,
            "enum" => Self::Enum(values.to_vec()),
            "list<int>" => Self::ListInt,
            _ => return None,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::Int => "int",
            Self::Float => "float",
            Self::Str => "string",
            Self::Enum(_) => "enum",
            Self::ListInt => "list<int>",
        }
    }

    /// What a value of this type looks like, for error messages.
    pub fn expected(&self) -> String {
        match self {
            Self::Bool => "true or false".into(),
            Self::Int => "an integer (decimal or 0x hex)".into(),
            Self::Float => "a number".into(),
            Self::Str => "a string".into(),
            Self::Enum(v) => format!("one of {}", v.join(", ")),
            Self::ListInt => "a list of integers, like [36870, 1058]".into(),
        }
    }
}

/// A known value of a fact. Enum values are kept as their string.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<i64>),
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Int(i) => Some(*i as f64),
            Self::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The value as JSON, for the line protocol and session files.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Bool(b) => (*b).into(),
            Self::Int(i) => (*i).into(),
            Self::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
            Self::Str(s) => s.clone().into(),
            Self::List(l) => l.iter().copied().map(serde_json::Value::from).collect(),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            Self::Int(i) => write!(f, "{i}"),
            Self::Float(x) => write!(f, "{x}"),
            Self::Str(s) => f.write_str(s),
            Self::List(l) => {
                let items: Vec<String> = l.iter().map(i64::to_string).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Parses an integer written in decimal or with a `0x` prefix (either sign).
pub fn parse_int(s: &str) -> Option<i64> {
    int_text(s).ok()
}

/// Why a text is not an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntError {
    /// Not written as one: `--5`, `0x-904`, `1e3`, `12abc`.
    Syntax,
    /// Written as one, but outside what 64 bits hold.
    Range,
}

/// One grammar for integers in fact values: an optional sign (one), then decimal digits or `0x`
/// and hex digits, with `_` allowed between digits; the arithmetic is checked, never wraps.
pub fn int_text(s: &str) -> Result<i64, IntError> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(hex) => (16, hex),
        None => (10, body),
    };
    let ok = |c: char| c.is_digit(radix);
    let bytes = digits.as_bytes();
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| ok(c) || c == '_')
        && bytes.first() != Some(&b'_')
        && bytes.last() != Some(&b'_')
        && !digits.contains("__");
    if !well_formed {
        return Err(IntError::Syntax);
    }
    let mut magnitude: u64 = 0;
    for c in digits.chars().filter(|&c| c != '_') {
        let d = u64::from(c.to_digit(radix).ok_or(IntError::Syntax)?);
        magnitude = magnitude.checked_mul(u64::from(radix)).and_then(|m| m.checked_add(d)).ok_or(IntError::Range)?;
    }
    match neg {
        true => 0i64.checked_sub_unsigned(magnitude).ok_or(IntError::Range),
        false => i64::try_from(magnitude).map_err(|_| IntError::Range),
    }
}

/// Converts an untrusted JSON value to a typed value, or says what was expected.
pub fn coerce(ty: &FactType, raw: &serde_json::Value) -> Result<Value, String> {
    use serde_json::Value as J;
    let wrong = || format!("expected {}, found {}", ty.expected(), describe(raw));
    match ty {
        FactType::Bool => match raw {
            J::Bool(b) => Ok(Value::Bool(*b)),
            J::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" => Ok(Value::Bool(true)),
                "false" | "no" | "n" => Ok(Value::Bool(false)),
                _ => Err(wrong()),
            },
            _ => Err(wrong()),
        },
        FactType::Int => int_of(raw).map(Value::Int).ok_or_else(|| match raw {
            J::String(s) if int_text(s) == Err(IntError::Range) => {
                format!("{} is out of range; integers go from -9223372036854775808 to 9223372036854775807", quoted(s))
            }
            _ => match raw.as_f64() {
                Some(f) if f.fract() == 0.0 => {
                    format!("`{raw}` is out of range; integers go from -9223372036854775808 to 9223372036854775807")
                }
                _ => wrong(),
            },
        }),
        FactType::Float => match raw {
            J::Number(n) => n.as_f64().filter(|f| f.is_finite()).map(Value::Float).ok_or_else(wrong),
            J::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::Float).ok_or_else(wrong),
            _ => Err(wrong()),
        },
        FactType::Str => match raw {
            J::String(s) => Ok(Value::Str(s.clone())),
            J::Number(n) => Ok(Value::Str(n.to_string())),
            _ => Err(wrong()),
        },
        FactType::Enum(values) => {
            let s = match raw {
                J::String(s) => s.trim().to_string(),
                J::Bool(b) => b.to_string(),
                _ => return Err(wrong()),
            };
            // People write "Windows update" or "after-credentials": compare in the ids' own form.
            let norm = s.to_ascii_lowercase().replace([' ', '-'], "_");
            if let Some(v) = values.iter().find(|v| **v == norm) {
                return Ok(Value::Str(v.clone()));
            }
            let mut msg = format!("{} is not one of {}", quoted(&s), values.join(", "));
            if let Some(close) = crate::diag::did_you_mean(&s, values.iter().map(String::as_str)) {
                msg.push_str(&format!("; did you mean `{close}`?"));
            }
            Err(msg)
        }
        FactType::ListInt => match raw {
            J::Array(items) => items
                .iter()
                .map(|i| int_of(i).ok_or_else(|| format!("expected a list of integers, found {} in it", describe(i))))
                .collect::<Result<Vec<_>, _>>()
                .map(distinct),
            // "36870, 1058" as people paste it from an event viewer.
            J::String(text) if text.contains([',', ';', ' ']) => text
                .split([',', ';', ' '])
                .filter(|t| !t.trim().is_empty())
                .map(|t| parse_int(t).ok_or_else(wrong))
                .collect::<Result<Vec<_>, _>>()
                .map(distinct),
            other => int_of(other).map(|i| Value::List(vec![i])).ok_or_else(wrong),
        },
    }
}

/// A list fact is a set (`contains` is all the rules ask of it): each item once, in the order
/// first seen, so that a list of 200 000 repeated event ids costs what its distinct ids cost.
fn distinct(items: Vec<i64>) -> Value {
    let mut seen = std::collections::HashSet::with_capacity(items.len().min(4096));
    Value::List(items.into_iter().filter(|i| seen.insert(*i)).collect())
}

fn int_of(raw: &serde_json::Value) -> Option<i64> {
    match raw {
        serde_json::Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        }
        serde_json::Value::String(s) => parse_int(s),
        _ => None,
    }
}

fn describe(raw: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match raw {
        J::Null => "null".into(),
        J::Bool(b) => format!("`{b}`"),
        J::Number(n) => format!("`{n}`"),
        J::String(s) => format!("the string {}", quoted(s)),
        J::Array(_) => "a list".into(),
        J::Object(_) => "a mapping".into(),
    }
}

/// An untrusted string for an error message: in backticks, at most 40 characters, with control
/// characters shown as escapes (`\u{0}`) so that a value that differs only by them is visible.
fn quoted(s: &str) -> String {
    let shown: String = s
        .chars()
        .take(40)
        .flat_map(|c| match c.is_control() {
            true => c.escape_default().collect::<Vec<_>>(),
            false => vec![c],
        })
        .collect();
    let shown = crate::text::sanitize_terminal(&shown);
    format!("`{shown}`{}", if s.chars().count() > 40 { "…" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::{int_text, IntError};

    #[test]
    fn one_strict_grammar_for_integers() {
        for (text, want) in [
            ("5", Ok(5)),
            ("-5", Ok(-5)),
            ("+5", Ok(5)),
            ("0x904", Ok(2308)),
            ("-0x904", Ok(-2308)),
            ("1_000", Ok(1000)),
            ("9223372036854775807", Ok(i64::MAX)),
            ("-9223372036854775808", Ok(i64::MIN)),
            ("-0x8000000000000000", Ok(i64::MIN)),
            ("--5", Err(IntError::Syntax)),
            ("+-5", Err(IntError::Syntax)),
            ("0x-904", Err(IntError::Syntax)),
            ("0x+904", Err(IntError::Syntax)),
            ("--9223372036854775808", Err(IntError::Syntax)),
            ("0x", Err(IntError::Syntax)),
            ("_5", Err(IntError::Syntax)),
            ("5_", Err(IntError::Syntax)),
            ("1e3", Err(IntError::Syntax)),
            ("", Err(IntError::Syntax)),
            ("9223372036854775808", Err(IntError::Range)),
            ("-9223372036854775809", Err(IntError::Range)),
            ("0xFFFFFFFFFFFFFFFFFFFF", Err(IntError::Range)),
        ] {
            assert_eq!(int_text(text), want, "{text:?}");
        }
    }
}
