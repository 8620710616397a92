#!/usr/bin/env bash
# Publication-date benchmark on the DEV split of ../shared/bench/dates, side by side
# with htmldate 1.11 (find_date(html, url=url, original_date=True)) in the same run.
# newsmill fit: `newsmill extract` with the committed model (trained on these pages
# too); newsmill CV: held-out choices of `train_metadata --eval` (five folds by
# domain). bench/metadata.sh covers titles and authors and the WCXB pages.
# Usage: bench/dates.sh [--errors]
source "$(dirname "$0")/lib_extract.sh"
ensure_venv
ensure_extractor
DIR="$SHARED/bench/dates"
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$DIR/ground-truth.json" "$DIR"/html/*.html.gz > "$OUT/dates-newsmill.jsonl"
"$BENCH_VENV/bin/python" - "$DIR" "$OUT/dates-htmldate.jsonl" <<'PY'
import gzip, json, sys, warnings
warnings.filterwarnings("ignore")
from htmldate import find_date
folder, out = sys.argv[1], sys.argv[2]
truth = json.load(open(f"{folder}/ground-truth.json", encoding="utf-8"))
with open(out, "w", encoding="utf-8") as f:
    for id_, item in truth.items():
        raw = gzip.open(f"{folder}/html/{id_}.html.gz").read()
        try:
            date = find_date(raw, url=item["url"], original_date=True)
        except Exception:  # a peer's crash counts as no answer
            date = None
        f.write(json.dumps({"id": id_, "date": date}) + "\n")
PY
(cd "$ROOT" && cargo run --quiet --release -p newsmill-scrape --example train_metadata -- \
    "$SHARED/bench" --eval --predictions "$OUT/cv") > "$OUT/train.txt"
CV=$(python3 "$DIR/score.py" "$DIR/ground-truth.json" "$OUT/cv/dates-cv.jsonl" | tail -n 1 | cut -d' ' -f2)
NM=$(python3 "$DIR/score.py" "$DIR/ground-truth.json" "$OUT/dates-newsmill.jsonl" "$@" | tee "$OUT/newsmill-score.txt" | tail -n 1 | cut -d' ' -f2)
HD=$(python3 "$DIR/score.py" "$DIR/ground-truth.json" "$OUT/dates-htmldate.jsonl" | tail -n 1 | cut -d' ' -f2)
cat "$OUT/newsmill-score.txt"
echo "predictions: $OUT"
echo "newsmill fit accuracy  $NM"
echo "htmldate accuracy      $HD"
echo "newsmill CV accuracy   $CV"
