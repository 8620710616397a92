#!/usr/bin/env bash
# Hostile page shapes: newsmill's extraction time against page size, with
# trafilatura on the same pages in the same run. The pages are generated (deep
# nesting, deep unclosed nesting, a flat run of siblings, huge attribute values,
# tables nested in cells, one wide table, distinct unclosed formatting elements
# reopened by every paragraph or nested, one huge paragraph, link lists, a head of
# meta tags, a huge JSON-LD graph, figures with captions, paragraphs of dates;
# crates/scrape/examples/adversarial.rs says how).
# Prints per shape and size wall and CPU seconds, CPU seconds per MB and words
# kept, then per shape how CPU seconds per MB grow from 1 MB to the largest size
# (1.0 = linear); then trafilatura's CPU seconds on the sizes up to PEER_MB, the
# ratio, and the words each kept. Last line: the slowest newsmill page up to 5 MB (CPU) and the worst growth.
# Usage: bench/adversarial.sh [MB...]   (default 0.1 1 5 30)
#   SHAPES=deep,siblings  only these shapes;  PEER_MB=1  largest size given to
#   trafilatura (it is not linear on some shapes; 60 s cap per page).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/peers.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SIZES=("${@:-0.1 1 5 30}")
read -r -a SIZES <<< "${SIZES[*]}"
SHAPES="${SHAPES:-deep,deep-unclosed,siblings,attributes,markup-in-values,tables,wide-table,formatting,formatting-deep,one-paragraph,links,meta,json-ld,figures,dates}"
PEER_MB="${PEER_MB:-1}"
(cd "$ROOT" && cargo build --quiet --release -p newsmill-scrape --example adversarial) >&2
BIN="$CARGO_TARGET_DIR/release/examples/adversarial"
OUT=$(mktemp)
PAGES=$(mktemp -d)
trap 'rm -rf "$OUT" "$PAGES"' EXIT
"$BIN" "$SHAPES" "${SIZES[@]}" | tee "$OUT" | grep -v '^headline'
PEER_SIZES=()
for s in "${SIZES[@]}"; do
    if awk -v s="$s" -v m="$PEER_MB" 'BEGIN { exit !(s <= m) }'; then PEER_SIZES+=("$s"); fi
done
if [ ${#PEER_SIZES[@]} -gt 0 ]; then
    ensure_peers "trafilatura" "trafilatura==2.3.1" "lxml_html_clean"
    "$BIN" --write "$PAGES" "$SHAPES" "${PEER_SIZES[@]}"
    echo
    "$BENCH_VENV/bin/python" - "$PAGES" "$OUT" <<'PY'
import os, re, signal, sys, time, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
import trafilatura
pages, ours_file = sys.argv[1], sys.argv[2]
ours = {}
for line in open(ours_file):
    f = line.split()
    if len(f) == 7 and re.match(r"^[0-9.]+$", f[1]):
        ours[(f[0], float(f[1]))] = (float(f[3]), int(f[5]))
def alarm(*_):
    raise TimeoutError
signal.signal(signal.SIGALRM, alarm)
print(f"{'shape':<14} {'MB':>6} {'newsmill cpu s':>15} {'trafilatura cpu s':>18} {'ratio':>7} {'words: newsmill':>16} {'trafilatura':>12}")
for name in sorted(os.listdir(pages), key=lambda n: (n.rsplit('-', 1)[0], float(n.rsplit('-', 1)[1][:-5]))):
    shape, mb = name.rsplit("-", 1)[0], float(name.rsplit("-", 1)[1][:-5])
    html = open(os.path.join(pages, name), encoding="utf-8").read()
    real_mb = round(len(html.encode()) / 1e6, 2)
    signal.alarm(60)
    start = time.process_time()
    try:
        text = trafilatura.extract(html, url="https://hostile.example/page")
        secs = time.process_time() - start
        words = len(text.split()) if text else 0
        shown = f"{secs:.3f}"
    except TimeoutError:
        secs, shown, words = None, ">60 (wall)", None
    signal.alarm(0)
    mine, mine_words = ours.get((shape, real_mb), (None, None))
    ratio = f"{secs / mine:7.1f}" if secs and mine else f"{'':>7}"
    print(f"{shape:<14} {real_mb:6.2f} {mine if mine is not None else float('nan'):15.3f} {shown:>18} {ratio}"
          f" {mine_words if mine_words is not None else '':>16} {words if words is not None else '':>12}")
PY
fi
echo
grep '^headline' "$OUT"
