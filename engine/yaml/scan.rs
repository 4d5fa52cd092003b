//! One pass over the parser's events after a document has parsed: refuses tags outside YAML's
//! core schema (a `!!binary` or `!!set` would otherwise be silently reinterpreted), and records
//! where each mapping key stands, so that a loader can place its errors and warnings from the
//! parser's own marks instead of searching the text.

use super::Error;
use serde_saphyr::granit_parser::{Event, Parser};

/// A dotted key path (`server.port`) longer than this is not recorded: no id is that long, and a
/// deep chain of long keys would otherwise cost its length once per key below it.
const MAX_PATH_BYTES: usize = 1024;

/// Where each mapping key of the document starts, by dotted path from the top; keys inside
/// lists are not recorded (a loader names a list's fact, not its items).
pub type KeyPlaces = Vec<(String, usize)>;

enum Frame {
    /// A mapping at `path` (`None`: the top); `key` is what the value that comes next is under,
    /// once its key was read (`Some(None)`: a key that is not recorded).
    Map { path: Option<String>, key: Option<Option<String>> },
    /// A list, a complex key, or a mapping under a key that is not recorded: nothing inside is.
    Opaque,
}

/// Checks the tags of `text` (already parsed without error) and returns its key places.
pub fn scan(text: &str) -> Result<KeyPlaces, Error> {
    let mut places = KeyPlaces::new();
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| Error { message: e.to_string(), offset: None })?;
        let at = span.start.byte_offset().unwrap_or(0);
        let tag = match &event {
            Event::Scalar(_, _, _, tag) | Event::SequenceStart(_, _, tag) | Event::MappingStart(_, _, tag) => {
                tag.as_deref()
            }
            _ => None,
        };
        if let Some(tag) = tag {
            let merge = tag.suffix_in_namespace("tag:yaml.org,2002:").as_deref() == Some("merge");
            if !tag.is_yaml_core_schema() && !merge {
                let shown: String = format!("{}{}", tag.original_handle(), tag.suffix()).chars().take(80).collect();
                return Err(Error {
                    message: format!("unsupported tag `{}`", shown.escape_debug()),
                    offset: Some(span.tag_start().and_then(|m| m.byte_offset()).unwrap_or(at)),
                });
            }
        }
        if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            stack.pop();
            continue;
        }
        let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        let is_map = matches!(event, Event::MappingStart(..));
        let frame = match stack.last_mut() {
            None => is_map.then_some(Frame::Map { path: None, key: None }),
            Some(Frame::Opaque) => None,
            Some(Frame::Map { path, key }) => match key.take() {
                // A value: a mapping under a recorded key is walked.
                Some(name) => name.filter(|_| is_map).map(|p| Frame::Map { path: Some(p), key: None }),
                // A key.
                None => {
                    let name = match &event {
                        Event::Scalar(v, ..) => {
                            let full = match path {
                                Some(p) => format!("{p}.{v}"),
                                None => v.to_string(),
                            };
                            (full.len() <= MAX_PATH_BYTES).then_some(full)
                        }
                        _ => None,
                    };
                    if let Some(name) = &name {
                        places.push((name.clone(), at));
                    }
                    *key = Some(name);
                    None
                }
            },
        };
        if opens {
            stack.push(frame.unwrap_or(Frame::Opaque));
        }
    }
    Ok(places)
}

enum Walk {
    /// A mapping: the key whose value comes next (`None` before it is read).
    Map {
        key: Option<String>,
    },
    List {
        next: usize,
    },
}

/// The path (`causes[0].prior`, as serde names fields) of the last node that starts at or before
/// `offset` in `text`, for placing a deserializer's complaint in words; empty at the top.
/// With it, whether that node is a mapping key.
pub fn path_at(text: &str, offset: usize) -> (String, bool) {
    let mut best = (String::new(), false);
    walk(text, &mut |path, start, key| {
        if start > offset {
            return false;
        }
        best = (path.to_string(), key);
        true
    });
    best
}

/// Where the node at `path` starts.
pub fn node_start(text: &str, path: &str) -> Option<usize> {
    let mut found = None;
    walk(text, &mut |p, start, _| {
        if p == path {
            found = Some(start);
        }
        found.is_none()
    });
    found
}

/// Calls `visit(path, start)` for every node and key in document order, while it returns true.
fn walk(text: &str, visit: &mut dyn FnMut(&str, usize, bool) -> bool) {
    let mut stack: Vec<(String, Walk)> = Vec::new();
    let join = |stack: &[(String, Walk)], last: &str| {
        let mut p = String::new();
        for part in stack.iter().map(|(c, _)| c.as_str()).chain([last]) {
            if !p.is_empty() && !part.starts_with('[') && !part.is_empty() {
                p.push('.');
            }
            p.push_str(part);
        }
        p
    };
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let start = span.start.byte_offset().unwrap_or(0);
        if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            stack.pop();
            if let Some((_, Walk::Map { key })) = stack.last_mut() {
                *key = None;
            }
            continue;
        }
        if !matches!(event, Event::Scalar(..) | Event::Alias(..) | Event::MappingStart(..) | Event::SequenceStart(..)) {
            continue;
        }
        let part = match stack.last_mut() {
            None => String::new(),
            Some((_, Walk::List { next })) => {
                *next += 1;
                format!("[{}]", *next - 1)
            }
            Some((_, Walk::Map { key })) => match key.take() {
                Some(k) => k,
                None => {
                    // A key: it names itself, and the value after it.
                    let name: String = match &event {
                        Event::Scalar(v, ..) => v.chars().take(200).collect(),
                        _ => String::new(),
                    };
                    *key = Some(name.clone());
                    if !visit(&join(&stack, &name), start, true) {
                        return;
                    }
                    if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                        stack.push((String::new(), Walk::List { next: 0 }));
                    }
                    continue;
                }
            },
        };
        if !visit(&join(&stack, &part), start, false) {
            return;
        }
        match event {
            Event::MappingStart(..) => stack.push((part, Walk::Map { key: None })),
            Event::SequenceStart(..) => stack.push((part, Walk::List { next: 0 })),
            _ => {
                if let Some((_, Walk::Map { key })) = stack.last_mut() {
                    *key = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{path_at, scan};

    #[test]
    fn a_place_is_named_by_its_path() {
        let text = "causes:\n  - id: a\n    prior: 1\n  - id: b\n    prior: high\nsettings: {x: [1, 2]}\n";
        let path = |at: usize| path_at(text, at);
        assert_eq!(path(text.find("high").unwrap()), ("causes[1].prior".into(), false));
        assert_eq!(path(text.find("prior: high").unwrap()), ("causes[1].prior".into(), true));
        assert_eq!(path(text.find("id: a").unwrap()), ("causes[0].id".into(), true));
        assert_eq!(path(text.find("2]").unwrap()), ("settings.x[1]".into(), false));
        assert_eq!(super::node_start(text, "causes[1]"), text.find("id: b"));
    }

    #[test]
    fn keys_are_placed_and_tags_outside_the_core_schema_refused() {
        let text = "a: 1\nb:\n  c: !!str x\n  l: [{d: 1}]\n";
        let got = scan(text).unwrap();
        let names: Vec<(&str, usize)> = got.iter().map(|(k, at)| (k.as_str(), *at)).collect();
        assert_eq!(names, [("a", 0), ("b", 5), ("b.c", 10), ("b.l", 23)]);
        for bad in ["a: !!binary dnBu\n", "a: !!set {x}\n", "a: !x 1\n", "a: !!python/tuple [1]\n"] {
            let e = scan(bad).unwrap_err();
            assert!(e.message.starts_with("unsupported tag"), "{bad}: {e}");
            assert_eq!(e.offset, Some(3), "{bad}");
        }
    }
}
