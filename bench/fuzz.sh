#!/usr/bin/env bash
# Coverage-guided fuzzing of newsmill's parsers (fuzz/, libFuzzer through
# libfuzzer-sys, built with the stable toolchain's own coverage flags: no nightly,
# no cargo-fuzz). Runs each target for SECONDS in a network namespace of its own
# (only loopback: an input that names a URL cannot reach anything), with a 1 s
# hang limit, and prints per target executions, executions per second, crashes
# (panics, aborts, out-of-memory), hangs (> 1 s) and the slowest input's time.
# A crash's input is saved under fuzz/artifacts/TARGET/ and the run goes on (up to
# five restarts per target); the working corpus grows in fuzz/corpus/TARGET/ from
# the committed seeds in fuzz/seeds/TARGET/ and the committed crash inputs of the
# target (read-only corpora, so a fixed crash that comes back shows at once).
#
# Every run appends its rows to fuzz/artifacts/runs.tsv; `bench/fuzz.sh --totals`
# prints the same table summed over all runs logged there (run the targets in
# chunks on a busy machine, then total them). Aim: at least 1M executions per
# target, 0 crashes, 0 hangs.
#
# Targets and their entry points:
#   tokenizer     scrape: our tokenizer against html5ever's (same tree), raw-text pass
#   charset       scrape: charset decoding and content sniffing
#   extract       scrape: the whole extractor (slow by nature: a full page
#                 pipeline per input, hundreds to a few thousand inputs a second)
#   scrape_dates  scrape: dates in running text, machine dates
#   url           fetch: normalize_url
#   warc          fetch: read_warc (crash inputs in crates/fetch/tests/fuzz/warc/)
#   feed          fetch: parse_feed
#   sitemap       fetch: parse_sitemap (plain and gzip'd)
#   robots        fetch: parse_robots, then allows() on the input's own paths
#   tag           tag: Tagger::tag, the whole tagger (slow by nature: NER,
#                 gazetteer and canonicalisation per input). The tag crate's date and
#                 amount finders are not public yet, so they are fuzzed only through
#                 it; the lead arranges a public entry point, then a target of its own.
#   config        newsmill: ConfigFile::read and resolve_offline, with
#                 crates/newsmill/config.rs and its config/ modules compiled into
#                 the target (the binary crate has no library target; the target
#                 declares config.rs inside a module whose #[path] is the binary's
#                 folder, so config.rs finds config/locate.rs and config/validate.rs
#                 as the binary does); a new import in config.rs may need the same
#                 crate in fuzz/Cargo.toml.
# Crash inputs are kept where their owner's tests read them: crates/fetch/tests/
# fuzz/TARGET/ (read by crates/fetch/tests/fuzz_regressions.rs); inputs for code
# whose owners have not added such a test yet wait in fuzz/regressions/TARGET/.
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]   (default 60 s each, every target)
#        bench/fuzz.sh --totals [TARGET...]    (sums of the runs logged so far)
# Needs: a C++ compiler (libFuzzer is built from source), root for `unshare -n`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ALL=(tokenizer charset extract scrape_dates url warc feed sitemap robots tag config)
LOG="$ROOT/fuzz/artifacts/runs.tsv"
mkdir -p "$ROOT/fuzz/artifacts"

header() {
    printf '%-13s %12s %9s %8s %6s %10s\n' target executions "exec/s" crashes hangs "slowest s"
}

if [ "${1:-}" = "--totals" ]; then
    shift
    TARGETS=("${@:-${ALL[@]}}")
    read -r -a TARGETS <<< "${TARGETS[*]}"
    [ -f "$LOG" ] || { echo "no runs logged in $LOG" >&2; exit 1; }
    header
    for t in "${TARGETS[@]}"; do
        # Columns of the log: date target seconds executions crashes hangs slowest
        awk -F'\t' -v t="$t" '$2 == t {
                secs += $3; n += $4; c += $5; h += $6; runs++
                if ($7 != "<1" && $7 + 0 > slow) slow = $7 + 0
            }
            END {
                if (runs == 0) exit
                printf "%-13s %12d %9d %8d %6d %10s\n", t, n, (secs > 0 ? n / secs : 0), c, h,
                    (slow > 0 ? slow : "<1")
            }' "$LOG"
    done
    awk -F'\t' '{ print $2, $4, $5, $6 }' "$LOG" | awk -v want="${TARGETS[*]}" '
        BEGIN { k = split(want, w, " "); for (i = 1; i <= k; i++) sel[w[i]] = 1 }
        sel[$1] { n[$1] += $2; c += $3; h += $4 }
        END {
            min = -1; m = 0
            for (t in n) { m++; if (min < 0 || n[t] < min) min = n[t] }
            printf "headline: %d targets, totals over all logged runs: fewest executions %d, crashes %d, hangs %d\n", m, min, c, h
        }'
    exit 0
fi

SECS="${1:-60}"
shift || true
TARGETS=("${@:-${ALL[@]}}")
read -r -a TARGETS <<< "${TARGETS[*]}"
TRIPLE="$(rustc -vV | awk '/^host:/ {print $2}')"
FUZZ_RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
cd "$ROOT/fuzz"
echo "building fuzz targets (${TARGETS[*]}) for $TRIPLE" >&2
# One target at a time, so a target that does not build (config, when the
# binary's config.rs imports something new) is reported and the others still run.
built=()
unbuilt=()
for t in "${TARGETS[@]}"; do
    if RUSTFLAGS="$FUZZ_RUSTFLAGS" cargo build --quiet --release --target "$TRIPLE" --bin "$t" >&2; then
        built+=("$t")
    else
        echo "fuzz target $t does not build: skipped" >&2
        unbuilt+=("$t")
    fi
done
TARGETS=("${built[@]}")
BIN_DIR="$ROOT/fuzz/target/$TRIPLE/release"
isolate() {
    if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
        unshare -n sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh "$@"
    else
        echo "no network namespace (needs root): refusing to fuzz without one" >&2
        return 1
    fi
}
# The committed crash inputs of a target, wherever its owner keeps them.
regressions() {
    for d in "$ROOT/crates/fetch/tests/fuzz/$1" "$ROOT/fuzz/regressions/$1"; do
        [ -d "$d" ] && echo "$d"
    done
    return 0
}
export FUZZ_TMP="${FUZZ_TMP:-/dev/shm}"
header
total_crashes=0
total_hangs=0
min_execs=
for t in "${TARGETS[@]}"; do
    corpus="$ROOT/fuzz/corpus/$t"
    artifacts="$ROOT/fuzz/artifacts/$t"
    mkdir -p "$corpus" "$artifacts"
    mapfile -t extra < <(regressions "$t")
    count() { find "$artifacts" -type f \( "$@" \) | wc -l; }
    crashes_before=$(count -name 'crash-*' -o -name 'oom-*')
    hangs_before=$(count -name 'timeout-*')
    execs=0 slowest=0 left=$SECS restarts=0 spent=0
    log=$(mktemp)
    while [ "$left" -gt 0 ] && [ "$restarts" -lt 6 ]; do
        start=$(date +%s)
        isolate "$BIN_DIR/$t" "$corpus" "$ROOT/fuzz/seeds/$t" "${extra[@]}" \
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
    printf '%s\t%s\t%d\t%d\t%d\t%d\t%s\n' "$(date -u +%FT%TZ)" "$t" "$spent" "$execs" "$crashes" \
        "$hangs" "$slowest" >>"$LOG"
    if [ -z "$min_execs" ] || [ "$execs" -lt "$min_execs" ]; then min_execs=$execs; fi
done
for t in "${unbuilt[@]}"; do printf '%-13s %12s\n' "$t" "not built"; done
echo "headline: ${#TARGETS[@]} targets x ${SECS}s: fewest executions ${min_execs:-0}, crashes $total_crashes, hangs $total_hangs, not built ${#unbuilt[@]}"
