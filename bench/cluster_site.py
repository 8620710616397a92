#!/usr/bin/env python3
"""Writes a generated news site for bench/cluster.sh: N article pages as HTML files
under OUT/news/<i>/index.html, each ~600 words of varied, project-written text
with people, organisations, places, dates and amounts (deterministic: the same N
gives the same files). Usage: cluster_site.py OUT N"""

import os
import random
import sys

FIRST = ["Anna", "Jonas", "Marta", "Peteris", "Ona", "Tomas", "Elena", "Viktor", "Ilse", "Karol",
         "Maria", "Andrej", "Laura", "Mikael", "Sofia", "Daniel", "Ruta", "Janis", "Katrin", "Pavel"]
LAST = ["Kowalska", "Kazlauskas", "Petraite", "Kalnins", "Novak", "Horvath", "Lindqvist", "Berzins",
        "Tamm", "Popescu", "Varga", "Nowak", "Ozols", "Saar", "Jankauskas", "Wisniewski"]
CITIES = ["Vilnius", "Riga", "Tallinn", "Gdansk", "Kaunas", "Warsaw", "Helsinki", "Tartu", "Klaipeda",
          "Minsk", "Krakow", "Daugavpils", "Parnu", "Lodz", "Turku"]
BODIES = ["the regional council", "the port authority", "the transport ministry", "the national bank",
          "the teachers' union", "the city hospital", "the energy regulator", "the supreme court",
          "the European Commission", "the chamber of commerce", "the farmers' association"]
COMPANIES = ["Baltic Rail", "Nordic Grid", "Amber Shipping", "Vistula Energy", "Daugava Foods",
             "Hanseatic Bank", "Estonian Air", "Polar Steel"]
TOPICS = ["school buses", "harbour cranes", "a new rail link", "heating prices", "a hospital wing",
          "the ferry timetable", "wind farms", "water pipes", "grain exports", "a bridge repair",
          "pension rules", "broadband in villages"]
VERBS = ["postponed a decision on", "approved new rules for", "published a report on",
         "asked for more money for", "opened an inquiry into", "announced a review of"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FILLER = [
    "The proposal has been debated for months, and several committees have asked for changes.",
    "Residents who spoke at the public hearing were divided over the costs and the timetable.",
    "Analysts said the outcome would depend largely on negotiations in the coming weeks.",
    "Opposition members argued that the figures presented so far were incomplete.",
    "Local businesses have warned that further delays would cost them customers.",
    "The plan still needs the approval of the finance committee before it can take effect.",
    "Similar projects in neighbouring countries took twice as long as first expected.",
    "Officials promised to publish the full documents before the next session.",
]


def article(i, rng):
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    other = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    city, city2 = rng.sample(CITIES, 2)
    body, company = rng.choice(BODIES), rng.choice(COMPANIES)
    topic, verb = rng.choice(TOPICS), rng.choice(VERBS)
    day, month = 1 + i % 28, 1 + (i // 28) % 12
    title = f"{city}: {body[0].upper() + body[1:]} {verb} {topic} (report {i})"
    published = f"2024-{month:02d}-{day:02d}T{8 + i % 10:02d}:{i % 60:02d}:00+02:00"
    paras = [
        f"{body[0].upper() + body[1:]} in {city} {verb} {topic} on {rng.choice(['Monday', 'Tuesday', 'Thursday'])}, "
        f"the {i}th such step this year, after a meeting that lasted well into the evening.",
        f"\u201cWe have waited long enough for a clear answer,\u201d said {person}, who has followed the issue "
        f"for {2 + i % 9} years. The cost could reach {3 + i % 40} million euros by {MONTHS[i % 12]} {2025 + i % 3}.",
        f"{other}, a spokesperson for {company}, said the company would invest {10 + i % 90} million euros in "
        f"{city2} and hire {50 + i % 400} workers if the rules are approved.",
    ]
    for _ in range(9):
        paras.append(" ".join(rng.sample(FILLER, 4)) + f" In {rng.choice(CITIES)}, {rng.choice(FIRST)} "
                     f"{rng.choice(LAST)} of {rng.choice(BODIES)} called it \u201ca test for {rng.choice(TOPICS)}\u201d.")
    body_html = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Generated Times</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{published}"><meta name="author" content="{person}">
</head><body><header><a href="/">Generated Times</a><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main><article><h1>{title}</h1><div class="byline">By {person} <time datetime="{published}">{published}</time></div>
<div class="entry-content">
{body_html}
</div></article></main>
<aside><h2>Most read</h2><ul><li><a href="/news/{(i + 1)}/">More from {city}</a></li></ul></aside>
<footer><p>&copy; 2024 Generated Times. All rights reserved.</p></footer></body></html>
"""


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    for i in range(n):
        rng = random.Random(i)
        folder = os.path.join(out, "news", str(i))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
            f.write(article(i, rng))


if __name__ == "__main__":
    main()
