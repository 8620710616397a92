"""The modern unlabelled text the NER scripts learn from (scripts/ner_clusters.py,
scripts/ner_acronyms.py), read from ../shared at run time and never copied into the
repository: the main texts of the WCXB development split (CC BY 4.0) except every page of the
domains in bench/ner-modern/domains.txt, which the modern NER development set is drawn from,
and the article bodies of the Zyte extraction benchmark's development pages (MIT)."""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")


def reserved_domains():
    """The domains of the modern NER development set, kept out of every corpus."""
    with open(os.path.join(ROOT, "bench", "ner-modern", "domains.txt"), encoding="utf-8") as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def modern_texts():
    """(texts, WCXB pages used, WCXB pages of reserved domains left out): the non-empty
    WCXB main texts, then the non-empty extraction bodies, each in page-id order."""
    reserved = reserved_domains()
    domain = {}
    with open(os.path.join(SHARED, "wcxb", "folds.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            pid, dom, _ = line.split("\t")
            domain[pid] = dom
    wcxb = json.load(open(os.path.join(SHARED, "wcxb", "ground-truth.json"), encoding="utf-8"))
    texts, skipped = [], 0
    for pid in sorted(wcxb):
        if domain.get(pid) in reserved:
            skipped += 1
            continue
        t = wcxb[pid].get("main_content") or ""
        if t.strip():
            texts.append(t)
    n_wcxb = len(texts)
    ext = json.load(open(os.path.join(SHARED, "extraction", "ground-truth.json"), encoding="utf-8"))
    for pid in sorted(ext):
        t = ext[pid].get("articleBody") or ""
        if t.strip():
            texts.append(t)
    return texts, n_wcxb, skipped
