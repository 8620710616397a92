#!/usr/bin/env python3
"""Generate the organisation-name and software-name word lists of the NER model
(crates/ner/data/org_names.txt.gz, crates/ner/data/software_names.txt.gz).

Sources (both MIT, Street Side Software; see crates/ner/data/README.md):
  * npm @cspell/dict-companies 3.2.13, dict/companies.txt: words of company, platform,
    agency and university names and stock tickers ("Anthropic", "WhatsApp", "Novo",
    "Nordisk", "AAPL"), one word a line (multi-word names are split into their words);
  * npm @cspell/dict-software-terms 5.4.9, dict/software-tools.txt and
    dict/webServices.txt: names of software, tools and web services ("Ansible",
    "Linux", "Mailgun").

The lists are used as features of the model (one bit each, conjoined with case and word
frequency), trained on CoNLL-2003, so the model learns how much to trust them; they are
not overrides. Kept: entries written with a capital letter (lower-case entries are
identifiers such as "dockerd") of three characters or more. Words of split multi-word
names ("Paris", "New", "Group") stay: the model's feature conjoins the list with the word's
frequency and its other gazetteers (place, first name ...), so it learns their weight.
Output: one lower-cased word a line, sorted, gzipped with a fixed header (deterministic).

    python3 scripts/ner_names.py        # runs `npm pack` of the two pinned packages
"""
import gzip
import os
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "crates", "ner", "data")
COMPANIES = ("@cspell/dict-companies@3.2.13", ["package/dict/companies.txt"])
SOFTWARE = ("@cspell/dict-software-terms@5.4.9",
            ["package/dict/software-tools.txt", "package/dict/webServices.txt"])


def package_words(spec, members, tmp):
    out = subprocess.run(["npm", "pack", "--silent", spec], cwd=tmp, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    words = []
    with tarfile.open(os.path.join(tmp, out)) as tar:
        for m in members:
            text = tar.extractfile(m).read().decode("utf-8")
            words += [w.strip() for w in text.splitlines()]
    return words


def keep(word):
    return len(word) >= 3 and " " not in word and word[0].isupper()


def write(path, entries):
    data = ("\n".join(sorted(entries)) + "\n").encode("utf-8")
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(data)
    print(f"{path}: {len(entries)} words, {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        companies = package_words(*COMPANIES, tmp)
        software = package_words(*SOFTWARE, tmp)
    write(os.path.join(DATA, "org_names.txt.gz"),
          {w.lower() for w in companies if keep(w)})
    write(os.path.join(DATA, "software_names.txt.gz"),
          {w.lower() for w in software if keep(w)})


if __name__ == "__main__":
    main()
