//! Hostile values (terminal escapes, bidi overrides, HTML, markdown links, template syntax) in fact
//! files, file names, session files and command arguments, run through the real binary in every
//! command and format: no control or escape character reaches standard output or error, HTML
//! holds the values only escaped, and rendered markdown holds no tag or link made from them.

mod common;

use common::run::{fixplan_in, kb_copy, scratch, text, Scratch};
use std::path::Path;
use std::process::Output;

/// Every kind of hostile text at once: CSI colour and clear screen, OSC 8 hyperlink, OSC 52
/// clipboard, BEL, 8-bit CSI, RLO, isolates, zero-width and tag characters, NUL, lone CR,
/// backspace, DEL, HTML that runs script, CDATA end, template syntax, a javascript: link.
const HOSTILE: &str = "\u{1b}[5;41mRED\u{1b}[2J\u{1b}]8;;http://evil.example\u{7}link\u{1b}]8;;\u{7}\
     \u{1b}]52;c;ZXZpbA==\u{7}\u{7}\u{9b}31m\u{202e}RLO\u{2066}\u{200b}\u{2060}\u{e0041}\0NUL\rCR\u{8}BS\u{7f}\u{85}\u{2028}\u{fffe}\
     <script>alert(1)</script>\"><img src=x onerror=alert(2)>]]>{{ 7*7 }}{% raw %}[x](javascript:alert(3))";

/// A shorter one for keys, so that the warning's 80-character cut leaves the tag whole.
const KEY: &str = "\u{1b}[2J<script>k()</script>[k](javascript:k())\u{202e}";

/// What must never reach a terminal: C0 but line break and tab, DEL, C1, invisible format marks.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{e0000}'..='\u{e007f}')
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let s = text(bytes);
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| forbidden(c)) {
        panic!("{what}: U+{:04X} at byte {i}, after {:?}", c as u32, before(&s[..i + c.len_utf8()], &c.to_string()));
    }
}

fn assert_output_clean(what: &str, out: &Output) {
    assert!(out.status.code().is_some_and(|c| c <= 2), "{what}: no exit status (a crash?): {out:?}");
    assert_clean(&format!("{what} (stdout)"), &out.stdout);
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
}

/// A mapping with the hostile text everywhere a fact file can hold text, plus `extra`.
fn fact_file(extra: serde_json::Value) -> String {
    let mut doc = serde_json::json!({
        "_meta": { "host": HOSTILE, "expected_cause": HOSTILE, "collector": HOSTILE, HOSTILE: HOSTILE },
        "error_code": 2308,
        "extended_error_code": 7,
        "probe_tls_version": HOSTILE,
        KEY: 1,
    });
    doc.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    doc.to_string()
}

/// The hostile inputs: one that loads, one with a value outside an enum, one of the wrong type,
/// one that is not a fact file, and (where names may hold them) files whose names are hostile.
fn inputs(test: &str) -> (Scratch, Vec<String>) {
    let dir = scratch(&format!("output-safety-{test}"));
    let mut files = vec![
        ("hostile.json".to_string(), fact_file(serde_json::json!({}))),
        ("bad_enum.json".to_string(), fact_file(serde_json::json!({ "path": HOSTILE }))),
        ("bad_type.json".to_string(), fact_file(serde_json::json!({ "worked_before": HOSTILE }))),
        ("broken.yaml".to_string(), format!("error_code: [\n{HOSTILE}: {{\n")),
    ];
    if cfg!(unix) {
        let name = "n\u{1b}[31m\u{9b}\u{202e}\u{7}<svg onload=alert(4)>[a](javascript:alert(5))\nz";
        files.push((format!("{name}.json"), fact_file(serde_json::json!({}))));
        files.push((format!("{name} broken.yaml"), "error_code: [\n".into()));
    }
    for (name, body) in &files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    (dir, files.into_iter().map(|(n, _)| n).collect())
}

fn run(dir: &Path, args: &[&str], names: &[String], stdin: Option<&str>) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(names.iter().map(String::as_str));
    fixplan_in(dir, &all, stdin, None)
}

/// HTML holds no element or attribute made from a hostile value, and shows them as text.
fn assert_html_escaped(what: &str, html: &str) {
    assert_clean(what, html.as_bytes());
    for active in ["<script", "<img", "<svg onload", "onerror=alert(2)>", "href=\"javascript", "]]>"] {
        assert!(!html.contains(active), "{what}: `{active}` is in the HTML unescaped");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{what}: the hostile host is not shown escaped"
    );
}

/// Rendered as a CommonMark viewer does (GFM tables on), the markdown has no element or link
/// made from a hostile value, and the template syntax stayed text.
fn assert_markdown_inert(what: &str, md: &str) {
    assert_clean(what, md.as_bytes());
    let mut html = String::new();
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, opts));
    for active in ["<script", "<img", "<svg", "href=\"javascript", "src=\"javascript", "href=\"http://evil"] {
        assert!(!html.contains(active), "{what}: rendered markdown has `{active}`: {}", before(&html, active));
    }
}

/// Up to 160 characters before `needle` in `s`, to show where a leak is.
fn before<'a>(s: &'a str, needle: &str) -> &'a str {
    let i = s.find(needle).unwrap_or(0);
    let mut from = i.saturating_sub(160);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..i]
}

#[test]
fn eval_in_every_format_keeps_hostile_values_inert() {
    let (dir, names) = inputs("eval");
    for format in ["text", "markdown", "json", "html"] {
        for summary in ["--summary", "--no-summary"] {
            let out = run(&dir, &["eval", "--color", "never", "--format", format, summary], &names, None);
            let what = format!("eval --format {format} {summary}");
            assert_eq!(out.status.code(), Some(1), "{what}: the bad files make it exit 1: {}", text(&out.stderr));
            assert_output_clean(&what, &out);
            let stdout = text(&out.stdout);
            match format {
                "html" => assert_html_escaped(&what, &stdout),
                "markdown" => assert_markdown_inert(&what, &stdout),
                "json" => {
                    for line in stdout.lines() {
                        let v: serde_json::Value = serde_json::from_str(line).expect("every line is JSON");
                        assert_clean(&what, v.to_string().as_bytes());
                        assert!(!v.to_string().contains("\\u001b"), "{what}: an escaped ESC is kept: {line}");
                    }
                }
                _ => assert!(stdout.contains("{{ 7*7 }}"), "{what}: template syntax in a value was not kept as text"),
            }
            // Every input is named in the errors or reports, and the good files were evaluated.
            assert!(text(&out.stderr).contains("bad_enum.json"), "{what}: {}", text(&out.stderr));
            assert!(text(&out.stderr).contains("bad_type.json"));
        }
    }
}

#[test]
fn colour_codes_in_text_are_only_fixplans_own() {
    let (dir, names) = inputs("colour");
    let out = run(&dir, &["eval", "--color", "always", "--format", "text", "--summary"], &names, None);
    assert_clean("stderr", &out.stderr);
    let s = text(&out.stdout);
    let own = ["\u{1b}[0m", "\u{1b}[1m", "\u{1b}[2m", "\u{1b}[31m", "\u{1b}[32m", "\u{1b}[33m"];
    assert!(s.contains("\u{1b}[1m"), "--color always gives colour");
    let mut rest = s.clone();
    for code in own {
        rest = rest.replace(code, "");
    }
    assert_clean("text with --color always, fixplan's own colours removed", rest.as_bytes());
}

#[test]
fn written_reports_and_summaries_keep_hostile_values_inert() {
    let (dir, names) = inputs("written");
    for format in ["text", "markdown", "json", "html"] {
        let out_dir = format!("out-{format}");
        let args = ["eval", "--color", "never", "--format", format, "--out", &out_dir];
        let out = run(&dir, &args, &names, None);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert_output_clean(&format!("eval --out ({format})"), &out);
        for entry in std::fs::read_dir(dir.join(&out_dir)).unwrap() {
            let path = entry.unwrap().path();
            let body = std::fs::read_to_string(&path).unwrap();
            let what = format!("{}", path.display());
            match format {
                "html" => assert_clean(&what, body.as_bytes()),
                "markdown" => assert_markdown_inert(&what, &body),
                _ => assert_clean(&what, body.as_bytes()),
            }
        }
    }
    for ext in ["txt", "md", "json", "html"] {
        let target = format!("summary.{ext}");
        let out = run(&dir, &["eval", "--format", "json", "--summary-out", &target], &names, None);
        assert_output_clean(&format!("--summary-out {target}"), &out);
        let body = std::fs::read_to_string(dir.join(&target)).unwrap();
        match ext {
            "md" => assert_markdown_inert(&target, &body),
            "html" => {
                assert_clean(&target, body.as_bytes());
                assert!(!body.contains("<svg onload") && !body.contains("<script"), "{target}: {body}");
            }
            _ => assert_clean(&target, body.as_bytes()),
        }
    }
}

#[test]
fn explain_keeps_hostile_values_inert() {
    let (dir, names) = inputs("explain");
    for name in &names {
        for format in ["text", "markdown", "json"] {
            let out = run(&dir, &["explain", "--color", "never", "--format", format], std::slice::from_ref(name), None);
            let what = format!("explain --format {format} {name:?}");
            assert_output_clean(&what, &out);
            if format == "markdown" {
                assert_markdown_inert(&what, &text(&out.stdout));
            }
        }
    }
    let out = run(&dir, &["explain", "--cause", KEY], &names[..1], None);
    assert_eq!(out.status.code(), Some(2));
    assert_output_clean("explain --cause HOSTILE", &out);
}

#[test]
fn ask_echoes_no_hostile_answer_fact_or_session_value() {
    let (dir, names) = inputs("ask");
    let answer = serde_json::json!({ "answer": HOSTILE }).to_string();
    let command = serde_json::json!({ "command": HOSTILE }).to_string();
    let lines = format!("{answer}\n{command}\n{{\"answer\": null}}\n{{\"command\": \"stop\"}}\n");
    let out = run(&dir, &["ask", "--json", "--facts"], &names[..1], Some(&lines));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_output_clean("ask --json --facts", &out);
    assert!(text(&out.stdout).contains("\"type\":\"error\""), "a hostile answer is refused");
    let typed = format!("{}\n{}\n?\nstop\n", HOSTILE.replace('\n', " "), HOSTILE.replace('\n', " "));
    for facts in &names {
        // The session file's name is shown too; names on Windows cannot hold control characters.
        let mark = if cfg!(unix) { "\u{1b}[2J\u{9b}\u{202e}" } else { "" };
        let session = format!("session-{}{mark}.yaml", facts.len());
        let out =
            fixplan_in(&dir, &["ask", "--color", "never", "--session", &session, "--facts", facts], Some(&typed), None);
        assert_output_clean(&format!("ask --facts {facts:?}"), &out);
        if dir.join(&session).exists() {
            let out = fixplan_in(&dir, &["ask", "--color", "never", "--resume", &session], Some("stop\n"), None);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            assert_output_clean("ask --resume", &out);
        }
    }
    // A session file whose bookkeeping names a hostile fact is refused, without the escapes.
    let bad = serde_json::json!({ "_meta": { "host": HOSTILE, "ask": { "answered": [KEY] } } }).to_string();
    std::fs::write(dir.join("bad-session.json"), bad).unwrap();
    let out = fixplan_in(&dir, &["ask", "--resume", "bad-session.json"], Some("stop\n"), None);
    assert_eq!(out.status.code(), Some(2));
    assert_output_clean("ask --resume with a hostile fact name", &out);
}

#[test]
fn other_commands_keep_hostile_arguments_and_files_inert() {
    let dir = scratch("output-safety-args");
    let probe = fixplan_in(&dir, &["probe", "--timeout", "1", &format!("{}.invalid", KEY)], None, None);
    assert_output_clean("probe HOSTILE", &probe);
    // An argument cannot hold NUL.
    let arg = HOSTILE.replace('\0', "");
    let graph = fixplan_in(&dir, &["graph", "--focus", &arg], None, None);
    assert_eq!(graph.status.code(), Some(2));
    assert_output_clean("graph --focus HOSTILE", &graph);
    let missing = format!("no-such-dir/{KEY}");
    let paths: [&[&str]; 3] = [&["graph", "-o"], &["schema", "--out"], &["collector", "--shell", "powershell", "-o"]];
    for args in paths {
        let mut all = args.to_vec();
        all.push(&missing);
        let out = fixplan_in(&dir, &all, None, None);
        assert_output_clean(&format!("{} with a hostile path", args[0]), &out);
    }
    // A knowledge base is untrusted too: its diagnostics quote it.
    let kb = kb_copy("output-safety-kb");
    let rules = std::fs::read_dir(kb.join("rules")).unwrap().next().unwrap().unwrap().path();
    let mut body = std::fs::read_to_string(&rules).unwrap();
    body.push_str(&format!("\nrule {}: when x then y\n", HOSTILE.replace('\n', " ")));
    std::fs::write(&rules, body).unwrap();
    for args in [&["check"][..], &["eval", "hostile.json"][..], &["test"][..]] {
        let mut all = vec!["--kb", kb.to_str().unwrap()];
        all.extend_from_slice(args);
        let out = fixplan_in(&dir, &all, None, None);
        assert_eq!(out.status.code(), if args[0] == "check" { Some(1) } else { Some(2) }, "{}", text(&out.stderr));
        assert_output_clean(&format!("{args:?} with a hostile rule file"), &out);
    }
}
