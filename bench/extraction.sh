#!/usr/bin/env bash
# Article-body benchmark on the DEV split of ../shared/bench/extraction:
# runs the extractor over every page and prints the scorer's figures (F1, accuracy).
# Usage: bench/extraction.sh [--per-doc]
source "$(dirname "$0")/lib_extract.sh"
ensure_extractor
DIR="$SHARED/bench/extraction"
OUT="${OUT:-$(mktemp -d)}"
# shellcheck disable=SC2086
$NEWSMILL_EXTRACT --urls "$DIR/ground-truth.json" "$DIR"/html/*.html.gz > "$OUT/extraction-pred.jsonl"
echo "predictions: $OUT/extraction-pred.jsonl"
python3 "$DIR/score.py" "$DIR/ground-truth.json" "$OUT/extraction-pred.jsonl" "$@"
