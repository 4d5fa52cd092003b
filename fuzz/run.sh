#!/usr/bin/env bash
# Runs each fuzz target for SECONDS, one after another on one core, and prints a table of target,
# seconds, executions, corpus size and new crashes (crash-, timeout-, oom- and leak- files in
# fuzz/artifacts/TARGET). Logs go to fuzz/logs/TARGET.log.
#
# Usage: fuzz/run.sh SECONDS [TARGET...]      (needs `cargo install cargo-fuzz` and a nightly toolchain)
# FUZZ_TARGET_DIR sets cargo's target directory (default fuzz/target).
set -u
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$(dirname "$0")" || exit 2
targets=${*:-rules kb facts_yaml facts_json x224 cert}
flags=(-O -a -s none --target-dir "${FUZZ_TARGET_DIR:-target}")

# Inputs are bounded (every real file of its kind fits) so that a run measures parsing rather than
# ever deeper nesting; a crash, timeout or out-of-memory is saved and the run goes on (-fork=1).
max_len() {
    case $1 in
        rules) echo 16384 ;;
        kb) echo 32768 ;;
        facts_yaml | facts_json | cert) echo 8192 ;;
        *) echo 1024 ;;
    esac
}

python3 seed.py >/dev/null || exit 2
cargo +nightly fuzz build "${flags[@]}" || exit 2
mkdir -p logs
rows=()
for t in $targets; do
    mkdir -p "artifacts/$t" "corpus/$t"
    before=$(find "artifacts/$t" -type f | wc -l)
    start=$(date +%s)
    cargo +nightly fuzz run "${flags[@]}" "$t" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len "$t")" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -print_final_stats=1 >"logs/$t.log" 2>&1
    ran=$(($(date +%s) - start))
    # Fork mode's status lines start with the executions of every job so far: `#N: cov: ...`.
    execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "logs/$t.log" | tail -1)
    corpus=$(find "corpus/$t" -type f | wc -l)
    crashes=$(($(find "artifacts/$t" -type f | wc -l) - before))
    rows+=("$(printf '%-11s %8s %12s %8s %8s' "$t" "$ran" "${execs:-?}" "$corpus" "$crashes")")
done
printf '%-11s %8s %12s %8s %8s\n' target seconds executions corpus crashes
printf '%s\n' "${rows[@]}"
