//! Where the knowledge base's files come from: the copy embedded in the binary, or a directory.

use crate::source::SourceFile;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

/// The largest knowledge-base file (YAML or rules) read, in bytes; the shipped files are a few
/// dozen KiB.
pub const MAX_KB_FILE_BYTES: u64 = 16 * 1024 * 1024;

static KB_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/kb");
static RULES_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The text of every knowledge-base file, named relative to the knowledge-base root.
#[derive(Clone, Debug, Default)]
pub struct KbSource {
    pub yaml: Vec<SourceFile>,
    pub rules: Vec<SourceFile>,
    /// `kb/learned.yaml`, a learned layer (`fixplan learn`) applied on top of the knowledge base;
    /// not a knowledge-base file, so kept apart from `yaml`.
    pub learned: Option<SourceFile>,
}

/// Where a knowledge base keeps its learned layer.
pub const LEARNED_FILE: &str = "kb/learned.yaml";

impl KbSource {
    /// The knowledge base shipped inside the binary.
    pub fn embedded() -> Self {
        let mut src = Self::default();
        collect_embedded(&KB_DIR, "kb", &mut src.yaml, is_yaml);
        collect_embedded(&RULES_DIR, "rules", &mut src.rules, is_rules);
        src.sort();
        src
    }

    /// A knowledge base on disk: `root/kb/**/*.yaml` and `root/rules/**/*.rules`.
    pub fn from_dir(root: &Path) -> Result<Self, String> {
        let kb = root.join("kb");
        let rules = root.join("rules");
        if !kb.is_dir() {
            return Err(format!(
                "`{}` has no `kb` folder; --kb takes a directory laid out like the project (kb/ and rules/)",
                root.display()
            ));
        }
        let mut src = Self::default();
        let inside = root.canonicalize().map_err(|e| format!("cannot read `{}`: {e}", root.display()))?;
        for (dir, out, keep) in [(&kb, &mut src.yaml, is_yaml as fn(&str) -> bool), (&rules, &mut src.rules, is_rules)]
        {
            let mut files = Vec::new();
            if dir.is_dir() {
                walk(dir, &mut files).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
            }
            for path in files {
                let name = display_name(root, &path);
                if !keep(&name) {
                    continue;
                }
                // A link out of the knowledge base (`rules/leak.rules -> ~/.git-credentials`) would
                // put another file's lines into diagnostics, in a public CI log too.
                let real = path.canonicalize().map_err(|e| format!("cannot read `{name}`: {e}"))?;
                if !real.starts_with(&inside) {
                    return Err(format!(
                        "`{name}` is a link to a file outside the knowledge base; copy the file into the knowledge base instead"
                    ));
                }
                // A pipe would be read forever; a device is not a knowledge-base file either. The
                // check is made on what was opened, not on the name.
                let file = crate::source::open_regular(&path).map_err(|e| match e.kind() {
                    std::io::ErrorKind::InvalidInput => format!(
                        "`{name}` is not a regular file (a pipe or a device); remove it from the knowledge base"
                    ),
                    _ => format!("cannot read `{name}`: {e}"),
                })?;
                let meta = file.metadata().map_err(|e| format!("cannot read `{name}`: {e}"))?;
                let size = meta.len();
                if size > MAX_KB_FILE_BYTES {
                    return Err(format!(
                        "`{name}` is larger than {MAX_KB_FILE_BYTES} bytes (16 MiB), the limit for a knowledge-base file; split it"
                    ));
                }
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_KB_FILE_BYTES + 1), &mut bytes)
                    .map_err(|e| format!("cannot read `{name}`: {e}"))?;
                let text = crate::yaml::decode(bytes).map_err(|(line, col, why)| match line {
                    0 => format!("{name}: {why}"),
                    _ => format!("{name}:{line}:{col}: {why}"),
                })?;
                out.push(SourceFile::new(name, text));
            }
        }
        src.sort();
        Ok(src)
    }

    fn sort(&mut self) {
        if let Some(i) = self.yaml.iter().position(|f| f.name == LEARNED_FILE) {
            self.learned = Some(self.yaml.remove(i));
        }
        self.yaml.sort_by(|a, b| a.name.cmp(&b.name));
        self.rules.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

fn is_rules(name: &str) -> bool {
    name.ends_with(".rules")
}

fn collect_embedded(dir: &Dir<'_>, prefix: &str, out: &mut Vec<SourceFile>, keep: fn(&str) -> bool) {
    for file in dir.files() {
        let name = format!("{prefix}/{}", file.path().to_string_lossy().replace('\\', "/"));
        if keep(&name) {
            if let Some(text) = file.contents_utf8() {
                out.push(SourceFile::new(name, text));
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out, keep);
    }
}

/// Collects the files under `dir`. Links to directories are not followed (a link back up would
/// never end).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), out)?;
        } else {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
