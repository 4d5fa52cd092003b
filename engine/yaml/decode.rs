//! Turns an untrusted file's bytes into text, or says what the file is instead (UTF-16, UTF-32,
//! binary), because "invalid UTF-8" does not tell a Windows user what to do.

/// Decodes a file's bytes as UTF-8, or says what the file is instead: `Err((line, column,
/// message))`, line 0 when the problem is the whole file. UTF-16 and UTF-32 (with or without a byte-order mark) and binary files
/// are named as such, because "invalid UTF-8" does not tell a Windows user what to do.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize, String)> {
    const RESAVE: &str =
        "save it as UTF-8 (in Notepad: File > Save as > Encoding: UTF-8; in PowerShell: `Out-File -Encoding utf8`)";
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err((0, 0, format!("the file is UTF-32; {RESAVE}")));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((0, 0, format!("the file is UTF-16; {RESAVE}")));
    }
    if looks_like_utf16(&bytes) {
        return Err((0, 0, format!("the file looks like UTF-16 without a byte-order mark; {RESAVE}")));
    }
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        let (line, col) = line_col_of(&bytes[..at]);
        return Err((line, col, "the file holds NUL bytes: it is a binary file, not a text file".into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, col) = line_col_of(&e.as_bytes()[..at]);
        (line, col, format!("the file is not valid UTF-8 here (byte {at}); {RESAVE}"))
    })
}

/// 1-based line and column just after `before` (columns count characters).
fn line_col_of(before: &[u8]) -> (usize, usize) {
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
}

/// UTF-16 text with no byte-order mark: mostly ASCII, so every other byte of the start is NUL.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return false;
    }
    let zero_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    let (even, odd) = (zero_at(0), zero_at(1));
    (odd * 10 >= half * 9 && even * 10 <= half) || (even * 10 >= half * 9 && odd * 10 <= half)
}
