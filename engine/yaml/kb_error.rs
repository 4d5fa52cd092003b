//! Turns serde's message about a knowledge-base file into a diagnostic an author can act on:
//! a missing field (E002) says what to add, an unknown field (E005) names the field meant.

use crate::diag::{did_you_mean, Diagnostic};
use crate::source::SourceFile;

/// What to write for a required field that is missing.
fn add_hint(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "add `id:` with a snake_case id",
        "title" => "add `title:` with one line shown in plans",
        "explanation" => "add `explanation:` with the mechanism, in two or three sentences",
        "prior" => "add `prior:` with the cause's rough share of all cases (a positive number; the loader normalises)",
        "evidence" => "add `evidence:` with ms, incident, community or folklore",
        "type" => "add `type:` with bool, int, float, string, enum or list<int>",
        "question" => "add `question:` with what `ask` prints",
        "help" => "add `help:` with the exact command to run or the place to look",
        "answered_by" => "add `answered_by:` with user, client, server or probe",
        "cost" => "add `cost: { minutes: N }` with the minutes it takes (and admin, console, reboot if needed)",
        "minutes" => "add `minutes: N` to `cost`: the time it takes, a positive number",
        "fixes" => "add `fixes: { CAUSE_ID: 0.8 }`: which causes it fixes and how likely",
        "steps" => "add `steps:` with at least one `- do: ...`",
        "risk" => "add `risk:` with low, medium or high",
        "do" => "add `do:` with what a person does",
        "if" => "add `if:` with a condition of the rule language",
        "fact" => "add `fact:` with the yes/no fact that says whether the console can be reached",
        "side" => "add `side:` with client or server",
        "powershell" => "add `powershell:` with the command a collector runs",
        "unknown_cause_prior"
        | "escalation_minutes"
        | "ask_minutes_per_bit"
        | "ask_confident_at"
        | "strengths"
        | "available_minutes"
        | "unavailable_minutes"
        | "unknown_minutes" => "see kb/settings.yaml and kb/README.md, section `settings`",
        _ => return None,
    })
}

/// `causes[0]: missing field `prior`` → (`causes[0]`, `prior`).
fn split_path(msg: &str) -> (&str, &str) {
    match msg.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path, rest),
        _ => ("", msg),
    }
}

fn backticked(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// `causes[3]` names the entry by its id when the entry starts with `id: ...` on the line serde
/// points at: (the words for it, the offset and length of the id).
fn entry<'a>(file: &'a SourceFile, path: &str, offset: usize) -> Option<(String, usize, usize)> {
    let (section, index) = path.split_once('[')?;
    if !index.ends_with(']') {
        return None; // a field of the entry, like `remedies[2].cost`: keep serde's path
    }
    let kind = match section {
        "facts" => "fact",
        "causes" => "cause",
        "remedies" => "remedy",
        _ => return None,
    };
    let line_end = file.text.get(offset..)?.find('\n').map_or(file.text.len(), |e| offset + e);
    let key = file.find_key("id", offset).filter(|&k| k < line_end)?;
    let value_start = key + file.text[key..line_end].find(':')? + 1;
    let raw = &file.text[value_start..line_end];
    let lead = raw.len() - raw.trim_start().len();
    let id: &'a str = raw.trim_start().split(|c: char| c.is_whitespace() || c == ',' || c == '}' || c == '#').next()?;
    let id = id.trim_matches(['"', '\'']);
    (!id.is_empty()).then(|| (format!("{kind} `{id}`"), value_start + lead, id.len()))
}

/// The diagnostic for a serde error whose message is `msg` (without serde's " at line" suffix),
/// placed at `offset` when serde gave a position.
pub fn diagnostic(file: &SourceFile, msg: &str, offset: Option<usize>) -> Diagnostic {
    let (path, rest) = split_path(msg);
    let named = offset.and_then(|o| entry(file, path, o));
    let within = match (&named, path) {
        (Some((words, ..)), _) => format!(" in {words}"),
        (None, "") => String::new(),
        (None, p) => format!(" in `{p}`"),
    };
    if let (Some(after), Some((_, at, len))) = (rest.strip_prefix("missing field "), &named) {
        // The caret goes under the entry's id: the entry that lacks the field.
        let field = backticked(after).unwrap_or(after);
        let hint = add_hint(field).unwrap_or("see kb/README.md for the fields each section takes");
        return Diagnostic::error("E002", format!("missing field `{field}`{within}"))
            .with_hint(hint)
            .at(file, *at, *len);
    }
    let (d, len) = if let Some(after) = rest.strip_prefix("missing field ") {
        let field = backticked(after).unwrap_or(after);
        let hint = add_hint(field).unwrap_or("see kb/README.md for the fields each section takes");
        (Diagnostic::error("E002", format!("missing field `{field}`{within}")).with_hint(hint), 1)
    } else if let Some(after) = rest.strip_prefix("unknown field ") {
        let field = backticked(after).unwrap_or(after);
        let expected: Vec<&str> = after
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = match did_you_mean(field, expected.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if expected.is_empty() => "this section takes no fields here; see kb/README.md".to_string(),
            None => format!("the fields here are {}", expected.join(", ")),
        };
        (Diagnostic::error("E005", format!("unknown field `{field}`{within}")).with_hint(hint), field.len())
    } else {
        let (msg, hint) = plain(msg);
        let len = offset.map_or(1, |o| word_len(file, o));
        (Diagnostic::error("E001", format!("cannot load this file: {msg}")).with_hint(hint), len)
    };
    match offset {
        Some(at) => d.at(file, at, len),
        None => d.in_file(&file.name),
    }
}

/// serde's wording without Rust type names, and a hint for the common cases.
fn plain(msg: &str) -> (String, String) {
    let mut out = msg.to_string();
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected u64", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected a mapping"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: a mapping"),
    ] {
        out = out.replace(rust, words);
    }
    if let Some(i) = out.find("expected struct ") {
        out.replace_range(i.., "expected a mapping");
    }
    let hint = if let Some(after) = msg.split_once("unknown variant ").map(|(_, a)| a) {
        let value = backticked(after).unwrap_or(after);
        let allowed: Vec<&str> =
            after.split_once("expected").map(|(_, l)| l.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
        match did_you_mean(value, allowed.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("the values are {}", allowed.join(", ")),
        }
    } else if msg.contains("mapping values are not allowed") {
        "a value that contains `: ` must be quoted, like `name: \"cause: why\"`".to_string()
    } else if msg.contains("tab character") || msg.contains("found a tab") || msg.contains("tabs disallowed") {
        "indent with spaces: YAML does not allow tabs".to_string()
    } else {
        "see kb/README.md for the fields each section takes".to_string()
    };
    (out, hint)
}

/// The length of the word or value that starts at `offset`, for the caret.
fn word_len(file: &SourceFile, offset: usize) -> usize {
    let rest = file.text.get(offset..).unwrap_or("");
    rest.find(|c: char| c.is_whitespace() || c == ',' || c == '}' || c == ']' || c == '#').unwrap_or(rest.len()).max(1)
}
