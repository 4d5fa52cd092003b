//! `fixplan eval` over batches: parallel output against the library's sequential evaluation,
//! JSON Lines inputs, broken inputs amid good ones, `--out DIR`, and the fleet summary.

mod common;

use common::run::{fixplan_in, scratch, text};
use std::path::Path;
use std::process::Output;

fn fixplan(args: &[&str]) -> Output {
    fixplan_in(&common::root(), args, None, None)
}

/// The example fact files as the batch names them, relative to the project root.
fn example_names() -> Vec<String> {
    common::examples().iter().map(|p| format!("examples/{}", p.file_name().unwrap().to_string_lossy())).collect()
}

/// What the library's sequential `report()` gives for one example, as a JSON line.
fn sequential(name: &str) -> String {
    let text = std::fs::read_to_string(common::root().join(name)).unwrap();
    let report = fixplan::batch::report(common::program(), name, &text, false, true).expect("the examples load");
    serde_json::to_string(&report).unwrap()
}

/// Each example as one line of JSON (YAML read into JSON values).
fn examples_as_jsonl() -> Vec<String> {
    common::examples()
        .iter()
        .map(|p| {
            let v: serde_json::Value = serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            serde_json::to_string(&v).unwrap()
        })
        .collect()
}

fn without_input(line: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
    v.as_object_mut().unwrap().remove("input");
    v
}

#[test]
fn parallel_output_equals_sequential_evaluation_in_input_order() {
    let names = example_names();
    let want: Vec<String> = names.iter().map(|n| sequential(n)).collect();
    for threads in ["1", "4"] {
        let out = fixplan_in(&common::root(), &["eval", "--format", "json", "examples"], None, Some(threads));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let got: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "with RAYON_NUM_THREADS={threads}");
        }
    }
}

#[test]
fn json_lines_inputs_are_evaluated_like_the_files_and_named_file_line() {
    let dir = scratch("batch-jsonl");
    let lines = examples_as_jsonl();
    // A blank line is skipped but counted, so names match the line numbers an editor shows.
    let mut body = lines[..2].join("\n") + "\n\n" + &lines[2..].join("\n") + "\n";
    body.push_str("{\"error_code\": \"not a number\"}\n");
    std::fs::write(dir.join("fleet.jsonl"), &body).unwrap();
    let out = fixplan_in(&dir, &["eval", "--format", "json", "fleet.jsonl"], None, Some("4"));
    assert_eq!(out.status.code(), Some(1), "the bad last line makes the batch exit 1");
    let got: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(got.len(), lines.len() + 1);
    for (i, name) in example_names().iter().enumerate() {
        let line_no = if i < 2 { i + 1 } else { i + 2 };
        let v: serde_json::Value = serde_json::from_str(got[i]).unwrap();
        assert_eq!(v["input"], format!("fleet.jsonl:{line_no}"));
        assert_eq!(without_input(got[i]), without_input(&sequential(name)), "line {line_no} ({name})");
    }
    let last: serde_json::Value = serde_json::from_str(got[lines.len()]).unwrap();
    let bad = format!("fleet.jsonl:{}", lines.len() + 2);
    assert_eq!(last["input"], bad.as_str());
    assert!(text(&out.stderr).contains(&bad), "{}", text(&out.stderr));

    // The same lines on standard input with --jsonl are named `-:LINE`.
    let out = fixplan_in(&dir, &["eval", "--format", "json", "--jsonl", "-"], Some(&lines[..3].join("\n")), None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(got.iter().map(|v| v["input"].as_str().unwrap()).collect::<Vec<_>>(), ["-:1", "-:2", "-:3"]);
}

#[test]
fn broken_inputs_are_named_and_every_good_one_evaluated() {
    let dir = scratch("batch-broken");
    let names = example_names();
    for n in &names[..6] {
        std::fs::copy(common::root().join(n), dir.join(Path::new(n).file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.join("b_bad_yaml.yaml"), "error_code: [0x904\n").unwrap();
    std::fs::write(dir.join("c_bad_type.yaml"), "port_3389_reachable: maybe-not\n").unwrap();
    std::fs::write(dir.join("d_not_utf8.json"), b"{\"x\": \"\xff\"}").unwrap();
    let lines = examples_as_jsonl();
    std::fs::write(dir.join("fleet.jsonl"), format!("{}\n{{\"error_code\": \n{}\n", lines[0], lines[1])).unwrap();
    let out = fixplan_in(&dir, &["eval", "--format", "json", ".", "fleet.jsonl", "missing.yaml"], None, None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for bad in ["b_bad_yaml.yaml", "c_bad_type.yaml", "d_not_utf8.json", "fleet.jsonl:2", "missing.yaml"] {
        assert!(stderr.contains(bad), "{bad} is not named in:\n{stderr}");
    }
    let got: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let errors: Vec<&str> =
        got.iter().filter(|v| v.get("error").is_some()).map(|v| v["input"].as_str().unwrap()).collect();
    assert_eq!(errors, ["./b_bad_yaml.yaml", "./c_bad_type.yaml", "./d_not_utf8.json", "fleet.jsonl:2"]);
    let good = got.iter().filter(|v| v.get("causes").is_some()).count();
    assert_eq!(good, 6 + 2, "every good file and line is evaluated");

    // The text summary names them too.
    let out = fixplan_in(&dir, &["eval", ".", "fleet.jsonl"], None, None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let summary = &stdout[stdout.rfind("Fleet summary").expect("a summary follows a batch")..];
    assert!(summary.starts_with("Fleet summary: 12 inputs, 8 evaluated, 4 failed to load"), "{summary}");
    assert!(summary.contains("  fleet.jsonl:2\n") && summary.contains("  ./c_bad_type.yaml\n"), "{summary}");
}

#[test]
fn no_plan_keeps_the_causes_and_empties_the_plan() {
    let with = fixplan(&["eval", "--format", "json", "examples"]);
    let without = fixplan(&["eval", "--format", "json", "--no-plan", "examples"]);
    assert_eq!(without.status.code(), Some(0));
    let (a, b) = (text(&with.stdout), text(&without.stdout));
    assert_eq!(a.lines().count(), b.lines().count());
    for (x, y) in a.lines().zip(b.lines()) {
        let (x, y): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(x).unwrap(), serde_json::from_str(y).unwrap());
        assert_eq!(x["causes"], y["causes"]);
        assert_eq!(y["plan"], serde_json::json!([]));
    }
}

#[test]
fn out_dir_writes_one_report_per_input_and_the_summary_never_over_an_input() {
    let dir = scratch("batch-out");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    let udp = std::fs::read_to_string(common::root().join("examples/udp_transport_failure.yaml")).unwrap();
    std::fs::write(dir.join("a/b.yaml"), &udp).unwrap();
    // `a_b.yaml` and `a/b.yaml` both sanitise to `a_b.yaml`: the second report gets a suffix.
    std::fs::write(dir.join("a_b.yaml"), &udp).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    // An input that sits where a report would go: `x.json` gives `out/x.json.json`.
    std::fs::write(dir.join("x.json"), "{\"error_code\": 2308}").unwrap();
    std::fs::write(dir.join("out/x.json.json"), "{\"error_code\": 2308, \"path\": \"vpn\"}").unwrap();
    std::fs::write(dir.join("bad.yaml"), "error_code: [\n").unwrap();
    // An input where the summary would go: the summary takes the next free name.
    std::fs::write(dir.join("out/summary.json"), "{\"error_code\": 2308}").unwrap();
    let inputs = ["a/b.yaml", "a_b.yaml", "x.json", "out/x.json.json", "bad.yaml", "out/summary.json"];
    let args: Vec<&str> = ["eval", "--format", "json", "--out", "out"].into_iter().chain(inputs).collect();
    let out = fixplan_in(&dir, &args, None, None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let input = std::fs::read_to_string(dir.join("out/x.json.json")).unwrap();
    assert_eq!(input, "{\"error_code\": 2308, \"path\": \"vpn\"}", "an input was overwritten");
    let input = std::fs::read_to_string(dir.join("out/summary.json")).unwrap();
    assert_eq!(input, "{\"error_code\": 2308}", "an input was overwritten by the summary");
    let mut files: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "a_b.yaml-2.json",
            "a_b.yaml.json",
            "bad.yaml.json",
            "out_summary.json.json",
            "out_x.json.json.json",
            "summary-2.json",
            "summary.json",
            "x.json-2.json",
            "x.json.json"
        ],
        "no temporary files are left"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/a_b.yaml-2.json")).unwrap()).unwrap();
    assert_eq!(report["input"], "a_b.yaml");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/x.json-2.json")).unwrap()).unwrap();
    assert_eq!(report["input"], "x.json");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary-2.json")).unwrap()).unwrap();
    assert_eq!((summary["inputs"].as_u64(), summary["failed"].as_u64()), (Some(6), Some(1)));
    assert_eq!(summary["failed_inputs"], serde_json::json!(["bad.yaml"]));
}

#[test]
fn json_lines_output_has_no_summary_unless_written_to_a_file() {
    let dir = scratch("batch-summary-out");
    let path = dir.join("summary.json");
    let out = fixplan(&["eval", "--format", "json", "--summary-out", path.to_str().unwrap(), "examples"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout)
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).unwrap().get("input").is_some()));
    let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let n = example_names().len() as u64;
    assert_eq!(s["inputs"].as_u64(), Some(n));
    let causes: u64 = s["causes"].as_array().unwrap().iter().map(|c| c["inputs"].as_u64().unwrap()).sum();
    assert_eq!(causes + s["no_cause"].as_u64().unwrap(), n, "every evaluated input has one top cause or none");
}

#[test]
fn fleet_summary_of_the_examples() {
    let dir = scratch("batch-summary-snap");
    let txt = dir.join("s.txt");
    let md = dir.join("s.md");
    for p in [&txt, &md] {
        let out = fixplan(&["eval", "--format", "json", "--summary-out", p.to_str().unwrap(), "examples"]);
        assert_eq!(out.status.code(), Some(0));
    }
    insta::assert_snapshot!("fleet_summary_text", std::fs::read_to_string(&txt).unwrap());
    insta::assert_snapshot!("fleet_summary_markdown", std::fs::read_to_string(&md).unwrap());
    // One input has no summary unless asked; --no-summary drops it from a batch.
    let one = text(&fixplan(&["eval", "examples/udp_transport_failure.yaml"]).stdout);
    assert!(!one.contains("Fleet summary"));
    let asked = text(&fixplan(&["eval", "--summary", "examples/udp_transport_failure.yaml"]).stdout);
    assert!(asked.contains("Fleet summary: 1 input, 1 evaluated, 0 failed to load"));
    let dropped = text(&fixplan(&["eval", "--no-summary", "examples"]).stdout);
    assert!(!dropped.contains("Fleet summary"));
}

#[test]
fn a_large_html_page_keeps_the_first_plans_and_counts_the_rest() {
    let dir = scratch("batch-html-cap");
    let n = fixplan::batch::MAX_HTML_SECTIONS as usize + 2;
    std::fs::write(dir.join("many.jsonl"), "{\"error_code\": 2308}\n".repeat(n)).unwrap();
    let out = fixplan_in(&dir, &["eval", "--format", "html", "--no-plan", "many.jsonl"], None, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert_eq!(page.matches("<section class=\"report\" id=\"input-").count(), n - 2);
    assert!(page.contains(&format!("{n} inputs, {n} evaluated")), "the summary counts every input");
    assert!(page.contains("; 2 more are counted here but not shown"), "the page says what it left out");
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn a_json_lines_line_over_the_fact_file_limit_fails_alone() {
    let dir = scratch("batch-long-line");
    let long = format!("{{\"_meta\": {{\"note\": \"{}\"}}}}", "x".repeat(fixplan::facts::MAX_FILE_BYTES));
    std::fs::write(dir.join("f.jsonl"), format!("{{\"error_code\": 2308}}\n{long}\n{{\"error_code\": 2308}}\n"))
        .unwrap();
    let out = fixplan_in(&dir, &["eval", "--format", "json", "--no-plan", "f.jsonl"], None, None);
    assert_eq!(out.status.code(), Some(1));
    let got: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let names: Vec<&str> = got.iter().map(|v| v["input"].as_str().unwrap()).collect();
    assert_eq!(names, ["f.jsonl:1", "f.jsonl:2", "f.jsonl:3"]);
    assert!(got[1]["error"].as_str().unwrap().contains("longer than"), "{}", got[1]);
    assert!(got[0].get("causes").is_some() && got[2].get("causes").is_some());
}
