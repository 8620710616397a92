//! Publication dates on small self-written pages: each candidate source yields
//! its day with the right source name and marks, and clear-cut pages come out
//! right end to end. Which day wins on an unclear page is the learned ranker's
//! call, measured by `train_metadata`, not fixed here.

use chrono::{TimeZone, Utc};
use newsmill_records::Page;
use newsmill_scrape::metadata_training::candidates;
use newsmill_scrape::{Extractor, ScrapeConfig};

const BODY: &str = "<p>The council voted on Tuesday to extend the tram line to the airport by 2027, after two years of debate about the cost and the route.</p>
<p>Construction starts next spring and the first trams will run every ten minutes from the central station, the transport office said.</p>";

fn page(url: &str, html: &str) -> Page {
    let mut p = Page::from_bytes("t", url, html.as_bytes().to_vec());
    p.fetched_at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    p
}

/// The page's date options: (day, source of the value given, features).
fn options(url: &str, html: &str) -> Vec<(Option<String>, &'static str, Vec<String>)> {
    candidates(&page(url, html))
        .unwrap()
        .dates
        .into_iter()
        .map(|d| {
            (
                d.value.map(|v| v.chars().take(10).collect()),
                d.source,
                d.features.names().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// The features of the option for `day`; panics with the options when absent.
fn day_features(url: &str, html: &str, day: &str) -> Vec<String> {
    let all = options(url, html);
    all.iter()
        .find(|(d, _, _)| d.as_deref() == Some(day))
        .map(|(_, _, f)| f.clone())
        .unwrap_or_else(|| panic!("no option for {day}: {all:?}"))
}

fn has(features: &[String], name: &str) -> bool {
    features.iter().any(|f| f == name)
}

fn published(url: &str, html: &str) -> Option<String> {
    let extractor = Extractor::new(ScrapeConfig::default()).unwrap();
    let (a, _) = extractor.extract_lenient(&page(url, html)).unwrap();
    a.published.map(|d| d.date_naive().to_string())
}

#[test]
fn the_last_option_is_no_date() {
    let html = format!("<html><body><article><h1>Tram</h1>{BODY}</article></body></html>");
    let all = options("https://e.example/a", &html);
    assert_eq!(
        all.last().map(|(d, s, _)| (d.clone(), *s)),
        Some((None, "none"))
    );
    assert!(has(&all.last().unwrap().2, "none"));
}

#[test]
fn machine_sources() {
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2020-01-29T09:15:00+03:00">
        <meta name="dc.date" content="2020-01-28"><meta property="article:modified_time" content="2020-02-03T10:00:00Z">
        <meta property="og:image" content="https://e.example/uploads/2020/01/27/tram.jpg">
        <script type="application/ld+json">{{"@type":"NewsArticle","datePublished":"2020-01-26","dateModified":"2020-02-04"}}</script>
        </head><body><article><h1>Tram</h1>{BODY}</article></body></html>"#
    );
    let url = "https://e.example/2020/01/25/tram";
    assert!(has(&day_features(url, &html, "2020-01-29"), "has:meta:og"));
    assert!(has(&day_features(url, &html, "2020-01-28"), "has:meta:dc"));
    assert!(has(
        &day_features(url, &html, "2020-02-03"),
        "has:meta:mod&update"
    ));
    assert!(has(
        &day_features(url, &html, "2020-01-27"),
        "has:url:image"
    ));
    assert!(has(
        &day_features(url, &html, "2020-01-26"),
        "has:ld:article:datePublished"
    ));
    assert!(has(
        &day_features(url, &html, "2020-02-04"),
        "has:ld:article:dateModified&update"
    ));
    assert!(has(&day_features(url, &html, "2020-01-25"), "has:url"));
    // The value given for a day keeps the source's time and zone.
    let all = options(url, &html);
    let (_, source, _) = all
        .iter()
        .find(|(d, _, _)| d.as_deref() == Some("2020-01-29"))
        .unwrap();
    assert_eq!(*source, "meta:og");
}

#[test]
fn visible_sources_and_their_places() {
    let html = format!(
        r#"<html><body><nav><span class="date">2 March 2021</span></nav>
        <article><h1>Tram</h1><time class="entry-date published" datetime="2021-03-01T08:00:00+01:00">1 March</time>
        <p class="meta">Updated: 4 March 2021</p>
        <span itemprop="datePublished" content="2021-02-28"></span>{BODY}
        <p>Veröffentlicht am 27. Februar 2021</p></article>
        <div class="comments"><div class="comment-date">9 March 2021</div></div></body></html>"#
    );
    let url = "https://e.example/a";
    let pubd = day_features(url, &html, "2021-03-01");
    assert!(has(&pubd, "has:time:pub") && has(&pubd, "near"), "{pubd:?}");
    assert!(has(
        &day_features(url, &html, "2021-03-04"),
        "has:text:label-upd&update"
    ));
    assert!(has(
        &day_features(url, &html, "2021-02-28"),
        "has:micro:pub"
    ));
    assert!(has(
        &day_features(url, &html, "2021-02-27"),
        "has:text:label"
    ));
    assert!(has(
        &day_features(url, &html, "2021-03-02"),
        "has:text:class&foreign"
    ));
    assert!(has(&day_features(url, &html, "2021-03-09"), "only_foreign"));
}

#[test]
fn script_state_dates_when_they_agree() {
    let one = format!(
        r#"<html><head><script type="application/json">{{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":"2016-11-05T10:00:00Z"}}</script></head>
        <body><article><h1>Review</h1>{BODY}</article></body></html>"#
    );
    assert!(has(
        &day_features("https://e.example/a", &one, "2016-11-04"),
        "has:script:key"
    ));
    // Several different values are a list (citations, related items).
    let list = format!(
        r#"<html><head><script>var refs=[{{"publishDate":"2012-06-24"}},{{"publishDate":"2014-01-02"}}];</script></head>
        <body><article><h1>Entry</h1>{BODY}</article></body></html>"#
    );
    assert!(options("https://e.example/a", &list)
        .iter()
        .all(|(_, _, f)| !has(f, "has:script:key")));
    // A lone quoted date-time written by a script (`showDate("...")`).
    let stamp = |stamps: &str| {
        format!(
            r#"<html><body><table><tr><td class="main-text">{stamps}</td></tr></table><h1>Notes</h1>{BODY}</body></html>"#
        )
    };
    let lone = stamp(r#"<script>showDate("2020/04/17 01:43:09")</script>"#);
    assert!(has(
        &day_features("https://e.example/a", &lone, "2020-04-17"),
        "has:script:stamp"
    ));
    let many = stamp(
        r#"<script>showDate("2020/04/17 01:43:09"); showDate("2020/05/02 11:00:00")</script>"#,
    );
    assert!(options("https://e.example/a", &many)
        .iter()
        .all(|(_, _, f)| !has(f, "has:script:stamp")));
}

#[test]
fn upload_date_of_a_media_object() {
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"VideoObject","name":"Clip","uploadDate":"2020-04-04T20:57:00+02:00"}}</script></head>
        <body><main><h1>Clip</h1>{BODY}</main></body></html>"#
    );
    assert!(has(
        &day_features("https://e.example/a", &html, "2020-04-04"),
        "has:ld:media:uploadDate"
    ));
}

#[test]
fn january_first_without_a_time_is_marked_as_a_year() {
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2004-01-01"></head>
        <body><article><h1>Cake</h1><div class="recipeDate">June 13, 2019</div>{BODY}</article></body></html>"#
    );
    assert!(has(
        &day_features("https://e.example/a", &html, "2004-01-01"),
        "year_only"
    ));
    assert!(!has(
        &day_features("https://e.example/a", &html, "2019-06-13"),
        "year_only"
    ));
}

#[test]
fn dates_written_around_the_headline() {
    let html = format!(
        r#"<html><body><div>Archive 12.05.2019</div><article><h1>Tram</h1><p>Tuesday, 14 May 2019</p>{BODY}
        <p>Council minutes of 2 April 2019 and 9 April 2019.</p></article></body></html>"#
    );
    let url = "https://e.example/a";
    assert!(has(
        &day_features(url, &html, "2019-05-14"),
        "has:text:after"
    ));
    assert!(has(
        &day_features(url, &html, "2019-05-12"),
        "has:text:before"
    ));
    assert!(has(
        &day_features(url, &html, "2019-04-02"),
        "has:text:after"
    ));
}

#[test]
fn parsing_follows_the_page() {
    // Two-digit years, spaced and barred date lines.
    let short = format!(
        r#"<html><body><article><div class="date">Party, 30.10.23</div><h1>Costumes</h1>{BODY}</article></body></html>"#
    );
    day_features("https://e.example/a", &short, "2023-10-30");
    let bars = format!(
        r#"<html lang="de"><body><main><div class="subline"><table><tr><td>26 | 01 | 2022</td></tr></table></div>
        <h1>Winterhechte</h1>{BODY}</main></body></html>"#
    );
    day_features("https://e.example/a", &bars, "2022-01-26");
    // A machine-written slash date is month first; a written one follows the locale.
    let slash = format!(
        r#"<html><head><meta name="date" content="11/01/2023 12:43:42"></head>
        <body><article><h1>Water</h1>{BODY}</article></body></html>"#
    );
    day_features("https://e.example/a", &slash, "2023-11-01");
    let locale = |lang: &str| {
        format!(
            r#"<html lang="{lang}"><body><article><h1>Tram</h1><div class="date">03/04/2020</div>{BODY}</article></body></html>"#
        )
    };
    day_features("https://e.example/a", &locale("en-US"), "2020-03-04");
    day_features("https://e.example/a", &locale("de"), "2020-04-03");
    day_features("https://city.example.gov/a", &locale("en"), "2020-03-04");
}

#[test]
fn dates_after_the_fetch_time_are_no_candidates() {
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2031-01-01T00:00:00Z"></head>
        <body><article><h1>Future</h1>{BODY}</article></body></html>"#
    );
    assert!(options("https://e.example/a", &html)
        .iter()
        .all(|(d, _, _)| !d.as_deref().is_some_and(|d| d.starts_with("2031"))));
}

#[test]
fn clear_cut_pages_come_out_right() {
    // The machine date, the URL and the date line next to the headline agree.
    let html = format!(
        r#"<html><head><meta property="og:type" content="article">
        <meta property="article:published_time" content="2023-03-14T07:30:00+01:00"></head>
        <body><article><h1>Harbour bridge reopens after two-year repair</h1>
        <p class="byline">By Marta Lindqvist · 14 March 2023</p>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/2023/03/14/harbour-bridge-reopens", &html).as_deref(),
        Some("2023-03-14")
    );
}

/// A listing that names thousands of different days (microdata on every item,
/// nested `<time>` elements without a machine value, publication labels with
/// no date): every day is one option with its own candidates, and the whole
/// page is read in time linear in its size (this test only has to finish).
#[test]
fn a_page_naming_thousands_of_days_is_read_whole() {
    let start = chrono::NaiveDate::from_ymd_opt(1996, 1, 1).unwrap();
    let days = 4_000;
    let mut items = String::new();
    for k in 0..days {
        let day = start + chrono::Days::new(k);
        items.push_str(&format!(
            r#"<li><span itemprop="datePublished" content="{day}">x</span><span itemprop="dateModified" content="{day}">y</span></li>"#
        ));
    }
    let html = format!(
        "<html><body><article><h1>Tram</h1>{BODY}</article><ul class=\"related\">{items}</ul>{times}{labels}</body></html>",
        times = "<time>Tuesday".repeat(2_000) + &"</time>".repeat(2_000),
        labels = "<p>Published by the desk</p>".repeat(2_000),
    );
    let all = options("https://e.example/a", &html);
    assert_eq!(
        all.len(),
        days as usize + 1,
        "one option per day, then none"
    );
    let micro = all
        .iter()
        .filter(|(_, s, _)| s.starts_with("micro"))
        .count();
    assert_eq!(micro, days as usize);
    let (_, _, features) = all
        .iter()
        .find(|(d, _, _)| d.as_deref() == Some("2005-06-01"))
        .expect("an option for every day");
    assert!(features.iter().any(|f| f.starts_with("has:micro:pub")));
    assert!(features.iter().any(|f| f.starts_with("has:micro:mod")));
    // The extractor gives an answer for the page (which one is the ranker's call),
    // and its provenance keeps the first 100 of the 8,000 candidates (plus the
    // chosen one when it came later), not all of them.
    let extractor = Extractor::new(ScrapeConfig::default()).unwrap();
    let (article, _) = extractor
        .extract_lenient(&page("https://e.example/a", &html))
        .unwrap();
    let kept = &article.provenance.published.candidates;
    assert!((100..=101).contains(&kept.len()), "{}", kept.len());
    assert_eq!(kept[0].value, "1996-01-01");
    if let Some(date) = article.published {
        let day = date.format("%Y-%m-%d").to_string();
        assert!(kept.iter().any(|c| c.value.starts_with(&day)), "{day}");
    }
}

#[test]
fn a_written_date_in_a_date_named_meta_tag() {
    let html = format!(
        r#"<html><head><meta name="published" content="July 17, 2024"></head>
        <body><article><h1>Tram</h1>{BODY}</article></body></html>"#
    );
    let f = day_features("https://e.example/a", &html, "2024-07-17");
    assert!(has(&f, "has:meta:other"), "{f:?}");
}

#[test]
fn a_publication_key_in_json_kept_in_an_attribute() {
    let html = format!(
        r#"<html><body><div data-state="{{&quot;headline&quot;:&quot;Tram&quot;,&quot;datePublished&quot;:&quot;2024-11-17T09:00:00-05:00&quot;}}"></div>
        <article><h1>Tram</h1>{BODY}</article></body></html>"#
    );
    let f = day_features("https://e.example/a", &html, "2024-11-17");
    assert!(has(&f, "has:script:key"), "{f:?}");
}

#[test]
fn a_date_time_written_out_in_a_date_line() {
    let html = format!(
        r#"<html><body><article><h1>Tram</h1><p class="author"><span class="publicationTime">2022-11-23T08:10+02:00</span></p>{BODY}</article></body></html>"#
    );
    let f = day_features("https://e.example/a", &html, "2022-11-23");
    assert!(has(&f, "has:text:class"), "{f:?}");
}

#[test]
fn a_shown_day_names_its_box_and_label() {
    let html = format!(
        r#"<html><body><article><h1>Tram</h1><div><p>Posted on 3 March 2024</p></div>{BODY}
        <div class="reviews"><div class="review-item"><span>Member since 5 May 2019</span></div></div></article></body></html>"#
    );
    let url = "https://e.example/a";
    let f = day_features(url, &html, "2024-03-03");
    assert!(has(&f, "label:posted") && has(&f, "label:on"), "{f:?}");
    let f = day_features(url, &html, "2019-05-05");
    assert!(has(&f, "box:review") && has(&f, "box:item"), "{f:?}");
    assert!(
        has(&f, "label:member since") && has(&f, "label:since"),
        "{f:?}"
    );
    assert!(!has(&f, "label:posted"), "{f:?}");
}

#[test]
fn a_shown_day_knows_how_many_other_days_boxes_like_its_own_show() {
    let html = format!(
        r#"<html><body><article><h1>Tram</h1><p class="byline">Posted on 3 March 2024</p>{BODY}</article>
        <ul class="more"><li><span class="teaser-date">4 April 2024</span></li><li><span class="teaser-date">5 April 2024</span></li>
        <li><span class="teaser-date">6 April 2024</span></li><li><span class="teaser-date">6 April 2024</span></li></ul></body></html>"#
    );
    let url = "https://e.example/a";
    // The byline's box has no twin.
    let f = day_features(url, &html, "2024-03-03");
    assert!(has(&f, "shown:repeats=0"), "{f:?}");
    // Three days shown in teaser boxes of one look: two others each (the day
    // repeated counts once); the first in the page is marked.
    let f = day_features(url, &html, "2024-04-04");
    assert!(has(&f, "shown:repeats=1"), "{f:?}");
    assert!(has(&f, "shown:first_of_repeats"), "{f:?}");
    let f = day_features(url, &html, "2024-04-05");
    assert!(has(&f, "shown:repeats=1"), "{f:?}");
    assert!(!has(&f, "shown:first_of_repeats"), "{f:?}");
}
