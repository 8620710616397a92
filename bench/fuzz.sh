#!/usr/bin/env bash
# Coverage-guided fuzzing of newsmill's parsers (fuzz/, libFuzzer through
# libfuzzer-sys, built with the stable toolchain's own coverage flags: no nightly,
# no cargo-fuzz). Runs each target for SECONDS in a network namespace of its own
# (only loopback: an input that names a URL cannot reach anything), with a 1 s
# hang limit, and prints per target executions, executions per second, crashes
# (panics, aborts, out-of-memory), hangs (> 1 s) and the slowest input's time.
# A crash's input is saved under fuzz/artifacts/TARGET/ and the run goes on (up to
# five restarts per target); the working corpus grows in fuzz/corpus/TARGET/ from
# the committed seeds in fuzz/seeds/TARGET/. Crash inputs, once fixed, become
# regression tests (crates/scrape/tests/fuzz_regressions.rs reads
# crates/scrape/tests/fuzz/).
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]   (default 60 s each, every target)
# Needs: a C++ compiler (libFuzzer is built from source), root for `unshare -n`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS="${1:-60}"
shift || true
ALL=(tokenizer charset extract scrape_dates url warc feed sitemap robots tag config)
TARGETS=("${@:-${ALL[@]}}")
read -r -a TARGETS <<< "${TARGETS[*]}"
TRIPLE="$(rustc -vV | awk '/^host:/ {print $2}')"
FUZZ_RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
cd "$ROOT/fuzz"
echo "building fuzz targets (${TARGETS[*]}) for $TRIPLE" >&2
bins=()
for t in "${TARGETS[@]}"; do bins+=(--bin "$t"); done
RUSTFLAGS="$FUZZ_RUSTFLAGS" cargo build --quiet --release --target "$TRIPLE" "${bins[@]}" >&2
BIN_DIR="$ROOT/fuzz/target/$TRIPLE/release"
isolate() {
    if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
        unshare -n sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh "$@"
    else
        echo "no network namespace (needs root): refusing to fuzz without one" >&2
        return 1
    fi
}
export FUZZ_TMP="${FUZZ_TMP:-/dev/shm}"
printf '%-13s %12s %9s %8s %6s %10s\n' target executions "exec/s" crashes hangs "slowest s"
total_crashes=0
total_hangs=0
min_execs=
for t in "${TARGETS[@]}"; do
    corpus="$ROOT/fuzz/corpus/$t"
    artifacts="$ROOT/fuzz/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    count() { find "$artifacts" -type f \( "$@" \) | wc -l; }
    crashes_before=$(count -name 'crash-*' -o -name 'oom-*')
    hangs_before=$(count -name 'timeout-*')
    execs=0 slowest=0 left=$SECS restarts=0 spent=0
    log=$(mktemp)
    while [ "$left" -gt 0 ] && [ "$restarts" -lt 6 ]; do
        start=$(date +%s)
        isolate "$BIN_DIR/$t" "$corpus" "$ROOT/fuzz/seeds/$t" \
            -max_total_time="$left" -timeout=1 -rss_limit_mb=4096 -max_len="${FUZZ_MAX_LEN:-8192}" \
            -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || true
        n=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
        s=$(awk '/stat::slowest_unit_time_sec/ {print $2}' "$log" | tail -1)
        execs=$((execs + ${n:-0}))
        slowest=$(awk -v a="$slowest" -v b="${s:-0}" 'BEGIN { print (b > a ? b : a) }')
        now=$(date +%s)
        spent=$((spent + now - start))
        left=$((SECS - spent))
        restarts=$((restarts + 1))
        if grep -q "Test unit written\|ERROR: libFuzzer\|deadly signal" "$log"; then
            grep -m3 "panicked at\|ERROR: libFuzzer\|SUMMARY" "$log" | sed "s/^/  $t: /" >&2
            cp "$log" "$artifacts/log-$(date +%s).txt"
        else
            break
        fi
    done
    rm -f "$log"
    crashes=$(( $(count -name 'crash-*' -o -name 'oom-*') - crashes_before ))
    hangs=$(( $(count -name 'timeout-*') - hangs_before ))
    total_crashes=$((total_crashes + crashes))
    total_hangs=$((total_hangs + hangs))
    rate=$(( execs / (spent > 0 ? spent : 1) ))
    [ "$slowest" = 0 ] && slowest="<1"
    printf '%-13s %12d %9d %8d %6d %10s\n' "$t" "$execs" "$rate" "$crashes" "$hangs" "$slowest"
    if [ -z "$min_execs" ] || [ "$execs" -lt "$min_execs" ]; then min_execs=$execs; fi
done
echo "headline: ${#TARGETS[@]} targets x ${SECS}s: fewest executions $min_execs, crashes $total_crashes, hangs $total_hangs"
