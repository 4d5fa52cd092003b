//! `fixplan probe HOST[:PORT]`: measures the RDP endpoint and writes the fact file to standard
//! output or to `--out FILE`.

use super::Exit;
use crate::probe::{parse_target, probe};
use crate::render::sanitize_terminal;
use std::io::Write;
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

pub fn run(target: &str, out: Option<&Path>, timeout: Duration) -> Exit {
    let target = match parse_target(target) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", sanitize_terminal(&e));
            eprintln!("  = hint: write the target as HOST, HOST:PORT or [IPV6]:PORT, like `rds01.corp.example:3389`");
            return Exit::Error;
        }
    };
    let facts = probe(&target, timeout);
    let yaml = match crate::yaml::to_string(&facts) {
        Ok(y) => format!("# Collected by `fixplan probe`; evaluate with `fixplan eval FILE`.\n{y}"),
        Err(e) => {
            eprintln!("error: the fact file could not be written: {e}");
            return Exit::Error;
        }
    };
    let written = match out {
        Some(path) => crate::output::write_atomic(path, yaml.as_bytes()).map_err(|e| (path.display().to_string(), e)),
        None => std::io::stdout().lock().write_all(yaml.as_bytes()).map_err(|e| ("standard output".to_string(), e)),
    };
    if let Err((place, e)) = written {
        eprintln!("error: cannot write `{}`: {e}", sanitize_terminal(&place));
        eprintln!("  = hint: check that the directory exists and is writable");
        return Exit::Error;
    }
    if let Some(e) = &facts.meta.resolve_error {
        eprintln!("error: cannot resolve `{}`: {}", sanitize_terminal(&target.host), sanitize_terminal(e));
        eprintln!("  = hint: check the name, or probe the server's IP address; only `_meta` was written");
        return Exit::Findings;
    }
    Exit::Success
}
