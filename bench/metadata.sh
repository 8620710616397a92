#!/usr/bin/env bash
# Page metadata (title, authors, publication date) on ../shared/bench/wcxb (1,497
# pages of 2025, seven page types) and ../shared/bench/dates (497 news and blog
# pages), newsmill next to trafilatura 2.3.1 (extract_metadata) and htmldate 1.11
# (find_date, original_date=True) in the same run.
#
# newsmill CV: the held-out choices of `train_metadata --eval` (models trained on
# four folds of both sets, grouped by domain, scored on the fifth, in turn).
# newsmill fit: `newsmill extract` with the committed model, trained on all pages.
# The peers were not tuned on these pages, except that htmldate's (and so
# trafilatura's) date rules were developed on the dates set's upstream pages.
# Also checks the example article (../shared/fixtures/belarus-digest/) field by field.
# Usage: bench/metadata.sh
source "$(dirname "$0")/lib_extract.sh"
ensure_venv
ensure_extractor
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
WCXB="$SHARED/bench/wcxb"
DATES="$SHARED/bench/dates"
PY="$BENCH_VENV/bin/python"

# Pages without a URL in the ground truth are read without one.
python3 - "$WCXB/ground-truth.json" "$OUT/wcxb-urls.json" <<'PY'
import json, sys
gt = json.load(open(sys.argv[1], encoding="utf-8"))
json.dump({k: v["url"] for k, v in gt.items() if v.get("url")}, open(sys.argv[2], "w"))
PY
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$OUT/wcxb-urls.json" "$WCXB"/html/*.html.gz > "$OUT/wcxb-fit.jsonl"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$DATES/ground-truth.json" "$DATES"/html/*.html.gz > "$OUT/dates-fit.jsonl"
(cd "$ROOT" && cargo run --quiet --release -p newsmill-scrape --example train_metadata -- \
    "$SHARED/bench" --eval --predictions "$OUT/cv") > "$OUT/train.txt"

"$PY" - "$WCXB" "$DATES" "$OUT" <<'PY'
import gzip, json, sys, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
from htmldate import find_date
from trafilatura import extract_metadata
wcxb, dates, out = sys.argv[1:4]
for name, folder in (("wcxb", wcxb), ("dates", dates)):
    truth = json.load(open(f"{folder}/ground-truth.json", encoding="utf-8"))
    with open(f"{out}/{name}-trafilatura.jsonl", "w") as tf, open(f"{out}/{name}-htmldate.jsonl", "w") as hf:
        for id_, item in sorted(truth.items()):
            raw = gzip.open(f"{folder}/html/{id_}.html.gz").read()
            url = item.get("url") or None
            try:
                m = extract_metadata(raw.decode("utf-8", "replace"), default_url=url)
                rec = {"title": m.title, "authors": [a.strip() for a in (m.author or "").split(";") if a.strip()], "published": m.date}
            except Exception:  # a peer's crash counts as no answer
                rec = {"title": None, "authors": [], "published": None}
            tf.write(json.dumps({"id": id_, **rec, "date": rec["published"]}) + "\n")
            try:
                d = find_date(raw, url=url, original_date=True)
            except Exception:
                d = None
            hf.write(json.dumps({"id": id_, "published": d, "date": d}) + "\n")
PY

# Figures per system: WCXB title, author, dated pages right, spurious dates, and
# the dates set's accuracy.
wcxb_figs() {  # PRED [--type T]
    python3 "$WCXB/score.py" "$WCXB/ground-truth.json" "$@" | awk '
        /^date accuracy/ {d=$3; s=$NF}
        /^title exact/ {t=$3}
        /^author found/ {a=$3}
        END {printf "%8s %8s %8s %9s", (t?t:"-"), (a?a:"-"), (d?d:"-"), (s!=""?s:"-")}'
}
dates_fig() { python3 "$DATES/score.py" "$DATES/ground-truth.json" "$1" | tail -n 1 | cut -d' ' -f2; }

echo
echo "== newsmill train_metadata (CV and fit, its own count)"
grep -v '^ *$' "$OUT/train.txt"
echo
echo "== all pages (scored by the sets' score.py)"
printf "%-22s %8s %8s %8s %9s %8s\n" system "title" "author" "date" "spurious" "dates"
printf "%-22s %s %8s\n" "newsmill CV" "$(wcxb_figs "$OUT/cv/wcxb-cv.jsonl")" "$(dates_fig "$OUT/cv/dates-cv.jsonl")"
printf "%-22s %s %8s\n" "newsmill fit" "$(wcxb_figs "$OUT/wcxb-fit.jsonl")" "$(dates_fig "$OUT/dates-fit.jsonl")"
printf "%-22s %s %8s\n" "trafilatura 2.3.1" "$(wcxb_figs "$OUT/wcxb-trafilatura.jsonl")" "$(dates_fig "$OUT/dates-trafilatura.jsonl")"
printf "%-22s %s %8s\n" "htmldate 1.11" "$(wcxb_figs "$OUT/wcxb-htmldate.jsonl")" "$(dates_fig "$OUT/dates-htmldate.jsonl")"
echo "(WCXB: title exact, gold author found, date right on dated pages, dates given to the 715 undated pages; dates: accuracy)"
echo
echo "== WCXB per page type: newsmill CV | newsmill fit | trafilatura"
printf "%-14s %35s | %35s | %35s\n" type "title author date spurious" "title author date spurious" "title author date spurious"
for t in article forum product collection listing documentation service; do
    printf "%-14s %s | %s | %s\n" "$t" \
        "$(wcxb_figs "$OUT/cv/wcxb-cv.jsonl" --type "$t")" \
        "$(wcxb_figs "$OUT/wcxb-fit.jsonl" --type "$t")" \
        "$(wcxb_figs "$OUT/wcxb-trafilatura.jsonl" --type "$t")"
done

echo
FIX="$SHARED/fixtures/belarus-digest/pompeo-minsk.html"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --url "https://belarusdigest.com/story/normalizing-us-belarus-relations-mike-pompeo-due-in-minsk/" "$FIX" > "$OUT/belarus.jsonl"
python3 - "$OUT/belarus.jsonl" <<'PY'
import json, sys
a = json.loads(open(sys.argv[1]).readline())
want = {
    "title": "Normalizing US-Belarus relations: Mike Pompeo due in Minsk",
    "authors": ["Alesia Rudnik"],
    "published": "2020-01-29T09:15:00+03:00",
    "section": "Politics",
    "language": "en",
}
bad = [f"{k}: {a.get(k)!r} (want {v!r})" for k, v in want.items() if a.get(k) != v]
print("example article (belarus-digest):", "all fields right" if not bad else "WRONG " + "; ".join(bad))
PY
echo "predictions: $OUT"
printf "newsmill CV: WCXB title %s author %s date %s spurious %s | dates %s\n" $(wcxb_figs "$OUT/cv/wcxb-cv.jsonl") "$(dates_fig "$OUT/cv/dates-cv.jsonl")"
