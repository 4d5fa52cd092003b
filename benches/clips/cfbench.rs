//! The benchmark runner beside CLIPS (benches/clips/run.sh): loads a translated knowledge base,
//! streams a JSON Lines file of fact sets through the indexed certainty-factor scorer on every
//! core, and prints `<id> <cause|none> <cf %.6f>` per set, in input order, as the reference does.
//!
//! usage: cfbench KB_DIR FACTS.jsonl [--threads N]   (`-` reads standard input)

use fixplan::compile::compile;
use fixplan::infer::factsets::FactSets;
use fixplan::kb::KbSource;
use std::io::{self, BufReader, BufWriter};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--threads" {
            threads = it.next().and_then(|n| n.parse().ok()).ok_or("`--threads` takes a number")?;
        } else {
            paths.push(a.as_str());
        }
    }
    let [kb_dir, facts] = paths[..] else {
        return Err("usage: cfbench KB_DIR FACTS.jsonl [--threads N]".into());
    };
    let start = Instant::now();
    let src = KbSource::from_dir(Path::new(kb_dir))?;
    let checked = compile(&src);
    let Some(program) = checked.program else {
        for d in checked.diagnostics.iter().filter(|d| d.is_error()).take(5) {
            eprintln!("{}: {}", d.code, d.message);
        }
        return Err(format!("`{kb_dir}` has {} errors", checked.errors()));
    };
    let sets = FactSets::new(&program);
    let loaded = start.elapsed();
    let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let totals = if facts == "-" {
        sets.run(io::stdin().lock(), out, threads)
    } else {
        let file = std::fs::File::open(facts).map_err(|e| format!("cannot read `{facts}`: {e}"))?;
        sets.run(BufReader::with_capacity(1 << 16, file), out, threads)
    }
    .map_err(|e| format!("`{facts}`: {e}"))?;
    let total = start.elapsed();
    let eval = (total - loaded).as_secs_f64();
    eprintln!(
        "sets={} fired={} rules={} always={} threads={threads} load={:.3}s eval={:.3}s ({:.0} sets/s)",
        totals.sets,
        totals.fired,
        program.rules.len(),
        sets.always_rules(),
        loaded.as_secs_f64(),
        eval,
        totals.sets as f64 / eval.max(1e-9)
    );
    Ok(())
}
