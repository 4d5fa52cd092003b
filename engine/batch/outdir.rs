//! `eval --out DIR`: one report file per input plus the summary, each with a name made from the
//! input's, unique in DIR, never outside it and never over one of the inputs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The longest name stem taken from an input (room is left for a `-N` suffix and the extension).
const MAX_STEM: usize = 120;

pub struct OutDir {
    dir: PathBuf,
    ext: &'static str,
    /// Names given so far, lower-cased (Windows and macOS compare names without case).
    used: HashSet<String>,
    /// The inputs, resolved, that no report may replace.
    inputs: HashSet<PathBuf>,
    summary: PathBuf,
}

impl OutDir {
    /// Creates DIR when missing. `inputs` are the batch's input files.
    pub fn new(dir: &Path, ext: &'static str, inputs: &[PathBuf]) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let dir = dir.canonicalize()?;
        let inputs = inputs.iter().filter_map(|p| p.canonicalize().ok()).collect();
        let mut out = OutDir { summary: PathBuf::new(), dir, ext, used: HashSet::new(), inputs };
        // Reserved first, so it is `summary.EXT` unless an input has that name.
        out.summary = out.fresh("summary");
        Ok(out)
    }

    /// The path of the summary file.
    pub fn summary(&self) -> PathBuf {
        self.summary.clone()
    }

    /// A fresh path for the report of the input called `name`.
    pub fn report(&mut self, name: &str) -> PathBuf {
        self.fresh(&stem(name))
    }

    fn fresh(&mut self, stem: &str) -> PathBuf {
        for n in 1u64.. {
            let file = if n == 1 { format!("{stem}.{}", self.ext) } else { format!("{stem}-{n}.{}", self.ext) };
            let path = self.dir.join(&file);
            // A folder (or a pipe, a device) already at the name is passed over, not written into.
            let taken = std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file());
            if !taken && !self.inputs.contains(&path) && self.used.insert(file.to_lowercase()) {
                return path;
            }
        }
        unreachable!("some suffix is always free")
    }
}

/// A file name stem from an input name: letters, digits, `.`, `-` and `_` kept, anything else
/// (path separators, `:` of `FILE:LINE`, spaces) becomes `_`; no leading dot, never empty.
pub fn stem(name: &str) -> String {
    // Standard input (`-`, `-:LINE`) gets a name people recognise.
    let name = match name.strip_prefix('-') {
        Some(rest) if rest.is_empty() || rest.starts_with(':') => format!("stdin{rest}"),
        _ => name.to_string(),
    };
    let mapped: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let trimmed = mapped.trim_start_matches(['.', '_']);
    let mut out: String = trimmed.chars().take(MAX_STEM).collect();
    // Names Windows reserves for devices would open the device instead of a file.
    let base = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let device = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if out.is_empty() || device {
        out.insert_str(0, "input_");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_stay_inside_the_directory() {
        assert_eq!(stem("examples/a.yaml"), "examples_a.yaml");
        assert_eq!(stem("../../etc/passwd"), "etc_passwd");
        assert_eq!(stem("fleet.jsonl:12"), "fleet.jsonl_12");
        assert_eq!(stem("C:\\x\\y.json"), "C__x_y.json");
        assert_eq!(stem("-"), "stdin");
        assert_eq!(stem("-:7"), "stdin_7");
        assert_eq!(stem("-x.yaml"), "-x.yaml");
        assert_eq!(stem("..."), "input_");
        assert_eq!(stem("con.yaml"), "input_con.yaml");
        assert_eq!(stem(&"x".repeat(500)).len(), MAX_STEM);
    }
}
