//! The judging criterion: one batch mixing good fact files with many hostile ones (and a JSON
//! Lines file with bad lines). No panic, no hang, exit 1, every bad input named in an error, and
//! every good input still evaluated. Also `ask` and `explain` on hostile files: a clean error.

mod common;
mod hostile_run;

use common::run::scratch;
use hostile_run::run;

const GOOD_LINE: &str = r#"{"error_code": 2308, "extended_error_code": 7, "udp_disabled_test_result": "fixed"}"#;

/// Fills `dir/in` with good examples, the committed hostile corpus and a few generated monsters;
/// returns (good names, bad names) as the batch names them (`in/NAME`).
fn fill(dir: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for example in common::examples().iter().take(5) {
        let name = example.file_name().unwrap().to_string_lossy().to_string();
        std::fs::copy(example, input.join(&name)).unwrap();
        good.push(format!("in/{name}"));
    }
    let corpus = common::root().join("tests/cases/hostile/facts");
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        std::fs::copy(&path, input.join(&name)).unwrap();
        if name.starts_with("ok_") { &mut good } else { &mut bad }.push(format!("in/{name}"));
    }
    let n = 100_000;
    let generated: Vec<(&str, Vec<u8>)> = vec![
        ("zz_deep_flow.yaml", format!("error_code: {}{}\n", "[".repeat(n), "]".repeat(n)).into_bytes()),
        ("zz_deep.json", format!("{{\"a\": {}{}}}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        ("zz_key_1mb.json", format!("{{\"{}\": 1}}", "k".repeat(1 << 20)).into_bytes()),
        ("zz_17mb.yaml", {
            let mut b = b"error_code: 0x904\n".to_vec();
            b.resize(17 << 20, b'\n');
            b
        }),
    ];
    for (name, bytes) in generated {
        std::fs::write(input.join(name), bytes).unwrap();
        bad.push(format!("in/{name}"));
    }
    good.sort();
    bad.sort();
    (good, bad)
}

fn jsonl(dir: &std::path::Path) -> (String, Vec<(usize, bool)>) {
    let lines: Vec<(String, bool)> = vec![
        (GOOD_LINE.to_string(), true),
        ("not json at all".into(), false),
        ("[1, 2]".into(), false),
        (r#"{"error_code": 2308} trailing"#.into(), false),
        (String::new(), true), // blank: skipped, not an input
        (r#"{"path": "carrier_pigeon"}"#.into(), false),
        (format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)), false),
        (format!("{{\"{}\": 1}}", "k".repeat(1 << 20)), false),
        (r#"{"error_code": 2308, "error_code": 2308}"#.into(), false),
        (GOOD_LINE.to_string(), true),
    ];
    let mut text = lines.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join("\n").into_bytes();
    text.extend_from_slice(b"\n{\"path\": \"vpn\xff\"}\n"); // a line that is not UTF-8
    std::fs::write(dir.join("lines.jsonl"), text).unwrap();
    let mut expect: Vec<(usize, bool)> =
        lines.iter().enumerate().filter(|(_, (l, _))| !l.is_empty()).map(|(i, (_, ok))| (i + 1, *ok)).collect();
    expect.push((lines.len() + 1, false));
    ("lines.jsonl".into(), expect)
}

#[test]
fn a_batch_of_hostile_files_names_every_bad_one_and_evaluates_every_good_one() {
    let dir = scratch("hostile-batch");
    let (good, bad) = fill(&dir);
    let (lines_file, lines) = jsonl(&dir);
    assert!(bad.len() >= 60 && good.len() >= 10, "{} bad, {} good", bad.len(), good.len());

    let ran = run(&dir, &["eval", "--format", "json", "in", &lines_file]);
    assert_eq!(ran.status, Some(1), "{}", ran.stderr);
    let out: Vec<serde_json::Value> =
        ran.stdout.lines().map(|l| serde_json::from_str(l).expect("every output line is JSON")).collect();
    assert_eq!(out.len(), good.len() + bad.len() + lines.len(), "one line per input");
    let by_input =
        |name: &str| out.iter().find(|v| v["input"] == name).unwrap_or_else(|| panic!("{name} in the output"));
    for name in &good {
        let v = by_input(name);
        assert!(v["causes"].as_array().is_some_and(|c| !c.is_empty()), "{name} evaluated: {v}");
    }
    for name in &bad {
        let v = by_input(name);
        assert!(v["error"].as_str().is_some_and(|e| e.starts_with(name.as_str())), "{name}: {v}");
        assert!(ran.stderr.contains(&format!("error: {name}")), "{name} named on stderr");
    }
    for (line, ok) in &lines {
        let name = format!("{lines_file}:{line}");
        let v = by_input(&name);
        match ok {
            true => assert!(v["causes"].is_array(), "{name} evaluated: {v}"),
            false => assert!(ran.stderr.contains(&format!("error: {name}")), "{name} named: {v}"),
        }
    }

    // The report a person reads: every good file's report is there, after the bad ones.
    let ran = run(&dir, &["eval", "in", &lines_file]);
    assert_eq!(ran.status, Some(1));
    for name in &good {
        assert!(ran.stdout.contains(&format!("fixplan: {name}")), "report for {name}");
    }
    for name in &bad {
        assert!(ran.stderr.contains(&format!("error: {name}")), "{name} named");
    }
}

#[test]
fn ask_and_explain_refuse_hostile_files_cleanly() {
    let corpus = common::root().join("tests/cases/hostile/facts");
    let names = [
        "utf16le_bom.yaml",
        "yaml_alias_bomb.yaml",
        "top_list.json",
        "binary_png_header.yaml",
        "json_trailing_garbage.json",
        "duplicate_key.yaml",
        "enum_control_chars.yaml",
        "empty.yaml",
    ];
    for name in names {
        for args in [
            vec!["ask", "--facts", name],
            vec!["ask", "--json", "--facts", name],
            vec!["ask", "--resume", name],
            vec!["explain", name],
        ] {
            let ran = run(&corpus, &args);
            // `explain` reads a fact file as `eval` does: a file that does not load is a finding
            // (1); `ask` cannot start without its facts (2).
            let expected = if args[0] == "explain" { 1 } else { 2 };
            assert_eq!(ran.status, Some(expected), "`fixplan {}`: {}", args.join(" "), ran.stderr);
            assert!(ran.stderr.contains(name), "`fixplan {}` names the file: {}", args.join(" "), ran.stderr);
            assert!(!ran.stderr.contains('\u{1b}'), "no escape reaches the terminal");
        }
    }
}

/// A directory may hold what is not a file: a pipe named `*.yaml` (reading it would wait for a
/// writer forever), links in a loop, a broken link, and a link back up to the directory itself
/// (following it would never end). Each is named and skipped; the good file is evaluated.
#[cfg(unix)]
#[test]
fn a_directory_with_pipes_and_link_loops_neither_hangs_nor_loses_the_good_file() {
    use std::os::unix::fs::symlink;
    let dir = scratch("hostile-dir");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(&common::examples()[0], input.join("good.yaml")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(input.join("pipe.yaml")).status().unwrap();
    assert!(fifo.success());
    symlink("loop_b.yaml", input.join("loop_a.yaml")).unwrap();
    symlink("loop_a.yaml", input.join("loop_b.yaml")).unwrap();
    symlink("/nonexistent/fixplan", input.join("broken.yaml")).unwrap();
    symlink(".", input.join("self")).unwrap();
    let ran = run(&dir, &["eval", "--format", "json", "--no-summary", "in"]);
    assert_eq!(ran.status, Some(1), "{}", ran.stderr);
    for name in ["broken.yaml", "loop_a.yaml", "loop_b.yaml", "pipe.yaml"] {
        assert!(ran.stderr.contains(&format!("error: in/{name}: not a regular file")), "{name}: {}", ran.stderr);
    }
    let out: Vec<serde_json::Value> = ran.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out.len(), 1, "only the good file is read, once: {}", ran.stdout);
    assert_eq!(out[0]["input"], "in/good.yaml");
}

/// A bad line of a JSON Lines file is named `FILE:LINE:COLUMN`, read as JSON only, and its
/// message speaks of the line.
#[test]
fn bad_json_lines_are_named_by_line_and_column() {
    let dir = scratch("hostile-jsonl");
    let text = "{\"error_code\": 2308}\n[1, 2]\n42\n{\"error_code\": \"x\"}\nerror_code: 2308\n\n{}\n";
    std::fs::write(dir.join("fleet.jsonl"), text).unwrap();
    let ran = run(&dir, &["eval", "--no-plan", "--format", "json", "fleet.jsonl"]);
    let lines: Vec<serde_json::Value> = ran.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let inputs: Vec<String> = lines
        .iter()
        .map(|v| {
            format!("{} {}", v["input"].as_str().unwrap(), if v["error"].is_string() { "error" } else { "evaluated" })
        })
        .collect();
    insta::assert_snapshot!(format!("status: {:?}\n{}\n--- stderr\n{}", ran.status, inputs.join("\n"), ran.stderr));
}

/// `eval --out DIR` where a folder already has a report's name: the report takes the next free
/// name and the batch goes on (it used to stop at the first such name).
#[test]
fn a_folder_at_a_report_name_does_not_stop_the_batch() {
    let dir = scratch("hostile-outdir");
    std::fs::copy(&common::examples()[0], dir.join("a.yaml")).unwrap();
    std::fs::copy(&common::examples()[1], dir.join("b.yaml")).unwrap();
    std::fs::create_dir_all(dir.join("out/a.yaml.txt")).unwrap();
    let ran = run(&dir, &["eval", "--out", "out", "a.yaml", "b.yaml"]);
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
    assert!(dir.join("out/a.yaml.txt").is_dir(), "the folder is left alone");
    assert!(dir.join("out/a.yaml-2.txt").is_file() && dir.join("out/b.yaml.txt").is_file());
}

/// A NUL in a JSON Lines line is placed as every other problem of a line: `FILE:LINE:COLUMN`.
#[test]
fn a_nul_in_a_json_lines_line_is_placed_by_line_and_column() {
    let dir = scratch("hostile-jsonl-nul");
    std::fs::write(dir.join("fleet.jsonl"), "{\"error_code\": 2308}\n{\"error_code\": \0}\n").unwrap();
    let ran = run(&dir, &["eval", "--no-plan", "--format", "json", "fleet.jsonl"]);
    assert_eq!(ran.status, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains("error: fleet.jsonl:2:16: the line holds NUL bytes"), "{}", ran.stderr);
}
