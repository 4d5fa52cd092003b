//! ASCII stand-ins for the symbols text reports use (`×10`, `yes → cause`, `≥`), for consoles
//! that would show them as mojibake: a Windows program reading fixplan through a pipe decodes it
//! in the console's OEM code page, and a Unix locale may not be UTF-8.

use std::sync::atomic::{AtomicBool, Ordering};

static ASCII: AtomicBool = AtomicBool::new(false);

/// Turns the stand-ins on for every text report rendered from here on.
pub fn set_ascii(on: bool) {
    ASCII.store(on, Ordering::Relaxed);
}

pub fn ascii() -> bool {
    ASCII.load(Ordering::Relaxed)
}

/// Whether text for a reader described so can hold only ASCII: on Windows, standard output that
/// is not a console (Windows writes Unicode to a console itself, but a pipe is read in the OEM
/// code page by cmd's tools and PowerShell 5.1); on Unix, a locale (`LC_ALL`, else `LC_CTYPE`,
/// else `LANG`, the first one set) that names no UTF-8 charset, such as `C` or `en_US.ISO-8859-1`.
pub fn needs_ascii(windows: bool, stdout_is_console: bool, locale: Option<&str>) -> bool {
    if windows {
        return !stdout_is_console;
    }
    match locale {
        Some(l) => {
            let l = l.to_ascii_lowercase();
            !(l.contains("utf-8") || l.contains("utf8"))
        }
        None => false,
    }
}

/// The symbols' stand-ins; any other character (a host name in another script) stays.
pub fn to_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '×' => out.push('x'),
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '≥' => out.push_str(">="),
            '≤' => out.push_str("<="),
            '≈' => out.push('~'),
            '·' | '•' => out.push('-'),
            '…' => out.push_str("..."),
            '–' | '─' => out.push('-'),
            '—' => out.push_str("--"),
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '▶' => out.push('>'),
            '│' => out.push('|'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_have_ascii_stand_ins_and_other_text_stays() {
        assert_eq!(to_ascii("×10 yes → a · b ≥ 3 … “q”"), "x10 yes -> a - b >= 3 ... \"q\"");
        assert_eq!(to_ascii("rds01.例え.jp"), "rds01.例え.jp");
    }

    #[test]
    fn who_needs_ascii() {
        assert!(needs_ascii(true, false, Some("en_US.UTF-8")), "a Windows pipe");
        assert!(!needs_ascii(true, true, None), "a Windows console");
        assert!(needs_ascii(false, true, Some("C")));
        assert!(needs_ascii(false, true, Some("de_DE.ISO-8859-1")));
        assert!(!needs_ascii(false, true, Some("C.UTF-8")));
        assert!(!needs_ascii(false, false, Some("en_US.utf8")));
        assert!(!needs_ascii(false, true, None), "no locale set: UTF-8, as on current systems");
    }
}
