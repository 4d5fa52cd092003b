//! The words that turn the JSON parser's complaint about a fact file into what to do about it.

/// A JSON parser message with what to do about it.
pub fn explain_json(msg: &str) -> String {
    let fix = if msg.contains("trailing characters") {
        "there is more text after the closing `}`; a JSON fact file is one object (for many, use a .jsonl file, one object per line)"
    } else if msg.contains("EOF while parsing") {
        "the file ends too early; close every `{`, `[` and `\"`"
    } else if msg.contains("key must be a string") {
        "keys are written in double quotes, like `\"error_code\"`"
    } else if msg.contains("expected value") {
        "a value is missing or is not JSON here (NaN, comments and single quotes are not JSON)"
    } else if msg.contains("trailing comma") {
        "remove the comma before the closing bracket"
    } else if msg.contains("number out of range") {
        "the number is too large for a fact value"
    } else if msg.contains("expected `,` or `}`") || msg.contains("expected `,` or `]`") {
        "a comma or a closing bracket is missing before this point"
    } else {
        return format!("invalid JSON: {msg}");
    };
    format!("invalid JSON: {msg}: {fix}")
}
