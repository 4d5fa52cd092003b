//! Puts `_meta.outcome` into a fact file's text and keeps the rest of the file as it was: only the
//! top-level `_meta` entry is rewritten (as JSON, which YAML reads too), or added when absent.

use serde_json::{Map, Value as J};

/// The text with `_meta` replaced by `meta` (which the caller built from the file's own `_meta`
/// plus the outcome). `json`: the file is a JSON document.
pub fn set_meta(text: &str, meta: &Map<String, J>, json: bool) -> Result<String, String> {
    let value = crate::output::yaml_safe_json(&J::Object(meta.clone()));
    if json {
        return set_in_json(text, &value);
    }
    match find_yaml_meta(text) {
        Some((start, end)) => {
            let mut out = String::with_capacity(text.len() + value.len());
            out.push_str(&text[..start]);
            out.push_str("_meta: ");
            out.push_str(&value);
            out.push('\n');
            out.push_str(&text[end..]);
            Ok(out)
        }
        None if text.trim_start().starts_with('{') => {
            Err("the file is one YAML flow mapping (`{...}`); write it as one `key: value` per line, or name it .json"
                .into())
        }
        None => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("_meta: ");
            out.push_str(&value);
            out.push('\n');
            Ok(out)
        }
    }
}

/// The byte range of the top-level `_meta:` entry of a block YAML file: from its key to the end
/// of its value (the rest of its line, a flow value over several lines, or its indented block).
fn find_yaml_meta(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("_meta:") || line.starts_with("\"_meta\":") || line.starts_with("'_meta':") {
            start = Some(offset);
            break;
        }
        offset += line.len();
    }
    let start = start?;
    let colon = start + text[start..].find(':')? + 1;
    let rest = &text[colon..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let value_at = colon + (rest.len() - trimmed.len());
    if trimmed.starts_with(['{', '[']) {
        let end = value_at + flow_end(&text[value_at..])?;
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        return Some((start, line_end));
    }
    // A scalar or nothing on the key's line: the entry goes on over the indented lines below.
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    while end < text.len() {
        let line = text[end..].split_inclusive('\n').next().unwrap_or("");
        let blank = line.trim().is_empty();
        if !(line.starts_with([' ', '\t']) || blank) {
            break;
        }
        end += line.len();
    }
    Some((start, end))
}

/// The length of the bracketed value at the start of `s` (up to its closing bracket), with
/// quoted strings skipped.
fn flow_end(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            match c {
                '\\' if q == '"' && !escaped => escaped = true,
                c if c == q && !escaped => quote = None,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// JSON: the value of the top-level `"_meta"` key replaced, or the key added first.
fn set_in_json(text: &str, value: &str) -> Result<String, String> {
    let open = text.find('{').ok_or("the JSON file holds no object")?;
    let mut depth = 0usize;
    let mut i = open;
    let bytes = text.as_bytes();
    while i < text.len() {
        match bytes[i] {
            b'"' => {
                let len = string_len(&text[i..]).ok_or("an unterminated string in the JSON file")?;
                if depth == 1 && &text[i..i + len] == "\"_meta\"" {
                    let after = &text[i + len..];
                    let colon = after.find(':').ok_or("`_meta` has no value")?;
                    let v_rel = after[colon + 1..].len() - after[colon + 1..].trim_start().len();
                    let v_at = i + len + colon + 1 + v_rel;
                    let v_len = match bytes.get(v_at) {
                        Some(b'{' | b'[') => flow_end(&text[v_at..]).ok_or("`_meta` is not closed")?,
                        Some(b'"') => string_len(&text[v_at..]).ok_or("`_meta` is not closed")?,
                        _ => text[v_at..].find([',', '}']).unwrap_or(text.len() - v_at),
                    };
                    return Ok(format!("{}{value}{}", &text[..v_at], &text[v_at + v_len..]));
                }
                i += len;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let inner = text[open + 1..].trim_start();
    let sep = if inner.starts_with('}') { "" } else { ", " };
    Ok(format!("{}\"_meta\": {value}{sep}{}", &text[..=open], inner))
}

/// The length of the JSON string at the start of `s`, quotes included.
fn string_len(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i + 1),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(v: J) -> Map<String, J> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_flow_meta_is_replaced_and_the_rest_kept() {
        let text = "# incident\n_meta: { host: a, collected_at: x }  # where\nerror_code: 0x904\n";
        let out = set_meta(text, &meta(json!({"host": "a", "outcome": {"cause": "c"}})), false).unwrap();
        assert_eq!(out, "# incident\n_meta: {\"host\":\"a\",\"outcome\":{\"cause\":\"c\"}}\nerror_code: 0x904\n");
    }

    #[test]
    fn a_block_meta_is_replaced_and_a_missing_one_added() {
        let text = "_meta:\n  host: a\n  errors: [1]\n\nerror_code: 1\npath: vpn";
        let out = set_meta(text, &meta(json!({"host": "a"})), false).unwrap();
        assert_eq!(out, "_meta: {\"host\":\"a\"}\nerror_code: 1\npath: vpn");
        let out = set_meta("error_code: 1", &meta(json!({"k": 1})), false).unwrap();
        assert_eq!(out, "error_code: 1\n_meta: {\"k\":1}\n");
    }

    #[test]
    fn json_meta_is_replaced_or_added_first() {
        let text = "{\"a\": {\"_meta\": 1}, \"_meta\": {\"h\": \"}\"}, \"b\": 2}";
        let out = set_in_json(text, "{\"x\":1}").unwrap();
        assert_eq!(out, "{\"a\": {\"_meta\": 1}, \"_meta\": {\"x\":1}, \"b\": 2}");
        assert_eq!(set_in_json("{\n  \"b\": 2\n}", "{}").unwrap(), "{\"_meta\": {}, \"b\": 2\n}");
        assert_eq!(set_in_json("{}", "{}").unwrap(), "{\"_meta\": {}}");
    }
}
