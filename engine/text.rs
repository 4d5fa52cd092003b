//! Makes untrusted text (from fact files, file names, the network) safe for where it is shown:
//! a terminal, a markdown code span, or markdown prose. HTML escaping is minijinja's.

/// Removes control and escape characters (keeping line breaks and tabs), so text from a fact
/// file cannot move the cursor, change colours, set the clipboard, open hyperlinks or reorder
/// what is shown: C0 (with ESC, BEL, CR, backspace, NUL), DEL, C1 (with the 8-bit CSI U+009B),
/// and the invisible format characters (bidi overrides and isolates, zero-width characters,
/// the word joiner, tag characters).
pub fn sanitize_terminal(s: &str) -> String {
    s.chars().filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_bidi_or_invisible(c))).collect()
}

/// Like [`sanitize_terminal`], and line breaks and tabs become spaces: for a value shown on one
/// line, so it cannot start a line of its own that looks like fixplan's output.
pub fn sanitize_line(s: &str) -> String {
    sanitize_terminal(&s.replace(['\n', '\t'], " "))
}

/// Unicode format characters (category Cf) and the line and paragraph separators: they show
/// nothing themselves but change how the text around them is shown.
fn is_bidi_or_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061c}'
            | '\u{06dd}'
            | '\u{070f}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// An untrusted value inside a markdown code span (between backticks) or a table cell: one line,
/// no backtick to close the span early, `|` escaped so a table keeps its columns.
pub fn markdown_code(s: &str) -> String {
    sanitize_line(s).replace('`', "'").replace('|', "\\|")
}

/// Untrusted text in markdown prose: one line, and every character that markdown or the HTML
/// it may contain gives a meaning (links, images, tags, entities, emphasis, code) escaped with a
/// backslash, so it renders as the characters themselves.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize_line(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '!' | '|' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A message of fixplan's that quotes untrusted text between backticks (a warning): the quoted
/// parts become code spans, the rest prose, each escaped for where it is. A backtick inside the
/// quoted text only moves where the spans start; every part is escaped either way.
pub fn markdown_message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        match i % 2 {
            0 => out.push_str(&markdown_text(part)),
            _ => {
                out.push('`');
                out.push_str(&markdown_code(part));
                out.push('`');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_keeps_no_control_or_invisible_character() {
        let hostile =
            "a\x1b[2J\x1b]52;c;Zm9v\x07\u{9b}31m\u{202e}\u{2066}\u{200b}\u{2060}\u{061c}\u{e0041}\0\r\x08\x7fz";
        assert_eq!(sanitize_terminal(hostile), "a[2J]52;c;Zm9v31mz");
        assert_eq!(sanitize_terminal("line\n\tnext é 漢字 🙂"), "line\n\tnext é 漢字 🙂");
        assert_eq!(sanitize_line("a\nb\tc\u{2028}d"), "a b cd");
    }

    #[test]
    fn markdown_code_cannot_close_its_span_or_break_a_table() {
        assert_eq!(markdown_code("a`b|c\n<script>"), "a'b\\|c <script>");
    }

    #[test]
    fn markdown_text_shows_links_and_tags_as_characters() {
        assert_eq!(markdown_text("[x](javascript:alert(1))"), "\\[x\\]\\(javascript:alert\\(1\\)\\)");
        assert_eq!(markdown_text("<img src=x onerror=y>&amp;"), "\\<img src=x onerror=y\\>\\&amp;");
        assert_eq!(markdown_text("a\n# b"), "a \\# b");
        assert_eq!(markdown_text("rds01.corp.example"), "rds01.corp.example");
    }

    #[test]
    fn markdown_messages_quote_in_code_spans_and_escape_the_rest() {
        assert_eq!(markdown_message("unknown fact `a_b` (line 3)"), "unknown fact `a_b` \\(line 3\\)");
        assert_eq!(markdown_message("x `a`<b>` y"), "x `a`\\<b\\>` y`");
    }
}
