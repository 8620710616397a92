//! Publication and update dates: every candidate the page offers, with its origin,
//! and the rule that chose one.
//!
//! Sources, strongest first: a site profile's selector; a full day written in the
//! URL path and the publication meta tags (OpenGraph `article:published_time`,
//! Dublin Core, `pubdate`, ...); JSON-LD `datePublished`; microdata and RDFa
//! `datePublished`; `<time>` elements marked as the publication time; the feed
//! entry; a publication key in a script's state object (only when no stronger
//! source spoke and all such keys agree); the `uploadDate` of the video or audio
//! object a media page is about (not of a video embedded in an article); JSON-LD
//! `dateCreated` and generic date meta; other `<time>` elements, visible date lines in date-like elements and
//! publication-labelled lines ("Veröffentlicht am", "Stand:", "Publié le"); and
//! finally the first date written after (else before) the headline.
//!
//! Choosing: a visible date one day off a machine date near midnight wins (CMS
//! fields often carry the UTC day); shown date lines that all name one day up to a
//! year after a machine or URL date win (the record was created before the article
//! went out); among the weak visible candidates, the day most kinds of source agree
//! on wins; a candidate that contradicts the year and month in the URL yields to
//! one that fits. A machine date on January 1 with no time of day is a year stored
//! as a date and yields to any candidate naming a real day. Calendar days are
//! compared as written, never converted to UTC.
//! Dates after the fetch time or before 1995 are rejected; update lines are
//! skipped; ambiguous `03/04/2020` reads month first only on US-locale pages.

mod page;
mod parse;

use chrono::{DateTime, FixedOffset, Utc};
use newsmill_records::{Candidate, Choice};

pub(crate) use parse::{find_in_text, parse_machine, ParsedDate};

use crate::dom::Dom;
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use page::{scan_elements, visible_fallback, Which};

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
            .any(|w| crate::dom::contains_short(key, w));
        let excluded = ["modif", "updat", "expir", "revis", "valid", "end", "start"]
            .iter()
            .any(|w| crate::dom::contains_short(key, w));
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
    // The upload time of the video or audio a media page is about.
    push(
        &mut published,
        ld.uploaded.as_deref().and_then(parse_machine),
        "json-ld",
        6,
    );
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
    // Old templates write the date line with a script (`showDate("2020/04/17
    // 01:43:09")`): with nothing else on the page, a lone quoted date-time is it.
    if published.is_empty() {
        push(&mut published, script_timestamp(inp.raw_html), "script", 12);
    }

    // `2004-01-01` with no time of day is how a year-only value gets stored in a
    // date field: it yields to any candidate that names a real day. Days written
    // for readers or in the URL are taken as written.
    for f in &mut published {
        if f.rank < 10 && !matches!(f.origin, "text" | "time" | "url") && year_only(&f.date) {
            f.rank = 10;
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

/// January 1 with no time of day (or at midnight UTC): a year stored as a date.
fn year_only(d: &ParsedDate) -> bool {
    use chrono::{Datelike, Timelike};
    let dt = d.dt;
    dt.month() == 1
        && dt.day() == 1
        && (!d.has_time || (dt.hour() == 0 && dt.minute() == 0 && dt.second() == 0))
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

/// The day of the quoted date-times (`"2020/04/17 01:43:09"`) in the raw page, when
/// they all name one day.
fn script_timestamp(raw: &str) -> Option<ParsedDate> {
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"["']((?:19|20)\d\d[-/]\d\d[-/]\d\d[ T]\d\d:\d\d)(?::\d\d)?[^"'<>]{0,30}["']"#,
        )
        .expect("script time stamp pattern is valid")
    });
    let mut days = STAMP
        .captures_iter(raw)
        .filter_map(|c| parse_machine(&c.get(1)?.as_str().replace('/', "-")));
    let first = days.next()?;
    days.all(|d| d.date() == first.date()).then_some(first)
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
