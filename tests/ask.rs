//! `fixplan ask` end to end: scripted sessions through `--json` and plain standard input
//! (transcripts snapshotted), a real pseudo-terminal, `--facts`, and a session killed half-way
//! and resumed with no answer lost.

mod common;

use serde_json::Value as J;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn ask(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .arg("ask")
        .args(args)
        .current_dir(common::root())
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fixplan-ask-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn lines(out: &Output) -> Vec<J> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("every line is JSON")).collect()
}

/// A readable digest of a `--json` transcript: one line per message.
fn digest(messages: &[J]) -> String {
    let mut out = String::new();
    for m in messages {
        let line = match m["type"].as_str().unwrap_or("?") {
            "question" => format!(
                "question {} `{}` ({}{}) saving {} min; leading {}",
                m["number"],
                m["fact"].as_str().unwrap(),
                m["answer_type"].as_str().unwrap(),
                m.get("choices").map_or(String::new(), |c| format!(": {}", c)),
                m["saving_minutes"],
                m["leading"][0]["id"].as_str().unwrap_or("-")
            ),
            "why" => format!("why: {}", m["text"].as_str().unwrap().lines().next().unwrap()),
            "error" => format!("error: {}", m["message"].as_str().unwrap()),
            "result" => format!(
                "result after {} question(s): top {}; first step {} `{}`",
                m["questions_asked"],
                m["causes"][0]["id"].as_str().unwrap(),
                m["plan"][0]["kind"].as_str().unwrap(),
                m["plan"][0]["id"].as_str().unwrap_or("-")
            ),
            "outcome_question" => format!(
                "outcome question: fix steps {}",
                m["steps"].as_array().unwrap().iter().map(|s| s["number"].to_string()).collect::<Vec<_>>().join(", ")
            ),
            other => format!("unexpected message type {other}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn json_protocol_with_why_back_unknown_and_invalid_answers() {
    let input = [
        r#"{"answer": "Immediately"}"#,
        r#"{"command": "why"}"#,
        r#"not json"#,
        r#"{"command": "dance"}"#,
        r#"{"answer": false}"#,
        r#"{"answer": "perhaps"}"#,
        r#"{"answer": null}"#,
        r#"{"answer": "After Credentials"}"#,
        r#"{"command": "back"}"#,
        r#"{"answer": "immediately"}"#,
        r#"{"command": "stop"}"#,
    ]
    .join("\n");
    let out = ask(&["--json", "--outcome"], &input);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let messages = lines(&out);
    for m in messages.iter().filter(|m| m["type"] == "question") {
        assert!(!m["text"].as_str().unwrap().is_empty() && !m["help"].as_str().unwrap().is_empty());
        assert_eq!(m["answer_type"] == "enum", m.get("choices").is_some(), "choices only for enums: {m}");
    }
    // After `stop` the input goes on, so "which step fixed it?" follows the result (the end of
    // input then skips it).
    let (result, outcome) = (&messages[messages.len() - 2], messages.last().unwrap());
    assert_eq!(result["type"], "result");
    assert_eq!(outcome["type"], "outcome_question");
    // The result carries the same fields as an `eval --format json` line.
    for key in ["input", "causes", "plan", "warnings", "ruled_out", "missing_facts"] {
        assert!(result.get(key).is_some(), "result lacks `{key}`");
    }
    insta::assert_snapshot!(digest(&messages));
}

#[test]
fn end_of_input_gives_the_result() {
    let out = ask(&["--json"], "");
    let messages = lines(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(messages.len(), 2, "one question, then the result");
    assert_eq!(messages[1]["type"], "result");
    assert_eq!(messages[1]["questions_asked"], 0);
}

#[test]
fn plain_standard_input_transcript() {
    let dir = scratch("plain");
    let session = dir.join("s.yaml");
    let input = "no\nwhy\nsoon\n?\n2\nhelp\nback\nmaybe\n1\nplan\nquit\n";
    let out = ask(&["--session", session.to_str().unwrap(), "--color", "never"], input);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).replace(session.to_str().unwrap(), "SESSION");
    assert!(!text.contains('\x1b'), "no colour when it is not asked for");
    insta::assert_snapshot!(text);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn facts_file_answers_are_not_asked_again_and_the_session_file_is_a_fact_file() {
    let dir = scratch("facts");
    let session = dir.join("s.yaml");
    let facts = "examples/udp_transport_failure__helpdesk.yaml";
    let out = ask(
        &["--json", "--facts", facts, "--session", session.to_str().unwrap()],
        "{\"answer\": null}\n{\"answer\": null}\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let given = common::load(&common::root().join(facts));
    let p = common::program();
    for m in lines(&out).iter().filter(|m| m["type"] == "question") {
        let f = p.kb.fact_index(m["fact"].as_str().unwrap()).unwrap();
        assert!(given.values[f].is_none(), "asked `{}`, which the facts file gives", m["fact"]);
    }
    // `eval` reads the session file as it is, and sees the starting facts in it.
    let eval = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(["eval", "--format", "json", session.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(eval.status.code(), Some(0), "{}", String::from_utf8_lossy(&eval.stderr));
    let report: J = serde_json::from_slice(&eval.stdout).unwrap();
    let expected = given.meta["expected_cause"].as_str().unwrap();
    assert_eq!(report["causes"][0]["id"], expected);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_question_once_the_leading_cause_is_likely_enough() {
    // The example's facts put its cause at 98%, past `settings.ask_confident_at` (0.6).
    let facts = "examples/machinekeys_permissions_or_corruption.yaml";
    let out = ask(&["--json", "--facts", facts], "");
    let messages = lines(&out);
    assert_eq!(messages.len(), 1, "only the result: {messages:?}");
    let out = ask(&["--json", "--outcome", "--facts", facts], "");
    let with = lines(&out);
    assert_eq!(with.len(), 2, "the result, then which step fixed it: {with:?}");
    assert_eq!(with[1]["type"], "outcome_question");
    assert_eq!(messages[0]["questions_asked"], 0);
    assert_eq!(messages[0]["causes"][0]["id"], "machinekeys_permissions_or_corruption");
    let dir = scratch("confident");
    let session = dir.join("s.yaml");
    let out = ask(&["--facts", facts, "--session", session.to_str().unwrap(), "--color", "never"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("`machinekeys_permissions_or_corruption` leads at 98%, enough to start on the plan"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_follow_up_question_waits_until_what_it_follows_up_is_known() {
    // Answering "don't know" to everything: no follow-up (`ask_if`) is asked, since what each
    // follows up stays unknown.
    let follow_ups: Vec<&str> = {
        let p = common::program();
        p.kb.facts.iter().enumerate().filter(|&(f, _)| p.ask_if[f].is_some()).map(|(_, x)| x.id.as_str()).collect()
    };
    assert!(follow_ups.contains(&"cert_warning_names_other_host"), "{follow_ups:?}");
    let unknowns = vec![r#"{"answer": null}"#; 100].join("\n");
    let asked = |out: &Output| -> Vec<String> {
        lines(out).iter().filter(|m| m["type"] == "question").map(|m| m["fact"].as_str().unwrap().to_string()).collect()
    };
    let out = ask(&["--json"], &unknowns);
    let first = asked(&out);
    assert!(first.len() > 3, "{first:?}");
    for f in &follow_ups {
        assert!(!first.iter().any(|q| q == f), "`{f}` was asked before what it follows up was known: {first:?}");
    }
    // Once the warning is known to have appeared, asking what it names makes sense.
    let dir = scratch("follow-up");
    let facts = dir.join("f.yaml");
    std::fs::write(&facts, "error_code: 0x904\nextended_error_code: 0x7\ncert_warning_shown: true\n").unwrap();
    let out = ask(&["--json", "--facts", facts.to_str().unwrap()], &unknowns);
    let second = asked(&out);
    assert!(second.iter().any(|q| q == "cert_warning_names_other_host"), "{second:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_follow_up_answered_against_what_it_presupposes_is_a_warning() {
    let dir = scratch("follow-up-conflict");
    let facts = dir.join("f.yaml");
    std::fs::write(&facts, "error_code: 0x904\ncert_warning_shown: false\ncert_warning_names_other_host: true\n")
        .unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_fixplan")).args(["eval", "--format", "json"]).arg(&facts).output().unwrap();
    let report: J = serde_json::from_slice(&out.stdout).unwrap();
    let warnings: Vec<&str> = report["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert_eq!(
        warnings,
        ["`cert_warning_names_other_host` was reported as yes, but its question presupposes `cert_warning_shown`, which does not hold; both are kept, check them"]
    );
    // Both answers still count as evidence.
    let text = report.to_string();
    assert!(text.contains(r#""id":"cert_warning_names_other_host","value":"yes""#), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Reads `fixplan ask` output line by line until `pred` holds for a line.
fn read_until(r: &mut impl BufRead, pred: impl Fn(&str) -> bool) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let mut l = String::new();
        if r.read_line(&mut l).unwrap() == 0 {
            panic!("output ended before the expected line; seen:\n{}", seen.join(""));
        }
        let hit = pred(&l);
        seen.push(l);
        if hit {
            return seen;
        }
    }
}

fn answered(session: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(session).unwrap();
    let incident = fixplan::facts::load("s.yaml", &text, &common::program().kb).unwrap();
    incident.meta["ask"]["answered"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

/// Some valid answer to a question of the protocol.
fn valid_answer(q: &J) -> J {
    match q["answer_type"].as_str().unwrap() {
        "bool" => J::Bool(false),
        "enum" => q["choices"][0].clone(),
        "list" => serde_json::json!([]),
        "string" => J::String("x".into()),
        _ => J::from(1),
    }
}

#[test]
fn a_killed_session_resumes_with_no_answer_lost() {
    let dir = scratch("kill");
    let session = dir.join("s.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(["ask", "--json", "--session", session.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let is_question = |l: &str| l.contains("\"type\":\"question\"");
    let mut facts = Vec::new();
    for known in [true, false, true] {
        let q: J = serde_json::from_str(read_until(&mut stdout, is_question).last().unwrap()).unwrap();
        facts.push(q["fact"].as_str().unwrap().to_string());
        let answer = if known { valid_answer(&q) } else { J::Null };
        writeln!(stdin, "{}", serde_json::json!({ "answer": answer })).unwrap();
        stdin.flush().unwrap();
    }
    // The fourth question shows that the third answer was taken (and saved before it was asked).
    let fourth: J = serde_json::from_str(read_until(&mut stdout, is_question).last().unwrap()).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(answered(&session), facts, "every answer given before the kill is in the session file");

    // Resumed: the same fourth question comes first, and nothing answered is asked again.
    let out = ask(&["--resume", session.to_str().unwrap(), "--json"], "{\"command\": \"back\"}\n");
    let messages = lines(&out);
    assert_eq!(messages[0]["fact"], fourth["fact"], "the resumed session goes on where it stopped");
    // `back` after resuming takes back the last answer given before the kill.
    assert_eq!(messages[1]["fact"].as_str().unwrap(), facts[2]);
    assert_eq!(answered(&session), facts[..2].to_vec());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_new_session_never_writes_over_an_existing_file() {
    let dir = scratch("exists");
    let session = dir.join("s.yaml");
    std::fs::write(&session, "error_code: 0x904\n").unwrap();
    let out = ask(&["--json", "--session", session.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--resume"));
    assert_eq!(std::fs::read_to_string(&session).unwrap(), "error_code: 0x904\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_damaged_session_file_is_an_error_naming_the_file() {
    let dir = scratch("damaged");
    let session = dir.join("s.yaml");
    std::fs::write(&session, "_meta: {ask: {answered: [no_such_fact]}}\n").unwrap();
    let out = ask(&["--resume", session.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s.yaml") && err.contains("no_such_fact"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

/// The real terminal mode (line editor) through a pseudo-terminal.
#[cfg(unix)]
#[test]
fn terminal_mode_through_a_pseudo_terminal() {
    let dir = scratch("pty");
    let session = dir.join("s.yaml");
    let cmd = format!("{} ask --color never --session {}", env!("CARGO_BIN_EXE_fixplan"), session.display());
    let mut p = rexpect::spawn(&cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("1. ").unwrap();
    // The first question of an empty session is intake, what a reporter knows: a yes/no one or a
    // choice of numbered values. A wrong answer gets a hint and the same question again.
    let (_, kind) = p.exp_regex(r"\[(yes or no|1\) [a-z_]+)").unwrap();
    p.exp_string("> ").unwrap();
    if kind.contains("yes or no") {
        p.send_line("maybe").unwrap();
        p.exp_string("answer yes or no").unwrap();
        p.send_line("no").unwrap();
    } else {
        p.send_line("99").unwrap();
        p.exp_string("choose a number from 1 to").unwrap();
        p.send_line("1").unwrap();
    }
    p.exp_string("leading:").unwrap();
    p.exp_string("2. ").unwrap();
    p.send_line("why").unwrap();
    p.exp_string("Depending on the answer").unwrap();
    p.send_line("?").unwrap();
    p.exp_string("3. ").unwrap();
    p.send_line("?").unwrap();
    p.exp_string("4. ").unwrap();
    p.send_line("back").unwrap();
    p.exp_string("took back").unwrap();
    p.send_line("quit").unwrap();
    p.exp_string("Most likely causes").unwrap();
    // The plan is followed by "which step fixed it?"; Enter skips it.
    p.exp_string("Which step fixed it?").unwrap();
    p.exp_string("fixed by> ").unwrap();
    p.send_line("").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(answered(&session).len(), 2, "the taken-back answer is gone from the file");
    let _ = std::fs::remove_dir_all(dir);
}

/// The stop rule: a leading cause past `ask_confident_at` that rests on one weak rule keeps the
/// questions going; once a second observation supports it, the session stops and says on what.
#[test]
fn no_stop_while_the_leading_cause_rests_on_one_weak_observation() {
    let kb = common::root().join("tests/cases/ask_stop");
    let dir = scratch("stop-rule");
    let facts = dir.join("f.yaml");
    std::fs::write(&facts, "saw_a: true\n").unwrap();
    let kb_arg = kb.to_str().unwrap();
    let args = ["--json", "--kb", kb_arg, "--facts", facts.to_str().unwrap()];
    // `a` leads at 73% on `first_sign` (×3) alone: a question follows.
    let out = ask(&args, "{\"answer\": true}\n");
    let messages = lines(&out);
    assert_eq!(messages[0]["type"], "question", "{messages:?}");
    assert_eq!(messages[0]["leading"][0]["id"], "a");
    assert!(messages[0]["leading"][0]["probability"].as_f64().unwrap() > 0.6, "{messages:?}");
    assert_eq!(messages[0]["fact"], "saw_more_a", "{messages:?}");
    // A second sign of `a` (×3 more, 9 in all, past ask_stop_support 8): it stops, confident.
    let result = messages.last().unwrap();
    assert_eq!(result["type"], "result");
    assert_eq!(result["questions_asked"], 1);
    assert_eq!(result["stop"]["reason"], "confident", "{result}");
    assert_eq!(result["stop"]["cause"], "a");
    let rules: Vec<&str> =
        result["stop"]["rests_on"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["first_sign", "second_sign"], "{result}");
    // Answered "no", the lead stays on one weak rule: the session goes on to what is left and,
    // when no question is worth its time, says the lead rests on one rule.
    let out = ask(&args, "{\"answer\": false}\n{\"answer\": false}\n");
    let messages = lines(&out);
    let result = messages.last().unwrap();
    assert_eq!(result["stop"]["reason"], "nothing_worth_asking", "{result}");
    assert!(result["stop"]["text"].as_str().unwrap().contains("it rests on `first_sign` ×3"), "{result}");
    // The terminal says the same in words.
    let out = ask(
        &[
            "--kb",
            kb_arg,
            "--facts",
            facts.to_str().unwrap(),
            "--session",
            dir.join("s.yaml").to_str().unwrap(),
            "--color",
            "never",
        ],
        "yes\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("`a` leads at 89%, enough to start on the plan, which tests it first; it rests on `first_sign` ×3, `second_sign` ×3"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Ctrl-C at the prompt ends the session with status 130, as an interrupted command does, and
/// the answers given before it are in the session file.
#[cfg(unix)]
#[test]
fn ctrl_c_exits_130_with_the_answers_saved() {
    let dir = scratch("ctrl-c");
    let session = dir.join("s.yaml");
    let cmd = format!("{} ask --color never --session {}", env!("CARGO_BIN_EXE_fixplan"), session.display());
    let mut p = rexpect::spawn(&cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("[yes or no]").unwrap();
    p.exp_string("> ").unwrap();
    // `1` is read as yes, and the technician is told so.
    p.send_line("1").unwrap();
    p.exp_string("`1` taken as yes").unwrap();
    p.exp_string("2. ").unwrap();
    p.exp_string("> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Interrupted.").unwrap();
    p.exp_eof().unwrap();
    let status = format!("{:?}", p.process.wait().unwrap());
    assert!(status.starts_with("Exited(") && status.ends_with(", 130)"), "{status}");
    assert_eq!(answered(&session).len(), 1, "the answer before Ctrl-C is saved");
    let _ = std::fs::remove_dir_all(dir);
}
