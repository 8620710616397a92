#!/usr/bin/env python3
"""Regenerate the NER model and everything it is learned from, with one command, and print
its figures. Run from the repository root:

    python3 scripts/ner_model.py [--no-clusters]

1. scripts/ner_clusters.py: word classes from unlabelled text -> crates/ner/data/clusters.tsv.gz
   (sources and licences in that script and crates/ner/data/README.md), and
   scripts/ner_acronyms.py: common-noun acronyms from the same text ->
   crates/ner/data/common_acronyms.txt (used after decoding, not in training);
2. the modern-news training set (crates/ner/data/modern-train: hand-annotated WCXB pages
   of domains outside the development set, texts read from ../shared/bench/wcxb; all its
   pages) turned into CoNLL tokens by the modern_conll example (this crate's tokenizer) in a
   temporary file, then the train example on CoNLL-2003 English train repeated CONLL_WEIGHT
   times plus that set repeated MODERN_WEIGHT times (the mix chosen on the development set's
   tuning half under the CoNLL dev floor), the epoch chosen on CoNLL-2003 dev (Reuters 1996;
   annotations Tjong Kim Sang and De Meulder 2003; research use) -> crates/ner/model/ner.bin;
   prints dev F1 per epoch, the final dev F1 and the fit F1 on CoNLL train and on the modern
   training set;
3. the modern-news development set (bench/ner-modern, never trained on: a held-out figure): F1 per label
   and per WCXB domain fold, then on its tuning half (folds 1, 3) and held-out half
   (folds 0, 2, 4).
Deterministic: the same inputs give the same bytes. The gazetteers and word frequencies
(scripts/ner_lexicons.py) are regenerated separately: they need pinned PyPI packages; so are
the organisation and software name lists (scripts/ner_names.py: pinned npm packages).
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONLL = os.path.join(ROOT, "..", "shared", "bench", "ner", "conll2003")


def run(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


# How many times CoNLL-2003 train and the modern training set (all its pages) are repeated:
# the best tuning half (WCXB folds 1, 3 of bench/ner-modern) among the mixes that keep
# CoNLL-2003 dev >= 0.94. The modern set (618 pages, 310k tokens) outweighs CoNLL-2003 train
# (204k) once: with both once CoNLL dev fell to 0.9391, so newswire is weighed up rather than
# the modern text down. Seed 7 (crates/ner/README.md, "Round 8"), CoNLL dev / tuning half:
# CoNLL x2 + modern x1 0.9399 (under the floor) / 0.749; x3 + x1 0.9417 / 0.738; x3 + x2
# 0.9398 (under) / 0.743; x4 + x2 0.9401 / 0.749 (chosen); x5 + x2 0.9403 / 0.738.
CONLL_WEIGHT = 4
MODERN_WEIGHT = 2


def main():
    unknown = [a for a in sys.argv[1:] if a != "--no-clusters"]
    if unknown:
        sys.exit(f"unknown argument {unknown[0]} (usage: scripts/ner_model.py [--no-clusters])")
    if "--no-clusters" not in sys.argv:
        run([sys.executable, "scripts/ner_clusters.py"])
    run([sys.executable, "scripts/ner_acronyms.py"])
    with tempfile.TemporaryDirectory() as tmp:
        modern = os.path.join(tmp, "modern-train.jsonl")
        modern_conll = os.path.join(tmp, "modern-train.conll")
        with open(modern, "w") as f:
            run([sys.executable, "scripts/ner_modern.py", "jsonl"], stdout=f)
        with open(modern) as f, open(modern_conll, "w") as out:
            run(["cargo", "run", "-q", "--release", "-p", "newsmill-ner", "--example",
                 "modern_conll"], stdin=f, stdout=out)
        run(["cargo", "run", "-q", "--release", "-p", "newsmill-ner", "--example", "train", "--",
             "--train", os.path.join(CONLL, "train.txt"), "--dev", os.path.join(CONLL, "dev.txt"),
             "--train-weight", str(CONLL_WEIGHT), "--extra", modern_conll,
             "--extra-weight", str(MODERN_WEIGHT),
             "--patience", "8", "--out", "crates/ner/model/ner.bin"])
    with tempfile.TemporaryDirectory() as tmp:
        texts = os.path.join(tmp, "modern.jsonl")
        pred = os.path.join(tmp, "modern.pred.jsonl")
        with open(texts, "w") as f:
            run([sys.executable, "bench/ner-modern/texts.py"], stdout=f)
        with open(texts) as f, open(pred, "w") as out:
            run(["cargo", "run", "-q", "--release", "-p", "newsmill-ner", "--example", "spans"],
                stdin=f, stdout=out)
        run([sys.executable, "bench/ner-modern/score.py", pred])
        for folds in ("1,3", "0,2,4"):
            run([sys.executable, "bench/ner-modern/score.py", "--folds", folds, pred])


if __name__ == "__main__":
    main()
