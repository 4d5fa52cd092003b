//! The learned layer as a readable YAML file: written by `fixplan learn`, read by `--learned`
//! and `kb/learned.yaml`, and checked by `fixplan check` (every problem with file:line:col).

use super::{CausePrior, FixRate, Learned, Settings};
use crate::diag::{did_you_mean, Diagnostic};
use crate::kb::Knowledge;
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The layer as YAML: settings, then one line per cause and per (remedy, cause) learned.
pub fn to_yaml(kb: &Knowledge, l: &Learned) -> String {
    let mut out = String::from(
        "# fixplan learned layer, written by `fixplan learn` (docs/outcomes.md).\n\
         # `--learned FILE`, or this file as kb/learned.yaml, applies it on top of the knowledge base:\n\
         # cause priors and fix probabilities only; rules and their strengths stay as written.\n\
         # prior: share among the known causes (applied as prior x (1 - unknown_cause_prior));\n\
         # outcomes / tries / fixed: the cases behind each number; interval: its credible interval.\n\
         learned:\n  settings:\n",
    );
    let s = &l.settings;
    let _ = writeln!(
        out,
        "    prior_weight: {}        # the knowledge base's priors count as this many outcomes",
        num(s.prior_weight)
    );
    let _ = writeln!(
        out,
        "    fix_weight: {}          # each fix probability of the knowledge base counts as this many tries",
        num(s.fix_weight)
    );
    let _ = writeln!(out, "    interval: {}           # the probability each credible interval holds", num(s.interval));
    let _ = writeln!(out, "  outcomes: {}               # fact files with an outcome", l.outcomes);
    let _ = writeln!(out, "  confirmed: {}              # of them, those naming the confirmed cause", l.confirmed);
    out.push_str("  causes:\n");
    for c in &l.causes {
        let _ = writeln!(
            out,
            "    {}: {{prior: {}, kb_prior: {}, outcomes: {}, interval: [{}, {}]}}",
            kb.causes[c.cause].id,
            num(c.prior),
            num(c.kb_prior),
            c.outcomes,
            num(c.interval.0),
            num(c.interval.1)
        );
    }
    out.push_str(if l.fixes.is_empty() { "  fixes: {}\n" } else { "  fixes:\n" });
    let mut last = usize::MAX;
    for f in &l.fixes {
        if f.remedy != last {
            let _ = writeln!(out, "    {}:", kb.remedies[f.remedy].id);
            last = f.remedy;
        }
        let _ = writeln!(
            out,
            "      {}: {{probability: {}, kb: {}, tries: {}, fixed: {}, interval: [{}, {}]}}",
            kb.causes[f.cause].id,
            num(f.probability),
            num(f.kb),
            f.tries,
            f.fixed,
            num(f.interval.0),
            num(f.interval.1)
        );
    }
    out
}

/// A number with at most six decimals and no trailing zeros (`0.25`, `20`).
fn num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    learned: Body,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    settings: SettingsDoc,
    outcomes: u64,
    confirmed: u64,
    #[serde(default)]
    causes: BTreeMap<String, CauseDoc>,
    #[serde(default)]
    fixes: BTreeMap<String, BTreeMap<String, FixDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsDoc {
    prior_weight: f64,
    fix_weight: f64,
    interval: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CauseDoc {
    prior: f64,
    #[serde(default)]
    kb_prior: Option<f64>,
    outcomes: u64,
    #[serde(default)]
    interval: Option<[f64; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixDoc {
    probability: f64,
    #[serde(default)]
    kb: Option<f64>,
    tries: u64,
    fixed: u64,
    #[serde(default)]
    interval: Option<[f64; 2]>,
}

/// Reads and checks a learned layer against the knowledge base. The layer is usable only when
/// no diagnostic is an error.
pub fn parse(kb: &Knowledge, src: &SourceFile) -> (Option<Learned>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let doc: Doc = match crate::yaml::from_str(&src.text) {
        Ok(d) => d,
        Err(e) => {
            let msg = e.message;
            let at = e.offset.unwrap_or(0);
            let d = Diagnostic::error("E040", format!("cannot read this learned layer: {msg}"))
                .at(src, at, 1)
                .with_hint("`fixplan learn PATH... -o FILE` writes one; docs/outcomes.md describes the format");
            return (None, vec![d]);
        }
    };
    let b = doc.learned;
    let key = |k: &str, from: usize| src.find_key(k, from).unwrap_or(from);
    let range = |diags: &mut Vec<Diagnostic>, what: &str, x: f64, at: usize, word: &str| {
        if !(0.0..=1.0).contains(&x) {
            let off = key(word, at);
            diags.push(
                Diagnostic::error("E042", format!("{what} is {x}, outside 0..1"))
                    .at(src, off, word.len())
                    .with_hint("a probability is between 0 and 1; learn the layer again"),
            );
        }
    };
    let settings_at = key("settings", 0);
    let s = Settings {
        prior_weight: b.settings.prior_weight,
        fix_weight: b.settings.fix_weight,
        interval: b.settings.interval,
    };
    for (word, x) in [("prior_weight", s.prior_weight), ("fix_weight", s.fix_weight)] {
        if !(x >= 0.0 && x.is_finite()) {
            diags.push(
                Diagnostic::error(
                    "E042",
                    format!("`{word}` is {x}; a weight is a count of pseudo-outcomes, 0 or more"),
                )
                .at(src, key(word, settings_at), word.len())
                .with_hint("the default is 20 for prior_weight and 10 for fix_weight"),
            );
        }
    }
    if !(s.interval > 0.0 && s.interval < 1.0) {
        diags.push(
            Diagnostic::error("E042", format!("`interval` is {}, not between 0 and 1", s.interval))
                .at(src, key("interval", settings_at), 8)
                .with_hint("0.9 gives 90% credible intervals"),
        );
    }
    let causes_at = key("causes", settings_at);
    let mut causes = Vec::new();
    for (id, c) in &b.causes {
        let at = key(id, causes_at);
        let Some(ci) = kb.cause_index(id) else {
            diags.push(unknown(src, "cause", id, at, kb.causes.iter().map(|c| c.id.as_str())));
            continue;
        };
        range(&mut diags, &format!("the prior of `{id}`"), c.prior, at, "prior");
        check_interval(src, &mut diags, id, c.interval, at);
        let kb_prior = c.kb_prior.unwrap_or_else(|| super::kb_shares(kb)[ci]);
        let interval = c.interval.map_or((c.prior, c.prior), |[lo, hi]| (lo, hi));
        causes.push(CausePrior { cause: ci, prior: c.prior, kb_prior, outcomes: c.outcomes, interval });
    }
    causes.sort_by_key(|c| c.cause);
    let total: f64 = causes.iter().map(|c| c.prior).sum();
    if !causes.is_empty() && causes.len() == kb.causes.len() && (total - 1.0).abs() > 0.01 {
        diags.push(
            Diagnostic::warning("W209", format!("the learned priors sum to {total:.4}, not 1"))
                .at(src, causes_at, 6)
                .with_hint("each prior is a share of the known causes; learn the layer again or correct the numbers"),
        );
    }
    let fixes_at = key("fixes", causes_at);
    let mut fixes = Vec::new();
    for (rid, per) in &b.fixes {
        let r_at = key(rid, fixes_at);
        let Some(ri) = kb.remedies.iter().position(|r| r.id.as_str() == rid) else {
            diags.push(unknown(src, "remedy", rid, r_at, kb.remedies.iter().map(|r| r.id.as_str())));
            continue;
        };
        for (cid, f) in per {
            let at = key(cid, r_at);
            let Some(ci) = kb.cause_index(cid) else {
                diags.push(unknown(src, "cause", cid, at, kb.causes.iter().map(|c| c.id.as_str())));
                continue;
            };
            range(&mut diags, &format!("the fix probability of `{rid}` for `{cid}`"), f.probability, at, "probability");
            if f.fixed > f.tries {
                diags.push(
                    Diagnostic::error("E042", format!("`{rid}` fixed `{cid}` {} times in {} tries", f.fixed, f.tries))
                        .at(src, key("fixed", at), 5)
                        .with_hint("`fixed` counts the tries that fixed it, so it is at most `tries`"),
                );
            }
            check_interval(src, &mut diags, cid, f.interval, at);
            let interval = f.interval.map_or((f.probability, f.probability), |[lo, hi]| (lo, hi));
            let kb_f = f.kb.unwrap_or_else(|| super::kb_fix(kb, ri, ci));
            fixes.push(FixRate {
                remedy: ri,
                cause: ci,
                probability: f.probability,
                kb: kb_f,
                tries: f.tries,
                fixed: f.fixed,
                interval,
            });
        }
    }
    fixes.sort_by_key(|f| (f.remedy, f.cause));
    let ok = !diags.iter().any(Diagnostic::is_error);
    let learned = Learned { settings: s, outcomes: b.outcomes, confirmed: b.confirmed, causes, fixes };
    (ok.then_some(learned), diags)
}

fn check_interval(src: &SourceFile, diags: &mut Vec<Diagnostic>, id: &str, iv: Option<[f64; 2]>, at: usize) {
    let Some([lo, hi]) = iv else { return };
    if !(0.0 <= lo && lo <= hi && hi <= 1.0) {
        let off = src.find_key("interval", at).unwrap_or(at);
        diags.push(
            Diagnostic::error("E042", format!("the interval of `{id}` is [{lo}, {hi}], not a range within 0..1"))
                .at(src, off, 8)
                .with_hint("write `interval: [LOW, HIGH]` with 0 <= LOW <= HIGH <= 1"),
        );
    }
}

fn unknown<'a>(
    src: &SourceFile,
    kind: &str,
    id: &str,
    at: usize,
    known: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let d =
        Diagnostic::error("E041", format!("the learned layer names an unknown {kind} `{id}`")).at(src, at, id.len());
    match did_you_mean(id, known) {
        Some(close) => d.with_hint(format!("did you mean `{close}`?")),
        None => d.with_hint("remove the entry, or learn the layer again from outcomes of this knowledge base"),
    }
}
