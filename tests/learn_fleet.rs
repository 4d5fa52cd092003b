//! The learning experiment of issue 18: a generated fleet whose true causes follow a mix unlike
//! the shipped priors (tests/fleet_gen), 300 cases learned with `fixplan learn`, 1 000 held-out
//! cases scored with `fixplan calibrate --learned`: top-1 must rise by 10 points or more and the
//! Brier score fall. A fleet that follows the priors must change little. The figures are printed
//! (`cargo test --test learn_fleet -- --nocapture`).

mod common;
#[path = "fleet_gen/mod.rs"]
mod fleet_gen;

use fleet_gen::{case, jsonl, supporting, Rng, REALISTIC};
use serde_json::Value as J;
use std::path::Path;
use std::process::Command;

fn fixplan(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_fixplan")).args(args).output().expect("the binary runs");
    assert!(out.status.success(), "fixplan {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `n` cases drawn from `mix` as JSON Lines.
fn write_fleet(path: &Path, mix: &[f64], n: usize, rng: &mut Rng) {
    let p = common::program();
    let support = supporting(p);
    let mut out = String::new();
    for _ in 0..n {
        let cause = rng.pick(mix);
        out.push_str(&jsonl(p, &case(p, &support, cause, &REALISTIC, rng), cause));
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// (top-1, Brier) of the knowledge base alone and with the layer learned from the first part.
fn experiment(name: &str, mix: &[f64], seed: u64) -> ((f64, f64), (f64, f64)) {
    let dir = std::env::temp_dir().join(format!("fixplan-learn-fleet-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(seed);
    let (learn, held, layer) = (dir.join("learn.jsonl"), dir.join("held_out.jsonl"), dir.join("learned.yaml"));
    write_fleet(&learn, mix, 300, &mut rng);
    write_fleet(&held, mix, 1000, &mut rng);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    fixplan(&["learn", &s(&learn), "-o", &s(&layer), "-q"]);
    let c: J =
        serde_json::from_str(&fixplan(&["calibrate", &s(&held), "--learned", &s(&layer), "--format", "json"])).unwrap();
    assert_eq!(c["cases"], 1000);
    let fig = |m: &J| (m["top1"].as_f64().unwrap(), m["brier"].as_f64().unwrap());
    let (kb, learned) = (fig(&c["kb"]), fig(&c["learned"]));
    println!(
        "{name}: held-out top-1 {:.1}% -> {:.1}%, top-3 {:.1}% -> {:.1}%, Brier {:.4} -> {:.4}, log loss {:.3} -> {:.3}",
        kb.0 * 100.0,
        learned.0 * 100.0,
        c["kb"]["top3"].as_f64().unwrap() * 100.0,
        c["learned"]["top3"].as_f64().unwrap() * 100.0,
        kb.1,
        learned.1,
        c["kb"]["log_loss"].as_f64().unwrap(),
        c["learned"]["log_loss"].as_f64().unwrap()
    );
    let _ = std::fs::remove_dir_all(dir);
    (kb, learned)
}

/// The knowledge base's priors as shares of the known causes.
fn kb_mix() -> Vec<f64> {
    fixplan::learn::kb_shares(&common::program().kb)
}

#[test]
fn learning_a_fleet_unlike_the_priors_raises_top1_and_lowers_brier() {
    // The fleet's mix: the priors reversed by rank, so the rarest causes of the knowledge base
    // are this fleet's commonest.
    let shares = kb_mix();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| shares[b].total_cmp(&shares[a]).then(a.cmp(&b)));
    let mut mix = vec![0.0; shares.len()];
    for (rank, &c) in order.iter().enumerate() {
        mix[c] = shares[order[order.len() - 1 - rank]];
    }
    let distance: f64 = mix.iter().zip(&shares).map(|(a, b)| (a - b).abs()).sum::<f64>() / 2.0;
    println!("unlike: total variation distance between the fleet's mix and the priors {distance:.2}");
    assert!(distance > 0.4, "the mix really is unlike the priors");
    let (kb, learned) = experiment("unlike", &mix, 18);
    assert!(learned.0 - kb.0 >= 0.10, "top-1 rises by 10 points or more: {kb:?} -> {learned:?}");
    assert!(learned.1 < kb.1, "the Brier score falls: {kb:?} -> {learned:?}");
}

#[test]
fn learning_a_fleet_that_follows_the_priors_changes_little() {
    let (kb, learned) = experiment("matching", &kb_mix(), 1818);
    assert!((learned.0 - kb.0).abs() <= 0.03, "top-1 moves by 3 points at most: {kb:?} -> {learned:?}");
    assert!((learned.1 - kb.1).abs() <= 0.02, "the Brier score moves by 0.02 at most: {kb:?} -> {learned:?}");
}
