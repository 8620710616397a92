//! Publication and update dates: every candidate the page offers, with its
//! source and features, and the learned choice among them, "no date" included.
//!
//! Sources: a site profile's selector (chosen outright); a full day written in
//! the URL path, or in the lead image's path; publication meta tags (OpenGraph
//! `article:published_time`, Dublin Core, citation, `pubdate`, generic `date`,
//! and any other date-named meta tag); update meta tags; every JSON-LD date field
//! (`datePublished`, `dateCreated`, `dateModified`, `uploadDate`) with the kind
//! of object it belongs to; microdata; `<time>` elements (publication, update or
//! plain, by class and label); date lines in date-like elements; lines a
//! publication or update label opens ("Veröffentlicht am", "Stand:", "Updated");
//! the first dates written after the headline and the last one before it; a
//! publication key in a script's state object; a lone quoted date-time in a
//! script; the feed entry.
//!
//! Choosing: [`features`] describes each candidate (source, agreement with the
//! other sources, place on the page, update labels, order among the page's dates)
//! and the "no date" option (what kind of page it is); the weights of
//! `metadata/model.json` score them. Calendar days are compared as written, never
//! converted to UTC. Dates after the fetch time or before 1995 are never
//! candidates; ambiguous `03/04/2020` reads month first only on US-locale pages.

mod features;
mod page;
mod parse;
mod regions;

use chrono::{DateTime, FixedOffset, Utc};
use newsmill_records::{Candidate, Choice};

pub(crate) use parse::{find_in_text, parse_machine, ParsedDate};

use crate::html::dom::Dom;
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use crate::metadata::ranker::{Features, MODEL};

/// Publication meta keys, each with the family the ranker knows it by.
const PUBLISHED_KEYS: &[(&str, &str)] = &[
    ("article:published_time", "meta:og"),
    ("article:published", "meta:og"),
    ("og:published_time", "meta:og"),
    ("og:article:published_time", "meta:og"),
    ("datepublished", "meta:pub"),
    ("publishdate", "meta:pub"),
    ("publish-date", "meta:pub"),
    ("publish_date", "meta:pub"),
    ("published_time", "meta:pub"),
    ("published-date", "meta:pub"),
    ("published_date", "meta:pub"),
    ("publication_date", "meta:pub"),
    ("pubdate", "meta:pub"),
    ("og:pubdate", "meta:pub"),
    ("bt:pubdate", "meta:pub"),
    ("sailthru.date", "meta:pub"),
    ("parsely-pub-date", "meta:pub"),
    ("article.published", "meta:pub"),
    ("article_date_original", "meta:pub"),
    ("originalpublicationdate", "meta:pub"),
    ("rnews:datepublished", "meta:pub"),
    ("cxenseparse:recs:publishtime", "meta:pub"),
    ("date_published", "meta:pub"),
    ("schema:datepublished", "meta:pub"),
    ("displaydate", "meta:pub"),
    ("datecreated", "meta:pub"),
    ("release_date", "meta:pub"),
    ("creation_date", "meta:pub"),
    ("dc.date.issued", "meta:dc"),
    ("dcterms.issued", "meta:dc"),
    ("dc.date.created", "meta:dc"),
    ("dcterms.created", "meta:dc"),
    ("dcterms:created", "meta:dc"),
    ("dcterms:issued", "meta:dc"),
    ("dc:created", "meta:dc"),
    ("dc.date", "meta:dc"),
    ("dc:date", "meta:dc"),
    ("dcterms.date", "meta:dc"),
    ("citation_publication_date", "meta:citation"),
    ("citation_date", "meta:citation"),
    ("date", "meta:date"),
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

/// One date candidate.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cand {
    pub date: ParsedDate,
    /// The family named in provenance: `url`, `meta`, `json-ld`, `microdata`,
    /// `time`, `text`, `script`, `feed`, `profile`.
    pub origin: &'static str,
    /// The source the ranker knows it by (`meta:og`, `ld:article:datePublished`,
    /// `time:pub`, `text:after`, ...).
    pub source: &'static str,
    /// The element it was read from, for visible candidates.
    pub node: Option<u32>,
    /// It sits in a region that is not the article (navigation, sidebar,
    /// comments, teasers).
    pub foreign: bool,
    /// A label, class or key marks it as an update, not the publication.
    pub update: bool,
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

/// Every candidate of the page, in the order found (machine sources first, then
/// the page in document order).
pub(crate) fn candidates(inp: &DateInputs<'_, '_>) -> Vec<Cand> {
    let fetched = inp.fetched_at.fixed_offset();
    let ok = |d: &ParsedDate| {
        if d.has_time {
            d.dt <= fetched
        } else {
            d.date() <= fetched.date_naive()
        }
    };
    let mut out: Vec<Cand> = Vec::new();
    let mut push = |date: Option<ParsedDate>, origin, source, update| {
        if let Some(date) = date.filter(|d| ok(d)) {
            out.push(Cand {
                date,
                origin,
                source,
                node: None,
                foreign: false,
                update,
            });
        }
    };
    let url_date = parse::from_url(inp.url).or_else(|| {
        inp.meta
            .canonical
            .as_deref()
            .or_else(|| inp.meta.get(&["og:url"]))
            .and_then(parse::from_url)
    });
    push(url_date, "url", "url", false);
    let mut seen_keys: Vec<&str> = Vec::new();
    for (key, family) in PUBLISHED_KEYS {
        if let Some(v) = inp.meta.all(key).next() {
            if !seen_keys.contains(family) {
                seen_keys.push(family);
                push(parse_machine(v), "meta", family, false);
            }
        }
    }
    for key in MODIFIED_KEYS {
        if let Some(v) = inp.meta.all(key).next() {
            push(parse_machine(v), "meta", "meta:mod", true);
            break;
        }
    }
    // Other meta tags that name a date ("five_hundred_pixels:uploaded",
    // "article.created", "published"), when their value is a date (machine
    // or written: `July 17, 2025`).
    for (key, v) in &inp.meta.entries {
        let dated = ["date", "publish", "created", "uploaded", "issued"]
            .iter()
            .any(|w| crate::html::dom::contains_short(key, w));
        let excluded = ["modif", "updat", "expir", "revis", "valid", "end", "start"]
            .iter()
            .any(|w| crate::html::dom::contains_short(key, w));
        if dated && !excluded && !PUBLISHED_KEYS.iter().any(|(k, _)| k == key) {
            if let Some(d) = parse_machine(v) {
                push(Some(d), "meta", "meta:other", false);
                break;
            }
        }
    }
    let mut ld_seen: Vec<(&str, &str)> = Vec::new();
    for d in &inp.json_ld.dates {
        if ld_seen.contains(&(d.kind, d.field)) {
            continue;
        }
        ld_seen.push((d.kind, d.field));
        push(
            parse_machine(&d.value),
            "json-ld",
            ld_source(d.kind, d.field),
            d.field == "dateModified",
        );
    }
    let feed = |d: Option<DateTime<FixedOffset>>| {
        d.map(|dt| ParsedDate {
            dt,
            has_time: true,
            has_tz: true,
        })
    };
    push(feed(inp.feed_published), "feed", "feed:pub", false);
    push(feed(inp.feed_modified), "feed", "feed:mod", true);
    // Image URLs often carry the upload day (`/uploads/2020/01/29/`).
    if let Some(image) = inp.meta.get(&["og:image", "twitter:image"]) {
        push(parse::from_url(image), "url", "url:image", false);
    }
    // Apps that render in the browser keep the date in a script's state object
    // (`"publishedDate":"2016-11-04T20:37:27Z"`).
    push(script_date(inp.raw_html), "script", "script:key", false);
    // Old templates write the date line with a script (`showDate("2020/04/17
    // 01:43:09")`).
    push(
        script_timestamp(inp.raw_html),
        "script",
        "script:stamp",
        false,
    );
    let mut visible = |c: Cand| {
        if ok(&c.date) {
            out.push(c);
        }
    };
    page::scan_elements(inp, &mut visible);
    page::around_headline(inp, &mut visible);
    out
}

/// The ranker's name of a JSON-LD date source.
fn ld_source(kind: &str, field: &str) -> &'static str {
    const KINDS: &[&str] = &["article", "posting", "webpage", "media", "product", "other"];
    const FIELDS: &[&str] = &["datePublished", "dateCreated", "dateModified", "uploadDate"];
    const NAMES: [[&str; 4]; 6] = [
        [
            "ld:article:datePublished",
            "ld:article:dateCreated",
            "ld:article:dateModified",
            "ld:article:uploadDate",
        ],
        [
            "ld:posting:datePublished",
            "ld:posting:dateCreated",
            "ld:posting:dateModified",
            "ld:posting:uploadDate",
        ],
        [
            "ld:webpage:datePublished",
            "ld:webpage:dateCreated",
            "ld:webpage:dateModified",
            "ld:webpage:uploadDate",
        ],
        [
            "ld:media:datePublished",
            "ld:media:dateCreated",
            "ld:media:dateModified",
            "ld:media:uploadDate",
        ],
        [
            "ld:product:datePublished",
            "ld:product:dateCreated",
            "ld:product:dateModified",
            "ld:product:uploadDate",
        ],
        [
            "ld:other:datePublished",
            "ld:other:dateCreated",
            "ld:other:dateModified",
            "ld:other:uploadDate",
        ],
    ];
    let k = KINDS.iter().position(|k| *k == kind).unwrap_or(5);
    let f = FIELDS.iter().position(|f| *f == field).unwrap_or(0);
    NAMES[k][f]
}

/// The options: every day the candidates name, with the candidate given for it
/// and the day's features, then "no date" (no candidate).
pub(crate) fn options(inp: &DateInputs<'_, '_>, cands: &[Cand]) -> Vec<(Option<usize>, Features)> {
    features::options(inp, cands)
}

/// Collects candidates and chooses.
pub(crate) fn find(inp: &DateInputs<'_, '_>) -> Dates {
    let cands = candidates(inp);
    let profile = inp
        .profile_date
        .as_deref()
        .and_then(parse_machine)
        .map(|date| Cand {
            date,
            origin: "profile",
            source: "profile",
            node: None,
            foreign: false,
            update: false,
        });
    // The model's pick, by its index among the candidates (a profile's date is
    // not one of them).
    let chosen_at = if profile.is_some() {
        None
    } else {
        let (given, features): (Vec<Option<usize>>, Vec<Features>) =
            options(inp, &cands).into_iter().unzip();
        MODEL.date.best(&features).and_then(|best| given[best])
    };
    let chosen = profile.or_else(|| chosen_at.map(|i| cands[i]));
    let published = chosen.map(|c| c.date.dt);
    let modified = modified(&cands).filter(|m| published.is_none_or(|p| *m >= p));
    let firm: Vec<&Cand> = cands.iter().filter(|c| !c.update).collect();
    let provenance = Choice {
        rule: chosen.map_or("none".into(), |c| c.origin.to_string()),
        agreed: firm
            .windows(2)
            .all(|w| w[0].date.date() == w[1].date.date()),
        candidates: kept_candidates(&cands, chosen_at)
            .map(|c| Candidate {
                value: c.date.iso(),
                origin: if c.update {
                    format!("{} (update)", c.origin)
                } else {
                    c.origin.to_string()
                },
            })
            .collect(),
    };
    Dates {
        published,
        modified,
        provenance,
    }
}

/// The last update: a JSON-LD `dateModified` of the article, else update meta
/// tags, microdata, `<time>` and labelled lines, else the feed's.
fn modified(cands: &[Cand]) -> Option<DateTime<FixedOffset>> {
    const ORDER: &[&str] = &[
        "ld:article:dateModified",
        "ld:posting:dateModified",
        "meta:mod",
        "ld:webpage:dateModified",
        "micro:mod",
        "time:mod",
        "text:label-upd",
        "feed:mod",
    ];
    ORDER.iter().find_map(|s| {
        cands
            .iter()
            .find(|c| c.source == *s && !c.foreign)
            .map(|c| c.date.dt)
    })
}

/// January 1 with no time of day (or at midnight UTC): a year stored as a date.
fn year_only(d: &ParsedDate) -> bool {
    use chrono::{Datelike, Timelike};
    let dt = d.dt;
    dt.month() == 1
        && dt.day() == 1
        && (!d.has_time || (dt.hour() == 0 && dt.minute() == 0 && dt.second() == 0))
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

/// The first publication key with an ISO date in the raw page (scripts included,
/// and JSON kept in an attribute, its quotes written `&quot;`), when all such
/// keys name one day: several different values are a list (citations, related
/// items), not the page's own date.
fn script_date(raw: &str) -> Option<ParsedDate> {
    static KEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"(?:["']|&quot;)?(?:datePublished|date_published|publishedDate|published_date|publishDate|publish_date|pubDate|publication_time|publicationDate|first_publish_date|firstPublished|dateCreation|createdDate)(?:["']|&quot;)?\s*[:=]\s*(?:["']|&quot;)((?:19|20)\d\d-\d\d-\d\d[^"'<>&]{0,30})(?:["']|&quot;)"#,
        )
        .expect("script date pattern is valid")
    });
    let mut dates = KEY
        .captures_iter(raw)
        .filter_map(|c| parse_machine(c.get(1)?.as_str()));
    let first = dates.next()?;
    dates.all(|d| d.date() == first.date()).then_some(first)
}

/// Candidates kept in the provenance of a date: at most this many.
const MAX_PROVENANCE: usize = 100;

/// The first [`MAX_PROVENANCE`] candidates in the order found, plus the chosen
/// one when it came later: a page listing thousands of dates would otherwise
/// copy every one into each exported record.
fn kept_candidates(cands: &[Cand], chosen_at: Option<usize>) -> impl Iterator<Item = &Cand> {
    let late = chosen_at
        .filter(|&i| i >= MAX_PROVENANCE)
        .map(|i| &cands[i]);
    cands.iter().take(MAX_PROVENANCE).chain(late)
}
