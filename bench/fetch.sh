#!/usr/bin/env bash
# Fetch benchmark: serves a generated site of N article pages (examples/site.rs),
# crawls it with newsmill-fetch (examples/crawl.rs, politeness lifted) and with
# Scrapy at the same concurrency, and prints pages/s, peak RSS and the ratio.
#
# usage: bench/fetch.sh [PAGES...]      (default: 5000 20000)
#   CONCURRENCY=16 bench/fetch.sh 5000 20000
set -euo pipefail
cd "$(dirname "$0")/.."
CONCURRENCY="${CONCURRENCY:-16}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(5000 20000)
source "$(dirname "$0")/peers.sh"
ensure_peers scrapy scrapy
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release -p newsmill-fetch --example site --example crawl
BIN="$CARGO_TARGET_DIR/release/examples"
TMP="$(mktemp -d)"
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$TMP"' EXIT

rss_mb() { awk '/Maximum resident set size/ {printf "%.1f", $6/1024}' "$1"; }
cpu_s() { awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$1"; }
field() { tr ' ' '\n' < "$1" | awk -F= -v k="$2" '$1==k {print $2}'; }

# pages/CPU-s (user+sys of the crawler process) does not depend on how busy the
# machine is; pages/s does.
printf '%-8s %-15s %10s %10s %10s %12s %10s\n' pages tool pages/s secs cpu_s pages/cpu_s peakRSS_MB
for n in "${SIZES[@]}"; do
  PORT=$((20000 + RANDOM % 20000))
  "$BIN/site" --pages "$n" --port "$PORT" 2> "$TMP/site.log" &
  SERVER=$!
  for _ in $(seq 50); do grep -q listening "$TMP/site.log" 2>/dev/null && break; sleep 0.1; done
  URL="http://127.0.0.1:$PORT/sitemap.xml"

  /usr/bin/time -v "$BIN/crawl" "$URL" "$CONCURRENCY" > "$TMP/nm.out" 2> "$TMP/nm.time"
  /usr/bin/time -v "$BENCH_VENV/bin/python" bench/fetch_scrapy.py "$URL" "$CONCURRENCY" > "$TMP/sc.out" 2> "$TMP/sc.time"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

  for tool in nm sc; do
    name=$([ $tool = nm ] && echo newsmill-fetch || echo scrapy)
    got=$(field "$TMP/$tool.out" pages)
    if [ "$got" != "$n" ]; then echo "$name fetched $got of $n pages" >&2; cat "$TMP/$tool.time" >&2; exit 1; fi
    cpu=$(cpu_s "$TMP/$tool.time")
    printf '%-8s %-15s %10s %10s %10s %12s %10s\n' "$n" "$name" "$(field "$TMP/$tool.out" pages_per_s)" \
      "$(field "$TMP/$tool.out" secs)" "$cpu" "$(awk -v n="$n" -v c="$cpu" 'BEGIN {if (c > 0) printf "%.0f", n/c; else printf "-"}')" \
      "$(rss_mb "$TMP/$tool.time")"
  done
  awk -v a="$(field "$TMP/nm.out" pages_per_s)" -v b="$(field "$TMP/sc.out" pages_per_s)" \
    'BEGIN {printf "%-8s ratio newsmill-fetch/scrapy pages/s: %.2fx\n", "", a/b}'
  awk -v a="$(cpu_s "$TMP/nm.time")" -v b="$(cpu_s "$TMP/sc.time")" \
    'BEGIN {if (a > 0) printf "%-8s ratio newsmill-fetch/scrapy pages per CPU-second: %.2fx\n", "", b/a}'
  awk '{print "         load average: " $1 " " $2 " " $3}' /proc/loadavg
done
