#!/usr/bin/env python3
"""Regenerate crates/ner/data/clusters.tsv.gz: word classes learned from unlabelled text.

Corpus (read from ../shared at run time, never copied into the repository):
  * WCXB development split (../shared/bench/wcxb/ground-truth.json, `main_content` of every
    page, 2025 web pages of seven types; CC BY 4.0, Murrough Foley), except every page of
    the domains in bench/ner-modern/domains.txt, which the modern NER development set is
    drawn from;
  * the Zyte article-extraction benchmark's development pages
    (../shared/bench/extraction/ground-truth.json, `articleBody`; MIT licence, Scrapinghub);
  * the CoNLL-2003 English training split's tokens (../shared/bench/ner/conll2003/train.txt,
    Reuters 1996; research use) -- the text the tagger is trained on, no labels used.
The classes (src/wordclass.rs: Brown's class-bigram objective, tree grown top down by the
exchange algorithm) are written as `word<TAB>path` for words seen at least 3 times, most
frequent first, gzip without a timestamp. Deterministic. Run from the repository root:

    python3 scripts/ner_clusters.py [--depth 12] [--min-count 3]
"""
import gzip
import os
import subprocess
import sys
import tempfile

from ner_corpus import modern_texts

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")
OUT = os.path.join(ROOT, "crates", "ner", "data", "clusters.tsv.gz")


def main(extra):
    texts, n_wcxb, skipped = modern_texts()
    print(f"wcxb: {n_wcxb} pages ({skipped} of reserved domains left out); "
          f"extraction: {len(texts) - n_wcxb} pages", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write("\n\x0c\n".join(t.replace("\x0c", " ") for t in texts))
        tsv = os.path.join(tmp, "clusters.tsv")
        cmd = ["cargo", "run", "-q", "--release", "-p", "newsmill-ner", "--example", "clusters",
               "--", "--text", corpus,
               "--conll", os.path.join(SHARED, "ner", "conll2003", "train.txt"),
               "--out", tsv] + extra
        subprocess.run(cmd, check=True, cwd=ROOT)
        data = open(tsv, "rb").read()
    with open(OUT, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(data)
    words = data.count(b"\n")
    print(f"{OUT}: {words} words, {os.path.getsize(OUT)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
