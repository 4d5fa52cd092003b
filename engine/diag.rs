//! Diagnostics as data: every problem found in a knowledge base or an input, with its place and a hint.

use crate::source::SourceFile;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem. `line`/`col` are 1-based; 0 means the problem has no position in the file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// Characters to underline from `col`.
    pub len: usize,
    /// The source line, copied so the diagnostic can be printed without the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: String::new(),
            line: 0,
            col: 0,
            len: 0,
            excerpt: None,
            hint: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(code, message) }
    }

    /// Places the diagnostic at a byte offset of a source file, `len` bytes long.
    pub fn at(mut self, src: &SourceFile, offset: usize, len: usize) -> Self {
        let (line, col) = src.line_col(offset);
        self.file = src.name.clone();
        self.line = line;
        self.col = col;
        let end = (offset + len).min(src.text.len());
        self.len = src.text.get(offset..end).map_or(1, |s| s.chars().take_while(|&c| c != '\n').count().max(1));
        self.excerpt = Some(src.line(line).to_string());
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file when there is no position.
    pub fn location(&self) -> String {
        match (self.line, self.col) {
            (0, _) => self.file.clone(),
            (l, c) => format!("{}:{l}:{c}", self.file),
        }
    }
}

/// The human form: a header, the place, the source line with a caret, and the hint.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Messages quote names and values from the files they are about; those are untrusted.
        let clean = crate::text::sanitize_terminal;
        writeln!(f, "{sev}[{}]: {}", self.code, clean(&self.message))?;
        if !self.file.is_empty() {
            writeln!(f, "  --> {}", crate::text::sanitize_line(&self.location()))?;
        }
        if let Some(excerpt) = &self.excerpt {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let (excerpt, col) = window(&crate::text::sanitize_terminal(excerpt), self.col);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {excerpt}")?;
            let indent: String =
                excerpt.chars().take(col.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            writeln!(f, "{pad} | {indent}{}", "^".repeat(self.len.clamp(1, 120)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {}", clean(hint))?;
        }
        Ok(())
    }
}

/// A line longer than 160 characters is shown as 120 characters around column `col`, cut ends
/// marked `…`; returns the text and the column within it.
fn window(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= 160 {
        return (line.to_string(), col);
    }
    let at = col.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(60);
    let end = (start + 120).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    (out, at - start + 1 + usize::from(start > 0))
}

/// Sorts diagnostics by file, position and code, so output is deterministic.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.col, a.code, &a.message).cmp(&(&b.file, b.line, b.col, b.code, &b.message))
    });
}

/// The closest candidate to `name` by edit distance, when it is close enough to be a typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(2);
    // The difference in length is a lower bound of the distance: a name of a megabyte is
    // compared with nothing.
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_human_form_keeps_no_escape_from_message_file_excerpt_or_hint() {
        let hostile = "x\u{1b}[2J\u{9b}1m\u{202e}\u{7}";
        let d = Diagnostic::error("E001", format!("bad `{hostile}`"))
            .at(&SourceFile::new(format!("f{hostile}\n.yaml"), format!("key: {hostile}\n")), 5, 3)
            .with_hint(format!("fix {hostile}"));
        let shown = d.to_string();
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'), "{shown:?}");
        assert!(shown.contains("bad `x[2J1m`") && shown.contains("--> fx[2J1m .yaml:1:6"), "{shown}");
    }
}
