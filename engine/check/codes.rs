//! The registry of diagnostic codes: each code's severity, title and long explanation, read
//! from `codes.md` so the text that `fixplan check --explain` prints is reviewed as prose.

use crate::diag::Severity;

const TEXT: &str = include_str!("codes.md");

/// One diagnostic code and its documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// What, why, a bad example and the fixed version.
    pub text: &'static str,
}

/// Every code, in the order of `codes.md` (sorted by code).
pub fn all() -> Vec<Code> {
    let mut out = Vec::new();
    for section in TEXT.split("\n## ").skip(1) {
        let (head, body) = section.split_once('\n').unwrap_or((section, ""));
        let Some((code, rest)) = head.split_once(' ') else { continue };
        let Some((severity, title)) = rest.split_once(": ") else { continue };
        let severity = match severity {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => continue,
        };
        out.push(Code { code, severity, title: title.trim(), text: body.trim() });
    }
    out
}

/// The entry of one code; codes are matched without regard to case (`w201` is `W201`).
pub fn find(code: &str) -> Option<Code> {
    all().into_iter().find(|c| c.code.eq_ignore_ascii_case(code.trim()))
}

/// The long form `fixplan check --explain CODE` prints.
pub fn explain(c: &Code) -> String {
    let sev = match c.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!("{} ({sev}): {}\n\n", c.code, c.title);
    for line in c.text.lines() {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One line per code: `CODE  severity  title`.
pub fn list() -> String {
    all()
        .iter()
        .map(|c| {
            let sev = if c.severity == Severity::Error { "error" } else { "warning" };
            format!("{}  {sev:<7}  {}\n", c.code, c.title)
        })
        .collect()
}
