//! One entry point per `cargo fuzz` target (`fuzz/`), so that each target is a one-liner and the
//! regression tests (`tests/fuzz_regressions.rs`) replay inputs through exactly the same code.
//! Every entry takes untrusted bytes and must return, never panic, hang or exhaust memory.

use crate::check::Program;
use crate::compile::compile;
use crate::diag::Diagnostic;
use crate::facts::LoadError;
use crate::kb::KbSource;
use crate::probe::{cert, x224, CertFacts};
use crate::render::{self, Format, Report};
use crate::source::SourceFile;
use std::sync::OnceLock;

/// The host name the certificate target compares a certificate's names with.
pub const CERT_HOST: &str = "rds01.corp.example";
/// The fixed "now" (2026-01-01T00:00:00Z) of the certificate target, so that runs repeat.
pub const CERT_NOW: i64 = 1_767_225_600;

/// The embedded knowledge base, checked once per process.
pub fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        compile(&KbSource::embedded()).program.expect("the embedded knowledge base checks without errors")
    })
}

/// `rules`: the bytes as a rule file.
pub fn rules(data: &[u8]) -> Result<usize, Diagnostic> {
    // Rule files on disk that are not UTF-8 are refused before parsing (`KbSource::from_dir`).
    let Ok(text) = std::str::from_utf8(data) else { return Ok(0) };
    crate::dsl::parse(&SourceFile::new("fuzz.rules", text)).map(|rules| rules.len())
}

/// `rules` too: the bytes as a remedy's `if:` condition, placed after a YAML key as in a file.
pub fn condition(data: &[u8]) -> Result<(), Diagnostic> {
    let Ok(text) = std::str::from_utf8(data) else { return Ok(()) };
    let src = SourceFile::new("fuzz.yaml", format!("if: {text}"));
    crate::dsl::parse_condition(&src, 4, text).map(|_| ())
}

/// `kb`: the embedded knowledge base with one file replaced. The first byte picks the file (YAML
/// files first, then rule files, modulo their count); the rest is its new text. A knowledge base
/// that checks is then evaluated with every fact unknown and planned, as `fixplan eval` would.
pub fn kb(data: &[u8]) -> Result<usize, usize> {
    let Some((&pick, rest)) = data.split_first() else { return Err(0) };
    let Ok(text) = std::str::from_utf8(rest) else { return Err(0) };
    let mut src = KbSource::embedded();
    let files = src.yaml.len() + src.rules.len();
    let i = usize::from(pick) % files;
    let file = if i < src.yaml.len() { &mut src.yaml[i] } else { &mut src.rules[i - src.yaml.len()] };
    file.text = text.to_string();
    let checked = compile(&src);
    let Some(p) = checked.program else { return Err(checked.errors()) };
    let _ = crate::graph::build(&p);
    let values = vec![None; p.kb.facts.len()];
    let ev = crate::infer::evaluate(&p, &values);
    Ok(crate::plan::rank(&p, &ev, &values).steps.len())
}

/// `facts_yaml` and `facts_json`: the bytes as the fact file `name` (its extension decides how it
/// is read), through the path `fixplan eval` takes: size and encoding checks, parsing, coercion
/// against the knowledge base's vocabulary, inference, planning, and the text and HTML reports.
pub fn facts(name: &str, data: &[u8]) -> Result<Report, LoadError> {
    let text = crate::facts::read(name, data.to_vec())?;
    let report = crate::batch::report(program(), name, &text, false, true)?;
    for format in [Format::Text, Format::Html] {
        std::hint::black_box(render::render(&report, format, false));
    }
    Ok(report)
}

/// `x224`: the bytes as the server's answer to the Connection Request, as the probe reads it:
/// the TPKT header first, then the whole PDU.
pub fn x224(data: &[u8]) -> Result<String, String> {
    x224::tpkt_length(data).map_err(|e| e.to_string())?;
    let confirm = x224::parse_confirm(data).map_err(|e| e.to_string())?;
    let _ = (confirm.accepts(x224::PROTOCOL_SSL), confirm.selects_tls(), confirm.fact_value());
    Ok(confirm.describe())
}

/// `cert`: the bytes as the server's leaf certificate (DER), matched against a name and an address.
pub fn cert(data: &[u8]) -> Result<CertFacts, String> {
    let _ = cert::facts(data, "127.0.0.1", CERT_NOW);
    cert::facts(data, CERT_HOST, CERT_NOW)
}
