#!/usr/bin/env python3
"""Generates the local news site bench/e2e.sh crawls: N article pages of about 1,000
words each (people, places, organisations, dates, amounts, quotations), a home page,
section pages, robots.txt and one sitemap. Everything comes from the templates and
word lists below (written for this project) and a seeded random generator, so the
same N and seed always give the same site.

usage: bench/e2e_site.py DIR PAGES [--seed N]

The site is static files: serve DIR with any web server (bench/e2e.sh uses Python's
http.server on loopback). `sitemap.xml.in` lists the pages with `{BASE}` where the
server's address goes; bench/e2e.sh writes `sitemap.xml` from it for each run.
"""

import argparse
import datetime as dt
import html
import json
import os
import random

FIRST = """Anna Mikalai Olga Jonas Marta Pēteris Ona Tomasz Inga Andrei Katarzyna Viktor
Laura Dmitri Agnieszka Sergei Elena Marek Ieva Pavel Natalia Oleksandr Iryna Henrik
Sophie Lukas Camille Jean Maria Giulia Paolo Ana Miguel Sarah James David Emily
Thomas Helen Robert Claire Michael Rachel Daniel Hannah Peter Alice George Yulia
Taras Kristina Aleksandra Mantas Rūta Jānis Liga Kaspar Tiina Ahmed Leila Omar
Fatima Hiroshi Mei Wei Raj Priya Samuel Grace Ibrahim Amina Carlos Lucia Erik Ingrid""".split()

LAST = """Kowalska Petraitė Kalniņš Kazlauskas Nowak Ivanova Shevchenko Bondarenko Tamm
Ozols Wiśniewski Lewandowski Kovalenko Melnyk Sokolov Petrov Volkov Novak Horvat
Schmidt Müller Fischer Weber Dubois Laurent Moreau Rossi Bianchi Ferrari García
Martínez López Smith Johnson Brown Taylor Wilson Clarke Walker Wright Evans Hughes
Andersen Nielsen Lindqvist Berg Virtanen Korhonen Mäkinen Jankauskas Vasiliauskas
Bērziņš Liepa Saar Kask Haddad Rahman Tanaka Chen Sharma Okafor Mensah Silva Costa
Hansen Larsen Novák Dvořák Popescu Ionescu Georgiev Dimitrov Yilmaz Demir""".split()

# (city, country) pairs.
PLACES = [
    ("Vilnius", "Lithuania"), ("Kaunas", "Lithuania"), ("Riga", "Latvia"),
    ("Daugavpils", "Latvia"), ("Tallinn", "Estonia"), ("Tartu", "Estonia"),
    ("Warsaw", "Poland"), ("Gdańsk", "Poland"), ("Kraków", "Poland"),
    ("Minsk", "Belarus"), ("Hrodna", "Belarus"), ("Kyiv", "Ukraine"),
    ("Lviv", "Ukraine"), ("Odesa", "Ukraine"), ("Berlin", "Germany"),
    ("Hamburg", "Germany"), ("Munich", "Germany"), ("Paris", "France"),
    ("Lyon", "France"), ("Marseille", "France"), ("Rome", "Italy"),
    ("Milan", "Italy"), ("Madrid", "Spain"), ("Barcelona", "Spain"),
    ("Lisbon", "Portugal"), ("London", "United Kingdom"),
    ("Manchester", "United Kingdom"), ("Dublin", "Ireland"),
    ("Stockholm", "Sweden"), ("Gothenburg", "Sweden"), ("Oslo", "Norway"),
    ("Copenhagen", "Denmark"), ("Helsinki", "Finland"), ("Prague", "Czech Republic"),
    ("Vienna", "Austria"), ("Budapest", "Hungary"), ("Bucharest", "Romania"),
    ("Sofia", "Bulgaria"), ("Athens", "Greece"), ("Istanbul", "Turkey"),
    ("Ankara", "Turkey"), ("Brussels", "Belgium"), ("Amsterdam", "Netherlands"),
    ("Rotterdam", "Netherlands"), ("Zurich", "Switzerland"), ("Geneva", "Switzerland"),
    ("New York", "United States"), ("Washington", "United States"),
    ("Chicago", "United States"), ("Toronto", "Canada"), ("Ottawa", "Canada"),
    ("Tokyo", "Japan"), ("Beijing", "China"), ("Shanghai", "China"),
    ("New Delhi", "India"), ("Mumbai", "India"), ("Cairo", "Egypt"),
    ("Nairobi", "Kenya"), ("Lagos", "Nigeria"), ("São Paulo", "Brazil"),
    ("Buenos Aires", "Argentina"), ("Mexico City", "Mexico"), ("Sydney", "Australia"),
]

ROLES = ["minister", "spokesperson", "director", "chairman", "economist", "analyst",
         "mayor", "governor", "professor", "researcher", "lawyer", "judge",
         "prosecutor", "senator", "deputy", "ambassador", "chief executive",
         "union leader", "engineer", "teacher", "doctor", "councillor", "adviser",
         "finance minister", "foreign minister", "energy minister", "party leader"]

ORG_PATTERNS = [
    "Ministry of {Field}", "National Bank of {country}", "{city} City Council",
    "{city} Chamber of Commerce", "{last} Holdings", "{last} & Partners",
    "{country} Railways", "University of {city}", "{city} Institute of {Field}",
    "{country} {Field} Agency", "European Commission", "World Bank",
    "International Monetary Fund", "United Nations", "Red Cross",
    "{city} Port Authority", "{last} Energy", "{country} Farmers' Union",
    "Supreme Court of {country}", "{city} Regional Hospital",
]
FIELDS = ["Finance", "Energy", "Transport", "Health", "Education", "Agriculture",
          "Economics", "Environment", "Defence", "Culture", "Justice", "Trade"]

TOPICS = {
    "economy": (["budget", "inflation", "tax reform", "interest rates", "exports",
                 "wages", "pension system", "public debt", "investment plan"],
                ["raise", "cut", "freeze", "review", "approve", "reject", "delay"]),
    "energy": (["gas pipeline", "wind farm", "power grid", "nuclear plant",
                "electricity prices", "solar park", "heating subsidy", "oil terminal"],
               ["build", "expand", "close", "connect", "fund", "modernise", "sell"]),
    "transport": (["rail link", "motorway", "bridge", "airport terminal", "bus network",
                   "port expansion", "tram line", "border crossing"],
                  ["open", "extend", "repair", "finance", "redesign", "privatise"]),
    "politics": (["coalition talks", "election campaign", "constitutional reform",
                  "cabinet reshuffle", "referendum", "opposition bill", "new law"],
                 ["back", "block", "debate", "amend", "pass", "challenge", "postpone"]),
    "justice": (["corruption case", "court ruling", "appeal", "fraud trial",
                 "investigation", "extradition request", "prison reform"],
                ["hear", "overturn", "uphold", "open", "close", "examine"]),
    "health": (["hospital network", "vaccination programme", "drug shortage",
                "waiting lists", "medical school", "clinic closures"],
               ["expand", "reform", "fund", "investigate", "merge", "restore"]),
}

STATEMENTS = [
    "We cannot accept a plan that leaves the regions behind",
    "The numbers speak for themselves, and they are not good",
    "This is the most important decision we will take this year",
    "Nobody expected the talks to move this quickly",
    "We have asked for an independent audit before anything is signed",
    "The government must explain where the money will come from",
    "It is too early to say whether the reform will work",
    "Our members will not return to work until the agreement is in writing",
    "We are ready to talk, but not under pressure",
    "The project is ambitious but realistic if the funding arrives on time",
    "Families are already paying the price for these delays",
    "There is no alternative to closer cooperation with our neighbours",
    "The court has made its position perfectly clear",
    "We will appeal, and we expect to win",
    "These are difficult times, and difficult times need clear answers",
]

SENTENCES = [
    "The {org} said on {weekday} that it would {verb} the {noun} after months of pressure from {city} and other cities.",
    "{person}, the {role} of the {org}, told reporters in {city} that the {noun} would cost about {amount}.",
    "According to figures published on {date}, {percent} of households in {country} were affected by the {noun}.",
    "Officials in {city} expect the {noun} to be finished by {month} {year}, although critics doubt that timetable.",
    "The decision follows a vote in which {number} members supported the proposal and {number2} opposed it.",
    "Talks between {country} and {country2} on the {noun} are due to resume in {city2} on {date}.",
    "{person} has long argued that the {noun} should be paid for by the {org} rather than by local taxpayers.",
    "Analysts at the {org} estimate that the {noun} could add {percent} to economic growth over the next {number_small} years.",
    "In {city}, hundreds of people gathered outside the offices of the {org} on {weekday} evening.",
    "The {org} has been criticised for the way it handled the {noun}, and its {role} resigned in {month}.",
    "A spokesperson for the {org} declined to comment on the {noun} but confirmed that a meeting had taken place.",
    "Last year the {org} spent {amount} on the {noun}, twice as much as in {year_prev}.",
    "The plan would {verb} the {noun} in stages, starting with the districts north of {city}.",
    "Under the agreement signed on {date}, the {org} will receive {amount} from the {org2}.",
    "Opposition members said the government had failed to consult the {org} before announcing the {noun}.",
    "Residents of {city} have waited more than {number_small} years for a decision on the {noun}.",
    "The {role} {person} said the {org} would publish a full report on the {noun} in {month}.",
    "Prices rose by {percent} in {month}, the fastest pace since {year_prev}, the {org} said.",
    "The {noun} was first proposed in {year_prev}, when {person} was still {role} of the {org}.",
    "Several companies from {country2} have said they are interested in the {noun}, according to people familiar with the talks.",
    "The dispute over the {noun} has strained relations between {city} and the national government in {capital}.",
    "Critics point out that similar projects in {country2} ran {percent} over budget and finished years late.",
    "The {org} will hold a public consultation on the {noun} until {date}.",
    "{person} is expected to travel to {city2} next week to discuss the {noun} with the {org2}.",
    "Local businesses in {city} say the {noun} has already cost them about {amount} in lost revenue.",
    "The government in {capital} has promised to {verb} the {noun} before the next election.",
]

SECTIONS = ["News", "Economy", "Politics", "Region", "World", "Analysis"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
CAPITALS = {"Lithuania": "Vilnius", "Latvia": "Riga", "Estonia": "Tallinn",
            "Poland": "Warsaw", "Belarus": "Minsk", "Ukraine": "Kyiv",
            "Germany": "Berlin", "France": "Paris"}


class Writer:
    """Draws names, places and sentences for one article."""

    def __init__(self, rng, published):
        self.rng = rng
        self.published = published
        self.city, self.country = rng.choice(PLACES)
        self.people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(2, 5))]
        self.roles = {p: rng.choice(ROLES) for p in self.people}
        self.orgs = [self.org() for _ in range(rng.randint(2, 4))]
        self.topic = rng.choice(sorted(TOPICS))
        self.nouns, self.verbs = TOPICS[self.topic]

    def org(self):
        city, country = self.rng.choice(PLACES)
        return self.rng.choice(ORG_PATTERNS).format(
            Field=self.rng.choice(FIELDS), country=country, city=city, last=self.rng.choice(LAST))

    def date(self):
        d = self.published + dt.timedelta(days=self.rng.randint(-40, 60))
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    def amount(self):
        r = self.rng.random()
        if r < 0.4:
            return f"€{self.rng.randint(2, 950)} million"
        if r < 0.6:
            return f"${self.rng.randint(1, 40)}.{self.rng.randint(1, 9)} billion"
        if r < 0.8:
            return f"{self.rng.randint(10, 990):,},000 euros"
        return f"£{self.rng.randint(3, 300)} million"

    def fill(self, template):
        rng = self.rng
        person = rng.choice(self.people)
        city2, country2 = rng.choice(PLACES)
        year = self.published.year
        values = {
            "person": person, "role": self.roles[person], "org": rng.choice(self.orgs),
            "org2": rng.choice(self.orgs), "city": self.city, "country": self.country,
            "city2": city2, "country2": country2, "noun": rng.choice(self.nouns),
            "verb": rng.choice(self.verbs), "weekday": rng.choice(WEEKDAYS),
            "date": self.date(), "month": rng.choice(MONTHS), "year": year + rng.randint(0, 3),
            "year_prev": year - rng.randint(1, 12), "amount": self.amount(),
            "percent": f"{rng.randint(2, 60)}{rng.choice(['', '.5'])} percent",
            "number": rng.randint(40, 140), "number2": rng.randint(5, 39),
            "number_small": rng.randint(2, 15),
            "capital": CAPITALS.get(self.country, self.city),
        }
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def quote(self):
        person = self.rng.choice(self.people)
        statement = self.rng.choice(STATEMENTS)
        org = self.rng.choice(self.orgs)
        return f"“{statement},” said {person}, {self.roles[person]} at the {org}."

    def paragraph(self):
        sentences = [self.fill(self.rng.choice(SENTENCES)) for _ in range(self.rng.randint(3, 6))]
        if self.rng.random() < 0.35:
            sentences.insert(self.rng.randint(0, len(sentences)), self.quote())
        return " ".join(sentences)

    def title(self):
        noun = self.rng.choice(self.nouns)
        verb = self.rng.choice(self.verbs)
        forms = [
            f"{self.city} Moves to {verb.capitalize()} {noun.title()}",
            f"{self.orgs[0]} Under Pressure Over {noun.title()}",
            f"{self.country} and {self.rng.choice(PLACES)[1]} Agree to {verb.capitalize()} {noun.title()}",
            f"Why the {noun.title()} Divides {self.city}",
            f"{self.people[0]} Vows to {verb.capitalize()} {noun.title()}",
        ]
        return self.rng.choice(forms)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title_e} | The Baltic Ledger</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{lead_e}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title_e}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="The Baltic Ledger">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="{section}">
<meta name="author" content="{author_e}">
<link rel="stylesheet" href="/static/site.css">
<style>{css}</style>
<script type="application/ld+json">{jsonld}</script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="article-page section-{section_lower}">
<div class="top-bar"><span class="date-today">{today}</span> <a href="/subscribe/">Subscribe</a> <a href="/login/">Log in</a></div>
<header class="masthead"><a class="logo" href="/">The Baltic Ledger</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<nav class="mega-menu" aria-label="All sections">{mega}</nav>
<form class="search" action="/search/"><input name="q" placeholder="Search"></form></header>
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/{section_lower}/">{section}</a></div>
<main id="content">
<article class="story">
<header class="story-header">
<h1 class="headline">{title_e}</h1>
<p class="standfirst">{lead_e}</p>
<div class="byline">By <a rel="author" href="/authors/{author_slug}/">{author_e}</a> in {city_e} · <time datetime="{published}">{published_human}</time></div>
</header>
<div class="share"><a href="https://www.facebook.com/sharer.php?u={url}">Share on Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}">Share on X</a> <a href="mailto:?subject={title_q}">Email</a></div>
<figure class="lead-image"><img src="/images/{slug}.jpg" alt="{city_e}" width="1200" height="675"><figcaption>{city_e}. Photo: {photographer_e}</figcaption></figure>
<div class="story-body">
{body}
</div>
<footer class="story-footer"><p class="tags">Topics: {tags}</p>
<p class="correction">Spotted a mistake? <a href="/contact/">Tell us</a>.</p></footer>
</article>
<aside class="related"><h2>Read more</h2><ul>{related}</ul></aside>
<section class="newsletter"><h2>Morning briefing</h2><p>The day's news from the region in your inbox before breakfast.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></section>
<section class="comments"><h2>Comments</h2><p>Comments are closed for this article.</p></section>
</main>
<aside class="sidebar"><section class="most-read"><h2>Most read</h2><ol>{most_read}</ol></section>
<section class="ad"><p>Advertisement</p></section></aside>
<footer class="site-footer"><nav><a href="/about/">About us</a> <a href="/privacy/">Privacy</a> <a href="/terms/">Terms</a> <a href="/contact/">Contact</a></nav>
{footer_links}
<p>© {year} The Baltic Ledger. All rights reserved.</p></footer>
<script>window.__SITE_CONFIG__ = {config_js};</script>
</body>
</html>
"""


def boilerplate(rng):
    """The parts every page of the site repeats (style sheet, menus, footer, a
    script's configuration), about 25 KB, as real news pages carry."""
    css = "".join(
        f".{a}-{b} {{ margin: {i % 7}px {i % 5}px; padding: {i % 3}px; color: #{(i * 7919) % 0xFFFFFF:06x}; "
        f"font-size: {12 + i % 9}px; line-height: 1.{i % 8}; }}\n"
        for i, (a, b) in enumerate((x, y) for x in ["story", "nav", "card", "teaser", "grid", "promo", "ad", "footer"]
                                   for y in ["head", "body", "item", "link", "meta", "wrap", "inner", "title", "img", "list", "cta", "badge"]))
    mega = "".join(
        f'<div class="mega-col"><h3>{s}</h3><ul>'
        + "".join(f'<li><a href="/{s.lower()}/{slugify(t)}/">{t}</a></li>'
                  for t in rng.sample([c for c, _ in PLACES] + FIELDS, 10))
        + "</ul></div>" for s in SECTIONS)
    footer = '<nav class="footer-links">' + "".join(
        f'<a href="/{slugify(c)}/">{html.escape(c)}</a> ' for c, _ in PLACES) + "</nav>"
    config = json.dumps({"ads": {f"slot{i}": {"size": [300, 250 + i], "targeting": {"section": rng.choice(SECTIONS), "pos": i}}
                                 for i in range(30)},
                         "experiments": {f"exp{i}": rng.random() < 0.5 for i in range(40)},
                         "paywall": {"limit": 5, "regions": [c for _, c in PLACES][:30]}})
    return {"css": css, "mega": mega, "footer_links": footer, "config_js": config.replace("</", "<\\/")}


def slugify(text):
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:70]


def article(rng, i, pages, chrome):
    published = dt.datetime(2023, 1, 1, 6, 0) + dt.timedelta(minutes=(i * 17 + rng.randint(0, 900)))
    w = Writer(rng, published.date())
    title = w.title()
    slug = f"{slugify(title)}-{i}"
    section = rng.choice(SECTIONS)
    path = f"/{section.lower()}/{published:%Y/%m}/{slug}.html"
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    target = rng.randint(850, 1250)
    paragraphs, words = [], 0
    lead = w.fill(rng.choice(SENTENCES))
    while words < target:
        p = w.paragraph()
        words += len(p.split())
        paragraphs.append(p)
    body_parts = []
    for n, p in enumerate(paragraphs):
        body_parts.append(f"<p>{html.escape(p, quote=False)}</p>")
        if n == 2:
            other = rng.randrange(pages)
            body_parts.append(f'<div class="inline-related"><a href="/news/{other}/">Related: '
                              f'{html.escape(w.title(), quote=False)}</a></div>')
        if n in (5, 11) and n + 1 < len(paragraphs):
            body_parts.append(f"<h2>{html.escape(w.title(), quote=False)}</h2>")
    offset = "+02:00"
    published_iso = published.strftime("%Y-%m-%dT%H:%M:00") + offset
    jsonld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "datePublished": published_iso, "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": "The Baltic Ledger"},
        "articleSection": section,
    }, ensure_ascii=False)
    nav = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in SECTIONS)
    related = "".join(f'<li><a href="/news/{rng.randrange(pages)}/">{html.escape(w.title(), quote=False)}</a></li>'
                      for _ in range(4))
    most_read = "".join(f'<li><a href="/news/{rng.randrange(pages)}/">{html.escape(Writer(rng, published.date()).title(), quote=False)}</a></li>'
                        for _ in range(5))
    page = PAGE.format(
        title_e=html.escape(title), lead_e=html.escape(lead), url="{base}" + path,
        published=published_iso, section=section, section_lower=section.lower(),
        author_e=html.escape(author), author_slug=slugify(author), city_e=html.escape(w.city),
        published_human=f"{published.day} {MONTHS[published.month - 1]} {published.year}, {published:%H:%M}",
        title_q=html.escape(title).replace(" ", "%20"), slug=slug,
        photographer_e=html.escape(f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
        body="\n".join(body_parts), tags=", ".join(sorted({w.topic, w.country, w.city})),
        related=related, most_read=most_read, nav=nav, year=published.year,
        today=f"{published:%A} {published.day} {MONTHS[published.month - 1]} {published.year}",
        jsonld=jsonld.replace("</", "<\\/"), **chrome,
    )
    return path, published_iso, page


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("pages", type=int)
    ap.add_argument("--seed", type=int, default=20260101)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    entries = []
    chrome = boilerplate(rng)
    for i in range(args.pages):
        path, published, page = article(rng, i, args.pages, chrome)
        out = os.path.join(args.dir, path.lstrip("/"))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        # Links are written with a {base} placeholder for the server's address,
        # which bench/e2e.sh does not know yet: site-relative links work anywhere.
        with open(out, "w", encoding="utf-8") as f:
            f.write(page.replace("{base}", ""))
        entries.append((path, published))
    with open(os.path.join(args.dir, "sitemap.xml.in"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for path, published in entries:
            f.write(f"<url><loc>{{BASE}}{path}</loc><lastmod>{published}</lastmod></url>\n")
        f.write("</urlset>\n")
    with open(os.path.join(args.dir, "robots.txt"), "w", encoding="utf-8") as f:
        f.write("User-agent: *\nDisallow: /search/\n")
    with open(os.path.join(args.dir, "index.html"), "w", encoding="utf-8") as f:
        links = "".join(f'<li><a href="{p}">{p}</a></li>' for p, _ in entries[-50:])
        f.write(f"<!DOCTYPE html><html><head><title>The Baltic Ledger</title></head>"
                f"<body><h1>The Baltic Ledger</h1><ul>{links}</ul></body></html>\n")
    total = sum(os.path.getsize(os.path.join(args.dir, p.lstrip("/"))) for p, _ in entries)
    print(f"pages={args.pages} bytes={total} dir={args.dir}")


if __name__ == "__main__":
    main()
