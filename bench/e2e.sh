#!/usr/bin/env bash
# End-to-end bench: a whole `newsmill run` (fetch, extract, tag, store, export CSV +
# JSONL) against the peer pipelines a user would otherwise assemble
# (../shared/bench/e2e/peer_spider.py: Scrapy + trafilatura, and with PEER_NER=1
# Scrapy + trafilatura + spaCy), over the same local news site served on loopback.
# Prints wall time, CPU time (user + system of the process), pages/s, peak RSS and
# the ratios, then where newsmill's CPU time went (run.json's `cpu` table), then
# newsmill's peak RSS at a larger site. Last line: the headline ratios.
#
# The site (PAGES article pages of about 1,000 words; bench/e2e_site.py) is
# generated once into $E2E_SITES (default ~/.cache/newsmill) and reused.
#
# usage: bench/e2e.sh [PAGES]            (default 2000)
#   E2E_RUNS=3        runs per system; the median is printed (default 1)
#   E2E_NER=0         skip Scrapy + trafilatura + spaCy (about 12 min per 2,000 pages)
#   E2E_LARGE=20000   also run newsmill alone on a site this large, for peak RSS (0: skip)
#   E2E_PEERS=0       run newsmill alone (no Scrapy, no ratios): its time, CPU breakdown and
#                     peak RSS at PAGES and E2E_LARGE pages
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-2000}"
RUNS="${E2E_RUNS:-1}"
NER="${E2E_NER:-1}"
PEERS="${E2E_PEERS:-1}"
[ "$PEERS" = 0 ] && NER=0
LARGE="${E2E_LARGE:-20000}"
SITES="${E2E_SITES:-$HOME/.cache/newsmill}"
PEER="$(cd .. && pwd)/shared/bench/e2e/peer_spider.py"
if [ "$PEERS" = 1 ]; then
    source bench/peers.sh
    ensure_peers "scrapy, trafilatura, spacy" scrapy trafilatura lxml_html_clean spacy
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/target}"
cargo build --release -p newsmill
NEWSMILL="$(cd "$CARGO_TARGET_DIR" && pwd)/release/newsmill"
TMP="$(mktemp -d)"
SERVER=""
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT

# site N: the generated site's folder, built when missing.
site() {
    local dir="$SITES/e2e-site-$1"
    if [ ! -f "$dir/sitemap.xml.in" ]; then
        echo "generating a $1-page site in $dir" >&2
        rm -rf "$dir"
        python3 bench/e2e_site.py "$dir" "$1" >&2
    fi
    echo "$dir"
}

# serve DIR: serves it on a free loopback port; sets URL (the sitemap's).
serve() {
    kill $SERVER 2>/dev/null || true
    local port=$((20000 + RANDOM % 20000))
    sed "s|{BASE}|http://127.0.0.1:$port|g" "$1/sitemap.xml.in" > "$1/sitemap.xml"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" > "$TMP/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 100); do
        python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/robots.txt')" 2>/dev/null && break
        sleep 0.1
    done
    URL="http://127.0.0.1:$port/sitemap.xml"
}

# measure NAME CMD...: runs CMD under /usr/bin/time; appends "wall cpu rss_mb" to $TMP/NAME.
measure() {
    local name=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" || return
    awk '{printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024}' "$TMP/time" >> "$TMP/$name"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$TMP/$1" | median; }

newsmill_config() {
    cat > "$TMP/newsmill.toml" <<EOF
[fetch]
user_agent = "newsmill-bench"
per_host_delay_secs = 0.0
per_host_concurrency = 8
global_concurrency = 16
allow_private = true

[export]
formats = ["csv", "jsonl"]

[[sources]]
name = "site"
kind = "sitemap"
url = "$URL"
EOF
}

# run_newsmill NAME PAGES: one fresh run (new store, new output folder).
run_newsmill() {
    local out="$TMP/out-$1"
    rm -rf "$out"
    newsmill_config
    measure "$1" "$NEWSMILL" run --config "$TMP/newsmill.toml" --output "$out" 2> "$TMP/$1.log" \
        || { tail -5 "$TMP/$1.log" >&2; exit 1; }
    local tagged
    tagged=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['pages']['tagged'])" "$out/last-run/run.json")
    if [ "$tagged" != "$2" ]; then echo "newsmill tagged $tagged of $2 pages" >&2; exit 1; fi
    cp "$out/last-run/run.json" "$TMP/$1.run.json"
}

# run_peer NAME NER PAGES: one Scrapy run over the site.
run_peer() {
    rm -f "$TMP/items.jsonl"
    (cd "$TMP" && SITEMAP="$URL" PEER_NER="$2" measure "$1" "$BENCH_VENV/bin/scrapy" runspider "$PEER" \
        -O items.jsonl -s LOG_LEVEL=WARNING 2> "$TMP/$1.log") || { tail -5 "$TMP/$1.log" >&2; exit 1; }
    local items
    items=$(wc -l < "$TMP/items.jsonl")
    if [ "$items" != "$3" ]; then echo "$1 gave $items of $3 pages" >&2; exit 1; fi
}

DIR="$(site "$PAGES")"
serve "$DIR"
for i in $(seq "$RUNS"); do
    run_newsmill newsmill "$PAGES"
    cp "$TMP/newsmill.run.json" "$TMP/newsmill.run.json.$i"
    if [ "$PEERS" = 1 ]; then run_peer scrapy 0 "$PAGES"; fi
    if [ "$NER" = 1 ]; then run_peer spacy 1 "$PAGES"; fi
done

printf '\n%d pages (%s MB of HTML), median of %d run(s), load average %s\n' "$PAGES" \
    "$(du -sm --exclude=sitemap.xml* "$DIR" | cut -f1)" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-45s | %8s | %8s | %8s | %12s |\n' system "wall s" "pages/s" "CPU s" "peak RSS MB"
printf '|%s|%s|%s|%s|%s|\n' "-----------------------------------------------" ---------- ---------- ---------- --------------
row() {
    local wall cpu rss
    wall=$(col "$1" 1); cpu=$(col "$1" 2); rss=$(col "$1" 3)
    printf '| %-45s | %8.1f | %8.1f | %8.2f | %12.1f |\n' "$2" "$wall" "$(awk -v n="$PAGES" -v w="$wall" 'BEGIN {print n / w}')" "$cpu" "$rss"
}
row newsmill "newsmill run (fetch, extract, tag, store, export)"
[ "$PEERS" = 1 ] && row scrapy "Scrapy + trafilatura"
[ "$NER" = 1 ] && row spacy "Scrapy + trafilatura + spaCy"

ratio() { awk -v a="$(col "$1" "$3")" -v b="$(col "$2" "$3")" 'BEGIN {printf "%.1f", a / b}'; }
echo
[ "$PEERS" = 1 ] && echo "newsmill vs Scrapy + trafilatura: $(ratio scrapy newsmill 2)x by CPU, $(ratio scrapy newsmill 1)x by wall time"
[ "$NER" = 1 ] && echo "newsmill vs Scrapy + trafilatura + spaCy: $(ratio spacy newsmill 2)x by CPU, $(ratio spacy newsmill 1)x by wall time"

echo
echo "where newsmill's CPU time went (run.json of the last run; seconds, share of the total):"
python3 - "$TMP/newsmill.run.json" "$PAGES" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
cpu, pages = r["cpu"], int(sys.argv[2])
total = cpu["total_s"] or 1e-9
words = None
for stage in ["fetch_s", "extract_s", "tag_s", "store_s", "export_s"]:
    print(f"  {stage[:-2]:8} {cpu[stage]:7.2f} s  {100 * cpu[stage] / total:5.1f}%  {1000 * cpu[stage] / pages:6.2f} ms/page")
    if stage == "tag_s":
        for step, s in sorted(cpu["tag_steps"].items(), key=lambda kv: -kv[1]):
            print(f"    {step:14} {s:7.2f} s")
print(f"  {'total':8} {cpu['total_s']:7.2f} s  (run.json; the process as measured by time(1) adds start-up and the tagger's loading)")
EOF

if [ "$LARGE" != 0 ]; then
    BIG="$(site "$LARGE")"
    serve "$BIG"
    run_newsmill large "$LARGE"
    small=$(col newsmill 3); large=$(col large 3)
    echo
    printf 'newsmill peak RSS: %.1f MB at %d pages, %.1f MB at %d pages (%+.1f%%); %.1f pages/s, %.2f CPU s\n' \
        "$small" "$PAGES" "$large" "$LARGE" "$(awk -v a="$small" -v b="$large" 'BEGIN {print 100 * (b - a) / a}')" \
        "$(awk -v n="$LARGE" -v w="$(col large 1)" 'BEGIN {print n / w}')" "$(col large 2)"
fi
echo
if [ "$PEERS" = 0 ]; then
    echo "headline: newsmill run alone: $(col newsmill 2) CPU s, peak RSS $(col newsmill 3) MB at $PAGES pages$([ "$LARGE" != 0 ] && echo ", $(col large 3) MB at $LARGE pages")"
    exit 0
fi
echo "headline: newsmill run is $(ratio scrapy newsmill 2)x Scrapy + trafilatura by CPU$([ "$NER" = 1 ] && echo " and $(ratio spacy newsmill 2)x Scrapy + trafilatura + spaCy") with peak RSS $(col newsmill 3) MB at $PAGES pages"
