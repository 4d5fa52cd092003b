//! The words that turn the YAML parser's complaint into what to do about it, for fact files and
//! knowledge-base files alike.

/// A YAML parser message (position already removed) with what to do about it. `line` is the text
/// of the line the parser points at, when it points at one.
pub fn explain_yaml(msg: &str, line: Option<&str>) -> String {
    let long_key = line.and_then(|l| l.find(':')).is_some_and(|colon| colon > 1024);
    if long_key && (msg.contains("mapping values are not allowed") || msg.contains("could not find expected ':'")) {
        return "the key on this line is longer than 1024 characters, the most YAML allows for a key; \
                fact ids are short, like `error_code`"
            .into();
    }
    let flat = "a fact file is a flat mapping like `error_code: 0x904`";
    let fix = if msg.contains("more than one document") {
        "the file holds more than one YAML document (`---`); put one incident in each file".to_string()
    } else if msg.contains("expected a fact id") {
        "every key must be a fact id written as plain text, like `error_code`".to_string()
    } else if msg.contains("nesting too deep") {
        format!("{}; {flat}", yaml_fix(msg).unwrap_or_default())
    } else if let Some(fix) = yaml_fix(msg) {
        fix.to_string()
    } else {
        return format!("invalid YAML: {msg}");
    };
    format!("invalid YAML: {msg}: {fix}")
}

/// What to do about a YAML parser message, for any YAML file fixplan reads.
pub fn yaml_fix(msg: &str) -> Option<&'static str> {
    Some(if msg.contains("nesting too deep") {
        "values nest deeper than 64 levels, the most fixplan reads"
    } else if msg.contains("too many values for one file") {
        "the file holds more values than fixplan reads from one file; write the values out, without repeating them"
    } else if msg.contains("alias replay limit exceeded") {
        "its aliases (`*name`) expand to too many values; write the values out instead of aliasing them"
    } else if msg.contains("more than one document") {
        "the file holds more than one YAML document (`---`); keep one"
    } else if msg.contains("unsupported tag") || msg.contains("invalid type: enum") {
        "YAML tags such as `!name` are not supported; remove the tag and write the plain value"
    } else if msg.contains("cannot start any token") {
        "a character here cannot start a YAML value; indent with spaces, not tabs, and quote values that start with `@` or a backtick"
    } else if msg.contains("tabs disallowed") || msg.contains("found a tab") {
        "indent with spaces, not tabs"
    } else if msg.contains("unexpected end of stream") || msg.contains("unclosed") {
        "the file ends inside a quoted value or a bracket; close it"
    } else if msg.contains("unknown anchor") {
        "an alias (`*name`) refers to no anchor (`&name`) above it; write the value instead"
    } else if msg.contains("did not find expected") || msg.contains("mapping values are not allowed") {
        "check the brackets, quotes and indentation here (a value with `: ` in it needs quotes)"
    } else {
        return None;
    })
}
