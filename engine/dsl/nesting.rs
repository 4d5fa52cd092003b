//! The nesting limit of rule conditions, checked on the text before the parser runs: the parser
//! and every pass over a condition recurse once per level, so `((((...` or `not not not ...`
//! a hundred thousand deep would overflow the stack instead of giving an error.

/// The deepest a condition may nest: parentheses and `not`s together.
pub const MAX_CONDITION_DEPTH: usize = 64;

/// The byte offset where a condition first nests deeper than `MAX_CONDITION_DEPTH`. A `not`
/// adds a level up to the next `and`, `or` or `)` of its own level; `(` adds one until its `)`.
/// Comments and strings are skipped; `when` starts a new condition.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // One entry per open parenthesis (and the outermost level): the `not`s in a row there.
    let mut runs: Vec<usize> = vec![0];
    let depth = |runs: &[usize]| runs.len() - 1 + runs.iter().sum::<usize>();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' => {
                runs.push(0);
                if depth(&runs) > MAX_CONDITION_DEPTH {
                    return Some(i);
                }
            }
            b')' if runs.len() > 1 => {
                runs.pop();
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                match &text[start..i] {
                    "not" => {
                        if let Some(run) = runs.last_mut() {
                            *run += 1;
                        }
                        if depth(&runs) > MAX_CONDITION_DEPTH {
                            return Some(start);
                        }
                    }
                    "and" | "or" => {
                        if let Some(run) = runs.last_mut() {
                            *run = 0;
                        }
                    }
                    "when" | "then" => runs = vec![0],
                    _ => {}
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_parentheses_and_nots_together() {
        let ok = format!("when {}a{}", "(".repeat(64), ")".repeat(64));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("when {}a{}", "(".repeat(65), ")".repeat(65));
        assert_eq!(too_deep(&deep), Some(5 + 64));
        let nots = format!("when {}a", "not ".repeat(65));
        assert_eq!(too_deep(&nots), Some(5 + 64 * 4));
        let mixed = format!("when {}a", "not (".repeat(33));
        assert!(too_deep(&mixed).is_some());
    }

    #[test]
    fn and_or_end_a_run_of_nots_and_strings_and_comments_are_skipped() {
        let wide = format!("when {}", vec!["not a"; 200].join(" and "));
        assert_eq!(too_deep(&wide), None);
        let quoted = format!("rule x \"{}\" # {}\n when a", "(".repeat(100), "(".repeat(100));
        assert_eq!(too_deep(&quoted), None);
    }
}
