//! Wildcards in path arguments (`fixplan eval collected\*.json`): a Unix shell expands them
//! before fixplan starts, but cmd and PowerShell pass them on as typed, so on Windows fixplan
//! expands them itself. The expansion is the same code on every platform, so it is tested
//! everywhere; only the call is under `cfg(windows)`.

use std::path::PathBuf;

/// Whether `arg` holds a wildcard (`*`, `?` or `[...]`). Windows forbids `*` and `?` in file
/// names, so there such an argument can only be a pattern.
pub fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?']) || (arg.contains('[') && arg.contains(']'))
}

/// Each argument with a wildcard becomes the paths it matches, sorted; the others stay as they
/// are (`-` included). A pattern that matches nothing is an error naming it, as a shell with
/// `failglob` would say, rather than a file that silently is not there.
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::with_capacity(args.len());
    for arg in args {
        let Some(text) = arg.to_str().filter(|t| is_pattern(t)) else {
            out.push(arg.clone());
            continue;
        };
        let options = glob::MatchOptions { case_sensitive: !cfg!(windows), ..Default::default() };
        let paths =
            glob::glob_with(text, options).map_err(|e| format!("`{text}` is not a valid wildcard: {}", e.msg))?;
        let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        if matched.is_empty() {
            return Err(format!("no file matches `{text}`"));
        }
        matched.sort();
        out.append(&mut matched);
    }
    Ok(out)
}

/// The arguments as the program should see them on this platform: expanded on Windows, as the
/// shell left them elsewhere (a Unix shell has expanded them; a pattern left means the user quoted it).
pub fn for_platform(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if cfg!(windows) {
        expand(args)
    } else {
        Ok(args.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_sorted_and_other_arguments_stay() {
        let dir = std::env::temp_dir().join(format!("fixplan-wildcards-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in ["b.json", "a.json", "c.yaml", "sub/d.json"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let pattern = dir.join("*.json");
        let got = expand(&[PathBuf::from("-"), pattern, dir.join("c.yaml")]).unwrap();
        assert_eq!(got, vec![PathBuf::from("-"), dir.join("a.json"), dir.join("b.json"), dir.join("c.yaml")]);
        let deep = expand(&[dir.join("*").join("?.json")]).unwrap();
        assert_eq!(deep, vec![dir.join("sub").join("d.json")]);
        let none = expand(&[dir.join("*.txt")]).unwrap_err();
        assert!(none.starts_with("no file matches"), "{none}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_wildcards_are_patterns() {
        assert!(is_pattern(r"collected\*.json"));
        assert!(is_pattern("host?.yaml"));
        assert!(is_pattern("[ab].yaml"));
        assert!(!is_pattern("incident.yaml"));
        assert!(!is_pattern("-"));
    }
}
