#!/usr/bin/env bash
# Extraction quality on every development set, newsmill next to its peers in one run:
#   ../shared/bench/wcxb        body F1 per page type, snippets, dates, titles, authors (its score.py)
#   ../shared/bench/extraction  body F1 on 4-token shingles (its score.py)
#   ../shared/bench/dates       publication-date accuracy (its score.py)
# newsmill appears twice: "cv" is 5-fold cross-validation grouped by domain (each set's
# folds.tsv): the content and page-type models are trained on four folds and the fifth
# is extracted with them, all five in turn (crates/scrape/examples/train_content/
# writes those predictions); "fit" is `newsmill extract` with the committed models,
# trained on every page, so the gap between the two is what the models fit to pages
# they have seen. The peers (trafilatura 2.3.1, the rs-trafilatura wheel, htmldate)
# run over the same pages; their predictions are cached per peer version in
# $NEWSMILL_PEER_CACHE (default ~/.cache/newsmill/peer-predictions), since they take
# minutes. Every figure is computed by the sets' own score.py.
# Usage: bench/quality.sh [--no-cv] [--peers-only] [--cv-from DIR]
#   --cv-from DIR  score the held-out predictions a train_content run already wrote
#                  with --cv-predictions DIR instead of training the five fold models again
source "$(dirname "$0")/lib_extract.sh"
CV=1
PEERS_ONLY=0
CV_FROM=""
while [ $# -gt 0 ]; do
    case "$1" in
        --no-cv) CV=0 ;;
        --peers-only) PEERS_ONLY=1 ;;
        --cv-from) CV_FROM="${2:?--cv-from needs a folder}"; shift ;;
        *) echo "usage: bench/quality.sh [--no-cv] [--peers-only] [--cv-from DIR]" >&2; exit 2 ;;
    esac
    shift
done
ensure_venv
PEER_CACHE="${NEWSMILL_PEER_CACHE:-$HOME/.cache/newsmill/peer-predictions}"
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
WCXB="$SHARED/bench/wcxb"
EXTR="$SHARED/bench/extraction"
DATES="$SHARED/bench/dates"

# peer_predictions PEER SET_DIR: prints the path of the peer's predictions for the
# set, running the peer when the cache has none for this peer version and ground truth.
peer_predictions() {
    local peer=$1 dir=$2 version key path
    version=$("$BENCH_VENV/bin/python" "$ROOT/bench/quality_peers.py" "$peer")
    key=$(sha256sum "$dir/ground-truth.json" | cut -c1-12)
    path="$PEER_CACHE/$peer-$version/$(basename "$dir")-$key.jsonl"
    if [ ! -s "$path" ]; then
        mkdir -p "$(dirname "$path")"
        echo "running $peer $version over $(basename "$dir") (cached in $path)" >&2
        "$BENCH_VENV/bin/python" "$ROOT/bench/quality_peers.py" "$peer" "$dir" "$path.tmp"
        mv "$path.tmp" "$path"
    fi
    echo "$path"
}

TR_WCXB=$(peer_predictions trafilatura "$WCXB")
RS_WCXB=$(peer_predictions rs-trafilatura "$WCXB")
TR_EXTR=$(peer_predictions trafilatura "$EXTR")
RS_EXTR=$(peer_predictions rs-trafilatura "$EXTR")
HD_DATES=$(peer_predictions htmldate "$DATES")
[ "$PEERS_ONLY" = 1 ] && exit 0

ensure_extractor
# `newsmill extract --urls` wants a URL string for every listed id; one WCXB page
# has none, so it is left out of the map (it gets its file:// URL).
python3 - "$WCXB/ground-truth.json" "$OUT/wcxb-urls.json" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1], encoding="utf-8"))
json.dump({k: v["url"] for k, v in truth.items() if isinstance(v.get("url"), str)}, open(sys.argv[2], "w"))
PY
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$OUT/wcxb-urls.json" "$WCXB"/html/*.html.gz > "$OUT/fit-wcxb.jsonl"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$EXTR/ground-truth.json" "$EXTR"/html/*.html.gz > "$OUT/fit-extraction.jsonl"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$DATES/ground-truth.json" "$DATES"/html/*.html.gz > "$OUT/fit-dates.jsonl"

COLUMNS=(fit trafilatura rs-trafilatura)
WCXB_PRED=("$OUT/fit-wcxb.jsonl" "$TR_WCXB" "$RS_WCXB")
EXTR_PRED=("$OUT/fit-extraction.jsonl" "$TR_EXTR" "$RS_EXTR")
if [ "$CV" = 1 ] && [ -n "$CV_FROM" ]; then
    mkdir -p "$OUT/cv"
    cp "$CV_FROM/wcxb.jsonl" "$CV_FROM/extraction.jsonl" "$OUT/cv/"
    COLUMNS=(cv "${COLUMNS[@]}")
    WCXB_PRED=("$OUT/cv/wcxb.jsonl" "${WCXB_PRED[@]}")
    EXTR_PRED=("$OUT/cv/extraction.jsonl" "${EXTR_PRED[@]}")
elif [ "$CV" = 1 ]; then
    (cd "$ROOT" && cargo run --quiet --release -p newsmill-scrape \
        --example train_content -- "$SHARED/bench" --cv-predictions "$OUT/cv" --no-write) \
        > "$OUT/train.txt"
    COLUMNS=(cv "${COLUMNS[@]}")
    WCXB_PRED=("$OUT/cv/wcxb.jsonl" "${WCXB_PRED[@]}")
    EXTR_PRED=("$OUT/cv/extraction.jsonl" "${EXTR_PRED[@]}")
fi

for i in "${!COLUMNS[@]}"; do
    python3 "$WCXB/score.py" "$WCXB/ground-truth.json" "${WCXB_PRED[$i]}" > "$OUT/score-wcxb-${COLUMNS[$i]}.txt"
    python3 "$EXTR/score.py" "$EXTR/ground-truth.json" "${EXTR_PRED[$i]}" > "$OUT/score-extraction-${COLUMNS[$i]}.txt"
done
python3 "$DATES/score.py" "$DATES/ground-truth.json" "$OUT/fit-dates.jsonl" > "$OUT/score-dates-fit.txt"
python3 "$DATES/score.py" "$DATES/ground-truth.json" "$HD_DATES" > "$OUT/score-dates-htmldate.txt"

PAIRS=()
for i in "${!COLUMNS[@]}"; do PAIRS+=("${COLUMNS[$i]}=${WCXB_PRED[$i]}"); done
python3 - "$OUT" "$WCXB/ground-truth.json" "${PAIRS[@]}" <<'PY'
import json, re, sys
out, gt_path = sys.argv[1], sys.argv[2]
preds = dict(p.split("=", 1) for p in sys.argv[3:])
cols = list(preds)
names = {"cv": "newsmill cv", "fit": "newsmill fit", "trafilatura": "trafilatura", "rs-trafilatura": "rs-trafilatura"}

def read(name):
    return open(f"{out}/{name}", encoding="utf-8").read()

def wcxb(col):
    text = read(f"score-wcxb-{col}.txt")
    rows = {m[1]: (int(m[2]), float(m[3])) for m in re.finditer(r"^(\w+)\s+(\d+)\s+([\d.]+)", text, re.M)}
    meta = {}
    if m := re.search(r"date accuracy ([\d.]+) .*spurious dates on undated pages: (\d+)", text):
        meta["date"], meta["spurious"] = m[1], m[2]
    if m := re.search(r"title exact ([\d.]+)", text):
        meta["title"] = m[1]
    if m := re.search(r"author found ([\d.]+)", text):
        meta["author"] = m[1]
    return rows, meta

def last_figure(name):
    return read(name).strip().splitlines()[-1].split()[-1]

def page_type_accuracy(pred_path):
    truth = json.load(open(gt_path, encoding="utf-8"))
    right = n = 0
    for line in open(pred_path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("id") in truth and r.get("page_type"):
            n += 1
            right += r["page_type"] == truth[r["id"]]["page_type"]
    return f"{right / n:.3f}" if n else "-"

scores = {c: wcxb(c) for c in cols}
w = 16
print("WCXB development split (1,497 pages): body F1 per page type (score.py)")
print(f"{'page type':<15}{'n':>5}" + "".join(f"{names[c]:>{w}}" for c in cols))
for t in ("article", "forum", "product", "collection", "listing", "documentation", "service", "all"):
    n = scores[cols[0]][0].get(t, (0, 0))[0]
    print(f"{t:<15}{n:>5}" + "".join(f"{scores[c][0].get(t, (0, 0.0))[1]:>{w}.3f}" for c in cols))
print()
print("WCXB metadata")
for key, label in (("date", "date accuracy (782 dated)"), ("spurious", "dates on undated pages"), ("title", "title exact"), ("author", "gold author found")):
    print(f"{label:<30}" + "".join(f"{scores[c][1].get(key, '-'):>{w}}" for c in cols))
print(f"{'page type accuracy':<30}" + "".join(f"{page_type_accuracy(preds[c]):>{w}}" for c in cols))
print()
print("bench/extraction (88 pages): body F1 on 4-token shingles (score.py)")
print(f"{'':<20}" + "".join(f"{names[c]:>{w}}" for c in cols))
print(f"{'F1':<20}" + "".join(f"{last_figure(f'score-extraction-{c}.txt'):>{w}}" for c in cols))
print()
print("bench/dates (497 pages): publication-date accuracy (score.py)")
print(f"{'newsmill fit':<20}{last_figure('score-dates-fit.txt'):>8}")
print(f"{'htmldate':<20}{last_figure('score-dates-htmldate.txt'):>8}")
print()
head = cols[0]
print(f"headline ({names[head]}): wcxb all {scores[head][0]['all'][1]:.3f}, article {scores[head][0]['article'][1]:.3f}; "
      f"extraction {last_figure(f'score-extraction-{head}.txt')}")
PY
