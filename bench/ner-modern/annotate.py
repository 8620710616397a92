#!/usr/bin/env python3
"""Turns an annotator's working list into the modern set's offset-only annotations.

The working list (kept outside the repository: it quotes the texts' names) has one block
per page:

    # 0106
    ORG Netflix
    MISC Him @1,3        <- only the 1st and 3rd matches of "Him" in the region
    - Apple TV           <- a surface that must stay untagged (blocks a longer match)

Every case-sensitive, whole-word occurrence of each surface inside the page's region is
tagged; overlapping matches keep the longest (then the earliest). The region is the start
of ground-truth `main_content` up to the first line break after 2,600 characters (the
whole text when that leaves less than 600 more).

    python3 bench/ner-modern/annotate.py WORKING_LIST [--check]

writes bench/ner-modern/docs.tsv (id, domain, fold, region end) and annotations.tsv (id,
start, end, label; character offsets into main_content) and prints every page with its
entities in brackets so the annotator can read it over; --check only prints.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "bench", "wcxb")
LABELS = {"PER", "ORG", "LOC", "MISC", "-"}
LIMIT = 2600


def region_end(text):
    if len(text) <= LIMIT + 600:
        return len(text)
    cut = text.find("\n", LIMIT)
    return len(text) if cut < 0 else cut


def parse(path):
    blocks, cur = {}, None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("# "):
            cur = line[2:].split()[0]
            if cur in blocks:
                sys.exit(f"{path}:{n}: page {cur} listed twice")
            blocks[cur] = []
            continue
        if cur is None:
            sys.exit(f"{path}:{n}: entry before any '# id' line")
        label, _, rest = line.partition(" ")
        if label not in LABELS:
            sys.exit(f"{path}:{n}: unknown label {label!r}")
        picks = None
        m = re.search(r"\s@([\d,]+)$", rest)
        if m:
            picks = {int(x) for x in m.group(1).split(",")}
            rest = rest[: m.start()]
        blocks[cur].append((label, rest.strip(), picks, n))
    return blocks


def spans(text, end, entries, where):
    found = []
    for label, surface, picks, n in entries:
        pat = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
        hits = [m for m in pat.finditer(text, 0, end)]
        if not hits:
            print(f"warning: {where} line {n}: {surface!r} not found", file=sys.stderr)
        for k, m in enumerate(hits, 1):
            if picks is None or k in picks:
                found.append((m.start(), m.end(), label))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, last = [], -1
    for s, e, label in found:
        if s >= last:
            out.append((s, e, label))
            last = e
    return [x for x in out if x[2] != "-"]


def ground_truth():
    return json.load(open(os.path.join(SHARED, "ground-truth.json"), encoding="utf-8"))


def folds():
    """Page id -> (registrable domain, fold) from the set's folds.tsv."""
    out = {}
    for line in open(os.path.join(SHARED, "folds.tsv"), encoding="utf-8").read().splitlines()[1:]:
        i, domain, fold = line.split("\t")
        out[i] = (domain, fold)
    return out


def build(path, gt, fl, refuse=None):
    """The working list at `path` as (docs, annotations) rows, every page printed with its
    entities in brackets; `refuse(pid)` may return a reason to stop at a page."""
    docs, anns = [], []
    for pid, entries in parse(path).items():
        if pid not in gt or gt[pid]["page_type"] != "article":
            sys.exit(f"page {pid}: not an article page of the wcxb set")
        reason = refuse(pid) if refuse else None
        if reason:
            sys.exit(f"page {pid}: {reason}")
        text = gt[pid]["main_content"]
        end = region_end(text)
        got = spans(text, end, entries, pid)
        docs.append((pid, fl[pid][0], fl[pid][1], end))
        anns.extend((pid, s, e, label) for s, e, label in got)
        view, pos = [], 0
        for s, e, label in got:
            view += [text[pos:s], f"[{text[s:e]}|{label}]"]
            pos = e
        view.append(text[pos:end])
        print(f"===== {pid} {fl[pid][0]} ({len(got)} entities)\n{''.join(view)}\n")
    return docs, anns


def write(folder, docs, anns):
    """Writes docs.tsv and annotations.tsv into `folder`."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "docs.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tdomain\tfold\tregion_end\n")
        for d in docs:
            f.write("\t".join(map(str, d)) + "\n")
    with open(os.path.join(folder, "annotations.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tstart\tend\tlabel\n")
        for a in anns:
            f.write("\t".join(map(str, a)) + "\n")
    print(f"{len(docs)} pages, {len(anns)} entities", file=sys.stderr)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    if len(args) != 1:
        sys.exit(__doc__)
    docs, anns = build(args[0], ground_truth(), folds())
    if not check:
        write(HERE, docs, anns)


if __name__ == "__main__":
    main()
