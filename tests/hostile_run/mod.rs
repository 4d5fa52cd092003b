//! Runs the real binary on hostile input with a hang guard (killed and failed after 60 s; not a
//! speed assertion), and writes the transcript a snapshot holds.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run printed, and how it ended.
pub struct Ran {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `fixplan ARGS` in `dir` with no standard input. Output goes to files (a report of
/// hundreds of kilobytes must not block on a pipe); the run is killed, and the test fails, after
/// 60 seconds.
pub fn run(dir: &Path, args: &[&str]) -> Ran {
    let out_dir = std::env::temp_dir().join(format!(
        "fixplan-hostile-out-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&out_dir).expect("temporary folder is writable");
    let (so, se) = (out_dir.join("stdout"), out_dir.join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RAYON_NUM_THREADS")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&so).expect("stdout file"))
        .stderr(std::fs::File::create(&se).expect("stderr file"))
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for the binary") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&out_dir);
            panic!("`fixplan {}` hung: killed after 60 s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).to_string();
    let ran = Ran { status: status.code(), stdout: read(&so), stderr: read(&se) };
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(!ran.stderr.contains("panicked") && !ran.stderr.contains("overflowed its stack"), "{}", ran.stderr);
    assert!(
        matches!(ran.status, Some(0..=2)),
        "`fixplan {}` ended with {:?}: {}",
        args.join(" "),
        ran.status,
        ran.stderr
    );
    ran
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The command, its status, and what it printed; a long output is cut to its first `keep` lines
/// (a report is long and follows the knowledge base: its first line says it was produced).
pub fn transcript(args: &[&str], ran: &Ran, keep: usize) -> String {
    format!(
        "$ fixplan {}\nstatus: {:?}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        ran.status,
        head(&ran.stdout, keep),
        head(&ran.stderr, keep)
    )
}

fn head(text: &str, keep: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: String = lines.iter().take(keep).map(|l| format!("{l}\n")).collect();
    if lines.len() > keep {
        out.push_str(&format!("[… {} more lines]\n", lines.len() - keep));
    }
    out
}
