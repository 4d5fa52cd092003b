//! JSON fact files: the depth check before serde_json, where each key stands (one pass over the
//! text, so that errors and warnings are placed without searching the text once per key), and
//! the words that turn serde_json's complaint into what to do about it.

/// Where `[`/`{` nesting (outside JSON strings) first exceeds `limit`: checked before serde_json,
/// whose recursion limit comes later than fixplan's.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
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
                '"' => quote = Some(c),
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

/// A dotted key path longer than this is not recorded (no fact id is that long).
const MAX_PATH_BYTES: usize = 1024;

enum Frame {
    /// An object at `path` (`None`: the top, or a path not recorded); `key` is the last key read.
    Object {
        path: Option<String>,
        key: Option<String>,
    },
    Array,
}

/// `(dotted path, byte offset of the key's text, after its opening quote)` for every key outside arrays, in the
/// order they appear. Text that is not valid JSON gives what was found before the damage.
pub fn key_places(text: &str) -> Vec<(String, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                let mut escaped = false;
                while i < bytes.len() && (escaped || bytes[i] != b'"') {
                    escaped = !escaped && bytes[i] == b'\\';
                    i += 1;
                }
                let raw = &text[start..(i + 1).min(text.len())];
                if expect_key {
                    if let Some(Frame::Object { path, key }) = stack.last_mut() {
                        let name = match raw.contains('\\') {
                            true => serde_json::from_str::<String>(raw).unwrap_or_default(),
                            false => raw.trim_matches('"').to_string(),
                        };
                        let full = match path {
                            Some(p) => format!("{p}.{name}"),
                            None => name,
                        };
                        if full.len() <= MAX_PATH_BYTES {
                            out.push((full.clone(), start + 1));
                            *key = Some(full);
                        } else {
                            *key = None;
                        }
                    }
                    expect_key = false;
                }
            }
            b'{' => {
                let path = match stack.last_mut() {
                    None => None,
                    Some(Frame::Object { key, .. }) => key.take(),
                    Some(Frame::Array) => {
                        stack.push(Frame::Array);
                        i += 1;
                        continue;
                    }
                };
                let walked = stack.is_empty() || path.is_some();
                stack.push(if walked { Frame::Object { path, key: None } } else { Frame::Array });
                expect_key = walked;
            }
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => expect_key = matches!(stack.last(), Some(Frame::Object { .. })),
            _ => {}
        }
        i += 1;
    }
    out
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

#[cfg(test)]
mod tests {
    use super::key_places;

    #[test]
    fn keys_are_placed_by_path_and_strings_are_skipped() {
        let text = r#"{"_meta": {"note": "a \"b\": {c"}, "error_code": 2308, "l": [{"x": 1}], "s": {"port": 1}}"#;
        let got = key_places(text);
        let names: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["_meta", "_meta.note", "error_code", "l", "s", "s.port"]);
        for (k, at) in &got {
            let last = k.rsplit('.').next().unwrap();
            assert_eq!(&text[*at - 1..*at + last.len() + 1], format!("\"{last}\""), "{k}");
        }
    }
}
