//! Evaluates jobs on all cores and hands the results on in input order, holding at most one
//! window of jobs and results at a time, so memory does not grow with the batch.

use rayon::prelude::*;
use std::ops::ControlFlow;

/// Runs `work` over `jobs` in parallel, `window` at a time, and calls `sink` with each result in
/// the order of the jobs. Stops early when `sink` breaks; returns whether every result was sunk.
pub fn for_each_ordered<J, T>(
    jobs: impl Iterator<Item = J>,
    window: usize,
    work: impl Fn(J) -> T + Sync,
    mut sink: impl FnMut(T) -> ControlFlow<()>,
) -> bool
where
    J: Send,
    T: Send,
{
    let mut jobs = jobs;
    let mut chunk: Vec<J> = Vec::with_capacity(window.max(1));
    loop {
        chunk.extend(jobs.by_ref().take(window.max(1)));
        if chunk.is_empty() {
            return true;
        }
        let results: Vec<T> = chunk.par_drain(..).map(&work).collect();
        for r in results {
            if sink(r).is_break() {
                return false;
            }
        }
    }
}

/// The window for the current pool: enough jobs per core to even out slow and fast inputs.
pub fn window() -> usize {
    rayon::current_num_threads() * 32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_window() {
        for window in [1, 3, 64] {
            let mut got = Vec::new();
            let all = for_each_ordered(
                0..200u64,
                window,
                |i| i * i,
                |x| {
                    got.push(x);
                    ControlFlow::Continue(())
                },
            );
            assert!(all);
            assert_eq!(got, (0..200u64).map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_broken_sink_stops_the_batch() {
        let mut seen = 0;
        let all = for_each_ordered(
            0..100u32,
            8,
            |i| i,
            |_| {
                seen += 1;
                if seen == 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert!(!all);
        assert_eq!(seen, 10);
    }
}
