//! Scores a stream of fact sets in JSON Lines (`{"id": 7, "facts": {"f3": 12, ...}}`), one
//! result line per set (`<id> <cause|none> <score %.6f>`), in input order, on every core. This
//! is the benchmark's path (benches/clips/): it skips the trace and the plan.

use super::index::{score, RuleIndex, Scratch};
use crate::kb::Combination;
use crate::program::Program;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufRead, Write};

/// Fact sets read and the number of them some rule fired for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub sets: u64,
    pub fired: u64,
}

/// A program ready to score fact sets: its rule index and its facts by name.
pub struct FactSets<'a> {
    p: &'a Program,
    index: RuleIndex,
    names: HashMap<&'a str, usize>,
}

impl<'a> FactSets<'a> {
    pub fn new(p: &'a Program) -> Self {
        let names = p.kb.facts.iter().enumerate().map(|(i, f)| (f.id.as_str(), i)).collect();
        Self { p, index: RuleIndex::new(p), names }
    }

    /// How many rules are evaluated for every fact set, whatever it holds.
    pub fn always_rules(&self) -> usize {
        self.index.always().len()
    }

    /// Scores one JSON line and appends its result line to `out`; true when it names a cause.
    pub fn line(&self, text: &str, s: &mut Scratch, out: &mut String) -> Result<bool, String> {
        s.clear();
        let id = super::jsonline::read(text, &self.names, &self.p.kb.facts, s)?;
        score(self.p, &self.index, s);
        let top = self.top(s);
        match top {
            Some((c, cf)) => writeln!(out, "{id} {} {cf:.6}", self.p.kb.causes[c].id),
            None => writeln!(out, "{id} none 0.000000"),
        }
        .map_err(|e| e.to_string())?;
        Ok(top.is_some())
    }

    /// The cause with the largest score rounded to 9 places, ties to the first cause; only
    /// causes some fired rule spoke of, and none ruled out.
    fn top(&self, s: &Scratch) -> Option<(usize, f64)> {
        let cf_mode = self.p.kb.settings.combination == Combination::CertaintyFactor;
        let mut best: Option<(usize, i64, f64)> = None;
        for &c in &s.touched {
            let Some(x) = s.score(c) else { continue };
            if s.ruled_out(c) {
                continue;
            }
            let q = if cf_mode { (x * 1e9 + 0.5).floor() as i64 } else { (x * 1e9).round() as i64 };
            let better = match best {
                None => true,
                Some((bc, bq, _)) => q > bq || (q == bq && c < bc),
            };
            if better {
                best = Some((c, q, x));
            }
        }
        best.map(|(c, _, x)| (c, x))
    }

    /// Scores every line of `input` on `threads` threads, writing results in input order.
    pub fn run(&self, input: impl BufRead, mut output: impl Write, threads: usize) -> io::Result<Totals> {
        const CHUNK: usize = 4096;
        let threads = threads.max(1);
        let mut scratches: Vec<Scratch> = (0..threads).map(|_| Scratch::new(self.p)).collect();
        let mut totals = Totals::default();
        let mut lines = input.lines();
        let mut chunk: Vec<String> = Vec::with_capacity(CHUNK);
        let mut outs: Vec<String> = vec![String::new(); threads];
        loop {
            chunk.clear();
            for line in lines.by_ref() {
                let line = line?;
                if !line.trim().is_empty() {
                    chunk.push(line);
                }
                if chunk.len() == CHUNK {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            let per = chunk.len().div_ceil(threads);
            let first_line = totals.sets;
            let results: Vec<Result<u64, String>> = std::thread::scope(|sc| {
                let handles: Vec<_> = chunk
                    .chunks(per)
                    .zip(scratches.iter_mut())
                    .zip(outs.iter_mut())
                    .enumerate()
                    .map(|(k, ((part, s), out))| {
                        sc.spawn(move || {
                            out.clear();
                            let mut fired = 0;
                            for (i, l) in part.iter().enumerate() {
                                let at = first_line + (k * per + i) as u64 + 1;
                                fired += u64::from(self.line(l, s, out).map_err(|e| format!("fact set {at}: {e}"))?);
                            }
                            Ok(fired)
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a worker failed".into()))).collect()
            });
            for (r, out) in results.into_iter().zip(&outs) {
                totals.fired += r.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
                output.write_all(out.as_bytes())?;
            }
            totals.sets += chunk.len() as u64;
        }
        output.flush()?;
        Ok(totals)
    }
}
