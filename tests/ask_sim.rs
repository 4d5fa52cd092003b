//! `fixplan ask` as a simulated technician uses it on the held-out incidents and the examples:
//! every session ends by itself, the true cause ends in the top three, few questions are asked,
//! and the question choice beats asking the seed checklists' facts in their fixed order.

mod common;

use common::load;
use common::simulate::{fixed_order, incidents, median, voi_session, Run};

#[test]
fn simulated_sessions_end_with_the_true_cause_near_the_top_after_few_questions() {
    let files = incidents();
    let mut runs: Vec<(String, Run, Run)> = Vec::new();
    for f in &files {
        let truth = load(f);
        runs.push((common::rel(f), voi_session(&truth), fixed_order(&truth)));
    }
    let n = runs.len();
    let top3 = runs.iter().filter(|(_, r, _)| r.final_rank.is_some_and(|k| k < 3)).count();
    let top1 = runs.iter().filter(|(_, r, _)| r.final_rank == Some(0)).count();
    let asked = median(runs.iter().map(|(_, r, _)| r.asked).collect());
    // "Never first" counts as every question the method asked, plus one.
    let until = |r: &Run| r.first_at.unwrap_or(r.asked + 1);
    let voi_first = median(runs.iter().map(|(_, r, _)| until(r)).collect());
    let fixed_first = median(runs.iter().map(|(_, _, r)| until(r)).collect());
    let voi_mean = runs.iter().map(|(_, r, _)| until(r)).sum::<usize>() as f64 / n as f64;
    let fixed_mean = runs.iter().map(|(_, _, r)| until(r)).sum::<usize>() as f64 / n as f64;
    let unknown = median(runs.iter().map(|(_, r, _)| r.unknown).collect());
    println!("median \"don't know\" answers per session {unknown}");
    println!("{n} sessions: true cause top-1 {top1}, top-3 {top3}; median questions asked {asked}");
    println!("questions until the true cause ranks first: fixplan ask median {voi_first} mean {voi_mean:.1}; fixed checklist order median {fixed_first} mean {fixed_mean:.1}");
    for (name, r, fx) in &runs {
        println!(
            "  {name}: asked {} ({} unknown) first at {:?} final rank {:?}; fixed order first at {:?}",
            r.asked, r.unknown, r.first_at, r.final_rank, fx.first_at
        );
    }
    // Where it stands on 2026-11-30, with the two-step lookahead, the stop at a leading cause of
    // 60% and follow-up questions (`ask_if`) held back until what they follow up is known:
    // 95/113 in the top three (82 first), median 10 questions of which 5 are "don't know" (the
    // simulated technician knows only what the fact file holds); the true cause first ranks first
    // after a median of 8 questions (mean 9.3). The bounds keep that from getting worse.
    // Since 2026-12-04 questions are weighed by the chance of an answer (`known`, the route, what
    // the session has shown): this technician, who knows everything the file holds, is asked a
    // median of 8 questions and ends with the true cause in the top three in 79 of 118 (it was
    // 94 of 118 with 11 questions before the weighing; issue 13's closing note).
    assert!(top3 * 100 >= n * 66, "only {top3}/{n} sessions end with the true cause in the top three");
    assert!(asked <= 8.0, "median questions asked is {asked}");
    assert!(
        voi_mean < fixed_mean,
        "question choice ({voi_mean:.1}) is no better than the fixed order ({fixed_mean:.1})"
    );
}

/// The simulated technician again, but through `fixplan ask --json` as a front end would drive
/// it, answering with the fact file's own values (`null` where the file lacks the fact): the
/// line protocol asks the same questions as the library, with no answer refused, and every
/// session ends with a result.
#[test]
fn the_line_protocol_asks_what_the_library_asks() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    // Every seventh file: a spread of causes at a tenth of the cost of all of them.
    for f in incidents().iter().step_by(7) {
        let truth = load(f);
        let expected = voi_session(&truth);
        let text = std::fs::read_to_string(f).unwrap();
        let doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_fixplan"))
            .args(["ask", "--json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (mut asked, mut result) = (0, None);
        let mut line = String::new();
        while out.read_line(&mut line).unwrap() > 0 {
            let m: serde_json::Value = serde_json::from_str(&line).unwrap();
            line.clear();
            match m["type"].as_str().unwrap() {
                "question" => {
                    asked += 1;
                    let value = doc.get(m["fact"].as_str().unwrap()).cloned().unwrap_or(serde_json::Value::Null);
                    writeln!(stdin, "{}", serde_json::json!({ "answer": value })).unwrap();
                }
                "result" => {
                    result = Some(m);
                    break;
                }
                other => panic!("{}: unexpected `{other}` message: {m}", common::rel(f)),
            }
        }
        drop(stdin);
        child.wait().unwrap();
        let result = result.unwrap_or_else(|| panic!("{}: no result", common::rel(f)));
        assert_eq!(asked, expected.asked, "{}", common::rel(f));
        assert_eq!(result["questions_asked"], expected.asked, "{}", common::rel(f));
        let accepted: Vec<String> = common::simulate::accepted(&truth)
            .into_iter()
            .map(|c| common::program().kb.causes[c].id.to_string())
            .collect();
        let rank =
            result["causes"].as_array().unwrap().iter().position(|c| accepted.iter().any(|a| c["id"] == a.as_str()));
        assert_eq!(rank, expected.final_rank, "{}", common::rel(f));
    }
}
