//! Runs the real binary for CLI tests, and makes scratch copies of the knowledge base to break.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `fixplan ARGS` in `dir`, with `stdin` as standard input (none when `None`) and, when
/// given, `RAYON_NUM_THREADS` set to `threads`.
pub fn fixplan_in(dir: &Path, args: &[&str], stdin: Option<&str>, threads: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fixplan"));
    // A UTF-8 locale whatever the machine's, so that reports keep their symbols (`render::needs_ascii`).
    cmd.args(args).current_dir(dir).env_remove("NO_COLOR").env_remove("RAYON_NUM_THREADS").env("LC_ALL", "C.UTF-8");
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    use std::io::Write;
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// Runs `fixplan ARGS` in the project root with no standard input.
pub fn fixplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(super::root())
        .env_remove("NO_COLOR")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// Exit status, standard output and standard error together, for a snapshot.
pub fn transcript(out: &Output) -> String {
    format!("status: {:?}\n--- stdout\n{}--- stderr\n{}", out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// A scratch directory in the temporary folder, removed when the guard drops.
pub struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("fixplan-run-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder is writable");
    Scratch(dir)
}

/// A copy of the shipped kb/ and rules/ in a scratch directory, for `--kb`.
pub fn kb_copy(name: &str) -> Scratch {
    let dir = scratch(name);
    super::copy_dir(&super::root().join("kb"), &dir.join("kb"));
    super::copy_dir(&super::root().join("rules"), &dir.join("rules"));
    dir
}
