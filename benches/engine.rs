//! Benchmarks: loading and checking the shipped knowledge base (also with 2 000 more follow-up
//! questions, whose conditions once cost a copy of their file each), and evaluating one fact
//! file (evaluation alone, and evaluation with the fix plan).

use criterion::{criterion_group, criterion_main, Criterion};
use fixplan::kb::KbSource;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let src = KbSource::embedded();
    c.bench_function("load_and_check_kb", |b| {
        b.iter(|| black_box(fixplan::compile::compile(black_box(&src)).program.is_some()))
    });

    let mut many = src.clone();
    let facts: String = (0..2000)
        .map(|i| {
            format!(
                "  - id: follow_up_{i}\n    type: bool\n    question: \"q{i}?\"\n    ask_if: \"cert_warning_shown and path == vpn\"\n    help: \"a generated follow-up question\"\n    answered_by: user\n    cost: {{ minutes: 1 }}\n"
            )
        })
        .collect();
    many.yaml.push(fixplan::source::SourceFile::new("kb/facts/zz_many.yaml", format!("facts:\n{facts}")));
    c.bench_function("check_kb_with_2000_follow_ups", |b| {
        b.iter(|| black_box(fixplan::compile::compile(black_box(&many)).diagnostics.len()))
    });

    let program = fixplan::compile::compile(&src).program.expect("the shipped knowledge base checks");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/machinekeys_permissions_or_corruption.yaml");
    let text = std::fs::read_to_string(path).expect("example exists");
    c.bench_function("load_fact_file", |b| {
        b.iter(|| black_box(fixplan::facts::load("x.yaml", black_box(&text), &program.kb).is_ok()))
    });
    let incident = fixplan::facts::load("x.yaml", &text, &program.kb).expect("example loads");
    c.bench_function("evaluate", |b| {
        b.iter(|| black_box(fixplan::infer::evaluate(&program, black_box(&incident.values))))
    });
    c.bench_function("evaluate_and_plan", |b| {
        b.iter(|| {
            let ev = fixplan::infer::evaluate(&program, black_box(&incident.values));
            black_box(fixplan::plan::rank(&program, &ev, &incident.values))
        })
    });
    let sparse =
        fixplan::facts::load("y.yaml", "error_code: 0x904\nextended_error_code: 0x7\n", &program.kb).expect("loads");
    c.bench_function("evaluate_and_plan_two_facts", |b| {
        b.iter(|| {
            let ev = fixplan::infer::evaluate(&program, black_box(&sparse.values));
            black_box(fixplan::plan::rank(&program, &ev, &sparse.values))
        })
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
