//! The corpus of bad fact files (tests/cases/hostile/facts/, and the big ones generated here):
//! each one through the real binary, with the message and the exit status in a snapshot. Every
//! message names the file and the place and says what to do; nothing panics or hangs.

mod common;
mod hostile_run;

use common::run::scratch;
use hostile_run::{run, transcript};
use std::path::Path;

fn corpus() -> std::path::PathBuf {
    common::root().join("tests/cases/hostile/facts")
}

/// `fixplan eval NAME` in `dir`, snapshotted as `facts@NAME`. A file named `ok_*` must be
/// evaluated (exit 0); every other must be refused (exit 1) with its name in the error.
fn check(dir: &Path, name: &str) {
    let args = ["eval", name];
    let ran = run(dir, &args);
    if name.starts_with("ok_") {
        assert_eq!(ran.status, Some(0), "{name} is accepted: {}", ran.stderr);
        assert!(ran.stdout.starts_with(&format!("fixplan: {name}")), "{name}: {}", ran.stdout);
    } else {
        assert_eq!(ran.status, Some(1), "{name} is refused: {}", ran.stderr);
        assert!(ran.stderr.starts_with(&format!("error: {name}")), "{name} is named: {}", ran.stderr);
        assert!(ran.stdout.is_empty(), "{name}: no report for a refused file");
    }
    insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => true }, {
        insta::assert_snapshot!("facts", transcript(&args, &ran, 3));
    });
}

#[test]
fn every_committed_hostile_fact_file_gives_a_clear_message() {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .expect("the corpus exists")
        .map(|e| e.expect("readable entry").file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 60, "the corpus holds {} files", names.len());
    for name in &names {
        check(&corpus(), name);
    }
}

/// Alias bombs, deep nesting, huge keys, values and files: written to a scratch folder by the
/// test (never committed), named relative to it so that snapshots do not hold the temp path.
#[test]
fn generated_big_and_deep_fact_files_hit_a_named_limit() {
    let dir = scratch("hostile-big");
    let n = 100_000;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("deep_flow_100000.yaml", format!("error_code: {}{}\n", "[".repeat(n), "]".repeat(n)).into_bytes()),
        ("deep_flow_map_100000.yaml", format!("a: {}1{}\n", "{a: ".repeat(n), "}".repeat(n)).into_bytes()),
        ("deep_block_seq_100000.yaml", format!("error_code: 0x904\nx:\n  {}1\n", "- ".repeat(n)).into_bytes()),
        // Block mappings indented one more space per level: 100 000 levels need 5 GB, so the
        // size limit answers long before any parser.
        (
            "deep_block_map_100000.yaml",
            (0..6000).map(|i| format!("{}a{i}:\n", " ".repeat(i))).collect::<String>().into_bytes(),
        ),
        ("deep_100000.json", format!("{{\"a\": {}{}}}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (
            "ok_deep_brackets_in_a_string.json",
            format!("{{\"error_code\": 2308, \"_meta\": {{\"note\": \"{}\"}}}}", "[".repeat(60_000)).into_bytes(),
        ),
        ("key_1mb.yaml", format!("{}: 1\n", "k".repeat(1 << 20)).into_bytes()),
        ("key_1mb_explicit.yaml", format!("? {}\n: 1\n", "k".repeat(1 << 20)).into_bytes()),
        ("key_1mb.json", format!("{{\"{}\": 1}}", "k".repeat(1 << 20)).into_bytes()),
        ("value_1mb.yaml", format!("error_code: 0x904\npath: \"{}\"\n", "v".repeat(1 << 20)).into_bytes()),
        (
            "value_1mb_meta.json",
            format!("{{\"error_code\": 2308, \"_meta\": {{\"note\": \"{}\"}}}}", "v".repeat(1 << 20)).into_bytes(),
        ),
        ("value_64k_plus_1.yaml", format!("error_code: 0x904\n_meta: {{note: {}}}\n", "v".repeat(65_537)).into_bytes()),
        ("ok_value_64k.yaml", format!("error_code: 0x904\n_meta: {{note: {}}}\n", "v".repeat(65_536)).into_bytes()),
        ("ok_long_comment_line_5mb.yaml", format!("error_code: 0x904 # {}\n", "#".repeat(5 << 20)).into_bytes()),
        ("facts_10001.yaml", (0..10_001).map(|i| format!("f{i}: 1\n")).collect::<String>().into_bytes()),
        (
            "facts_10001_nested.yaml",
            format!("x:\n{}", (0..10_001).map(|i| format!("  f{i}: 1\n")).collect::<String>()).into_bytes(),
        ),
        // An apostrophe in a plain value once made the bracket scan think a quote had opened.
        (
            "deep_flow_after_an_apostrophe.yaml",
            format!("note: it's\nerror_code: {}{}\n", "[".repeat(n), "]".repeat(n)).into_bytes(),
        ),
        // One anchor of 10 000 items replayed 5 000 times: 50 million values from 34 KB.
        (
            "alias_amplification_34kb.yaml",
            format!(
                "_meta:\n  a: &a [{}]\n  b: [{}]\nerror_code: 0x904\n",
                vec!["1"; 10_000].join(","),
                vec!["*a"; 5_000].join(",")
            )
            .into_bytes(),
        ),
        // 16 MiB of a flow list: refused by the parser's budget, not built in memory.
        ("flow_list_16mib.yaml", format!("_meta: [{}]\n", "1,".repeat(8 * 1024 * 1024 - 8)).into_bytes()),
        (
            "ok_list_of_200000_events.yaml",
            format!("error_code: 0x904\nserver_events: [{}]\n", vec!["1"; 200_000].join(", ")).into_bytes(),
        ),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.join(name), bytes).unwrap();
        check(&dir, name);
    }
    // 100 MB of valid YAML: refused by its size before it is read whole.
    let mut big = b"error_code: 0x904\n".to_vec();
    big.resize(100 * 1024 * 1024, b'\n');
    std::fs::write(dir.join("file_100mb.yaml"), &big).unwrap();
    drop(big);
    check(&dir, "file_100mb.yaml");
}

/// A YAML merge key is applied (its facts count), never dropped as an unknown fact `<<.path`.
#[test]
fn a_merge_key_is_applied() {
    let ran = run(&corpus(), &["eval", "ok_merge_key.yaml", "--format", "json"]);
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).expect("a JSON report");
    assert_eq!(report["warnings"], serde_json::json!([]), "no unknown fact `<<.path`");
    let merged = serde_json::json!({"id": "path", "value": "vpn", "derived": false});
    let used = report["causes"].as_array().unwrap().iter().flat_map(|c| c["evidence"].as_array().unwrap());
    assert!(used.flat_map(|e| e["facts"].as_array().unwrap()).any(|f| *f == merged), "{}", ran.stdout);
}
