#!/usr/bin/env python3
"""The modern-news NER training set (crates/ner/data/modern-train): WCXB article pages of
2025 (../shared/bench/wcxb, CC BY 4.0) from domains that are NOT in the modern development
set (bench/ner-modern/domains.txt), annotated by hand under bench/ner-modern/README.md's
guidelines. The repository keeps page ids, character offsets and labels only; the texts
are read from ../shared when this script runs.

    python3 scripts/ner_modern.py draft PRED.jsonl ID...   # annotator's working list, pre-filled
                                                          # from the spans example's output
    python3 scripts/ner_modern.py annotate WORKING_LIST [--check]
                                                          # -> docs.tsv, annotations.tsv
    python3 scripts/ner_modern.py jsonl [--pages N]       # texts + gold spans as JSON lines
                                                          # for the modern_conll example (the
                                                          # first N pages of docs.tsv only)
    python3 scripts/ner_modern.py counts                  # pages, entities per label
    python3 scripts/ner_modern.py cv [--weight N]         # cross-validation by WCXB fold

`annotate` reads the same working-list format as bench/ner-modern/annotate.py (one
`# id` block per page, `LABEL surface [@n,m]` lines, `- surface` to block a longer
match) and uses its matching rules and region (the start of main_content up to the first
line break after 2,600 characters). It refuses a page of a development domain.

`cv` cross-validates the training recipe on this set, grouped by WCXB domain fold: for each
fold k it trains a model on CoNLL-2003 train (repeated ner_model.py's CONLL_WEIGHT times) plus
the set's pages of the other four folds (repeated N times, default ner_model.py's
MODERN_WEIGHT), tags fold k's pages with it and scores them strictly (bench/ner-modern/
score.py's scorer); the pooled figure over the five held-out folds is printed last. Five full trainings (release build): about 15 minutes.
"""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench", "wcxb")
OUT = os.path.join(ROOT, "crates", "ner", "data", "modern-train")
DEV = os.path.join(ROOT, "bench", "ner-modern")

CONLL = os.path.join(ROOT, "..", "shared", "bench", "ner", "conll2003")


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


annotate_mod = load_module("annotate", os.path.join(DEV, "annotate.py"))
NER_MODEL = load_module("ner_model", os.path.join(ROOT, "scripts", "ner_model.py"))
MODERN_WEIGHT, CONLL_WEIGHT = NER_MODEL.MODERN_WEIGHT, NER_MODEL.CONLL_WEIGHT


ground_truth = annotate_mod.ground_truth
folds = annotate_mod.folds


def dev_domains():
    lines = open(os.path.join(DEV, "domains.txt"), encoding="utf-8").read().splitlines()
    return {x.strip() for x in lines if x.strip() and not x.startswith("#")}


def dev_ids():
    lines = open(os.path.join(DEV, "docs.tsv"), encoding="utf-8").read().splitlines()[1:]
    return {x.split("\t")[0] for x in lines}


def read_tsv(name):
    lines = open(os.path.join(OUT, name), encoding="utf-8").read().splitlines()
    return [x.split("\t") for x in lines[1:]]


def draft(pred_path, ids):
    gt = ground_truth()
    preds = {}
    for line in open(pred_path, encoding="utf-8"):
        row = json.loads(line)
        preds[row["id"]] = row["entities"]
    for pid in ids:
        text = gt[pid]["main_content"]
        end = annotate_mod.region_end(text)
        seen = []
        for s, e, label in preds[pid]:
            if e <= end and (label, text[s:e]) not in seen:
                seen.append((label, text[s:e]))
        print(f"# {pid}")
        for label, surface in seen:
            print(f"{label} {surface}")
        print()


def annotate(path, check):
    fl, reserved, held = folds(), dev_domains(), dev_ids()

    def refuse(pid):
        if pid in held or fl[pid][0] in reserved:
            return f"its domain {fl[pid][0]} belongs to the development set"
        return None

    docs, anns = annotate_mod.build(path, ground_truth(), fl, refuse)
    if not check:
        annotate_mod.write(OUT, docs, anns)


def rows(pages=None):
    """The set's pages as dicts (id, fold, text, region_end, entities), checked against
    the development set; only the first `pages` rows of docs.tsv when given (the pages
    are in the order they were annotated, so a prefix is an earlier round's set)."""
    gt, reserved, held = ground_truth(), dev_domains(), dev_ids()
    spans = {}
    for pid, s, e, label in read_tsv("annotations.tsv"):
        spans.setdefault(pid, []).append([int(s), int(e), label])
    out = []
    docs = read_tsv("docs.tsv")
    if pages is not None:
        if not 0 < pages <= len(docs):
            sys.exit(f"--pages {pages}: the set has {len(docs)} pages")
        docs = docs[:pages]
    for pid, domain, fold, end in docs:
        if pid in held or domain in reserved:
            sys.exit(f"page {pid}: its domain {domain} belongs to the development set")
        out.append({"id": pid, "fold": fold, "text": gt[pid]["main_content"],
                    "region_end": int(end), "entities": spans.get(pid, [])})
    return out


def jsonl(pages):
    for row in rows(pages):
        del row["fold"]
        sys.stdout.write(json.dumps(row) + "\n")


def cargo(args, **kw):
    cmd = ["cargo", "run", "-q", "--release", "-p", "newsmill-ner", "--example"] + args
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def cv(weight):
    score_mod = load_module("score", os.path.join(DEV, "score.py"))
    pages = rows()
    docs = {r["id"]: {"domain": "", "fold": r["fold"], "end": r["region_end"],
                      "gold": {(s, e, k) for s, e, k in r["entities"]}} for r in pages}
    with tempfile.TemporaryDirectory() as tmp:
        pred = os.path.join(tmp, "pred.jsonl")
        for k in sorted({r["fold"] for r in pages}):
            train = os.path.join(tmp, f"train-{k}.jsonl")
            with open(train, "w", encoding="utf-8") as f:
                for r in pages:
                    if r["fold"] != k:
                        f.write(json.dumps({x: r[x] for x in r if x != "fold"}) + "\n")
            conll, model = os.path.join(tmp, f"train-{k}.conll"), os.path.join(tmp, f"{k}.bin")
            with open(train, encoding="utf-8") as f, open(conll, "w", encoding="utf-8") as out:
                cargo(["modern_conll"], stdin=f, stdout=out)
            cargo(["train", "--", "--train", os.path.join(CONLL, "train.txt"),
                   "--dev", os.path.join(CONLL, "dev.txt"), "--train-weight", str(CONLL_WEIGHT),
                   "--extra", conll,
                   "--extra-weight", str(weight), "--patience", "8", "--out", model])
            test = os.path.join(tmp, f"test-{k}.jsonl")
            with open(test, "w", encoding="utf-8") as f:
                for r in pages:
                    if r["fold"] == k:
                        f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
            with open(test, encoding="utf-8") as f, open(pred, "a", encoding="utf-8") as out:
                cargo(["spans", "--", model], stdin=f, stdout=out)
        text = {r["id"]: r["text"] for r in pages}
        print(f"cross-validation by WCXB fold, CoNLL weight {CONLL_WEIGHT}, modern weight {weight}:")
        f1, _ = score_mod.score(pred, docs, text, False)
        print(f"F1 {f1:.4f}")


def counts():
    docs = read_tsv("docs.tsv")
    labels = Counter(row[3] for row in read_tsv("annotations.tsv"))
    chars = sum(int(row[3]) for row in docs)
    print(f"{len(docs)} pages from {len({r[1] for r in docs})} domains, {chars} characters, "
          f"{sum(labels.values())} entities: "
          + ", ".join(f"{k} {labels[k]}" for k in ("PER", "ORG", "LOC", "MISC")))
    print("pages per WCXB fold: " + ", ".join(
        f"{f} {n}" for f, n in sorted(Counter(r[2] for r in docs).items())))


def int_option(args, name, default):
    """The whole number given after `name` in `args`, or `default` when it is absent."""
    if name not in args:
        return default
    i = args.index(name)
    try:
        return int(args[i + 1])
    except (IndexError, ValueError):
        sys.exit(f"{name} needs a whole number")


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    cmd, rest = args[0], [a for a in args[1:] if not a.startswith("--")]
    if cmd == "draft" and len(rest) >= 2:
        draft(rest[0], rest[1:])
    elif cmd == "annotate" and len(rest) == 1:
        annotate(rest[0], "--check" in args)
    elif cmd == "jsonl":
        jsonl(int_option(args, "--pages", None))
    elif cmd == "counts":
        counts()
    elif cmd == "cv":
        cv(int_option(args, "--weight", MODERN_WEIGHT))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
