//! The checks that run on an untrusted file before a parser sees it (encoding, binary content,
//! bracket depth), and the words that turn a parser's complaint into what to do about it.
//! Shared by fact files and knowledge-base files.

/// The longest key or string value in a fact file, in bytes. Fact ids are short and values are
/// words or notes; a longer string is damage, and would be copied into every report.
pub const MAX_STRING_BYTES: usize = 64 * 1024;

/// Decodes a file's bytes as UTF-8, or says what the file is instead: `Err((line, column,
/// message))`, line 0 when the problem is the whole file. UTF-16 and UTF-32 (with or without a byte-order mark) and binary files
/// are named as such, because "invalid UTF-8" does not tell a Windows user what to do.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize, String)> {
    const RESAVE: &str =
        "save it as UTF-8 (in Notepad: File > Save as > Encoding: UTF-8; in PowerShell: `Out-File -Encoding utf8`)";
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err((0, 0, format!("the file is UTF-32; {RESAVE}")));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((0, 0, format!("the file is UTF-16; {RESAVE}")));
    }
    if looks_like_utf16(&bytes) {
        return Err((0, 0, format!("the file looks like UTF-16 without a byte-order mark; {RESAVE}")));
    }
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        let (line, col) = line_col_of(&bytes[..at]);
        return Err((line, col, "the file holds NUL bytes: it is a binary file, not a text file".into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, col) = line_col_of(&e.as_bytes()[..at]);
        (line, col, format!("the file is not valid UTF-8 here (byte {at}); {RESAVE}"))
    })
}

/// 1-based line and column just after `before` (columns count characters).
fn line_col_of(before: &[u8]) -> (usize, usize) {
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
}

/// UTF-16 text with no byte-order mark: mostly ASCII, so every other byte of the start is NUL.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return false;
    }
    let zero_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    let (even, odd) = (zero_at(0), zero_at(1));
    (odd * 10 >= half * 9 && even * 10 <= half) || (even * 10 >= half * 9 && odd * 10 <= half)
}

/// Where `[`/`{` nesting (outside quoted strings) first exceeds `limit`.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut prev = '\n';
    for (i, c) in text.char_indices() {
        let before = std::mem::replace(&mut prev, c);
        if comment {
            comment = c != '\n';
            continue;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if before.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(i);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

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
    } else if msg.contains("recursion limit exceeded") {
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
    Some(if msg.contains("recursion limit exceeded") {
        "values nest deeper than 128 levels, the most the YAML reader takes"
    } else if msg.contains("repetition limit exceeded") {
        "its aliases (`*name`) expand to too many values; write the values out instead of aliasing them"
    } else if msg.contains("more than one document") {
        "the file holds more than one YAML document (`---`); keep one"
    } else if msg.contains("invalid type: enum") {
        "YAML tags such as `!name` are not supported; remove the tag and write the plain value"
    } else if msg.contains("cannot start any token") {
        "a character here cannot start a YAML value; indent with spaces, not tabs, and quote values that start with `@` or a backtick"
    } else if msg.contains("unexpected end of stream") {
        "the file ends inside a quoted value or a bracket; close it"
    } else if msg.contains("unknown anchor") {
        "an alias (`*name`) refers to no anchor (`&name`) above it; write the value instead"
    } else if msg.contains("did not find expected") || msg.contains("mapping values are not allowed") {
        "check the brackets, quotes and indentation here (a value with `: ` in it needs quotes)"
    } else {
        return None;
    })
}

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
