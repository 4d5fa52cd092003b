//! Standard output as every command writes it: a closed pipe (`fixplan eval ... | head`) ends
//! the process quietly with [`BROKEN_PIPE`], wherever the write happens, and `-o -` means
//! standard output wherever `-o FILE` is accepted.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// The exit status when the reader of standard output went away: 141 (128 + SIGPIPE), what a
/// Unix shell reports for `yes | head` and what Git for Windows' tools return, so a script under
/// `set -o pipefail` sees the same status from fixplan as from the tools around it.
pub const BROKEN_PIPE: u8 = 141;

/// Whether `e` says the reading end of the pipe is gone (EPIPE on Unix; ERROR_BROKEN_PIPE and
/// ERROR_NO_DATA on Windows, which std maps to the same kind).
pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Ends the process because nobody reads its output any more: no message (the reader has what it
/// wanted), no backtrace. Session and output files are written atomically before anything is
/// printed, so nothing is left half done.
pub fn broken_pipe_exit() -> ! {
    std::process::exit(i32::from(BROKEN_PIPE))
}

/// Installs the safety net for `print!`, `println!` and `eprintln!` anywhere in the program: they
/// panic on a closed pipe, and that panic becomes the quiet exit. Any other panic is reported as
/// before.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if is_print_broken_pipe(message) {
            broken_pipe_exit();
        }
        default(info);
    }));
}

/// `failed printing to stdout: Broken pipe (os error 32)`, std's message for a print on a closed
/// pipe; the error part is compared with std's own text for that error on this platform.
fn is_print_broken_pipe(message: &str) -> bool {
    let Some(rest) = message
        .strip_prefix("failed printing to stdout: ")
        .or_else(|| message.strip_prefix("failed printing to stderr: "))
    else {
        return false;
    };
    broken_pipe_texts().iter().any(|t| rest == t)
}

/// std's text for each OS error that means a closed pipe here.
fn broken_pipe_texts() -> Vec<String> {
    #[cfg(unix)]
    let codes: &[i32] = &[32]; // EPIPE on every Unix std supports
    #[cfg(windows)]
    let codes: &[i32] = &[109, 232]; // ERROR_BROKEN_PIPE, ERROR_NO_DATA
    #[cfg(not(any(unix, windows)))]
    let codes: &[i32] = &[];
    codes.iter().map(|&c| io::Error::from_raw_os_error(c)).filter(is_broken_pipe).map(|e| e.to_string()).collect()
}

/// A writer that turns a closed pipe into [`broken_pipe_exit`] and passes every other error on.
pub struct Quiet<W: Write>(pub W);

impl<W: Write> Quiet<W> {
    fn check<T>(r: io::Result<T>) -> io::Result<T> {
        match r {
            Err(e) if is_broken_pipe(&e) => broken_pipe_exit(),
            r => r,
        }
    }
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Self::check(self.0.write(buf))
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        Self::check(self.0.write_all(buf))
    }
    fn flush(&mut self) -> io::Result<()> {
        Self::check(self.0.flush())
    }
}

/// Standard output, locked, behind [`Quiet`].
pub fn stdout() -> Quiet<io::StdoutLock<'static>> {
    Quiet(io::stdout().lock())
}

/// Standard output with colour as chosen (`--color`, `NO_COLOR`), behind [`Quiet`].
pub fn colored(choice: anstream::ColorChoice) -> Quiet<anstream::AutoStream<io::StdoutLock<'static>>> {
    Quiet(anstream::AutoStream::new(io::stdout().lock(), choice))
}

/// Text reports written to standard output from here on fit its reader: they wrap at the
/// terminal's width when it is a terminal (otherwise at `render::WRAP_FILE`), and use ASCII
/// stand-ins for symbols when the reader cannot show them (`render::needs_ascii`).
pub fn wrap_to_terminal() {
    let console = io::stdout().is_terminal();
    if console {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            crate::render::set_width(usize::from(w));
        }
    }
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    crate::render::set_ascii(crate::render::needs_ascii(cfg!(windows), console, locale.as_deref()));
}

/// Text the CLI itself prints beside a report (`ask`'s lines), with the same stand-ins.
pub fn symbols(text: &str) -> std::borrow::Cow<'_, str> {
    if crate::render::ascii() {
        std::borrow::Cow::Owned(crate::render::to_ascii(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `-o -` is standard output, as in the tools admins know; `None` is standard output too.
pub fn file_target(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| p.as_os_str() != "-")
}

/// Writes `bytes` to FILE atomically, or to standard output for no `-o` or `-o -`; a failure is
/// printed with the file's name and a hint, and gives [`super::Exit::Error`].
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), super::Exit> {
    match file_target(path) {
        None => stdout().write_all(bytes).and_then(|()| stdout().flush()).map_err(|e| {
            eprintln!("error: cannot write to standard output: {e}");
            super::Exit::Error
        }),
        Some(path) => crate::output::write_atomic(path, bytes).map_err(|e| {
            let shown = crate::render::sanitize_line(&super::eval::display(path));
            eprintln!("error: cannot write `{shown}`: {e}");
            eprintln!("  = hint: check that the folder exists and is writable, or give `-o -` for standard output");
            super::Exit::Error
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_panics_on_a_closed_pipe_are_recognised_and_others_are_not() {
        let epipe = broken_pipe_texts();
        assert!(!epipe.is_empty(), "this platform has an error for a closed pipe");
        assert!(is_print_broken_pipe(&format!("failed printing to stdout: {}", epipe[0])));
        assert!(is_print_broken_pipe(&format!("failed printing to stderr: {}", epipe[0])));
        let full = io::Error::from(io::ErrorKind::StorageFull).to_string();
        assert!(!is_print_broken_pipe(&format!("failed printing to stdout: {full}")));
        assert!(!is_print_broken_pipe("index out of bounds"));
    }

    #[test]
    fn a_dash_is_standard_output() {
        assert_eq!(file_target(Some(Path::new("-"))), None);
        assert_eq!(file_target(Some(Path::new("./-"))), Some(Path::new("./-")));
        assert_eq!(file_target(None), None);
    }
}
