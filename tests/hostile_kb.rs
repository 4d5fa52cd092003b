//! Damaged knowledge bases: a copy of the shipped kb/ and rules/ with one file broken, run
//! through `fixplan check --kb DIR` and `fixplan eval --kb DIR FILE`. Each must give an error that
//! names the file (and the place where there is one), exit 1 (check) or 2 (eval: the command
//! cannot run), and never panic, overflow the stack or hang.

mod common;
mod hostile_run;

use common::run::kb_copy;
use hostile_run::{run, transcript};
use std::path::Path;

type Damage = fn(&Path);

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read(path).unwrap();
    old.extend_from_slice(text.as_bytes());
    std::fs::write(path, old).unwrap();
}

fn replace(path: &Path, from: &str, to: &str) {
    let old = std::fs::read_to_string(path).unwrap();
    assert!(old.contains(from), "{} holds `{from}`", path.display());
    std::fs::write(path, old.replacen(from, to, 1)).unwrap();
}

fn bomb(indent: &str) -> String {
    let mut s = format!("{indent}a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        s.push_str(&format!("{indent}{}: &{} [{refs}]\n", w[1], w[1]));
    }
    s
}

/// (name, the file it breaks, how). Every case must be refused.
fn cases() -> Vec<(&'static str, &'static str, Damage)> {
    vec![
        ("yaml_list_for_an_id", "kb/causes.yaml", |p| append(p, "\n  - id: [unclosed\n")),
        ("yaml_syntax_tab_indent", "kb/causes.yaml", |p| append(p, "\n\t- id: tabbed\n")),
        ("yaml_syntax_unclosed_quote", "kb/settings.yaml", |p| append(p, "\nnote: \"never closed\n")),
        ("yaml_wrong_type", "kb/causes.yaml", |p| replace(p, "    prior: 0.20", "    prior: high")),
        ("yaml_empty_file", "kb/causes.yaml", |p| std::fs::write(p, "").unwrap()),
        ("yaml_binary", "kb/settings.yaml", |p| std::fs::write(p, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap()),
        ("yaml_invalid_utf8_latin1", "kb/settings.yaml", |p| {
            // An editor saved the file as Latin-1: `é` is the single byte 0xE9.
            let mut bytes = std::fs::read(p).unwrap();
            bytes.extend_from_slice(b"# caf\xE9\n");
            std::fs::write(p, bytes).unwrap();
        }),
        // UTF-16 with a byte-order mark is read (what PowerShell 5.1 writes); damaged UTF-16 is not.
        ("yaml_utf16_lone_surrogate", "kb/facts/client.yaml", |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes.extend(0xDC00u16.to_le_bytes());
            std::fs::write(p, bytes).unwrap();
        }),
        ("yaml_alias_bomb", "kb/tests/nla.yaml", |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let bombed = text.replacen("    facts:\n", &format!("    facts:\n      x-bomb:\n{}", bomb("        ")), 1);
            std::fs::write(p, bombed).unwrap();
        }),
        ("yaml_deep_flow_100000", "kb/settings.yaml", |p| {
            append(p, &format!("\nzz: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)))
        }),
        ("yaml_multiple_documents", "kb/settings.yaml", |p| append(p, "\n---\nsettings: {}\n")),
        ("yaml_duplicate_fact_id", "kb/facts/client.yaml", |p| {
            append(p, "\n  - id: port_3389_reachable\n    type: bool\n    question: \"Again?\"\n    help: 'x'\n    answered_by: client\n    cost: { minutes: 1 }\n")
        }),
        ("yaml_huge_file_17mb", "kb/causes.yaml", |p| append(p, &format!("# {}\n", "x".repeat(17 << 20)))),
        ("yaml_tests_wrong_type", "kb/tests/nla.yaml", |p| std::fs::write(p, "tests: 5\n").unwrap()),
        ("yaml_tests_unknown_fact", "kb/tests/nla.yaml", |p| {
            replace(p, "      error_code: 0x904\n", "      error_cod: 0x904\n")
        }),
        ("rules_syntax_error", "rules/codes.rules", |p| {
            append(p, "\nrule broken when error_code == then licensing_issue against\n")
        }),
        ("rules_binary", "rules/codes.rules", |p| std::fs::write(p, b"\0\x01\x02rule").unwrap()),
        ("rules_utf16_no_bom", "rules/codes.rules", |p| {
            let text = std::fs::read_to_string(p).unwrap();
            std::fs::write(p, text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()).unwrap();
        }),
        ("rules_empty_condition", "rules/codes.rules", |p| {
            append(p, "\nrule empty when then licensing_issue against\n")
        }),
        ("rules_deep_parentheses_100000", "rules/codes.rules", |p| {
            append(
                p,
                &format!(
                    "\nrule deep when {}error_code == 1{} then licensing_issue against\n",
                    "(".repeat(100_000),
                    ")".repeat(100_000)
                ),
            )
        }),
        ("rules_deep_not_100000", "rules/codes.rules", |p| {
            append(
                p,
                &format!("\nrule deep when {}error_code == 1 then licensing_issue against\n", "not ".repeat(100_000)),
            )
        }),
        ("rules_deep_65", "rules/codes.rules", |p| {
            append(
                p,
                &format!(
                    "\nrule deep when {}error_code == 1{} then licensing_issue against\n",
                    "(".repeat(65),
                    ")".repeat(65)
                ),
            )
        }),
        ("rules_unknown_fact_and_cause", "rules/codes.rules", |p| {
            append(p, "\nrule typo when eror_code == 1 then licensing_isue against\n")
        }),
        ("rules_huge_file_17mb", "rules/big.rules", |p| {
            let rule = "rule r when error_code == 1 then licensing_issue against\n";
            std::fs::write(p, rule.repeat((17 << 20) / rule.len() + 1)).unwrap()
        }),
        ("remedy_condition_deep_100000", "kb/remedies/certificate.yaml", |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let at = text.find("- if: ").expect("a remedy with `when: - if:`") + "- if: ".len();
            let end = at + text[at..].find('\n').unwrap();
            let deep = format!("\"{}error_code == 1{}\"", "(".repeat(100_000), ")".repeat(100_000));
            std::fs::write(p, format!("{}{deep}{}", &text[..at], &text[end..])).unwrap();
        }),
    ]
}

#[test]
fn every_damaged_knowledge_base_gives_a_clear_error() {
    let cases = cases();
    assert!(cases.len() >= 20);
    for (name, file, damage) in cases {
        let dir = kb_copy(&format!("hostile-kb-{name}"));
        std::fs::copy(common::root().join("examples/udp_transport_failure.yaml"), dir.join("incident.yaml")).unwrap();
        damage(&dir.join(file));
        let check = ["check", "--kb", "."];
        let ran_check = run(&dir, &check);
        assert_eq!(ran_check.status, Some(if ran_check.stderr.starts_with("error: ") { 2 } else { 1 }), "{name}");
        let shown = file.trim_start_matches("./");
        assert!(
            ran_check.stdout.contains(shown) || ran_check.stderr.contains(shown) || name.contains("tests_unknown"),
            "{name}: `check` names {file}:\n{}{}",
            ran_check.stdout,
            ran_check.stderr
        );
        let eval = ["eval", "--kb", ".", "incident.yaml"];
        let ran_eval = run(&dir, &eval);
        assert_eq!(ran_eval.status, Some(2), "{name}: eval cannot run on a broken knowledge base");
        assert!(ran_eval.stdout.is_empty(), "{name}: no report");
        let both = format!("{}\n{}", transcript(&check, &ran_check, 12), transcript(&eval, &ran_eval, 12));
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!("kb", both);
        });
    }
}

/// A pipe among the rule files would be read forever, and a link back up would be walked forever:
/// the pipe is an error naming it, the link is not followed.
#[cfg(unix)]
#[test]
fn a_pipe_or_a_link_loop_in_the_knowledge_base_neither_hangs_nor_crashes() {
    let dir = kb_copy("hostile-kb-pipe");
    std::os::unix::fs::symlink("..", dir.join("kb/up")).unwrap();
    let ran = run(&dir, &["check", "--kb", "."]);
    assert_eq!(ran.status, Some(0), "a link back up is not followed: {}", ran.stderr);
    assert!(std::process::Command::new("mkfifo").arg(dir.join("rules/pipe.rules")).status().unwrap().success());
    let ran = run(&dir, &["check", "--kb", "."]);
    assert_eq!(ran.status, Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("`rules/pipe.rules` is not a regular file"), "{}", ran.stderr);
}

/// A contributed knowledge base checked in a public CI must not leak: a rule file that is a link
/// to a file outside the knowledge base (`rules/leak.rules -> ~/.git-credentials`) is refused
/// by name, and nothing of the linked file is printed.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_knowledge_base_is_refused_without_printing_the_target() {
    let dir = kb_copy("hostile-kb-leak");
    let secret = common::run::scratch("hostile-kb-secret");
    std::fs::write(secret.join("credentials"), "https://alice:hunter2-SECRET@git.example\n").unwrap();
    std::os::unix::fs::symlink(secret.join("credentials"), dir.join("rules/leak.rules")).unwrap();
    std::os::unix::fs::symlink(secret.join("credentials"), dir.join("kb/leak.yaml")).unwrap();
    let ran = run(&dir, &["check", "--kb", "."]);
    assert_eq!(ran.status, Some(2), "{}", ran.stderr);
    assert!(!ran.stdout.contains("SECRET") && !ran.stderr.contains("SECRET"), "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("is a link to a file outside the knowledge base"), "{}", ran.stderr);
    // A link inside the knowledge base is fine.
    std::fs::remove_file(dir.join("rules/leak.rules")).unwrap();
    std::fs::remove_file(dir.join("kb/leak.yaml")).unwrap();
    std::fs::rename(dir.join("rules/network.rules"), dir.join("rules/network.rules.orig")).unwrap();
    std::os::unix::fs::symlink("network.rules.orig", dir.join("rules/network.rules")).unwrap();
    let ran = run(&dir, &["check", "--kb", "."]);
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
}
