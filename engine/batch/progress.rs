//! The progress bar of a large batch: on standard error, only at a terminal and outside CI, so
//! piped output and logs never carry it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Batches smaller than this finish before a bar would be worth drawing.
const MIN_INPUTS: u64 = 200;

/// A bar when `count` inputs are known, a spinner with a count when not (JSON Lines); a hidden
/// bar when standard error is not a terminal, `CI` is set, or the batch is small.
pub fn bar(count: Option<u64>) -> ProgressBar {
    let wanted =
        std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && count.is_none_or(|n| n >= MIN_INPUTS);
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = match count {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{wide_bar} {human_pos}/{human_len} inputs, {elapsed} elapsed, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} {human_pos} inputs, {elapsed} elapsed")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
