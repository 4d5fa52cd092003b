//! Kills real runs while they write: a batch writing thousands of reports with `eval --out DIR`
//! and `--summary-out`, and an `ask` session rewriting its file after every answer. Every target
//! file must then be absent, the previous complete version or the new complete version, never a
//! half-written one; the only other files are the run's hidden temporaries, which a later run
//! removes once they are stale.

mod common;

use common::run::{fixplan_in, scratch, text};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

/// Inputs in the batch: enough that a kill lands among the writes.
const INPUTS: usize = 600;
/// Kills of the batch, each after a different number of reports were written.
const KILLS: usize = 8;

type Files = BTreeMap<String, Vec<u8>>;

fn files(dir: &Path) -> Files {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// `.NAME.fixplan-RANDOM.tmp`, the name `fixplan::output` gives its temporaries (only one run
/// writes into the folder at a time here).
fn temporary_of(name: &str, _pid: u32) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(".fixplan-")
}

/// Fills `dir` with one fact file per input: the examples in turn, starting at `shift`, so that
/// two shifts give every input (and so its report) other content.
fn write_inputs(dir: &Path, shift: usize) {
    let examples = common::examples();
    let examples: Vec<_> = examples.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    for i in 0..INPUTS {
        let src = examples[(i + shift) % examples.len()];
        std::fs::copy(src, dir.join(format!("f{i:05}.yaml"))).unwrap();
    }
}

fn batch(root: &Path, out: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fixplan"));
    cmd.current_dir(root)
        .args(["eval", "--format", "json", "--no-plan", "--out", out, "--summary-out"])
        .arg(format!("{out}.summary.json"))
        .arg("in")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn complete(root: &Path, out: &str) -> (Files, Vec<u8>) {
    let run = batch(root, out).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    (files(&root.join(out)), std::fs::read(root.join(format!("{out}.summary.json"))).unwrap())
}

fn kill(mut child: Child) {
    // Already finished is fine: the kill then came after the last write.
    let _ = child.kill();
    child.wait().unwrap();
}

#[test]
fn a_batch_killed_mid_write_leaves_only_whole_files() {
    let root = scratch("atomic-batch");
    std::fs::create_dir(root.join("in")).unwrap();
    write_inputs(&root.join("in"), 0);
    let (old, old_summary) = complete(&root, "old");
    write_inputs(&root.join("in"), 1);
    let (new, new_summary) = complete(&root, "new");
    assert_eq!(new.len(), INPUTS + 1, "one report per input and summary.json");
    let differing = new.iter().filter(|(n, b)| old.get(*n) != Some(b)).count();
    assert!(differing > INPUTS / 2, "the two versions differ, so a mix can be seen ({differing} differ)");

    let mut mixed = 0;
    let mut leftovers = 0;
    for k in 1..=KILLS {
        // The target holds the old version; the run writing the new one is killed once the
        // report of input `watch` is new, a little further along each time.
        let target = root.join("out");
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir(&target).unwrap();
        for (name, bytes) in &old {
            std::fs::write(target.join(name), bytes).unwrap();
        }
        std::fs::write(root.join("out.summary.json"), &old_summary).unwrap();
        let watch = format!("in_f{:05}.yaml.json", (INPUTS - 1) * k / KILLS);
        assert!(new.contains_key(&watch), "reports are named after their input: {watch}");
        let mut child = batch(&root, "out").spawn().unwrap();
        let pid = child.id();
        // Meanwhile a reader of the file being replaced sees the old or the whole new version.
        loop {
            let seen = std::fs::read(target.join(&watch)).ok();
            if seen.as_ref() == new.get(&watch) {
                break;
            }
            if let Some(seen) = seen {
                let whole = old.get(&watch).map(Vec::len);
                assert!(
                    Some(&seen) == old.get(&watch),
                    "kill {k}: a reader saw `{watch}` half written ({} bytes of {whole:?})",
                    seen.len()
                );
            }
            assert!(child.try_wait().unwrap().is_none(), "kill {k}: the run ended without writing `{watch}`");
            std::thread::yield_now();
        }
        kill(child);

        let (mut from_old, mut from_new) = (0, 0);
        for (name, bytes) in files(&target) {
            if temporary_of(&name, pid) {
                leftovers += 1;
                continue;
            }
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .unwrap_or_else(|e| panic!("kill {k}: `{name}` is not whole JSON ({e})"));
            match (old.get(&name) == Some(&bytes), new.get(&name) == Some(&bytes)) {
                (true, false) => from_old += 1,
                (false, true) => from_new += 1,
                (true, true) => {}
                (false, false) => panic!("kill {k}: `{name}` is neither the old nor the new version"),
            }
        }
        let summary = std::fs::read(root.join("out.summary.json")).unwrap();
        assert!(summary == old_summary || summary == new_summary, "kill {k}: --summary-out is half written");
        eprintln!("kill {k} (after {watch}): {from_old} old, {from_new} new reports");
        if from_old > 0 && from_new > 0 {
            mixed += 1;
        }
    }
    assert!(mixed > 0, "no kill landed while reports were being written");
    eprintln!("{mixed} of {KILLS} kills landed among the writes; {leftovers} temporaries were left");

    // Leftover temporaries are removed by a later run once they are stale; fresh ones are kept,
    // since they may be a running fixplan's.
    let stale = SystemTime::now() - fixplan::output::STALE_AFTER - Duration::from_secs(60);
    for name in ["in_f00001.yaml.json", "summary.json"] {
        let tmp = root.join("out").join(format!(".{name}.fixplan-staleSTALE0.tmp"));
        std::fs::write(&tmp, b"{\"half\":").unwrap();
        std::fs::File::options().write(true).open(&tmp).unwrap().set_modified(stale).unwrap();
    }
    std::fs::write(root.join("out").join(".in_f00002.yaml.json.fixplan-freshFRESH1.tmp"), b"{").unwrap();
    let (after, _) = complete(&root, "out");
    let temporaries: Vec<&String> = after.keys().filter(|n| n.ends_with(".tmp")).collect();
    assert!(temporaries.iter().all(|n| !n.contains("staleSTALE0")), "stale temporaries were kept: {temporaries:?}");
    assert!(temporaries.iter().any(|n| n.contains("freshFRESH1")), "a fresh temporary was removed");
}

/// The questions `ask --json` asks are answered "don't know" one by one; the session file is
/// rewritten after each answer. Killed after each answer, the file is always a whole session.
#[test]
fn an_ask_session_killed_between_and_during_saves_is_always_whole() {
    let root = scratch("atomic-ask");
    for answers in 1..=8 {
        let session = root.join(format!("s{answers}.yaml"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_fixplan"))
            .current_dir(&*root)
            .args(["ask", "--json", "--session"])
            .arg(&session)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        for _ in 0..answers {
            let _ = writeln!(stdin, "{{\"answer\": null}}");
        }
        let _ = stdin.flush();
        // Killed as soon as the file exists: often while the answers are still being saved.
        while !session.exists() {
            assert!(child.try_wait().unwrap().is_none(), "ask ended without writing its session");
            std::thread::yield_now();
        }
        kill(child);
        let body = std::fs::read_to_string(&session).unwrap();
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&body).unwrap_or_else(|e| panic!("session after {answers} answers: {e}\n{body}"));
        assert!(doc["_meta"]["ask"]["answered"].is_sequence(), "not a whole session:\n{body}");
        let resumed = Command::new(env!("CARGO_BIN_EXE_fixplan"))
            .current_dir(&*root)
            .args(["ask", "--json", "--resume"])
            .arg(&session)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(resumed.status.code(), Some(0), "the killed session resumes: {}", text(&resumed.stderr));
    }
}

// Where output files go (issue 14, items 1 to 3): a special file named as an output (a pipe, a
// link to `/dev/stdout`) is written to, never replaced by a regular file; `--summary-out` never
// replaces an input, and its folder is checked before any report is written.

fn one_example(dir: &Path) -> String {
    std::fs::copy(common::root().join("examples/client_saved_state_corrupt.yaml"), dir.join("x.yaml")).unwrap();
    "x.yaml".to_string()
}

#[cfg(unix)]
#[test]
fn a_pipe_named_as_an_output_is_written_to_and_stays_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("out-fifo");
    let input = one_example(&dir);
    let fifo = dir.join("summary.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = fixplan_in(&dir, &["eval", "--summary-out", "summary.fifo", &input], None, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Checked before the reader is joined: a replaced pipe would leave it waiting forever.
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
    let got = text(&reader.join().unwrap());
    assert!(got.contains("1 input"), "the summary went into the pipe: {got}");
}

#[cfg(unix)]
#[test]
fn a_link_to_dev_stdout_prints_and_keeps_the_link() {
    let dir = scratch("out-stdout");
    std::os::unix::fs::symlink("/dev/stdout", dir.join("out.dot")).unwrap();
    let out = fixplan_in(&dir, &["graph", "-o", "out.dot"], None, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("digraph"), "the graph went to standard output: {}", text(&out.stdout));
    assert!(std::fs::symlink_metadata(dir.join("out.dot")).unwrap().file_type().is_symlink());
}

#[test]
fn summary_out_naming_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("out-input");
    let input = one_example(&dir);
    let before = std::fs::read(dir.join(&input)).unwrap();
    for name in [input.clone(), format!("./{input}")] {
        let out = fixplan_in(&dir, &["eval", "--summary-out", &name, &input], None, None);
        assert_eq!(out.status.code(), Some(2), "refused: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("one of the inputs"), "{}", text(&out.stderr));
        assert_eq!(std::fs::read(dir.join(&input)).unwrap(), before, "the input is untouched");
    }
}

#[test]
fn summary_out_into_a_missing_folder_fails_before_any_report() {
    let dir = scratch("out-missing");
    let input = one_example(&dir);
    let out = fixplan_in(&dir, &["eval", "--out", "reports", "--summary-out", "nowhere/s.json", &input], None, None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("does not exist"), "{}", text(&out.stderr));
    let written = std::fs::read_dir(dir.join("reports")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0, "no report was written before the check");
}
