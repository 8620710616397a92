#!/usr/bin/env bash
# Export benchmark: 100,000 synthetic articles with 3,000,000 mentions (override with
# ARTICLES=… MENTIONS=…), each format in its own process under /usr/bin/time -v.
# Prints rows/s and peak RSS per format for newsmill-export, then the Python peer
# (pandas/pyarrow for CSV and Parquet, the json module for JSONL) and the ratios.
#
#   bench/export.sh            # from the repository root
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARTICLES=${ARTICLES:-100000}
MENTIONS=${MENTIONS:-3000000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
source "$(dirname "$0")/peers.sh"
ensure_peers "pandas, pyarrow" pandas pyarrow
[ -x /usr/bin/time ] || { echo "bench/export.sh needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 2; }

cargo build -q --release -p newsmill-export --features parquet --example bench_export
BIN=$CARGO_TARGET_DIR/release/examples/bench_export

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run LABEL CMD…: prints the command's key=value line plus peak_rss_mb.
run() {
    local label=$1; shift
    rm -rf "$WORK/out"
    if ! /usr/bin/time -v "$@" >"$WORK/line" 2>"$WORK/time"; then
        echo "$label failed:" >&2; cat "$WORK/time" >&2; exit 1
    fi
    local rss
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/time")
    echo "tool=$label $(cat "$WORK/line") peak_rss_mb=$((rss / 1024))"
}

echo "# newsmill-export: $ARTICLES articles, $MENTIONS mentions ($(nproc) cores, $(date -u +%FT%TZ))"
{
    run newsmill "$BIN" none "$WORK/out" "$ARTICLES" "$MENTIONS"
    for format in csv jsonl parquet xlsx; do
        run newsmill "$BIN" "$format" "$WORK/out" "$ARTICLES" "$MENTIONS"
    done
    for format in csv jsonl parquet; do
        run python "$BENCH_VENV/bin/python" "$ROOT/bench/export_peer.py" "$format" "$WORK/out" "$ARTICLES" "$MENTIONS"
    done
} | tee "$WORK/results"

"$BENCH_VENV/bin/python" - "$WORK/results" <<'PY'
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()) for line in open(sys.argv[1]) if line.startswith("tool=")]
base = next(r for r in rows if r["tool"] == "newsmill" and r["format"] == "none")
gen = float(base["seconds"])
print()
print(f"{'format':8} {'tool':9} {'write s':>8} {'rows/s':>11} {'peak RSS MB':>12} {'output MB':>10}")
ours = {}
for r in rows:
    if r["format"] == "none":
        continue
    if r["tool"] == "newsmill":
        write = max(float(r["seconds"]) - gen, 1e-9)
        ours[r["format"]] = (write, int(r["peak_rss_mb"]))
    else:
        write = float(r["seconds"])
    print(f"{r['format']:8} {r['tool']:9} {write:8.2f} {int(r['rows']) / write:11,.0f} {int(r['peak_rss_mb']):12,} {float(r['output_mb']):10.1f}")
print(f"\n(newsmill write s = run time minus the {gen:.2f} s it takes to generate the records; "
      "the peer's write s excludes building its DataFrames)")
for r in rows:
    if r["tool"] == "python" and r["format"] in ours:
        write, rss = ours[r["format"]]
        print(f"ratio {r['format']:8} speed newsmill/python = {float(r['seconds']) / write:5.2f}x   "
              f"peak RSS python/newsmill = {int(r['peak_rss_mb']) / max(rss, 1):5.1f}x")
PY
