//! The conventions every command follows on its output: a closed standard output ends it quietly
//! with status 141 (as `yes | head` does), `-o -` is standard output, `-o FILE` writes what
//! the extension says, `--format` accepts the same names everywhere.

mod common;

use common::run::{fixplan, scratch, text};
use std::process::{Command, Stdio};

/// Every command that writes a result to standard output, with arguments that make it write.
const COMMANDS: &[&[&str]] = &[
    &["eval", "examples/machinekeys_permissions_or_corruption.yaml"],
    &["eval", "--format", "json", "examples/"],
    &["eval", "--format", "html", "examples/"],
    &["ask", "--json"],
    &["check"],
    &["check", "--format", "json", "--list"],
    &["check", "--explain", "E100"],
    &["schema"],
    &["test", "--format", "json"],
    &["test"],
    &["graph"],
    &["explain", "examples/machinekeys_permissions_or_corruption.yaml"],
    &["collector", "--shell", "powershell"],
    &["probe", "127.0.0.1:1", "--timeout", "1"],
    &["completions", "bash"],
    &["man"],
    &["--help"],
];

/// Runs fixplan with standard output a socket whose reading end is closed before it starts, so
/// its first write fails with EPIPE whatever the size of its output.
#[cfg(unix)]
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let (ours, theirs) = UnixStream::pair().unwrap();
    drop(ours);
    Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::null())
        .stdout(Stdio::from(OwnedFd::from(theirs)))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_ends_every_command_quietly_with_141() {
    let mut wrong = Vec::new();
    for args in COMMANDS {
        let out = with_closed_stdout(args);
        let stderr = text(&out.stderr);
        // Only what is written before the first result (a note, a warning) may be on stderr.
        if out.status.code() != Some(141) || stderr.contains("panicked") || stderr.contains("error: cannot write") {
            wrong.push(format!("fixplan {}: status {:?}, stderr {stderr:?}", args.join(" "), out.status.code()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn dash_output_is_standard_output_for_every_command_with_o() {
    let dir = scratch("dash-output");
    let example = common::root().join("examples/machinekeys_permissions_or_corruption.yaml");
    let example = example.to_str().unwrap();
    let runs: &[&[&str]] = &[
        &["eval", "-o", "-", example],
        &["check", "-o", "-"],
        &["test", "-o", "-"],
        &["graph", "-o", "-"],
        &["explain", "-o", "-", example],
        &["collector", "--shell", "powershell", "-o", "-"],
        &["schema", "-o", "-"],
        &["completions", "zsh", "-o", "-"],
        &["man", "-o", "-"],
        &["probe", "127.0.0.1:1", "--timeout", "1", "-o", "-"],
    ];
    for args in runs {
        let out = Command::new(env!("CARGO_BIN_EXE_fixplan"))
            .args(*args)
            .current_dir(&*dir)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let args = args.join(" ");
        assert!(!dir.join("-").exists(), "`fixplan {args}` wrote a file named `-`");
        assert_eq!(out.status.code(), Some(0), "fixplan {args}: {}", text(&out.stderr));
        assert!(out.stdout.len() > 50, "`fixplan {args}` wrote {} bytes to stdout", out.stdout.len());
    }
}

#[test]
fn probe_writes_json_into_a_json_file_and_eval_reads_it() {
    let dir = scratch("probe-json");
    let file = dir.join("rds.json");
    let out = fixplan(&["probe", "127.0.0.1:1", "--timeout", "1", "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&file).unwrap();
    let facts: serde_json::Value = serde_json::from_str(&written).expect("a .json file holds JSON");
    assert_eq!(facts["probe_tcp"], "refused");
    let eval = fixplan(&["eval", file.to_str().unwrap()]);
    assert_eq!(eval.status.code(), Some(0), "{}", text(&eval.stderr));
}

#[test]
fn format_names_are_the_same_in_every_command() {
    for args in [
        &["check", "--format", "text"][..],
        &["check", "-f", "human"],
        &["test", "-f", "text"],
        &["eval", "-f", "human", "examples/udp_transport_failure.yaml"],
        &["explain", "-f", "text", "examples/udp_transport_failure.yaml"],
    ] {
        let out = fixplan(args);
        assert_eq!(out.status.code(), Some(0), "fixplan {}: {}", args.join(" "), text(&out.stderr));
    }
    let list = fixplan(&["check", "--list", "--format", "json"]);
    let first: serde_json::Value = serde_json::from_str(text(&list.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "E001");
    let one = fixplan(&["check", "--explain", "W201", "-f", "json"]);
    let code: serde_json::Value = serde_json::from_str(&text(&one.stdout)).unwrap();
    assert_eq!(code["code"], "W201");
    assert!(code["text"].as_str().unwrap().contains("Fixed"), "{code}");
}

#[test]
fn color_always_colours_check_and_test_and_never_does_not() {
    let kb = scratch("color-kb");
    common::copy_dir(&common::root().join("kb"), &kb.join("kb"));
    common::copy_dir(&common::root().join("rules"), &kb.join("rules"));
    std::fs::write(kb.join("rules/broken.rules"), "rul broken\n").unwrap();
    let check = fixplan(&["--color", "always", "--kb", kb.to_str().unwrap(), "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("\x1b[1;31merror[E100]:\x1b[0m"), "{}", text(&check.stdout));
    let test = fixplan(&["--color", "always", "test", "--filter", "certificate"]);
    assert!(text(&test.stdout).contains("\x1b[32mok\x1b[0m"), "{}", text(&test.stdout));
    for args in [&["--color", "never", "test", "--filter", "certificate"][..], &["check"]] {
        let plain = fixplan(args);
        assert!(!text(&plain.stdout).contains('\x1b'), "fixplan {}", args.join(" "));
    }
}

#[test]
fn a_locale_without_utf8_gets_ascii_symbols() {
    let run = |locale: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_fixplan"))
            .args(["eval", "examples/machinekeys_permissions_or_corruption.yaml"])
            .current_dir(common::root())
            .env("LC_ALL", locale)
            .output()
            .unwrap();
        text(&out.stdout)
    };
    let ascii = run("C");
    assert!(ascii.is_ascii(), "{}", ascii.chars().filter(|c| !c.is_ascii()).collect::<String>());
    assert!(ascii.contains("x10 "), "the factors keep their meaning");
    assert!(run("en_US.UTF-8").contains("×10 "));
}

#[test]
fn text_reports_fit_100_columns_and_name_the_shell_of_each_step() {
    let example = "examples/machinekeys_permissions_or_corruption.yaml";
    let report = text(&fixplan(&["eval", example]).stdout);
    let json: serde_json::Value =
        serde_json::from_str(&text(&fixplan(&["eval", "-f", "json", example]).stdout)).unwrap();
    // Only command lines may be longer: a command broken in two would run as two when pasted.
    let mut commands = std::collections::HashSet::new();
    for step in json["plan"].as_array().unwrap() {
        let runs = step["steps"].as_array().into_iter().flatten().map(|s| &s["run"]);
        for run in runs.chain([&step["verify"]["run"], &step["revert_run"]]) {
            commands.extend(run.as_str().unwrap_or("").lines().map(str::to_string));
        }
    }
    let mut long_commands = 0;
    for line in report.lines().filter(|l| l.chars().count() > 100) {
        assert!(commands.contains(line.trim_start()), "{} columns: {line}", line.chars().count());
        long_commands += 1;
    }
    assert!(long_commands > 0, "this example has commands over 100 columns, kept whole");
    assert!(report.contains("[server, PowerShell]") || report.contains("[server, cmd]"), "{report}");
}

#[test]
fn completions_man_and_help_cover_every_command() {
    let commands =
        ["eval", "ask", "check", "schema", "test", "graph", "explain", "collector", "probe", "completions", "man"];
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = fixplan(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        for c in commands {
            assert!(script.contains(c), "{shell} completion lacks `{c}`");
        }
    }
    let man = text(&fixplan(&["man"]).stdout);
    assert!(man.starts_with(".ie") || man.contains(".TH fixplan"), "{}", &man[..man.len().min(200)]);
    assert!(man.contains("141"), "the page lists the exit statuses");
    let eval_page = text(&fixplan(&["man", "eval"]).stdout);
    assert!(eval_page.contains(".TH fixplan-eval") && eval_page.contains("out\\-dir"), "{eval_page}");
    assert_eq!(fixplan(&["man", "evl"]).status.code(), Some(2));
    for c in commands {
        let help = text(&fixplan(&[c, "--help"]).stdout);
        assert!(help.contains("Examples:\n  fixplan "), "`fixplan {c} --help` has no example");
        assert!(help.contains("Exit status"), "`fixplan {c} --help` has no exit statuses");
    }
}
