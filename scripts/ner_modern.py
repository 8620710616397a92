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
    python3 scripts/ner_modern.py jsonl                   # texts + gold spans as JSON lines
                                                          # for the modern_conll example
    python3 scripts/ner_modern.py counts                  # pages, entities per label

`annotate` reads the same working-list format as bench/ner-modern/annotate.py (one
`# id` block per page, `LABEL surface [@n,m]` lines, `- surface` to block a longer
match) and uses its matching rules and region (the start of main_content up to the first
line break after 2,600 characters). It refuses a page of a development domain.
"""
import importlib.util
import json
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench", "wcxb")
OUT = os.path.join(ROOT, "crates", "ner", "data", "modern-train")
DEV = os.path.join(ROOT, "bench", "ner-modern")

spec = importlib.util.spec_from_file_location("annotate", os.path.join(DEV, "annotate.py"))
annotate_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(annotate_mod)


def ground_truth():
    return json.load(open(os.path.join(SHARED, "ground-truth.json"), encoding="utf-8"))


def folds():
    out = {}
    for line in open(os.path.join(SHARED, "folds.tsv"), encoding="utf-8").read().splitlines()[1:]:
        i, domain, fold = line.split("\t")
        out[i] = (domain, fold)
    return out


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
    gt, fl = ground_truth(), folds()
    reserved, held = dev_domains(), dev_ids()
    docs, anns = [], []
    for pid, entries in annotate_mod.parse(path).items():
        if pid not in gt or gt[pid]["page_type"] != "article":
            sys.exit(f"page {pid}: not an article page of the wcxb set")
        if pid in held or fl[pid][0] in reserved:
            sys.exit(f"page {pid}: its domain {fl[pid][0]} belongs to the development set")
        text = gt[pid]["main_content"]
        end = annotate_mod.region_end(text)
        got = annotate_mod.spans(text, end, entries, pid)
        docs.append((pid, fl[pid][0], fl[pid][1], end))
        anns.extend((pid, s, e, label) for s, e, label in got)
        view, pos = [], 0
        for s, e, label in got:
            view += [text[pos:s], f"[{text[s:e]}|{label}]"]
            pos = e
        view.append(text[pos:end])
        print(f"===== {pid} {fl[pid][0]} ({len(got)} entities)\n{''.join(view)}\n")
    if check:
        return
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "docs.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tdomain\tfold\tregion_end\n")
        for d in docs:
            f.write("\t".join(map(str, d)) + "\n")
    with open(os.path.join(OUT, "annotations.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tstart\tend\tlabel\n")
        for a in anns:
            f.write("\t".join(map(str, a)) + "\n")
    print(f"{len(docs)} pages, {len(anns)} entities", file=sys.stderr)


def jsonl():
    gt, reserved, held = ground_truth(), dev_domains(), dev_ids()
    spans = {}
    for pid, s, e, label in read_tsv("annotations.tsv"):
        spans.setdefault(pid, []).append([int(s), int(e), label])
    for pid, domain, _fold, end in read_tsv("docs.tsv"):
        if pid in held or domain in reserved:
            sys.exit(f"page {pid}: its domain {domain} belongs to the development set")
        row = {"id": pid, "text": gt[pid]["main_content"], "region_end": int(end),
               "entities": spans.get(pid, [])}
        sys.stdout.write(json.dumps(row) + "\n")


def counts():
    docs = read_tsv("docs.tsv")
    labels = Counter(row[3] for row in read_tsv("annotations.tsv"))
    chars = sum(int(row[3]) for row in docs)
    print(f"{len(docs)} pages from {len({r[1] for r in docs})} domains, {chars} characters, "
          f"{sum(labels.values())} entities: "
          + ", ".join(f"{k} {labels[k]}" for k in ("PER", "ORG", "LOC", "MISC")))
    print("pages per WCXB fold: " + ", ".join(
        f"{f} {n}" for f, n in sorted(Counter(r[2] for r in docs).items())))


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
        jsonl()
    elif cmd == "counts":
        counts()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
