#!/usr/bin/env bash
# Extraction speed: newsmill vs trafilatura, single process each, on the same DEV
# pages (../shared/bench/extraction, read from .html.gz by both). Prints pages/s and
# MB/s of decompressed HTML by CPU time (user+sys; robust on a shared machine) and by
# wall-clock time, the ratios, and peak RSS. newsmill is timed as a whole process
# (start-up, reading, decompressing, JSON output); trafilatura's loop only (the
# interpreter start and imports are left out, in its favour).
# Usage: bench/extract_speed.sh [PASSES]   (each tool goes over the pages PASSES times, default 3)
# NEWSMILL_BASELINE  another extractor command (say, `newsmill extract --no-tag` built
#                    from an older commit) timed the same way, for the share of CPU
#                    time a change costs.
source "$(dirname "$0")/lib_extract.sh"
ensure_venv
ensure_extractor
PASSES="${1:-3}"
DIR="$SHARED/bench/extraction"
FILES=("$DIR"/html/*.html.gz)
N=$(( ${#FILES[@]} * PASSES ))
BYTES=$(for f in "${FILES[@]}"; do gzip -dc "$f"; done | wc -c)
BYTES=$(( BYTES * PASSES ))
ARGS=()
for _ in $(seq "$PASSES"); do ARGS+=("${FILES[@]}"); done
TIMES=$(mktemp)
# shellcheck disable=SC2086
/usr/bin/time -v -o "$TIMES" $NEWSMILL_EXTRACT --urls "$DIR/ground-truth.json" "${ARGS[@]}" > /dev/null
NM_SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$TIMES")
NM_RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TIMES")
NM_CPU=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$TIMES")
BASE_CPU=0
if [ -n "${NEWSMILL_BASELINE:-}" ]; then
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$TIMES" $NEWSMILL_BASELINE --urls "$DIR/ground-truth.json" "${ARGS[@]}" > /dev/null
    BASE_CPU=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$TIMES")
fi
TR=$("$BENCH_VENV/bin/python" - "$DIR" "$PASSES" <<'PY'
import gzip, json, os, sys, time, resource, warnings
warnings.filterwarnings("ignore")
import trafilatura
folder, passes = sys.argv[1], int(sys.argv[2])
truth = json.load(open(f"{folder}/ground-truth.json", encoding="utf-8"))
ids = sorted(truth)
start, cpu = time.perf_counter(), time.process_time()
for _ in range(passes):
    for id_ in ids:
        html = gzip.open(f"{folder}/html/{id_}.html.gz").read()
        trafilatura.extract(html, url=truth[id_]["url"], include_comments=False)
secs, cpu = time.perf_counter() - start, time.process_time() - cpu
print(secs, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
PY
)
read -r TR_SECS TR_CPU TR_RSS <<< "$TR"
python3 - "$N" "$BYTES" "$NM_SECS" "$NM_CPU" "$NM_RSS" "$TR_SECS" "$TR_CPU" "$TR_RSS" "$BASE_CPU" <<'PY'
import sys
n, b = int(sys.argv[1]), int(sys.argv[2])
nm_wall, nm_cpu, nm_rss, tr_wall, tr_cpu, tr_rss, base_cpu = map(float, sys.argv[3:])
mb = b / 1e6
print(f"pages        {n} ({mb:.1f} MB of HTML), single process each")
print(f"             {'cpu pages/s':>12} {'cpu MB/s':>9} {'wall pages/s':>13} {'wall MB/s':>10} {'peak RSS':>9}")
print(f"newsmill     {n / nm_cpu:12.1f} {mb / nm_cpu:9.1f} {n / nm_wall:13.1f} {mb / nm_wall:10.1f} {nm_rss / 1024:7.0f}MB")
print(f"trafilatura  {n / tr_cpu:12.1f} {mb / tr_cpu:9.1f} {n / tr_wall:13.1f} {mb / tr_wall:10.1f} {tr_rss / 1024:7.0f}MB")
if base_cpu > 0:
    print(f"baseline     {n / base_cpu:12.1f} {mb / base_cpu:9.1f}   (NEWSMILL_BASELINE; newsmill costs {100 * (nm_cpu - base_cpu) / nm_cpu:+.0f}% of its CPU time over it)")
print(f"ratio (cpu)  {tr_cpu / nm_cpu:.1f}x")
print(f"ratio (wall) {tr_wall / nm_wall:.1f}x")
PY
