#!/usr/bin/env bash
# Article-body benchmark on the DEV split of ../shared/bench/extraction:
# runs newsmill extract over every page and prints the scorer's figures (F1, accuracy),
# then trafilatura 2.3.1 over the same pages, and both summaries side by side.
# Usage: bench/extraction.sh [--per-doc]
source "$(dirname "$0")/lib_extract.sh"
ensure_extractor
DIR="$SHARED/bench/extraction"
OUT="${OUT:-$(mktemp -d)}"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$DIR/ground-truth.json" "$DIR"/html/*.html.gz > "$OUT/extraction-pred.jsonl"
echo "predictions: $OUT/extraction-pred.jsonl"
python3 "$DIR/score.py" "$DIR/ground-truth.json" "$OUT/extraction-pred.jsonl" "$@"
ensure_venv
"$BENCH_VENV/bin/python" - "$DIR" "$OUT/extraction-trafilatura.jsonl" <<'PY'
import gzip, json, sys, warnings
warnings.filterwarnings("ignore")
import trafilatura
folder, out = sys.argv[1], sys.argv[2]
truth = json.load(open(f"{folder}/ground-truth.json", encoding="utf-8"))
with open(out, "w", encoding="utf-8") as f:
    for id_, item in sorted(truth.items()):
        html = gzip.open(f"{folder}/html/{id_}.html.gz").read()
        text = trafilatura.extract(html, url=item["url"], include_comments=False) or ""
        f.write(json.dumps({"id": id_, "body": text}) + "\n")
PY
score() { python3 "$DIR/score.py" "$DIR/ground-truth.json" "$1" | awk '/^accuracy/ {a=$2} /^F1 / && !/std/ {f=$2} END {print f, a}'; }
read -r NM_F1 NM_ACC < <(score "$OUT/extraction-pred.jsonl")
read -r TR_F1 TR_ACC < <(score "$OUT/extraction-trafilatura.jsonl")
echo
printf "%-22s %8s %12s\n" system "F1" "exact match"
printf "%-22s %8s %12s\n" newsmill "$NM_F1" "$NM_ACC"
printf "%-22s %8s %12s\n" "trafilatura 2.3.1" "$TR_F1" "$TR_ACC"
