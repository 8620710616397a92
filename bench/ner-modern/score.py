#!/usr/bin/env python3
"""Scores entity predictions on the modern development set (bench/ner-modern).

    python3 bench/ner-modern/score.py [--folds 0,2,4] [--lenient] PRED.jsonl [PRED2.jsonl ...]

PRED lines: {"id": "0106", "entities": [[start, end, "ORG"], ...]} with character offsets
into the page's ground-truth `main_content` (../shared/bench/wcxb/ground-truth.json, read
here at run time: the repository holds offsets and labels only). A predicted span counts
when it starts inside the page's annotated region. Strict, as conlleval: a prediction is
right only when its (start, end, label) equals a gold entity's; micro-averaged precision,
recall and F1, per label and per domain fold (../shared/bench/wcxb/folds.tsv).
`--lenient` first cuts a leading lower-case "the ", a trailing possessive 's and trailing
spaces or punctuation from each predicted span (the scoring of round 1, kept for
comparison). `--folds 0,2,4` scores the pages of those WCXB folds only (the modern set's
tuning half is folds 1 and 3, its held-out half 0, 2 and 4). With several files, one
block per file. The last line is the first file's overall F1.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WCXB = os.path.join(HERE, "..", "..", "..", "shared", "bench", "wcxb")
LABELS = ["PER", "ORG", "LOC", "MISC"]


def load_gold():
    docs = {}
    with open(os.path.join(HERE, "docs.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            pid, domain, fold, end = line.split("\t")
            docs[pid] = {"domain": domain, "fold": fold, "end": int(end), "gold": set()}
    with open(os.path.join(HERE, "annotations.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            pid, s, e, label = line.split("\t")
            docs[pid]["gold"].add((int(s), int(e), label))
    return docs


def texts(ids):
    gt = json.load(open(os.path.join(WCXB, "ground-truth.json"), encoding="utf-8"))
    return {i: gt[i]["main_content"] for i in ids}


def normalise(text, s, e):
    if text[s:e].startswith("the "):
        s += 4
    for poss in ("'s", "’s"):
        if text[s:e].endswith(poss) and e - s > len(poss):
            e -= len(poss)
    while e > s and text[e - 1] in " \t\n,;:":
        e -= 1
    return s, e


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(path, docs, text, lenient):
    pred = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] not in docs:
                continue
            t = text[row["id"]]
            got = set()
            for s, e, label in row["entities"]:
                if s >= docs[row["id"]]["end"] or label not in LABELS:
                    continue
                if lenient:
                    s, e = normalise(t, s, e)
                if e > s:
                    got.add((s, e, label))
            pred[row["id"]] = got
    counts = {k: [0, 0, 0] for k in LABELS}
    folds = {}
    for pid, d in docs.items():
        p, g = pred.get(pid, set()), d["gold"]
        fc = folds.setdefault(d["fold"], [0, 0, 0])
        for k in LABELS:
            pk = {x for x in p if x[2] == k}
            gk = {x for x in g if x[2] == k}
            tp = len(pk & gk)
            for c in (counts[k], fc):
                c[0] += tp
                c[1] += len(pk) - tp
                c[2] += len(gk) - tp
    total = [sum(counts[k][i] for k in LABELS) for i in range(3)]
    print(f"== {path}: {len(docs)} pages, {total[0] + total[2]} gold entities")
    print(f"{'label':6} {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>5}")
    for k in LABELS:
        p, r, f1 = prf(*counts[k])
        print(f"{k:6} {p:6.3f} {r:6.3f} {f1:6.3f} {counts[k][0] + counts[k][2]:5d}")
    p, r, f1 = prf(*total)
    print(f"{'all':6} {p:6.3f} {r:6.3f} {f1:6.3f} {total[0] + total[2]:5d}")
    print("per fold F1: " + "  ".join(f"{k} {prf(*folds[k])[2]:.3f}" for k in sorted(folds)))
    return f1, {k: prf(*counts[k])[2] for k in LABELS}


def main():
    args = sys.argv[1:]
    lenient = "--lenient" in args
    args = [a for a in args if a != "--lenient"]
    folds = None
    if "--folds" in args:
        i = args.index("--folds")
        if i + 1 >= len(args):
            sys.exit("--folds needs a list like 0,2,4")
        folds = set(args[i + 1].split(","))
        del args[i : i + 2]
    if not args:
        sys.exit(__doc__)
    docs = load_gold()
    if folds is not None:
        docs = {k: d for k, d in docs.items() if d["fold"] in folds}
        if not docs:
            sys.exit(f"no page in folds {sorted(folds)}")
    text = texts(docs)
    results = [score(p, docs, text, lenient) for p in args]
    print(f"F1 {results[0][0]:.4f}")


if __name__ == "__main__":
    main()
