//! The PowerShell collector: the generated script (snapshots), which facts it collects, and the
//! fact files it writes, fed to the real `fixplan eval`.

mod common;

use fixplan::kb::{AnsweredBy, KbSource, Side};
use fixplan::render::collector::{self, Parts};
use fixplan::value::{FactType, Value};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fixplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn script(side: &str) -> String {
    let out = fixplan(&["collector", "--shell", "powershell", "--side", side]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("the script is UTF-8")
}

/// The member a script writes for a fact: `'"id":' + (ConvertTo-FixplanValue ...`.
fn member(id: &str) -> String {
    format!("$entries.Add('\"{id}\":' + (ConvertTo-FixplanValue")
}

#[test]
fn script_for_both_sides() {
    insta::assert_snapshot!("collector_both", script("both"));
}

#[test]
fn script_per_side() {
    insta::assert_snapshot!("collector_client", script("client"));
    insta::assert_snapshot!("collector_server", script("server"));
}

#[test]
fn every_fact_with_collect_is_in_its_side_and_no_other_fact_is() {
    let kb = &common::program().kb;
    let (both, client, server) = (script("both"), script("client"), script("server"));
    let mut counted = 0;
    for f in &kb.facts {
        let m = member(f.id.as_str());
        match f.collect.as_ref().map(|c| c.side) {
            Some(side) => {
                counted += 1;
                assert_eq!(both.matches(&m).count(), 1, "{} once in the script for both sides", f.id);
                assert_eq!(client.contains(&m), side == Side::Client, "{} in the client script", f.id);
                assert_eq!(server.contains(&m), side == Side::Server, "{} in the server script", f.id);
            }
            None => {
                assert!(!both.contains(&format!("\"{}\":", f.id)), "{} has no collect entry but is in the script", f.id)
            }
        }
    }
    assert!(counted >= 20, "only {counted} facts are collected");
    // What only a person knows stays with `ask`.
    for id in ["fails_at", "recent_change", "worked_before", "extended_error_code", "logon_events_at_attempt"] {
        assert!(!both.contains(&format!("\"{id}\":")), "{id} needs a person");
    }
    assert!(!client.contains("$serverPart") && !server.contains("$clientPart"));
}

/// fixplan only advises: a collect command reads, it never changes the machine.
#[test]
fn collect_commands_only_read() {
    let writes = [
        "set-",
        "remove-",
        "new-item",
        "new-itemproperty",
        "restart-",
        "stop-",
        "start-",
        "enable-",
        "disable-",
        "clear-",
        "reset-",
        "install-",
        "uninstall-",
        "rename-",
        "move-",
        "copy-item",
        "add-content",
        "out-file",
        "invoke-expression",
        "iex ",
        "reg add",
        "reg delete",
        "reg import",
        "-repair",
        "icacls",
        "certutil",
        "netsh",
        "sc.exe",
        "wevtutil cl",
        ">",
    ];
    for f in &common::program().kb.facts {
        let Some(c) = &f.collect else { continue };
        let cmd = c.powershell.to_ascii_lowercase();
        for w in writes {
            // `-gt 3`, `-ge 9200` and `$x -match ...` are comparisons, not redirections.
            let hit = if w == ">" { cmd.contains(" > ") || cmd.contains(">>") } else { cmd.contains(w) };
            assert!(!hit, "the collect command of {} contains `{w}`", f.id);
        }
        // The script indents every command; a here-string would break under indentation.
        assert!(!c.powershell.contains("@'") && !c.powershell.contains("@\""), "{} uses a here-string", f.id);
    }
}

/// Windows PowerShell 5.1 reads a script without a byte-order mark as ANSI: the stdout script is
/// kept ASCII, and `--out` adds the mark.
#[test]
fn script_is_ascii_and_the_file_has_a_bom() {
    let text = script("both");
    assert!(text.is_ascii(), "non-ASCII at {:?}", text.char_indices().find(|(_, c)| !c.is_ascii()));
    let dir = std::env::temp_dir().join(format!("fixplan-collector-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("collect.ps1");
    let out = fixplan(&["collector", "--shell", "powershell", "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bytes[3..], text.as_bytes());
}

#[test]
fn an_unwritable_out_is_an_error_with_a_hint() {
    let out = fixplan(&["collector", "--shell", "powershell", "--out", "no/such/dir/collect.ps1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot write `no/such/dir/collect.ps1`: "), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn the_shell_is_required() {
    let out = fixplan(&["collector"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shell"));
}

/// The scripts parse with the tree-sitter PowerShell grammar (`tests/tools/ps_syntax.py`; `.ci/run`
/// installs it). PowerShell itself cannot be installed here, so this grammar stands in for its
/// parser. Ignored in a plain `cargo test`; `.ci/run` installs the grammar and runs it.
#[test]
#[ignore = "needs the tree-sitter PowerShell grammar: pip install tree-sitter==0.26.1 tree-sitter-powershell==0.26.4 (.ci/run does)"]
fn scripts_parse_with_a_powershell_grammar() {
    let dir = std::env::temp_dir().join(format!("fixplan-collector-parse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = vec![common::root().join("tests/tools/ps_syntax.py").to_string_lossy().into_owned()];
    for side in ["both", "client", "server"] {
        let path = dir.join(format!("collect-{side}.ps1"));
        std::fs::write(&path, script(side)).unwrap();
        files.push(path.to_string_lossy().into_owned());
    }
    let bad = dir.join("broken.ps1");
    std::fs::write(&bad, "$a = @('plain', 'o'neil')\n").unwrap();
    let run = |files: &[String]| Command::new("python3").args(files).output();
    let result = run(&files);
    let broken = run(&[files[0].clone(), bad.to_string_lossy().into_owned()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let (out, broken) = match (result, broken) {
        (Ok(out), Ok(broken)) if out.status.code() != Some(3) => (out, broken),
        (result, _) => {
            let why = result.map_or_else(|e| e.to_string(), |o| String::from_utf8_lossy(&o.stderr).into_owned());
            panic!("the tree-sitter PowerShell grammar is not installed (.ci/run installs it): {why}");
        }
    };
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(broken.status.code(), Some(1), "the grammar check must catch a broken quote");
}

/// Every type a fact can have, and KB text that must not break out of its quotes or comment.
#[test]
fn kb_text_is_quoted_and_every_type_is_converted() {
    let dir = std::env::temp_dir().join(format!("fixplan-collector-kb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_dir(&common::root().join("kb"), &dir.join("kb"));
    common::copy_dir(&common::root().join("rules"), &dir.join("rules"));
    std::fs::copy(
        common::root().join("tests/cases/collector/fixture_facts.yaml"),
        dir.join("kb/facts/zz_fixture.yaml"),
    )
    .unwrap();
    let checked = fixplan::compile::compile(&KbSource::from_dir(&dir).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    let program = checked.program.expect("the fixture knowledge base checks");
    let text = collector::powershell(&program.kb, Parts::Client, "0.0.0");
    let start = text.find("    # zz_fixture_enum").expect("the fixture facts are in the script");
    let end = text[start..].find("    @{ entries").map_or(text.len(), |e| start + e);
    insta::assert_snapshot!("collector_fixture_facts", &text[start..end]);
}

/// The characters of JSON text that are not inside a string.
fn outside_strings(json: &str) -> impl Iterator<Item = char> + '_ {
    let (mut inside, mut escaped) = (false, false);
    json.chars().filter(move |&c| {
        let was_inside = inside;
        match c {
            _ if escaped => escaped = false,
            '\\' if inside => escaped = true,
            '"' => inside = !inside,
            _ => {}
        }
        !was_inside && c != '"'
    })
}

fn samples() -> Vec<PathBuf> {
    ["sample-client.json", "sample-server.json"]
        .iter()
        .map(|n| common::root().join("tests/cases/collector").join(n))
        .collect()
}

/// The samples are laid out exactly as the script writes: `{`, one member a line (the `_meta`
/// first, then the facts sorted by id, compact JSON, ASCII only), `}` and a newline.
#[test]
fn samples_have_the_scripts_layout_and_cover_their_side() {
    let kb = &common::program().kb;
    for path in samples() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.is_ascii());
        let lines: Vec<&str> = text.strip_suffix('\n').expect("ends with a newline").split('\n').collect();
        assert_eq!((lines[0], lines[lines.len() - 1]), ("{", "}"));
        let members = &lines[1..lines.len() - 1];
        let mut keys = Vec::new();
        for (i, line) in members.iter().enumerate() {
            let body = line.strip_prefix("  ").expect("two spaces of indent");
            let body =
                if i + 1 < members.len() { body.strip_suffix(',').expect("a comma between members") } else { body };
            let one: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&format!("{{{body}}}")).expect("each line is one JSON member");
            assert_eq!(one.len(), 1);
            assert!(outside_strings(body).all(|c| !c.is_whitespace()), "compact like the script: {body}");
            keys.extend(one.keys().cloned());
        }
        assert_eq!(keys[0], "_meta");
        let facts = &keys[1..];
        assert!(facts.windows(2).all(|w| w[0] < w[1]), "{}: facts sorted by id", path.display());
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let meta = doc["_meta"].as_object().unwrap();
        let order = ["host", "target", "collected_at", "collector", "side", "errors"];
        assert!(meta.keys().all(|k| order.contains(&k.as_str())), "{meta:?}");
        let at: Vec<usize> = order.iter().filter_map(|k| members[0].find(&format!("\"{k}\":"))).collect();
        assert!(at.len() >= 5 && at.windows(2).all(|w| w[0] < w[1]), "_meta keys in the script's order");
        assert_eq!(meta["collector"], "fixplan collector");
        let side = if meta["side"] == "client" { Side::Client } else { Side::Server };
        let errors: Vec<&str> = meta["errors"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
        // Each fact of the side is either collected or left out with its error.
        for f in collector::collected(kb, side) {
            let failed = errors.iter().any(|e| e.starts_with(&format!("{}: ", f.id)));
            assert!(
                facts.contains(&f.id.0) != failed,
                "{}: {} is neither collected nor in errors",
                path.display(),
                f.id
            );
        }
        assert_eq!(facts.len() + errors.len(), collector::collected(kb, side).len());
    }
}

/// What the script writes goes through the real `fixplan eval`: no error, no warning, and every
/// value loads with its declared type (a list of one event id stays a list).
#[test]
fn samples_evaluate_cleanly() {
    let paths: Vec<String> = samples().iter().map(|p| common::rel(p)).collect();
    let mut args = vec!["eval", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let out = fixplan(&args);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2);
    for line in stdout.lines() {
        let rep: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(rep.get("error").is_none(), "{line}");
        assert_eq!(rep["warnings"], serde_json::json!([]), "{line}");
        assert!(!rep["causes"].as_array().unwrap().is_empty());
    }
    let kb = &common::program().kb;
    for path in samples() {
        let incident = common::load(&path);
        assert!(incident.warnings.is_empty(), "{:?}", incident.warnings);
        assert_eq!(incident.meta["collector"], "fixplan collector");
        for (f, v) in kb.facts.iter().zip(&incident.values) {
            let Some(v) = v else { continue };
            let ok = matches!(
                (&f.ty, v),
                (FactType::Bool, Value::Bool(_))
                    | (FactType::Int, Value::Int(_))
                    | (FactType::Float, Value::Float(_))
                    | (FactType::Str | FactType::Enum(_), Value::Str(_))
                    | (FactType::ListInt, Value::List(_))
            );
            assert!(ok, "{}: {} is {v:?}", path.display(), f.id);
            assert_ne!(f.answered_by, AnsweredBy::Probe);
        }
    }
    let server = common::load(&samples()[1]);
    let events = common::program().kb.fact_index("server_events").unwrap();
    assert_eq!(server.values[events], Some(Value::List(vec![36870])));
}

/// The README's table of collected facts is the one the knowledge base gives.
#[test]
fn readme_table_matches_the_knowledge_base() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let table = collector::table(&common::program().kb);
    assert!(
        readme.contains(&table),
        "README.md, section \"Collecting facts on Windows\", must hold this table (generated from kb/):\n\n{table}"
    );
}

#[test]
fn brackets_balance_in_every_command_and_in_the_script() {
    for f in &common::program().kb.facts {
        if let Some(c) = &f.collect {
            assert_eq!(common::powershell::unbalanced(&c.powershell), None, "the collect command of {}", f.id);
        }
    }
    for side in ["both", "client", "server"] {
        assert_eq!(common::powershell::unbalanced(&script(side)), None, "the script for {side}");
    }
    // The check can fail.
    assert!(common::powershell::unbalanced("if ($x) { 'a' ").is_some());
    assert!(common::powershell::unbalanced("'it''s' + \"`\"\" # ) ").is_none());
    assert!(common::powershell::unbalanced("'open").is_some());
}
