//! `fixplan collector`: writes the fact-collecting script generated from the knowledge base.

use super::args::{CollectSide, Shell};
use super::Exit;
use crate::check::Program;
use crate::render::collector::{self, Parts};
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
    match super::out::file_target(out) {
        None => super::out::write_output(None, script.as_bytes()).err().unwrap_or(Exit::Success),
        Some(path) => {
            let bytes = [UTF8_BOM, script.as_bytes()].concat();
            if let Err(e) = super::out::write_output(Some(path), &bytes) {
                return e;
            }
            super::notes::say(&format!(
                "wrote {} (the {} part of the collector)",
                super::eval::display(path),
                parts.name()
            ));
            Exit::Success
        }
    }
}
