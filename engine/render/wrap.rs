//! Text reports wrapped to the reader's width: at spaces only (never inside a word), each
//! continuation indented under its line, command lines never wrapped (a command broken in two
//! would run as two when pasted).

use std::sync::atomic::{AtomicUsize, Ordering};

/// The width of text written anywhere but a terminal (files, pipes): what a reader's pager or a
/// ticket shows without wrapping again.
pub const WRAP_FILE: usize = 100;

/// The narrowest width honoured: below it a report is unreadable whatever the wrapping.
const MIN_WIDTH: usize = 40;

/// Marks a line that must not be wrapped (a command); removed by [`wrap`].
pub(super) const NOWRAP: char = '\u{E000}';

static WIDTH: AtomicUsize = AtomicUsize::new(WRAP_FILE);

/// Sets the width text reports are wrapped to (the CLI passes the terminal's).
pub fn set_width(columns: usize) {
    WIDTH.store(columns.max(MIN_WIDTH), Ordering::Relaxed);
}

/// The width set by [`set_width`], [`WRAP_FILE`] by default.
pub fn width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// Wraps every line of `text` longer than `width` columns; ANSI styles take no columns. Symbols
/// become their ASCII stand-ins first when `set_ascii` asked for them.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let ascii;
    let text = if super::ascii::ascii() {
        ascii = super::ascii::to_ascii(text);
        &ascii
    } else {
        text
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if let Some(command) = body.strip_prefix(NOWRAP) {
            out.push_str(command);
        } else if columns(body) <= width {
            out.push_str(body);
        } else {
            wrap_line(body, width, &mut out);
        }
        out.push_str(newline);
    }
    out
}

/// Breaks one line at spaces; continuation lines start four columns right of the line's indent,
/// deeper than the line's siblings. The spaces between words are kept as they are (columns line
/// up in `1.  30%  cause`), except where the line breaks.
fn wrap_line(line: &str, width: usize, out: &mut String) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hang = " ".repeat((indent + 4).min(width / 2));
    out.push_str(&line[..indent]);
    let mut used = indent;
    let mut rest = &line[indent..];
    let mut first = true;
    while !rest.is_empty() {
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        let after = &rest[gap..];
        let mut end = after.find(' ').unwrap_or(after.len());
        // A short bracketed label (`[server, PowerShell]`) stays on one line.
        if after.starts_with('[') && !after[..end].contains(']') {
            if let Some(close) = after.find(']').filter(|&c| c < 40) {
                end = close + 1;
            }
        }
        let word = &after[..end];
        rest = &after[end..];
        if word.is_empty() {
            break;
        }
        let w = columns(word);
        if !first && used + gap + w > width {
            out.push('\n');
            out.push_str(&hang);
            used = hang.len();
        } else {
            out.push_str(&" ".repeat(gap));
            used += gap;
        }
        out.push_str(word);
        used += w;
        first = false;
    }
}

/// Columns a string takes on a terminal: characters outside ANSI escape sequences.
fn columns(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte (0x40..=0x7e)
            for d in chars.by_ref() {
                if ('\x40'..='\x7e').contains(&d) && d != '[' {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_at_spaces_under_their_indent() {
        let line = format!("    {}\n", ["word"; 30].join(" "));
        let wrapped = wrap(&line, 40);
        for l in wrapped.lines() {
            assert!(l.len() <= 40, "{l:?}");
            assert!(l.starts_with("    word") || l.starts_with("        word"), "{l:?}");
        }
        assert_eq!(wrapped.split_whitespace().count(), 30);
        assert!(wrapped.ends_with("word\n"));
    }

    #[test]
    fn a_word_longer_than_the_line_is_never_cut() {
        let long = "x".repeat(70);
        let wrapped = wrap(&format!("see {long} here"), 40);
        assert_eq!(wrapped, format!("see\n    {long}\n    here"));
    }

    #[test]
    fn a_short_bracketed_label_is_not_split() {
        let line = format!("{} [server, PowerShell]", "word ".repeat(7).trim_end());
        assert_eq!(wrap(&line, 40), format!("{}\n    [server, PowerShell]", "word ".repeat(7).trim_end()));
    }

    #[test]
    fn spaces_between_words_are_kept() {
        let line = format!("  1.  30%  cause: {}", ["long"; 12].join(" "));
        let wrapped = wrap(&line, 40);
        assert!(wrapped.starts_with("  1.  30%  cause: long"), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("      long")), "{wrapped}");
    }

    #[test]
    fn styles_take_no_columns_and_commands_are_not_wrapped() {
        let styled = format!("\x1b[1m{}\x1b[0m", "a".repeat(38));
        assert_eq!(wrap(&styled, 40), styled);
        let command = format!("{NOWRAP}{}", "icacls C:\\x /t ".repeat(10));
        assert_eq!(wrap(&command, 40), "icacls C:\\x /t ".repeat(10));
    }
}
