//! Publication-date rules on small self-written pages.

use chrono::{TimeZone, Utc};
use newsmill_records::Page;
use newsmill_scrape::{Extractor, ScrapeConfig};

const BODY: &str = "<p>The council voted on Tuesday to extend the tram line to the airport by 2027, after two years of debate about the cost and the route.</p>
<p>Construction starts next spring and the first trams will run every ten minutes from the central station, the transport office said.</p>";

fn published(url: &str, html: &str) -> (Option<String>, String) {
    let mut p = Page::from_bytes("t", url, html.as_bytes().to_vec());
    p.fetched_at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let extractor = Extractor::new(ScrapeConfig::default()).unwrap();
    let (a, _) = extractor.extract_lenient(&p).unwrap();
    (
        a.published.map(|d| d.date_naive().to_string()),
        a.provenance.published.rule,
    )
}

#[test]
fn two_digit_year_date_line() {
    let html = format!(
        r#"<html><body><article><div class="date">Party, 30.10.23</div><h1>Costumes</h1>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2023-10-30")
    );
}

#[test]
fn article_box_with_sidebar_class_still_counts() {
    let html = format!(
        r#"<html><body><div class="sticky-sidebar-parent"><h1>Justice</h1>
        <span class="date">8 January 2020, 3:51 pm</span>{BODY}</div>
        <aside class="sidebar"><span class="date">9 March 2021</span></aside></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2020-01-08")
    );
}

#[test]
fn script_state_date_when_nothing_else_speaks() {
    let html = format!(
        r#"<html><head><script type="application/json">{{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":"2016-11-05T10:00:00Z"}}</script></head>
        <body><article><h1>Review</h1>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html),
        (Some("2016-11-04".into()), "script".into())
    );
}

#[test]
fn script_dates_that_disagree_are_a_list() {
    let html = format!(
        r#"<html><head><script>var refs=[{{"publishDate":"2012-06-24"}},{{"publishDate":"2014-01-02"}}];</script></head>
        <body><article><h1>Entry</h1>{BODY}</article></body></html>"#
    );
    assert_ne!(published("https://e.example/a", &html).1, "script");
}

#[test]
fn labelled_line_beats_record_date_a_day_earlier() {
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2023-11-06T18:19:00+01:00"></head>
        <body><article><h1>Weapons</h1><p class="small"><span>Stand: </span>07.11.2023, 07:30 Uhr</p>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2023-11-07")
    );
}

#[test]
fn shown_date_years_later_does_not_override_machine_date() {
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2013-08-09T06:00:00+02:00"></head>
        <body><article><h1>Licences</h1>{BODY}</article><div class="date">11.09.2017</div></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2013-08-09")
    );
}

#[test]
fn slash_meta_date_is_month_first() {
    let html = format!(
        r#"<html><head><meta name="date" content="11/01/2023 12:43:42"></head>
        <body><article><h1>Water</h1>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2023-11-01")
    );
}

#[test]
fn ambiguous_numeric_date_follows_the_locale() {
    let page = |lang: &str| {
        format!(
            r#"<html lang="{lang}"><body><article><h1>Tram</h1><div class="date">03/04/2020</div>{BODY}</article></body></html>"#
        )
    };
    let us = published("https://e.example/a", &page("en-US")).0;
    assert_eq!(us.as_deref(), Some("2020-03-04"));
    let de = published("https://e.example/a", &page("de")).0;
    assert_eq!(de.as_deref(), Some("2020-04-03"));
    let gov = published("https://city.example.gov/a", &page("en")).0;
    assert_eq!(gov.as_deref(), Some("2020-03-04"));
}

#[test]
fn labelled_line_with_umlaut_at_the_label_cut() {
    let html = format!(
        r#"<html lang="de"><body><article><h1>Wasser</h1>{BODY}<p>Veröffentlicht am 1. März 2021</p></article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2021-03-01")
    );
}

#[test]
fn date_line_with_bars_between_the_parts() {
    let html = format!(
        r#"<html lang="de"><body><main><div class="subline"><table><tr><td>26 | 01 | 2022</td></tr></table></div>
        <h1>Winterhechte</h1>{BODY}</main></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2022-01-26")
    );
}

#[test]
fn upload_date_of_a_video_page_beats_a_generic_date_meta() {
    let html = format!(
        r#"<html><head><meta name="site:publicationDate" content="2020-09-08T17:33:18+02:00">
        <script type="application/ld+json">{{"@type":"VideoObject","name":"Clip","uploadDate":"2020-04-04T20:57:00+02:00"}}</script></head>
        <body><main><h1>Clip</h1>{BODY}</main></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html),
        (Some("2020-04-04".into()), "json-ld".into())
    );
}

#[test]
fn january_first_in_a_date_field_is_a_year_only_value() {
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2004-01-01"></head>
        <body><article><h1>Cake</h1><div class="recipeDate">June 13, 2019</div>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2019-06-13")
    );
    // Alone it still counts.
    let html = format!(
        r#"<html><head><meta property="article:published_time" content="2004-01-01"></head>
        <body><article><h1>Cake</h1>{BODY}</article></body></html>"#
    );
    assert_eq!(
        published("https://e.example/a", &html).0.as_deref(),
        Some("2004-01-01")
    );
}

#[test]
fn date_time_written_by_a_script_when_nothing_else_speaks() {
    let page = |stamps: &str| {
        format!(
            r#"<html><body><table><tr><td class="main-text">{stamps}</td></tr></table><h1>Notes</h1>{BODY}</body></html>"#
        )
    };
    let one = page(r#"<script>showDate("2020/04/17 01:43:09")</script>"#);
    assert_eq!(
        published("https://e.example/a", &one),
        (Some("2020-04-17".into()), "script".into())
    );
    // Several different days are a list, not the page's date.
    let many = page(
        r#"<script>showDate("2020/04/17 01:43:09"); showDate("2020/05/02 11:00:00")</script>"#,
    );
    assert_eq!(published("https://e.example/a", &many).0, None);
}
