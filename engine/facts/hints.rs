//! Warnings about values that are valid but probably not what the reporter meant.

use super::Incident;
use crate::program::Program;
use crate::value::{parse_int, Value};

/// Adds a warning for each integer that the rules never test but whose digits, read as hex, they
/// do: `error_code: 904` is almost surely the dialog's `0x904`.
pub fn hints(p: &Program, incident: &mut Incident) {
    for (f, value) in incident.values.iter().enumerate() {
        let Some(Value::Int(v)) = value else { continue };
        if *v < 0 {
            continue;
        }
        let tested = &p.tested_ints[f];
        if tested.is_empty() {
            continue;
        }
        let Some(hex) = parse_int(&format!("0x{v}")) else { continue };
        if tested.binary_search(v).is_err() && tested.binary_search(&hex).is_ok() {
            incident.warnings.push(format!(
                "`{}: {v}` is read as decimal {v}; the rules know 0x{v} (decimal {hex}): write `0x{v}` if the dialog showed hex",
                p.kb.facts[f].id
            ));
        }
    }
}
