//! `fixplan explain`: snapshots of the explanation of a shipped example (whole, and one top,
//! ruled-out and low cause), its arithmetic checked on every example, and its errors.

mod common;

use common::run::{fixplan, kb_copy, scratch, text, transcript};
use fixplan::render::explain::{self, Explanation};
use fixplan::render::Format;

const EXAMPLE: &str = "examples/machinekeys_permissions_or_corruption.yaml";

fn explain_ok(args: &[&str]) -> String {
    let mut all = vec!["explain", "--color", "never"];
    all.extend_from_slice(args);
    let out = fixplan(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn explanation(path: &std::path::Path) -> (Explanation, fixplan::infer::Evaluation, fixplan::plan::Plan) {
    let (incident, ev, plan) = common::planned(path);
    (explain::build(common::program(), &incident, &ev, &plan, None), ev, plan)
}

#[test]
fn the_whole_explanation_of_an_example() {
    insta::assert_snapshot!(explain_ok(&[EXAMPLE]));
}

#[test]
fn one_cause_at_the_top_ruled_out_and_low() {
    let (x, ..) = explanation(&common::root().join(EXAMPLE));
    let status = |id: &str| x.causes.iter().find(|c| c.id == id).map(|c| c.status).unwrap();
    for (id, expected) in [
        ("machinekeys_permissions_or_corruption", "likely"),
        ("rd_gateway_misconfiguration_or_bug", "ruled_out"),
        ("tls_protocol_or_cipher_mismatch", "low"),
    ] {
        assert_eq!(status(id), expected, "{id}");
        insta::assert_snapshot!(format!("cause_{expected}"), explain_ok(&[EXAMPLE, "--cause", id]));
    }
}

#[test]
fn every_probability_is_prior_times_the_factors_shown_normalised() {
    let p = common::program();
    for path in common::examples() {
        let name = common::rel(&path);
        let (x, ev, plan) = explanation(&path);
        assert_eq!(x.causes.len(), p.kb.causes.len(), "{name}: every cause is explained");
        let mut total = x.unknown_probability;
        for c in &x.causes {
            let i = p.kb.cause_index(&c.id).unwrap();
            let product: f64 = c.fired.iter().map(|f| f.factor).product();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-3 + 1e-3 * a.abs().max(b.abs());
            assert!(close(c.factor, product), "{name} {}: factor {} is not the product {product}", c.id, c.factor);
            assert!(close(c.weight, c.prior * product), "{name} {}: weight is prior × factors", c.id);
            assert!(close(c.probability, ev.probabilities[i]), "{name} {}: the engine's probability", c.id);
            assert!(close(c.probability, c.weight / x.total_weight), "{name} {}: weight / total", c.id);
            let ruled_out = c.fired.iter().any(|f| f.factor == 0.0);
            assert_eq!(ruled_out, c.status == "ruled_out", "{name} {}", c.id);
            assert_eq!(ruled_out, c.rank.is_none(), "{name} {}", c.id);
            if let Some(b) = &c.behind {
                let lead = p.kb.cause_index(&b.leader).unwrap();
                assert_eq!(Some(lead), ev.ranking(p).first().copied(), "{name}: behind the leading cause");
                if let Some(f) = b.factor_to_lead {
                    let exact = ev.weights[lead] / ev.weights[i];
                    assert!((f - exact).abs() <= 0.005 * exact, "{name} {}: ×{f} to lead, not ×{exact}", c.id);
                }
            }
            assert_eq!(c.behind.is_some(), c.rank.is_some_and(|r| r > 1), "{name} {}", c.id);
            total += c.probability;
            for f in &c.fired {
                // The location names the rule's own line.
                let (file, line) = f.location.rsplit_once(':').unwrap();
                let src = std::fs::read_to_string(common::root().join(file)).unwrap();
                let at = src.lines().nth(line.parse::<usize>().unwrap() - 1).unwrap();
                assert!(at.starts_with(&format!("rule {} ", f.rule)), "{name}: {} is at {at}", f.location);
                assert!(!f.facts.is_empty(), "{name}: a rule that fired read some known fact");
            }
            for q in c.could_raise.iter().chain(&c.could_lower) {
                assert!(!q.missing.is_empty(), "{name}: a pending rule waits for some fact");
                for m in &q.missing {
                    let f = p.kb.fact_index(&m.id).unwrap();
                    assert!(ev.values[f].is_none(), "{name}: `{}` is known, not missing", m.id);
                    assert!(!m.question.is_empty());
                }
            }
            assert!(c.could_raise.iter().all(|q| q.factor > 1.0) && c.could_lower.iter().all(|q| q.factor < 1.0));
        }
        assert!((total - 1.0).abs() < 0.01, "{name}: probabilities sum to {total}");
        let ranked: Vec<&str> = x.causes.iter().filter(|c| c.rank.is_some()).map(|c| c.id.as_str()).collect();
        let engine: Vec<&str> = ev.ranking(p).into_iter().map(|c| p.kb.causes[c].id.as_str()).collect();
        assert_eq!(ranked, engine, "{name}: causes in the engine's order");
        for format in [Format::Text, Format::Markdown] {
            let out = fixplan::render::render_explanation(&x, format, false);
            assert!(!out.contains("internal error: cannot render"), "{name} {format:?}: {out}");
            assert!(out.contains("Why the plan is in this order"), "{name} {format:?}");
        }
        assert_eq!(x.plan.len(), plan.steps.len(), "{name}: every plan step has its reason");
        assert!(x.plan.iter().all(|s| !s.why.is_empty()), "{name}");
    }
}

#[test]
fn markdown_of_a_low_cause() {
    insta::assert_snapshot!(explain_ok(&[
        EXAMPLE,
        "--format",
        "markdown",
        "--cause",
        "tls_protocol_or_cipher_mismatch"
    ]));
}

#[test]
fn json_output_parses_and_holds_one_cause_when_asked() {
    let out = explain_ok(&[EXAMPLE, "--format", "json", "--cause", "tls_protocol_or_cipher_mismatch"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["single"], true);
    let causes = v["causes"].as_array().unwrap();
    assert_eq!(causes.len(), 1);
    assert_eq!(causes[0]["id"], "tls_protocol_or_cipher_mismatch");
    assert!(!causes[0]["could_raise"].as_array().unwrap().is_empty());
}

#[test]
fn an_unknown_cause_is_an_error_with_the_closest_id() {
    let out = fixplan(&["explain", EXAMPLE, "--cause", "tls_protocol_or_cypher_mismatch"]);
    insta::assert_snapshot!(transcript(&out));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_fact_file_is_named_with_its_line_and_exits_1() {
    let dir = scratch("explain-bad");
    let file = dir.join("bad.yaml");
    std::fs::write(&file, "error_code: 0x904\npath: carrier_pigeon\n").unwrap();
    let out = fixplan(&["explain", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr).replace(file.to_str().unwrap(), "bad.yaml");
    insta::assert_snapshot!(err);
    assert!(out.stdout.is_empty());
    let out = fixplan(&["explain", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no/such/file.yaml"), "{}", text(&out.stderr));
}

#[test]
fn values_from_the_fact_file_never_reach_the_terminal_raw() {
    let dir = scratch("explain-hostile");
    let file = dir.join("hostile.yaml");
    std::fs::write(
        &file,
        "_meta: { host: \"evil\\e[2J\\u202ehost\" }\nerror_code: 0x904\nextended_error_code: 0x7\nrecent_change: other\n",
    )
    .unwrap();
    for format in ["text", "markdown", "json"] {
        let out = explain_ok(&[file.to_str().unwrap(), "--format", format]);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "{format}: control characters got through");
        // Markdown also escapes `[` (it could start a link).
        let shown = if format == "markdown" { "evil\\[2Jhost" } else { "evil[2Jhost" };
        assert!(out.contains(shown), "{format}: the host is shown, cleaned");
    }
}

#[test]
fn a_broken_knowledge_base_is_reported_and_nothing_explained() {
    let dir = kb_copy("explain-broken");
    let remedies = dir.join("kb/remedies/client.yaml");
    let yaml = std::fs::read_to_string(&remedies).unwrap();
    // A remedy fixes a misspelled cause.
    let broken = yaml.replacen("client_saved_state_corrupt: 0.6", "client_saved_state_corupt: 0.6", 1);
    assert_ne!(broken, yaml);
    std::fs::write(&remedies, broken).unwrap();
    let out = fixplan(&["--kb", dir.to_str().unwrap(), "explain", EXAMPLE]);
    insta::assert_snapshot!(transcript(&out));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
