//! Turns an untrusted file's bytes into text, or says what the file is instead (UTF-16, UTF-32,
//! binary), because "invalid UTF-8" does not tell a Windows user what to do.

const RESAVE: &str =
    "save it as UTF-8 (in Notepad: File > Save as > Encoding: UTF-8; in PowerShell: `Out-File -Encoding utf8`)";

/// Decodes a file's bytes, or says what the file is instead: `Err((line, column, message))`,
/// line 0 when the problem is the whole file. UTF-8 is read with or without a byte-order mark,
/// and so is UTF-16 with one (what Windows PowerShell 5.1's `>` and `Out-File` write); UTF-32,
/// UTF-16 without a mark and binary files are named as such, because "invalid UTF-8" does not
/// tell a Windows user what to do. The text returned holds no byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize, String)> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err((0, 0, format!("the file is UTF-32; {RESAVE}")));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
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

/// UTF-16 text after its byte-order mark, in the byte order `unit` reads.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, (usize, usize, String)> {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok('\0') => {
                let (line, col) = line_col_of(text.as_bytes());
                return Err((line, col, "the file holds NUL characters: it is a binary file, not a text file".into()));
            }
            Ok(c) => text.push(c),
            Err(e) => {
                let (line, col) = line_col_of(text.as_bytes());
                let why = format!(
                    "the file is not valid UTF-16 here (a lone surrogate {:#06x}); {RESAVE}",
                    e.unpaired_surrogate()
                );
                return Err((line, col, why));
            }
        }
    }
    if bytes.len() % 2 == 1 {
        let (line, col) = line_col_of(text.as_bytes());
        return Err((line, col, format!("the file is UTF-16 but ends in half a character; {RESAVE}")));
    }
    Ok(text)
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

#[cfg(test)]
mod tests {
    use super::decode;

    fn utf16(text: &str, be: bool) -> Vec<u8> {
        let mut out = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for u in text.encode_utf16() {
            out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_a_byte_order_mark_and_utf8_with_one_are_read() {
        let text = "error_code: 0x904\r\n_meta: {host: \"Bürо-PC 🖥\"}\r\n";
        assert_eq!(decode(utf16(text, false)).unwrap(), text);
        assert_eq!(decode(utf16(text, true)).unwrap(), text);
        assert_eq!(decode([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()).unwrap(), text);
        assert_eq!(decode(text.as_bytes().to_vec()).unwrap(), text);
    }

    #[test]
    fn damaged_utf16_is_placed_and_other_encodings_named() {
        let mut lone = utf16("a: 1\nb: ", false);
        lone.extend(0xD800u16.to_le_bytes());
        let (line, col, why) = decode(lone).unwrap_err();
        assert_eq!((line, col), (2, 4), "{why}");
        assert!(why.contains("lone surrogate 0xd800"), "{why}");
        let mut odd = utf16("a: 1", true);
        odd.push(0);
        assert!(decode(odd).unwrap_err().2.contains("half a character"));
        assert!(decode(vec![0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).unwrap_err().2.contains("UTF-32"));
        let no_bom: Vec<u8> = "error_code: 1".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(no_bom).unwrap_err().2.contains("without a byte-order mark"));
        assert!(decode(utf16("a: \0", false)).unwrap_err().2.contains("NUL"));
    }
}
