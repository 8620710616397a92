#!/usr/bin/env bash
# HTML report benchmark: `newsmill report` over a generated state store of 100,000
# articles (ARTICLES=… to change; 24 mentions, 8 entities, 2 quotations each, five
# sources over two years, 1,000 failures; see crates/report/examples/bench_store.rs),
# under /usr/bin/time -v. Prints wall time, peak RSS and the file's size against the
# targets (5 s, 200 MB, 5 MB), then the peer: Python (sqlite3 + json, the bench venv's
# interpreter) computing only the report's core counts from the same store (articles
# per day and source, mentions and articles per entity, quotations per speaker), no
# page, and the ratios.
#
#   bench/report.sh            # from the repository root
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARTICLES=${ARTICLES:-100000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
source "$(dirname "$0")/peers.sh"
[ -x /usr/bin/time ] || { echo "bench/report.sh needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 2; }
PYTHON="$BENCH_VENV/bin/python"
[ -x "$PYTHON" ] || PYTHON=python3

cargo build -q --release -p newsmill
cargo build -q --release -p newsmill-report --example bench_store
BIN=$CARGO_TARGET_DIR/release/newsmill
GEN=$CARGO_TARGET_DIR/release/examples/bench_store

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir out
cat > bench.toml <<'EOF'
[output]
dir = "out"

[[sources]]
name = "wire"
kind = "feed"
url = "https://wire.example.com/feed"
EOF

echo "# newsmill report: $ARTICLES articles ($(nproc) cores, $(date -u +%FT%TZ))"
start=$(date +%s.%N)
"$GEN" out/state.sqlite "$ARTICLES"
echo "store: $(du -m out/state.sqlite | cut -f1) MB, made in $(echo "$(date +%s.%N) - $start" | bc) s"

# measure LABEL CMD…: runs CMD under GNU time; prints label, wall seconds, peak RSS MB,
# CPU seconds (user + system).
measure() {
    local label=$1; shift
    if ! /usr/bin/time -v "$@" >"$WORK/$label.out" 2>"$WORK/$label.time"; then
        echo "$label failed:" >&2; cat "$WORK/$label.out" "$WORK/$label.time" >&2; exit 1
    fi
    local wall rss cpu
    wall=$(awk '/Elapsed \(wall clock\)/ {n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$WORK/$label.time")
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print int($2 / 1024)}' "$WORK/$label.time")
    cpu=$(awk -F: '/User time|System time/ {s += $2} END {print s}' "$WORK/$label.time")
    echo "$label $wall $rss $cpu"
}

# Warm the page cache so both tools read the store from memory.
cat out/state.sqlite > /dev/null
read -r _ ours_s ours_mb ours_cpu < <(measure newsmill "$BIN" report --config bench.toml -o report.html)
file_mb=$(echo "scale=2; $(stat -c %s report.html) / 1048576" | bc)
articles=$(grep -o 'id="total-articles" data-n="[0-9]*"' report.html | grep -o '[0-9]*"$' | tr -d '"')

cat > peer.py <<'PY'
import collections, json, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
per_day = collections.Counter()
mentions = collections.Counter()
articles = collections.Counter()
speakers = collections.Counter()
n = 0
for (record,) in db.execute(
    "SELECT record FROM articles a WHERE revision = "
    "(SELECT max(revision) FROM articles b WHERE b.article_id = a.article_id)"):
    r = json.loads(record)
    a = r["article"]
    n += 1
    per_day[(a["source"], (a.get("published") or a["fetched_at"])[:10])] += 1
    for e in r["entities"]:
        mentions[e["id"]] += e["mentions"]
        articles[e["id"]] += 1
    for q in r["quotes"]:
        speakers[q.get("speaker_entity_id") or q.get("speaker")] += 1
print(n, len(per_day), len(mentions), mentions.most_common(1)[0][1], len(speakers))
PY
read -r _ peer_s peer_mb peer_cpu < <(measure python "$PYTHON" peer.py out/state.sqlite)

echo
printf '%-9s %9s %9s %13s %10s\n' tool "wall s" "CPU s" "peak RSS MB" "file MB"
printf '%-9s %9.2f %9.2f %13d %10.2f\n' newsmill "$ours_s" "$ours_cpu" "$ours_mb" "$file_mb"
printf '%-9s %9.2f %9.2f %13d %10s\n' python "$peer_s" "$peer_cpu" "$peer_mb" "-"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall time grows with it; CPU time does not)"
echo "python peer: counts only (articles, source-days, entities, top mentions, speakers): $(cat "$WORK/python.out")"
echo "report lists $articles articles"
verdict() { if [ "$(echo "$1" | bc)" = 1 ]; then echo ok; else echo OVER; fi; }
echo "targets: wall < 5 s $(verdict "$ours_s < 5") (CPU < 5 s $(verdict "$ours_cpu < 5")), RSS < 200 MB $(verdict "$ours_mb < 200"), file < 5 MB $(verdict "$file_mb < 5")"
echo "ratio speed python/newsmill = $(echo "scale=2; $peer_s / $ours_s" | bc)x (CPU $(echo "scale=2; $peer_cpu / $ours_cpu" | bc)x)   peak RSS python/newsmill = $(echo "scale=2; $peer_mb / $ours_mb" | bc)x"
echo "headline: newsmill report over $articles articles: ${ours_s} s wall (${ours_cpu} s CPU), ${ours_mb} MB peak RSS, ${file_mb} MB file (python counts alone: ${peer_s} s)"
