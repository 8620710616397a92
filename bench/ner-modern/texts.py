#!/usr/bin/env python3
"""Writes the modern set's texts as JSON lines {"id", "text"} (the whole main_content of
each page, read from ../shared at run time) to stdout, for a tagger to read on stdin."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GT = os.path.join(HERE, "..", "..", "..", "shared", "bench", "wcxb", "ground-truth.json")
gt = json.load(open(GT, encoding="utf-8"))
with open(os.path.join(HERE, "docs.tsv"), encoding="utf-8") as f:
    for line in f.read().splitlines()[1:]:
        pid = line.split("\t")[0]
        sys.stdout.write(json.dumps({"id": pid, "text": gt[pid]["main_content"]}) + "\n")
