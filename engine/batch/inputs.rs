//! What a batch evaluates: the inputs named on the command line, expanded in order into jobs
//! (one per fact file, one per non-blank line of a JSON Lines file), read lazily so a file of a
//! million lines is never held whole.

use crate::facts::{LoadError, MAX_FILE_BYTES};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// One input of the batch, before it is read.
#[derive(Debug)]
pub enum Source {
    /// A fact file (YAML or JSON) named on the command line, read by the worker that evaluates
    /// it; a pipe is read as it is (`fixplan eval <(collector)`).
    File(PathBuf),
    /// A fact file found in a folder: read only if what is opened is a regular file.
    Found(PathBuf),
    /// Standard input as one fact file.
    Stdin,
    /// A JSON Lines file: every non-blank line is one fact set, named `FILE:LINE`.
    Lines(PathBuf),
    /// Standard input as JSON Lines (`--jsonl`), named `-:LINE`.
    StdinLines,
}

/// One input ready for a worker: its name and what to evaluate.
#[derive(Debug)]
pub struct Job {
    pub name: String,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    /// Read the file in the worker (reads spread over the pool too); `true`: only if it is a
    /// regular file when opened.
    Path(PathBuf, bool),
    /// The text is already here (standard input).
    Bytes(Vec<u8>),
    /// One line of a JSON Lines file, already read.
    Line(Vec<u8>),
    /// The input could not be read; the error is the result.
    Failed(LoadError),
}

impl Job {
    /// Whether the input is one line of a JSON Lines file (read as JSON only).
    pub fn is_line(&self) -> bool {
        matches!(self.body, Body::Line(_))
    }

    /// The input's text, with the size and encoding limits of a fact file applied.
    pub fn text(self) -> Result<String, LoadError> {
        match self.body {
            Body::Path(path, regular) => read_as(&path, regular),
            Body::Bytes(bytes) => crate::facts::read(&self.name, bytes),
            // A line's place is `FILE:LINE:COLUMN`: its decoding errors too.
            Body::Line(bytes) => crate::facts::read(&self.name, bytes).map_err(|mut e| {
                e.in_line = true;
                e.message = e.message.replacen("the file ", "the line ", 1);
                e
            }),
            Body::Failed(e) => Err(e),
        }
    }
}

/// Expands the paths of the command line into sources, in order: `-` is standard input (JSON
/// Lines with `stdin_lines`), a `*.jsonl` file is JSON Lines, a directory gives its fact files
/// (`*.yaml`, `*.yml`, `*.json`, sorted by path; JSON Lines files only when named). A path that
/// does not exist is an error for that path; the others still run.
pub fn sources(paths: &[PathBuf], stdin_lines: bool) -> (Vec<Source>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            out.push(if stdin_lines { Source::StdinLines } else { Source::Stdin });
        } else if path.is_file() {
            let jsonl = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
            out.push(if jsonl { Source::Lines(path.clone()) } else { Source::File(path.clone()) });
        } else if path.is_dir() {
            let (mut found, mut problems) = (Vec::new(), Vec::new());
            walk(path, &mut found, &mut problems);
            found.sort();
            problems.sort();
            errors.extend(problems);
            out.extend(found.into_iter().map(Source::Found));
        } else if path.exists() {
            // Named on the command line, a pipe is read as it is: `fixplan eval <(collector)`.
            out.push(Source::File(path.clone()));
        } else {
            errors.push(format!("{}: no such file or directory", display(path)));
        }
    }
    (out, errors)
}

/// Collects the fact files under `dir`. Symbolic links to directories are not followed (a link
/// back up would never end); links to files are. An entry with a fact file's extension that is
/// not a regular file (a pipe, a socket, a device, a broken link) is reported and skipped:
/// reading a pipe nobody writes would never end. A directory that cannot be read is reported,
/// and the walk goes on with the rest.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(format!("{}: cannot read directory: {e}", display(dir))),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(format!("{}: cannot read directory: {e}", display(dir)));
                continue;
            }
        };
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&path, out, errors);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json")) {
            if path.is_file() {
                out.push(path);
            } else {
                errors.push(format!(
                    "{}: not a regular file (a pipe, a device or a broken link); skipped",
                    display(&path)
                ));
            }
        }
    }
}

/// The number of jobs, when it is known before reading (no JSON Lines among the sources).
pub fn known_count(sources: &[Source]) -> Option<u64> {
    let lines = sources.iter().any(|s| matches!(s, Source::Lines(_) | Source::StdinLines));
    (!lines).then_some(sources.len() as u64)
}

/// The jobs of the sources, in order; JSON Lines files are read a line at a time.
pub struct Jobs {
    sources: std::vec::IntoIter<Source>,
    lines: Option<LineReader>,
}

impl Jobs {
    pub fn new(sources: Vec<Source>) -> Self {
        Jobs { sources: sources.into_iter(), lines: None }
    }
}

impl Iterator for Jobs {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next() {
                    Some(job) => return Some(job),
                    None => self.lines = None,
                }
            }
            match self.sources.next()? {
                Source::File(path) => return Some(Job { name: display(&path), body: Body::Path(path, false) }),
                Source::Found(path) => return Some(Job { name: display(&path), body: Body::Path(path, true) }),
                Source::Stdin => {
                    let mut bytes = Vec::new();
                    let limit = MAX_FILE_BYTES as u64 + 1;
                    let body = match std::io::stdin().lock().take(limit).read_to_end(&mut bytes) {
                        Ok(_) => Body::Bytes(bytes),
                        Err(e) => Body::Failed(cannot_read("-", e)),
                    };
                    return Some(Job { name: "-".into(), body });
                }
                Source::StdinLines => {
                    self.lines = Some(LineReader::new("-".into(), Box::new(std::io::BufReader::new(std::io::stdin()))));
                }
                Source::Lines(path) => {
                    let name = display(&path);
                    match std::fs::File::open(&path) {
                        Ok(f) => self.lines = Some(LineReader::new(name, Box::new(std::io::BufReader::new(f)))),
                        Err(e) => return Some(Job { body: Body::Failed(cannot_read(&name, e)), name }),
                    }
                }
            }
        }
    }
}

/// Reads a JSON Lines source one line at a time; a line longer than a fact file may be is an
/// error for that line only, and is skipped without being held.
struct LineReader {
    name: String,
    reader: Box<dyn BufRead>,
    line: usize,
    done: bool,
}

impl LineReader {
    fn new(name: String, reader: Box<dyn BufRead>) -> Self {
        LineReader { name, reader, line: 0, done: false }
    }

    fn next(&mut self) -> Option<Job> {
        while !self.done {
            self.line += 1;
            let name = format!("{}:{}", self.name, self.line);
            let mut buf = Vec::new();
            match read_line(&mut *self.reader, MAX_FILE_BYTES, &mut buf) {
                Ok(None) => self.done = true,
                Ok(Some(true)) => {
                    let message = format!("the line is longer than {MAX_FILE_BYTES} bytes, the limit for a fact set");
                    let e = LoadError::new(&name, 0, 0, message);
                    return Some(Job { name, body: Body::Failed(e) });
                }
                Ok(Some(false)) if buf.iter().all(|b| b.is_ascii_whitespace()) => {}
                Ok(Some(false)) => return Some(Job { name, body: Body::Line(buf) }),
                Err(e) => {
                    // A read error leaves the stream at an unknown place: the rest of it is lost.
                    self.done = true;
                    return Some(Job { body: Body::Failed(cannot_read(&name, e)), name });
                }
            }
        }
        None
    }
}

/// Reads one line without its end (`\n` or `\r\n`) into `buf`, keeping at most `limit` bytes.
/// `None` at the end of the input; `Some(true)` when the line was longer than `limit` (then
/// `buf` is empty and the whole line has been consumed).
pub fn read_line(r: &mut dyn BufRead, limit: usize, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut any = false;
    let mut overflow = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk, used, end) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        if !overflow {
            if buf.len() + chunk.len() > limit + 1 {
                overflow = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(used);
        if end {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if buf.len() > limit {
        overflow = true;
        buf.clear();
    }
    Ok(Some(overflow))
}

fn cannot_read(name: &str, e: std::io::Error) -> LoadError {
    LoadError::new(name, 0, 0, format!("cannot read: {e}"))
}

/// Reads one fact file (or `-`, standard input) with the size limit applied before parsing.
pub fn read(input: &Path) -> Result<String, LoadError> {
    read_as(input, false)
}

/// [`read`]; with `regular`, only what is a regular file once opened (a file found in a folder).
fn read_as(input: &Path, regular: bool) -> Result<String, LoadError> {
    let name = display(input);
    let mut bytes = Vec::new();
    let limit = MAX_FILE_BYTES as u64 + 1;
    let res = if input == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else if regular {
        crate::source::open_regular(input).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    } else {
        std::fs::File::open(input).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    res.map_err(|e| cannot_read(&name, e))?;
    crate::facts::read(&name, bytes)
}

/// A path as the reports name it: forward slashes on every platform.
pub fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    /// A pipe found where a fact file was listed (swapped in after the listing) is refused at
    /// once: the check is on what was opened, and opening does not wait for a writer.
    #[cfg(unix)]
    #[test]
    fn a_pipe_in_place_of_a_listed_file_is_refused_not_waited_on() {
        let dir = std::env::temp_dir().join(format!("fixplan-inputs-fifo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("swapped.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let e = super::read_as(&fifo, true).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    use super::*;

    fn lines(text: &str, limit: usize) -> Vec<Option<(String, bool)>> {
        let mut r = std::io::BufReader::with_capacity(4, text.as_bytes());
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line(&mut r, limit, &mut buf).unwrap() {
                None => return out,
                Some(o) => out.push(Some((String::from_utf8(buf).unwrap(), o))),
            }
        }
    }

    #[test]
    fn lines_are_split_and_long_ones_dropped_whole() {
        let got = lines("ab\r\n0123456789\n\nxyz", 5);
        let want = [("ab", false), ("", true), ("", false), ("xyz", false)];
        assert_eq!(got, want.iter().map(|&(s, o)| Some((s.to_string(), o))).collect::<Vec<_>>());
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_kept() {
        assert_eq!(lines("12345\n", 5), vec![Some(("12345".to_string(), false))]);
        assert_eq!(lines("123456", 5), vec![Some((String::new(), true))]);
    }
}
