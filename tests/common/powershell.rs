//! A bracket-balance check of PowerShell code, for tests of the generated collector.

/// Brackets of PowerShell code balance, outside strings and comments: a cheap stand-in for a
/// parse (no PowerShell here); it catches a command that would break the script's structure.
pub fn unbalanced(code: &str) -> Option<String> {
    let mut stack = Vec::new();
    let mut chars = code.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '`' => {
                chars.next();
            }
            '#' => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                }
            }
            '\'' => loop {
                match chars.next() {
                    Some('\'') if chars.peek() == Some(&'\'') => {
                        chars.next();
                    }
                    Some('\'') => break,
                    Some('\n') => line += 1,
                    Some(_) => {}
                    None => return Some(format!("unterminated '...' string from line {line}")),
                }
            },
            '"' => loop {
                match chars.next() {
                    Some('`') => {
                        chars.next();
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                    }
                    Some('"') => break,
                    Some('\n') => line += 1,
                    Some(_) => {}
                    None => return Some(format!("unterminated \"...\" string from line {line}")),
                }
            },
            '(' | '{' | '[' => stack.push((c, line)),
            ')' | '}' | ']' => {
                let want = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, at)) => return Some(format!("`{c}` on line {line} closes `{open}` of line {at}")),
                    None => return Some(format!("`{c}` on line {line} closes nothing")),
                }
            }
            _ => {}
        }
    }
    stack.pop().map(|(open, at)| format!("`{open}` of line {at} is never closed"))
}
