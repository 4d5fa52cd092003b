//! Learning from outcomes at fleet scale (issue 18: "learning from 100 000 outcomes takes
//! seconds"): `fixplan learn` over one JSON Lines file of 100 000 generated cases, each read,
//! checked against the knowledge base, its `_meta.outcome` resolved and counted.
//! `cargo bench --bench learn`.

#[path = "../tests/fleet_gen/mod.rs"]
mod fleet_gen;

use criterion::{criterion_group, criterion_main, Criterion};
use fixplan::kb::KbSource;
use fleet_gen::{case, jsonl, supporting, Rng, REALISTIC};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let p = fixplan::compile::compile(&KbSource::embedded()).program.expect("the shipped kb checks");
    let support = supporting(&p);
    let mix = fixplan::learn::kb_shares(&p.kb);
    let mut rng = Rng(100_000);
    let mut text = String::new();
    for _ in 0..100_000 {
        let cause = rng.pick(&mix);
        text.push_str(&jsonl(&p, &case(&p, &support, cause, &REALISTIC, &mut rng), cause));
        text.push('\n');
    }
    let path = std::env::temp_dir().join(format!("fixplan-bench-learn-{}.jsonl", std::process::id()));
    std::fs::write(&path, text).expect("a temporary file");
    let paths = [path.clone()];
    let mut g = c.benchmark_group("learn");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("learn_100000_outcomes", |b| {
        b.iter(|| {
            let (l, tally) = fixplan::learn::run::learn_from(&p, &paths, false, fixplan::learn::Settings::default());
            assert_eq!((l.outcomes, tally.failed.len()), (100_000, 0));
            l
        })
    });
    g.finish();
    let _ = std::fs::remove_file(path);
}

criterion_group!(learn, benches);
criterion_main!(learn);
