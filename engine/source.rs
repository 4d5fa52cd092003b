//! Source text with its file name, spans in it, and the byte-offset → line:column arithmetic
//! diagnostics need.

use serde::Serialize;

/// Byte offsets `[start, end)` into a source file (a rule, a condition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// One input file, kept whole so that diagnostics can quote it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics: relative to the knowledge-base root, or the path given.
    /// `text` is never changed after `new` (the line index below is built from it).
    pub name: String,
    pub text: String,
    /// Byte offset of the start of every line, built on first use: `line_col` is a binary search
    /// (a file of 300 000 rules asks for a position per rule).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into(), line_starts: std::sync::OnceLock::new() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }

    /// Lines end at `\n`, `\r\n`, or a lone `\r` (old Mac files, which YAML reads as line breaks too).
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| std::iter::once(0).chain(line_breaks(&self.text)).collect())
    }

    /// The text of a 1-based line, without its line break (as `str::lines` gives it).
    pub fn line(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else { return "" };
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        let text = &self.text[start..end];
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// Where `key: value` (YAML) or `"key": value` (JSON) first appears at or after `from`; used to
    /// give positions to problems found after serde has already thrown the positions away.
    pub fn find_key(&self, key: &str, from: usize) -> Option<usize> {
        // An empty key (`a.`: the last part of a dotted key) matches everywhere and never advances.
        if key.is_empty() {
            return None;
        }
        let text = &self.text;
        let mut start = from.min(text.len());
        while let Some(rel) = text.get(start..)?.find(key) {
            let at = start + rel;
            let before = text[..at].chars().next_back();
            let after = &text[at + key.len()..];
            let boundary_before = matches!(before, None | Some(' ' | '\t' | '\n' | '{' | ',' | '"' | '\'' | '-'));
            let after_trim = after.trim_start_matches(['"', '\'']);
            if boundary_before && after_trim.trim_start_matches([' ', '\t']).starts_with(':') {
                return Some(at);
            }
            start = at + key.len();
        }
        None
    }

    /// Where `needle` first appears as a whole word at or after `from`.
    pub fn find_word(&self, needle: &str, from: usize) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        let text = &self.text;
        let mut start = from.min(text.len());
        while let Some(rel) = text.get(start..)?.find(needle) {
            let at = start + rel;
            let is_word = |c: char| c.is_alphanumeric() || c == '_';
            let ok_before = !text[..at].chars().next_back().is_some_and(is_word);
            let ok_after = !text[at + needle.len()..].chars().next().is_some_and(is_word);
            if ok_before && ok_after {
                return Some(at);
            }
            start = at + needle.len();
        }
        None
    }
}

/// The offset just after every line break of `text`: `\n`, or `\r` not followed by `\n`.
pub fn line_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        (b == b'\n' || lone_cr).then_some(i + 1)
    })
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Opens `path` for reading only if what is opened is a regular file: the check is made on the
/// opened file, not on the name before opening (a pipe swapped in between would otherwise be
/// read forever), and the open itself never waits for a pipe's writer.
pub fn open_regular(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a pipe, a socket or a device), which could be read forever",
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn lone_carriage_returns_end_lines_as_newlines_do() {
        for text in ["a: 1\rb: 2\rc: x\r", "a: 1\nb: 2\nc: x\n", "a: 1\r\nb: 2\r\nc: x\r\n"] {
            let src = SourceFile::new("f.yaml", text);
            let at = text.find("x").unwrap();
            assert_eq!(src.line_col(at), (3, 4), "{text:?}");
            assert_eq!(src.line(2), "b: 2", "{text:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_a_regular_file_is_opened_and_a_pipe_is_not_waited_on() {
        let dir = std::env::temp_dir().join(format!("fixplan-source-fifo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(dir.join("p")).status().unwrap().success());
        assert!(super::open_regular(&dir.join("p")).is_err());
        std::fs::write(dir.join("f"), "x").unwrap();
        assert!(super::open_regular(&dir.join("f")).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
