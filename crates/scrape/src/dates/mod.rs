//! Publication and update dates: every candidate the page offers, with its origin,
//! and the rule that chose one.
//!
//! Sources, strongest first: a site profile's selector; a full day written in the
//! URL path and the publication meta tags (OpenGraph `article:published_time`,
//! Dublin Core, `pubdate`, ...); JSON-LD `datePublished`; microdata and RDFa
//! `datePublished`; `<time>` elements marked as the publication time; the feed
//! entry; JSON-LD `dateCreated` and generic date meta; other `<time>` elements;
//! visible date lines in date-like elements; and finally the first date written
//! after (else before) the headline. A visible publication date one day off a
//! machine date wins (CMS fields often carry the UTC day), and a candidate that
//! contradicts the year and month in the URL yields to one that fits. Dates after
//! the fetch time or before 1995 are rejected; update lines are skipped.

mod parse;

use crate::dom::attr_of;
use chrono::{DateTime, FixedOffset, Utc};
use newsmill_records::{Candidate, Choice};

pub(crate) use parse::{find_in_text, parse_machine, ParsedDate};

use crate::dom::{Dom, Tag};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;

/// Meta keys naming the publication date, strongest first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "published_date",
    "publication_date",
    "pubdate",
    "og:pubdate",
    "bt:pubdate",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "originalpublicationdate",
    "rnews:datepublished",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date_published",
    "dcterms:created",
    "dcterms:issued",
    "dc:created",
    "schema:datepublished",
    "displaydate",
    "datecreated",
    "dc.date",
    "dc:date",
    "dcterms.date",
    "date",
    "release_date",
    "creation_date",
];

/// Meta keys naming the last update.
const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "article:modified",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "modified",
    "revised",
];

/// The published and modified dates with provenance.
pub(crate) struct Dates {
    pub published: Option<DateTime<FixedOffset>>,
    pub modified: Option<DateTime<FixedOffset>>,
    pub provenance: Choice,
}

struct Found {
    date: ParsedDate,
    origin: &'static str,
    /// Lower is stronger.
    rank: u8,
}

/// Everything the finder needs from the page.
pub(crate) struct DateInputs<'a, 'd> {
    pub dom: &'a Dom<'d>,
    pub meta: &'a MetaTags,
    pub json_ld: &'a JsonLd,
    pub url: &'a str,
    pub fetched_at: DateTime<Utc>,
    pub feed_published: Option<DateTime<FixedOffset>>,
    pub feed_modified: Option<DateTime<FixedOffset>>,
    pub profile_date: Option<String>,
    /// The headline element, where visible date lines are looked for first.
    pub headline: Option<u32>,
    pub prefer_mdy: bool,
    /// The decoded page before scripts were stripped, for dates that only a
    /// script's state object carries.
    pub raw_html: &'a str,
    /// The elements the body text was taken from.
    pub body_boxes: &'a [u32],
}

/// Collects candidates and chooses.
pub(crate) fn find(inp: &DateInputs<'_, '_>) -> Dates {
    let mut published: Vec<Found> = Vec::new();
    let mut modified: Vec<Found> = Vec::new();
    let ok = |d: &ParsedDate| {
        let fetched = inp.fetched_at.fixed_offset();
        if d.has_time {
            d.dt <= fetched
        } else {
            d.date() <= fetched.date_naive()
        }
    };
    let push = |list: &mut Vec<Found>, d: Option<ParsedDate>, origin, rank| {
        if let Some(date) = d.filter(|d| ok(d)) {
            list.push(Found { date, origin, rank });
        }
    };

    if let Some(p) = inp.profile_date.as_deref() {
        push(&mut published, parse_machine(p), "profile", 0);
    }
    // A full day written in the URL path is set when the article is created and
    // never changes; it ranks with the publication meta tags and goes first.
    let url_date = parse::from_url(inp.url).or_else(|| {
        inp.meta
            .canonical
            .as_deref()
            .or_else(|| inp.meta.get(&["og:url"]))
            .and_then(parse::from_url)
    });
    push(&mut published, url_date, "url", 1);
    let ld = inp.json_ld;
    push(
        &mut published,
        ld.published.as_deref().and_then(parse_machine),
        "json-ld",
        2,
    );
    push(
        &mut modified,
        ld.modified.as_deref().and_then(parse_machine),
        "json-ld",
        1,
    );
    for key in PUBLISHED_KEYS {
        for v in inp.meta.all(key) {
            let rank = if matches!(*key, "date" | "dc.date" | "dc:date" | "dcterms.date") {
                7
            } else {
                1
            };
            push(&mut published, parse_machine(v), "meta", rank);
        }
    }
    for key in MODIFIED_KEYS {
        for v in inp.meta.all(key) {
            push(&mut modified, parse_machine(v), "meta", 2);
        }
    }
    // Other meta tags that name a date ("five_hundred_pixels:uploaded",
    // "article.created"), when their value is a machine-readable date.
    for (key, v) in &inp.meta.entries {
        let dated = ["date", "publish", "created", "uploaded", "issued"]
            .iter()
            .any(|w| key.contains(w));
        let excluded = ["modif", "updat", "expir", "revis", "valid", "end", "start"]
            .iter()
            .any(|w| key.contains(w));
        if dated && !excluded && !PUBLISHED_KEYS.contains(&key.as_str()) {
            if let Some(d) = parse::parse_iso(v) {
                push(&mut published, Some(d), "meta", 7);
            }
        }
    }
    scan_elements(inp, &mut |list, d, origin, rank| match list {
        Which::Published => push(&mut published, Some(d), origin, rank),
        Which::Modified => push(&mut modified, Some(d), origin, rank),
    });
    let feed = |d: Option<DateTime<FixedOffset>>| {
        d.map(|dt| ParsedDate {
            dt,
            has_time: true,
            has_tz: true,
        })
    };
    push(&mut published, feed(inp.feed_published), "feed", 5);
    push(&mut modified, feed(inp.feed_modified), "feed", 5);
    push(
        &mut published,
        ld.created.as_deref().and_then(parse_machine),
        "json-ld",
        7,
    );
    // Image URLs often carry the upload day (`/uploads/2020/01/29/`).
    if let Some(image) = inp.meta.get(&["og:image", "twitter:image"]) {
        push(&mut published, parse::from_url(image), "url", 9);
    }
    // Apps that render in the browser keep the date in a script's state object
    // (`"publishedDate":"2016-11-04T20:37:27Z"`); read it when no strong source
    // spoke.
    if !published.iter().any(|f| f.rank <= 4) {
        if let Some(d) = script_date(inp.raw_html) {
            push(&mut published, Some(d), "script", 6);
        }
    }
    if published.is_empty() {
        if let Some((date, rank)) = visible_fallback(inp) {
            push(&mut published, Some(date), "text", rank);
        }
    }

    let chosen = choose(&published, inp.url);
    let provenance = Choice {
        rule: chosen.map_or("none".into(), |f| f.origin.to_string()),
        agreed: published
            .windows(2)
            .all(|w| w[0].date.date() == w[1].date.date()),
        candidates: published
            .iter()
            .map(|f| Candidate {
                value: f.date.iso(),
                origin: f.origin.to_string(),
            })
            .collect(),
    };
    let published_dt = chosen.map(|f| f.date.dt);
    let modified_dt = modified
        .iter()
        .min_by_key(|f| f.rank)
        .map(|f| f.date.dt)
        .filter(|m| published_dt.is_none_or(|p| *m >= p));
    Dates {
        published: published_dt,
        modified: modified_dt,
        provenance,
    }
}

/// The strongest candidate; among equals the earliest in the page. A candidate that
/// contradicts the year and month written in the URL yields to one that matches.
fn choose<'f>(found: &'f [Found], url: &str) -> Option<&'f Found> {
    let mut best = found.iter().min_by_key(|f| f.rank)?;
    // A date shown to readers beats a machine date one day off: CMS fields often
    // carry the UTC day while the page shows the local day the article appeared.
    if matches!(best.origin, "meta" | "json-ld") {
        let shown = found
            .iter()
            .filter(|f| (f.origin == "text" && f.rank == 9) || (f.origin == "time" && f.rank == 4))
            .min_by_key(|f| f.rank);
        if let Some(shown) = shown {
            // Only a time within ten hours of midnight can change the day when
            // converted between zones; a day-only value is taken as it stands.
            let near_midnight = || {
                use chrono::Timelike;
                let hour = best.date.dt.hour();
                best.date.has_time && !(10..14).contains(&hour)
            };
            if shown.date.date() != best.date.date()
                && (shown.date.date() - best.date.date()).num_days().abs() <= 1
                && near_midnight()
            {
                best = shown;
            }
        }
    }
    // Among weak candidates only (plain date lines, `<time>` without a role, image
    // URLs), the day that most kinds of source agree on wins; ties go to the first
    // in the page. One stray teaser date should not outvote a day that the date
    // line, the `<time>` element and the image path all give.
    if best.rank >= 9 {
        let weak: Vec<&Found> = found.iter().filter(|f| f.rank == best.rank).collect();
        let support = |day: chrono::NaiveDate| {
            let mut origins: Vec<&str> = weak
                .iter()
                .filter(|f| f.date.date() == day)
                .map(|f| f.origin)
                .collect();
            origins.sort_unstable();
            origins.dedup();
            origins.len()
        };
        let mut top = (support(best.date.date()), best);
        for f in &weak {
            let s = support(f.date.date());
            if s > top.0 {
                top = (s, f);
            }
        }
        best = top.1;
    }
    // Date lines shown to readers that all name one later day (within a year)
    // beat a machine date or a URL day: CMS fields and slugs keep the time the
    // record was created, before the article went out.
    if matches!(best.origin, "meta" | "json-ld" | "url") {
        let mut shown = found.iter().filter(|f| matches!(f.origin, "text" | "time"));
        if let Some(first) = shown.next() {
            let day = first.date.date();
            // Going live follows the record by days or months; a shown day years
            // later is a re-publication or a stray date, not the first appearance.
            let gap = (day - best.date.date()).num_days();
            if (1..=366).contains(&gap) && shown.all(|f| f.date.date() == day) {
                best = first;
            }
        }
    }
    if let Some((y, m)) = parse::month_from_url(url) {
        let fits = |f: &Found| {
            use chrono::Datelike;
            f.date.date().year() == y && f.date.date().month() == m
        };
        if !fits(best) {
            if let Some(better) = found.iter().filter(|f| fits(f)).min_by_key(|f| f.rank) {
                return Some(better);
            }
        }
    }
    Some(best)
}

/// The first publication key with an ISO date in the raw page (scripts included).
fn script_date(raw: &str) -> Option<ParsedDate> {
    static KEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"["']?(?:datePublished|date_published|publishedDate|published_date|publishDate|publish_date|pubDate|publication_time|publicationDate|first_publish_date|firstPublished|dateCreation|createdDate)["']?\s*[:=]\s*["']((?:19|20)\d\d-\d\d-\d\d[^"'<>]{0,30})["']"#,
        )
        .expect("script date pattern is valid")
    });
    // Several different values are a list (citations, related items), not the
    // page's own date.
    let mut dates = KEY
        .captures_iter(raw)
        .filter_map(|c| parse_machine(c.get(1)?.as_str()));
    let first = dates.next()?;
    dates.all(|d| d.date() == first.date()).then_some(first)
}

enum Which {
    Published,
    Modified,
}

/// Class/id fragments of elements that hold a visible date line.
const DATE_HINTS: &[&str] = &[
    "date",
    "time",
    "publish",
    "posted",
    "byline",
    "dateline",
    "datum",
    "fecha",
    "data",
    "meta",
    "stamp",
    "created",
    "info",
    "article-header",
    "entry-header",
    "subline",
    "detail",
    "submitted",
];

static DATE_HINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    let alternatives: Vec<String> = DATE_HINTS.iter().map(|h| regex::escape(h)).collect();
    regex::Regex::new(&format!("(?i){}", alternatives.join("|")))
        .expect("date hint pattern is valid")
});

/// A class naming an update time. hAtom's `updated` next to a post-date class
/// ("vw-post-date updated", "entry-date published updated") still marks the
/// publication line, as WordPress themes write it.
fn update_class(v: &str) -> bool {
    let v = v.to_ascii_lowercase();
    (v.contains("updat") || v.contains("modif"))
        && !["publi", "post-date", "entry-date", "posted"]
            .iter()
            .any(|w| v.contains(w))
}

/// Class/id fragments of regions whose dates are not the article's.
const FOREIGN: &[&str] = &[
    "comment",
    "related",
    "sidebar",
    "recommend",
    "popular",
    "trending",
    "reply",
    "calendar",
];

fn class_id(dom: &Dom<'_>, i: u32) -> String {
    let n = &dom.nodes[i as usize];
    if n.class.is_empty() && n.ident.is_empty() {
        return String::new();
    }
    let mut s = String::with_capacity(n.class.len() + n.ident.len() + 1);
    s.push_str(n.class);
    s.push(' ');
    s.push_str(n.ident);
    s.make_ascii_lowercase();
    s
}

fn in_comments(dom: &Dom<'_>, mut i: u32) -> bool {
    while i != u32::MAX && i != dom.body {
        if dom.token_contains(i, &["comment", "reply"]) {
            return true;
        }
        i = dom.nodes[i as usize].parent;
    }
    false
}

/// Whether `i` sits in a navigation, sidebar, comment or teaser region. The walk
/// stops at the first ancestor that also holds the headline or the body text: that
/// box is the article, whatever its class says ("sticky-sidebar-parent",
/// "mainwrap sidebar").
fn in_foreign_region(inp: &DateInputs<'_, '_>, mut i: u32) -> bool {
    let dom = inp.dom;
    while i != u32::MAX && i != dom.body {
        let n = &dom.nodes[i as usize];
        let holds = |h: u32| h > i && h < n.end;
        if inp.headline.is_some_and(holds) || inp.body_boxes.iter().any(|&b| holds(b)) {
            return false;
        }
        if matches!(n.tag, Tag::Nav) {
            return true;
        }
        // A box spanning a third of the page is the layout, not a sidebar, whatever
        // its class ("mainwrap sidebar", "sidebar_content").
        let layout = (n.end - i) as usize * 3 > dom.nodes.len();
        let foreign = !layout
            && dom.tokens(i).any(|c| {
                let c = c.to_ascii_lowercase();
                !c.starts_with("tag-")
                    && !c.starts_with("category-")
                    && FOREIGN.iter().any(|f| c.contains(f))
            });
        if foreign {
            return true;
        }
        i = n.parent;
    }
    false
}

/// `<time>`, microdata and visible date lines, in document order.
fn scan_elements(
    inp: &DateInputs<'_, '_>,
    push: &mut dyn FnMut(Which, ParsedDate, &'static str, u8),
) {
    let dom = inp.dom;
    let mut text_lines = 0;
    let mut attempts = 0;
    // Class values repeat across a page: decide each distinct one once.
    let mut date_like: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    let mut labelled = 0;
    for i in 0..dom.nodes.len() as u32 {
        let n = &dom.nodes[i as usize];
        if n.tag == Tag::Text && labelled < 6 {
            if let Some(d) = labelled_line(inp, i) {
                labelled += 1;
                push(Which::Published, d, "text", 9);
            }
            continue;
        }
        let Some(el) = n.el else { continue };
        if n.tag == Tag::Skip {
            continue;
        }
        let itemprop = if !n.itemprop.is_empty() {
            n.itemprop.to_ascii_lowercase()
        } else if el.attrs.len() > 1 || n.class.is_empty() && n.ident.is_empty() {
            attr_of(el, "property").unwrap_or("").to_ascii_lowercase()
        } else {
            String::new()
        };
        let machine = || {
            attr_of(el, "datetime")
                .or_else(|| attr_of(el, "content"))
                .or_else(|| attr_of(el, "title").filter(|_| el.name() == "abbr"))
                .and_then(parse_machine)
        };
        let published_prop = [
            "datepublished",
            "datecreated",
            "dc:date",
            "dc:created",
            "dcterms:created",
            "dcterms:issued",
        ];
        if el.name() != "meta" && published_prop.iter().any(|p| itemprop.contains(p)) {
            let d = machine().or_else(|| parse_machine(&dom.text_of(i, |_| false)));
            if let Some(d) = d {
                let rank = if itemprop.contains("datepublished") {
                    3
                } else {
                    7
                };
                push(Which::Published, d, "microdata", rank);
            }
            continue;
        }
        if el.name() != "meta" && itemprop.contains("datemodified") {
            if let Some(d) = machine().or_else(|| parse_machine(&dom.text_of(i, |_| false))) {
                push(Which::Modified, d, "microdata", 3);
            }
            continue;
        }
        let is_time =
            n.tag == Tag::Time || (el.name() == "abbr" && dom.token_contains(i, &["published"]));
        if is_time {
            let ci = class_id(dom, i);
            let explicit = attr_of(el, "pubdate").is_some() || ci.contains("published");
            if if explicit {
                in_comments(dom, i)
            } else {
                in_foreign_region(inp, i)
            } {
                continue;
            }
            let d = machine().or_else(|| {
                find_in_text(&dom.text_of(i, |_| false), inp.prefer_mdy)
                    .first()
                    .map(|(_, d)| *d)
            });
            let Some(d) = d else { continue };
            let parent_ci = class_id(dom, n.parent.min(dom.nodes.len() as u32 - 1));
            let ctx = format!("{ci} {parent_ci}");
            if ctx.contains("updat") || ctx.contains("modif") {
                push(Which::Modified, d, "time", 4);
            } else if attr_of(el, "pubdate").is_some()
                || ctx.contains("publi")
                || ctx.contains("entry-date")
                || ctx.contains("posted")
                || ctx.contains("created")
            {
                push(Which::Published, d, "time", 4);
            } else {
                push(Which::Published, d, "time", 9);
            }
            continue;
        }
        if text_lines < 12
            && attempts < 60
            && (dom.nodes[i as usize].end - i) < 40
            && [n.class, n.ident].into_iter().any(|v| {
                !v.is_empty()
                    && *date_like
                        .entry(v)
                        .or_insert_with(|| DATE_HINT.is_match(v) && !update_class(v))
            })
        {
            attempts += 1;
            let text = dom.text_of(i, |_| false);
            if text.len() < 200 && !in_foreign_region(inp, i) {
                if let Some((_, d)) = find_in_text(&text, inp.prefer_mdy).first() {
                    text_lines += 1;
                    push(Which::Published, *d, "text", 9);
                }
            }
        }
    }
}

/// Labels that open a publication line in any element ("Veröffentlicht am",
/// "Stand:", "Publié le"), lower case.
const PUBLISHED_LABELS: &[&str] = &[
    "published",
    "first published",
    "posted on",
    "veröffentlicht",
    "erstellt am",
    "stand:",
    "publié le",
    "publiée le",
    "publie le",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "opublikowano",
    "publicerad",
    "опубликовано",
];

/// A date on a line that a publication label opens, when the label is in text
/// node `i` (the date may follow in the next inline element).
fn labelled_line(inp: &DateInputs<'_, '_>, i: u32) -> Option<ParsedDate> {
    let dom = inp.dom;
    // Lines after the article body belong to teasers and comments.
    let body_end = inp
        .body_boxes
        .iter()
        .map(|&b| dom.nodes[b as usize].end)
        .max();
    if body_end.is_some_and(|e| i >= e) {
        return None;
    }
    let t = dom.nodes[i as usize].text.trim_start();
    if t.len() > 120 || t.len() < 5 {
        return None;
    }
    let head = t.get(..t.len().min(24))?.to_lowercase();
    if !PUBLISHED_LABELS.iter().any(|l| head.starts_with(l)) {
        return None;
    }
    let parent = dom.nodes[i as usize].parent;
    let line = if t.bytes().any(|b| b.is_ascii_digit()) || parent == u32::MAX {
        t.to_string()
    } else {
        // "<span>Stand: </span>07.11.2023": read the enclosing line.
        let grand = dom.nodes[parent as usize].parent;
        let holder = if dom
            .text_of(parent, |_| false)
            .bytes()
            .any(|b| b.is_ascii_digit())
        {
            parent
        } else {
            grand
        };
        if holder == u32::MAX {
            return None;
        }
        dom.text_of(holder, |_| false)
    };
    if line.len() > 200 || in_foreign_region(inp, i) {
        return None;
    }
    find_in_text(&line, inp.prefer_mdy).first().map(|(_, d)| *d)
}

/// Last resort: the first date written after the headline, else the last one
/// written before it.
fn visible_fallback(inp: &DateInputs<'_, '_>) -> Option<(ParsedDate, u8)> {
    let dom = inp.dom;
    let start = inp.headline.unwrap_or(dom.body);
    if let Some(d) = first_text_date(inp, start, dom.nodes.len() as u32, false) {
        return Some((d, 10));
    }
    if inp.headline.is_some() {
        if let Some(d) = first_text_date(inp, dom.body, start, true) {
            return Some((d, 11));
        }
    }
    None
}

/// Words before a date that say it is an update, not the publication.
const UPDATE_WORDS: &[&str] = &[
    "updated",
    "update",
    "aktualisiert",
    "geändert",
    "änderung",
    "mis à jour",
    "modifié",
    "actualizado",
    "actualización",
    "aggiornato",
    "bijgewerkt",
    "atualizado",
    "обновлено",
    "modified",
    "last edited",
];

/// The first (or last) visible date in nodes `from..to`, skipping update lines.
fn first_text_date(inp: &DateInputs<'_, '_>, from: u32, to: u32, last: bool) -> Option<ParsedDate> {
    let dom = inp.dom;
    let mut seen = 0usize;
    let mut found = None;
    let mut i = from;
    while i < to && seen < 20_000 {
        let n = &dom.nodes[i as usize];
        if n.tag == Tag::Skip {
            i = n.end;
            continue;
        }
        if n.tag == Tag::Text {
            let t = n.text.trim();
            if t.len() >= 6 && t.len() < 400 && t.bytes().any(|b| b.is_ascii_digit()) {
                for (at, d) in find_in_text(t, inp.prefer_mdy) {
                    let before = t[..at].to_lowercase();
                    let before = before
                        .get(before.len().saturating_sub(30)..)
                        .unwrap_or(&before);
                    if UPDATE_WORDS.iter().any(|w| before.contains(w)) || in_foreign_region(inp, i)
                    {
                        continue;
                    }
                    if !last {
                        return Some(d);
                    }
                    found = Some(d);
                    break;
                }
            }
            seen += t.len();
        }
        i += 1;
    }
    found
}
