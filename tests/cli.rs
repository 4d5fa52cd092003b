//! The real binary, end to end: exit status, standard output and standard error together.

mod common;

use common::run::{fixplan_in, scratch, text};
use std::process::Output;

fn fixplan(args: &[&str], stdin: Option<&str>) -> Output {
    fixplan_in(&common::root(), args, stdin, None)
}

#[test]
fn eval_json_gives_one_line_per_input_in_the_contract_shape() {
    let out = fixplan(
        &[
            "eval",
            "--format",
            "json",
            "examples/machinekeys_permissions_or_corruption.yaml",
            "examples/udp_transport_failure.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["input"], "examples/machinekeys_permissions_or_corruption.yaml");
    assert_eq!(lines[1]["input"], "examples/udp_transport_failure.yaml");
    for l in &lines {
        let causes = l["causes"].as_array().unwrap();
        let total: f64 = causes.iter().map(|c| c["probability"].as_f64().unwrap()).sum();
        assert!(total <= 1.0 + 1e-6, "probabilities sum to {total}");
        let probs: Vec<f64> = causes.iter().map(|c| c["probability"].as_f64().unwrap()).collect();
        assert!(probs.windows(2).all(|w| w[0] >= w[1]), "causes are most probable first");
        let plan = l["plan"].as_array().unwrap();
        assert!(plan.iter().all(|s| matches!(s["kind"].as_str(), Some("check" | "fix" | "escalate"))));
        assert!(plan.iter().any(|s| s["kind"] == "fix"), "a plan with no fix: {l}");
        assert!(l["warnings"].is_array());
    }
    assert_eq!(lines[0]["causes"][0]["id"], "machinekeys_permissions_or_corruption");
}

#[test]
fn a_batch_goes_on_past_bad_files_and_exits_1() {
    let dir = scratch("batch");
    std::fs::copy(common::root().join("examples/udp_transport_failure.yaml"), dir.join("a_good.yaml")).unwrap();
    std::fs::write(dir.join("b_wrong_type.yaml"), "error_code: 0x904\nport_3389_reachable: maybe\n").unwrap();
    std::fs::write(dir.join("c_syntax.yaml"), "error_code: [0x904\n").unwrap();
    std::fs::write(dir.join("d_list.json"), "[1, 2]").unwrap();
    std::fs::write(dir.join("e_good.json"), r#"{"error_code": "0x904", "extended_error_code": 7, "path": "vpn"}"#)
        .unwrap();
    std::fs::write(dir.join("ignored.txt"), "not a fact file").unwrap();
    let out = fixplan(&["eval", "--format", "json", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5, "one line per fact file, none for ignored.txt");
    assert!(lines[0]["causes"].is_array() && lines[4]["causes"].is_array());
    let err = text(&out.stderr);
    assert!(err.contains("b_wrong_type.yaml:2:1: `port_3389_reachable`: expected true or false"), "{err}");
    assert!(lines[1]["error"].as_str().unwrap().contains("b_wrong_type.yaml:2"));
    assert!(err.contains("c_syntax.yaml"), "{err}");
    assert!(err.contains("d_list.json") && err.contains("a list"), "{err}");
}

#[test]
fn eval_reads_standard_input() {
    let out = fixplan(
        &["eval", "--format", "json", "-"],
        Some("error_code: 0x904\nextended_error_code: 0x7\nudp_disabled_test_result: fixed\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(v["input"], "-");
    assert_eq!(v["causes"][0]["id"], "udp_transport_failure");
}

#[test]
fn unknown_keys_warn_with_the_closest_id() {
    let out = fixplan(&["eval", "--format", "json", "-"], Some("error_code: 0x904\nport_3389_reachble: true\n"));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    let w = v["warnings"][0].as_str().unwrap();
    assert!(w.contains("port_3389_reachble") && w.contains("did you mean `port_3389_reachable`"), "{w}");
}

#[test]
fn hostile_values_never_reach_the_terminal_raw() {
    let out = fixplan(
        &["eval", "-"],
        Some("_meta: { host: \"evil\\e[2J\\e]0;pwned\\a\" }\nerror_code: 0x904\n\"bad\\e[31mkey\": 1\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "control characters leaked: {all:?}");
    assert!(all.contains("evil[2J]0;pwned"));
}

#[test]
fn text_output_has_no_colour_when_piped_and_colour_when_forced() {
    let piped = fixplan(&["eval", "examples/udp_transport_failure.yaml"], None);
    assert!(!text(&piped.stdout).contains('\u{1b}'));
    let forced = fixplan(&["--color", "always", "eval", "examples/udp_transport_failure.yaml"], None);
    assert!(text(&forced.stdout).contains("\u{1b}[1m"));
}

#[test]
fn check_passes_on_the_shipped_knowledge_base() {
    let out = fixplan(&["check"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(" 0 errors"));
}

#[test]
fn check_reports_a_misspelled_fact_in_a_broken_copy() {
    let dir = scratch("broken-kb");
    common::copy_dir(&common::root().join("kb"), &dir.join("kb"));
    common::copy_dir(&common::root().join("rules"), &dir.join("rules"));
    std::fs::write(
        dir.join("rules/zz_typo.rules"),
        "rule typo \"x\"\n  when port_3389_reachble == false\n  then host_asleep_or_offline likely\n",
    )
    .unwrap();
    let out = fixplan(&["--kb", dir.to_str().unwrap(), "check"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stdout);
    assert!(err.contains("rules/zz_typo.rules:2:8"), "{err}");
    assert!(err.contains("did you mean `port_3389_reachable`?"), "{err}");
    // eval refuses to run on a broken knowledge base, with status 2.
    let out = fixplan(&["--kb", dir.to_str().unwrap(), "eval", "examples/udp_transport_failure.yaml"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(fixplan(&["eval"], None).status.code(), Some(2));
    assert_eq!(fixplan(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(fixplan(&["eval", "no/such/file.yaml"], None).status.code(), Some(1));
}

#[test]
fn hostile_fact_files_are_named_and_the_good_one_still_evaluated() {
    let dir = scratch("hostile");
    let deep = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a_deep.yaml", deep.into_bytes()),
        ("b_bomb.yaml", bomb.as_bytes().to_vec()),
        ("c_dup.yaml", b"error_code: 1\nerror_code: 2\n".to_vec()),
        ("d_nan.yaml", b"rdp_cert_days_left: .nan\n".to_vec()),
        ("e_binary.yaml", vec![0xff, 0x00, 0xfe, 0x80, 0x01]),
        ("f_utf16.yaml", vec![0xff, 0xfe, b'e', 0, b'r', 0]),
        ("g_huge_number.json", br#"{"error_code": 123456789012345678901234567890}"#.to_vec()),
        ("h_empty.yaml", Vec::new()),
        ("z_good.yaml", b"error_code: 0x904\nextended_error_code: 0x7\n".to_vec()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let out = fixplan(&["eval", "--format", "json", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (name, _) in &files[..files.len() - 1] {
        assert!(err.contains(name), "{name} is not named in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    let last: serde_json::Value = serde_json::from_str(text(&out.stdout).lines().last().unwrap()).unwrap();
    assert!(last["input"].as_str().unwrap().ends_with("z_good.yaml"));
    assert!(last["causes"].is_array());
}

#[test]
fn people_s_words_are_understood_and_decimal_codes_questioned() {
    let input = "error_code: 904\nextended_error_code: 7\nfails_at: before cert prompt\nrecent_change: Windows Update\npath: Tunnel\n";
    let out = fixplan(&["eval", "--format", "json", "-"], Some(input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("write `0x904`"), "{warnings}");
    let derived_or_known = v.to_string();
    assert!(
        derived_or_known.contains("\"tunnel_or_proxy\"") || derived_or_known.contains("path = tunnel_or_proxy"),
        "alias not applied: {derived_or_known}"
    );
}

#[test]
fn html_is_one_self_contained_page_with_every_value_escaped() {
    let input =
        "_meta: { host: \"<script>alert(1)</script>\" }\nerror_code: 0x904\n\"<img src=x onerror=alert(2)>\": 1\n";
    let out = fixplan(&["eval", "--format", "html", "-", "examples/udp_transport_failure.yaml"], Some(input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    assert_eq!(page.matches("<section class=\"report\" id=\"input-").count(), 2, "one section per input");
    assert!(!page.contains("<script") && !page.contains("<img"), "a hostile value was not escaped");
    assert!(page.contains("&lt;script&gt;alert(1)"));
    assert!(!page.contains("http://") && !page.contains("https://"), "the page loads nothing from the network");
}
