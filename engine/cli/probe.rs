//! `fixplan probe HOST[:PORT]`: measures the RDP endpoint and writes the fact file to standard
//! output or to `--out FILE`.

use super::args::FactFormat;
use super::Exit;
use crate::probe::{parse_target, probe};
use crate::render::sanitize_terminal;
use std::path::Path;
use std::time::Duration;

/// The longest `--timeout` accepted, in seconds; a step that slow is a finding in itself.
const MAX_TIMEOUT_SECS: f64 = 600.0;

/// Parses `--timeout SECS` (fractions allowed) into a duration.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    match s.trim().parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= MAX_TIMEOUT_SECS => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!("a timeout is a number of seconds above 0 and at most {MAX_TIMEOUT_SECS}, like `5` or `0.5`")),
    }
}

/// The format a fact file is written in: as asked, else JSON for `*.json` (what `eval` reads as
/// JSON), else YAML.
fn fact_format(asked: Option<FactFormat>, out: Option<&Path>) -> FactFormat {
    asked.unwrap_or_else(|| {
        let json = out.and_then(Path::extension).is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if json {
            FactFormat::Json
        } else {
            FactFormat::Yaml
        }
    })
}

pub fn run(target: &str, out: Option<&Path>, format: Option<FactFormat>, timeout: Duration) -> Exit {
    let out = super::out::file_target(out);
    let target = match parse_target(target) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", sanitize_terminal(&e));
            eprintln!("  = hint: write the target as HOST, HOST:PORT or [IPV6]:PORT, like `rds01.corp.example:3389`");
            return Exit::Error;
        }
    };
    let facts = probe(&target, timeout);
    let text = match fact_format(format, out) {
        FactFormat::Yaml => crate::yaml::to_string(&facts)
            .map(|y| format!("# Collected by `fixplan probe`; evaluate with `fixplan eval FILE`.\n{y}"))
            .map_err(|e| e.to_string()),
        FactFormat::Json => serde_json::to_string_pretty(&facts).map(|j| j + "\n").map_err(|e| e.to_string()),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: the fact file could not be written: {e}");
            return Exit::Error;
        }
    };
    if let Err(e) = super::out::write_output(out, text.as_bytes()) {
        return e;
    }
    if let Some(e) = &facts.meta.resolve_error {
        eprintln!("error: cannot resolve `{}`: {}", sanitize_terminal(&target.host), sanitize_terminal(e));
        eprintln!("  = hint: check the name, or probe the server's IP address; only `_meta` was written");
        return Exit::Findings;
    }
    Exit::Success
}
