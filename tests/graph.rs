//! `fixplan graph`: the decision graph in DOT (rendered by Graphviz), Mermaid and JSON, one
//! cause's neighbourhood, and the errors for an unknown cause and a broken knowledge base.

mod common;

use common::run::{fixplan, kb_copy, scratch, text, transcript};
use fixplan::check::Effect;
use serde_json::Value;
use std::collections::BTreeSet;

/// The cause whose neighbourhood is small enough to read in a snapshot and in the README.
const FOCUS: &str = "rds_farm_component_failure";

fn graph(args: &[&str]) -> String {
    let mut all = vec!["graph"];
    all.extend_from_slice(args);
    let out = fixplan(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&graph(&all)).expect("graph --format json is JSON")
}

fn ids(v: &Value, kind: &str) -> BTreeSet<String> {
    v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn focus_snapshots_in_every_format() {
    insta::assert_snapshot!("focus_dot", graph(&["--focus", FOCUS]));
    insta::assert_snapshot!("focus_mermaid", graph(&["--format", "mermaid", "--focus", FOCUS]));
    insta::assert_snapshot!("focus_json", graph(&["--format", "json", "--focus", FOCUS]));
}

#[test]
fn json_is_well_formed_sorted_and_complete() {
    let p = common::program();
    for v in [json(&[]), json(&["--focus", "machinekeys_permissions_or_corruption"])] {
        let nodes = v["nodes"].as_array().unwrap();
        let keys: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
        let unique: BTreeSet<&str> = keys.iter().copied().collect();
        assert_eq!(unique.len(), keys.len(), "node ids are unique");
        for n in nodes {
            assert!(n["file"].as_str().unwrap().ends_with(".yaml") || n["file"].as_str().unwrap().ends_with(".rules"));
            assert!(n["line"].as_u64().unwrap() > 0, "{n}");
        }
        let edges = v["edges"].as_array().unwrap();
        for e in edges {
            for end in ["from", "to"] {
                assert!(unique.contains(e[end].as_str().unwrap()), "edge endpoint is not a node: {e}");
            }
        }
        let order: Vec<(String, String)> =
            edges.iter().map(|e| (e["from"].as_str().unwrap().into(), e["to"].as_str().unwrap().into())).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "edges are sorted");
    }
    let whole = json(&[]);
    let kinds: BTreeSet<&str> =
        whole["edges"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    let all = ["asked_after", "before", "conditions", "derives", "fixes", "lowers", "raises", "reads", "rules_out"];
    assert_eq!(kinds, BTreeSet::from(all), "the shipped knowledge base uses every kind of edge");
    assert_eq!(
        whole["nodes"].as_array().unwrap().len(),
        p.kb.facts.len() + p.rules.len() + p.kb.causes.len() + p.kb.remedies.len()
    );
}

#[test]
fn every_focus_holds_the_rules_and_remedies_of_its_cause() {
    let p = common::program();
    let whole = json(&[]);
    for (c, cause) in p.kb.causes.iter().enumerate() {
        let v = json(&["--focus", cause.id.as_str()]);
        assert_eq!(ids(&v, "cause"), BTreeSet::from([cause.id.to_string()]), "only the focused cause");
        let rules = ids(&v, "rule");
        for r in p.rules.iter().filter(|r| {
            r.effects.iter().any(|e| matches!(e, Effect::Scale { cause, .. } | Effect::RuleOut(cause) if *cause == c))
        }) {
            assert!(rules.contains(r.id.as_str()), "{}: rule `{}` missing", cause.id, r.id);
        }
        let remedies = ids(&v, "remedy");
        for (m, remedy) in p.kb.remedies.iter().enumerate() {
            let fixes = remedy.fixes.iter().any(|&(x, _)| x == c)
                || p.remedy_when[m].iter().any(|(_, f)| f.iter().any(|&(x, _)| x == c));
            assert_eq!(remedies.contains(remedy.id.as_str()), fixes, "{}: remedy `{}`", cause.id, remedy.id);
        }
        // A focus is part of the whole graph.
        let all: BTreeSet<String> = whole["edges"].as_array().unwrap().iter().map(|e| e.to_string()).collect();
        for e in v["edges"].as_array().unwrap() {
            assert!(all.contains(&e.to_string()), "{e} is not in the whole graph");
        }
    }
}

#[test]
fn mermaid_declares_every_node_it_links() {
    for args in [vec!["--format", "mermaid"], vec!["--format", "mermaid", "--focus", "tls_protocol_or_cipher_mismatch"]]
    {
        let m = graph(&args);
        let mut lines = m.lines();
        assert_eq!(lines.next(), Some("flowchart LR"));
        let mut declared = BTreeSet::new();
        let mut links = 0;
        for l in lines.map(str::trim) {
            if l.starts_with("classDef ") {
                continue;
            }
            let first: String = l.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            assert!(!first.is_empty(), "a line starts with a sanitised id: {l}");
            let rest = &l[first.len()..];
            if rest.starts_with(" --") || rest.starts_with(" -.") {
                let last = l.rsplit(' ').next().unwrap();
                assert!(declared.contains(&first) && declared.contains(last), "undeclared node in {l}");
                links += 1;
            } else {
                assert!(
                    rest.ends_with(":::fact")
                        || rest.ends_with(":::rule")
                        || rest.ends_with(":::cause")
                        || rest.ends_with(":::remedy"),
                    "{l}"
                );
                // The label is one quoted string with no quote inside.
                assert_eq!(rest.matches('"').count(), 2, "{l}");
                declared.insert(first);
            }
        }
        assert!(links > 0);
    }
}

#[test]
#[ignore = "needs Graphviz `dot` (.ci/run installs it)"]
fn dot_output_renders_with_graphviz() {
    let found = std::process::Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(found, "Graphviz `dot` is not installed: apt-get install graphviz (.ci/run does)");
    let dir = scratch("dot");
    for (name, args) in [("whole", vec![]), ("focus", vec!["--focus", "rdp_selfsigned_cert_expired_or_corrupt"])] {
        let gv = dir.join(format!("{name}.gv"));
        let mut all = vec!["graph", "-o", gv.to_str().unwrap()];
        all.extend(args);
        let out = fixplan(&all);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "-o writes the file, not standard output");
        let svg = std::process::Command::new("dot").arg("-Tsvg").arg(&gv).output().expect("dot runs");
        assert_eq!(svg.status.code(), Some(0), "dot failed: {}", text(&svg.stderr));
        // A machine without fonts may warn about them; any other warning is about our output.
        let warnings: Vec<String> =
            text(&svg.stderr).lines().filter(|l| !l.to_lowercase().contains("font")).map(str::to_string).collect();
        assert!(warnings.is_empty(), "dot warned: {warnings:?}");
        let svg = text(&svg.stdout);
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(svg.contains("<title>cause:"), "the causes are drawn");
    }
}

#[test]
fn the_readme_picture_shows_the_current_focus_graph() {
    let svg = std::fs::read_to_string(common::root().join(format!("examples/graph/{FOCUS}.svg"))).unwrap();
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(readme.contains(&format!("examples/graph/{FOCUS}.svg")), "the README shows the picture");
    // Graphviz writes each node's name as its <title>; edges' titles hold an arrow.
    let drawn: BTreeSet<String> = svg
        .split("<title>")
        .skip(1)
        .filter_map(|s| s.split("</title>").next())
        .filter(|t| !t.contains("&#45;&gt;") && !t.contains("->") && *t != "fixplan")
        .map(str::to_string)
        .collect();
    let v = json(&["--focus", FOCUS]);
    let nodes: BTreeSet<String> =
        v["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(
        drawn, nodes,
        "examples/graph/{FOCUS}.svg is stale; regenerate it with `fixplan graph --focus {FOCUS} | dot -Tsvg`"
    );
}

#[test]
fn an_unwritable_output_file_is_an_error() {
    let out = fixplan(&["graph", "-o", "no/such/dir/graph.gv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: cannot write `no/such/dir/graph.gv`"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unknown_cause_is_an_error_with_the_closest_id() {
    let out = fixplan(&["graph", "--focus", "licensing_isue"]);
    insta::assert_snapshot!(transcript(&out));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_broken_knowledge_base_is_reported_and_nothing_exported() {
    let dir = kb_copy("graph-broken");
    std::fs::write(
        dir.join("rules/zz_broken.rules"),
        "rule broken \"x\"\n  when error_code == 0x904\n  then licensing_isue likely\n",
    )
    .unwrap();
    let out = fixplan(&["--kb", dir.to_str().unwrap(), "graph", "--format", "json"]);
    insta::assert_snapshot!(transcript(&out));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
