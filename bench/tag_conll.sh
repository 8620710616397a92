#!/usr/bin/env bash
# What the tag stage adds to the NER model on CoNLL-2003: entity F1 (score.py) of the
# model alone and of the whole tag stage (gazetteer, title cues, label repairs, surname
# recall, document-level joining), same tokens, same run.
#
#   bash bench/tag_conll.sh [CONLL_FILE]   (default ../shared/bench/ner/conll2003/dev.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/bench/ner/conll2003/dev.txt}
SCORE=../shared/bench/ner/score.py
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

cargo build -q --release -p newsmill-tag --example tag_conll
BIN=$CARGO_TARGET_DIR/release/examples/tag_conll
"$BIN" --ner-only "$DATA" > "$OUT/ner.pred"
"$BIN" "$DATA" > "$OUT/tag.pred"
echo "== NER model alone"
python3 "$SCORE" "$DATA" "$OUT/ner.pred" | tail -7
echo "== whole tag stage"
python3 "$SCORE" "$DATA" "$OUT/tag.pred" | tail -7
