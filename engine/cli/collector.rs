//! `fixplan collector`: writes the fact-collecting script generated from the knowledge base.

use super::args::{CollectSide, Shell};
use super::Exit;
use crate::check::Program;
use crate::render::collector::{self, Parts};
use std::io::Write;
use std::path::Path;

/// PowerShell 5.1 reads a script without a byte-order mark in the ANSI code page; with it, as UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn run(p: &Program, shell: Shell, side: CollectSide, out: Option<&Path>) -> Exit {
    let parts = match side {
        CollectSide::Client => Parts::Client,
        CollectSide::Server => Parts::Server,
        CollectSide::Both => Parts::Both,
    };
    let script = match shell {
        Shell::Powershell => collector::powershell(&p.kb, parts, env!("CARGO_PKG_VERSION")),
    };
    match out {
        None => {
            if std::io::stdout().lock().write_all(script.as_bytes()).is_err() {
                return Exit::Error;
            }
        }
        Some(path) => {
            let bytes = [UTF8_BOM, script.as_bytes()].concat();
            if let Err(e) = crate::output::write_atomic(path, &bytes) {
                let shown = crate::render::sanitize_terminal(&path.to_string_lossy());
                eprintln!("error: cannot write `{shown}`: {e}");
                eprintln!(
                    "  hint: check that the folder exists and is writable, or leave out --out to print the script"
                );
                return Exit::Error;
            }
            eprintln!(
                "wrote {} (the {} part of the collector)",
                crate::render::sanitize_terminal(&path.to_string_lossy()),
                parts.name()
            );
        }
    }
    Exit::Success
}
