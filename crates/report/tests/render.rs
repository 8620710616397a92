//! Rendering the fixture: snapshots of the page's structure and of its charts, and
//! hostile scraped text shown as text.

use chrono::TimeZone;
use newsmill_report::{Collector, Digest, Filter, Report, ReportOptions, Scope};

use crate::fixture;
use crate::outline::outline;

fn options() -> ReportOptions {
    ReportOptions {
        title: "Fixture <report>".into(),
        generated: chrono::Utc.with_ymd_and_hms(2024, 4, 20, 12, 0, 0).unwrap(),
        filter: Filter::default(),
        scope: Scope::Store,
    }
}

fn fixture_report() -> Report {
    let records = fixture::records();
    let mut collector = Collector::new(Filter::default());
    for r in &records {
        collector.add(&Digest::from(r));
    }
    let runs = [fixture::run(1, &records), fixture::run(2, &records)];
    let failures: Vec<_> = runs.iter().flat_map(|r| r.failures.clone()).collect();
    let stored: Vec<newsmill_run::StoredRun> = runs
        .iter()
        .map(|r| newsmill_run::StoredRun {
            run_id: r.run_id.0.clone(),
            config: r.config.clone(),
            started: r.started.to_rfc3339(),
            status: "finished".into(),
            summary: Some(r.clone()),
        })
        .collect();
    let rows = newsmill_report::run_rows(&stored, None);
    Report::build(options(), collector.finish(), &failures, rows)
}

#[test]
fn page_structure() {
    let html = fixture_report().to_html();
    insta::assert_snapshot!("page_outline", outline(&html, None));
}

#[test]
fn volume_chart() {
    let html = fixture_report().to_html();
    insta::assert_snapshot!("volume_svg", outline(&html, Some("#volume svg")));
}

#[test]
fn network_and_map() {
    let html = fixture_report().to_html();
    insta::assert_snapshot!("network_svg", outline(&html, Some("svg.network")));
    insta::assert_snapshot!("map_svg", outline(&html, Some("svg.map")));
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(fixture_report().to_html(), fixture_report().to_html());
}

#[test]
fn hostile_text_is_shown_as_text() {
    let html = fixture_report().to_html();
    let doc = scraper::Html::parse_document(&html);
    let count = |sel: &str| doc.select(&scraper::Selector::parse(sel).unwrap()).count();
    assert_eq!(count("script"), 1, "only the page's own script");
    assert_eq!(count("img"), 0);
    assert_eq!(count("b"), 0, "markup in an entity name stays text");
    assert_eq!(count("style"), 1);
    assert_eq!(count("[onerror], [onload], [onmouseover]"), 0);
    let text: String = doc.root_element().text().collect();
    for hostile in [
        fixture::HOSTILE_TITLE_SCRIPT,
        fixture::HOSTILE_TITLE_IMG,
        fixture::HOSTILE_NAME,
        fixture::HOSTILE_QUOTE,
        fixture::HOSTILE_ALIAS,
        fixture::HOSTILE_SOURCE,
    ] {
        assert!(text.contains(hostile), "{hostile:?} is shown as text");
    }
    // The javascript: URL is never a link target; every link is http(s) or a fragment.
    for a in doc.select(&scraper::Selector::parse("a[href]").unwrap()) {
        let href = a.value().attr("href").unwrap();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "{href}"
        );
    }
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn the_csp_hashes_match_the_inline_code() {
    use base64::Engine;
    use sha2::Digest as _;
    let html = fixture_report().to_html();
    let doc = scraper::Html::parse_document(&html);
    let csp = doc
        .select(&scraper::Selector::parse("meta[http-equiv=Content-Security-Policy]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    for tag in ["style", "script"] {
        let el = doc
            .select(&scraper::Selector::parse(tag).unwrap())
            .next()
            .unwrap();
        let code: String = el.text().collect();
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(code));
        assert!(
            csp.contains(&format!("{tag}-src 'sha256-{hash}'")),
            "{tag} hash in {csp}"
        );
    }
    assert!(csp.starts_with("default-src 'none'"));
    // No inline style attribute or event handler anywhere (the policy would block them).
    assert!(!html.contains(" style="));
}

#[test]
fn digests_from_json_equal_digests_from_records() {
    for record in fixture::records() {
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(
            Digest::from_json(&json).unwrap(),
            Digest::from(&record),
            "{}",
            record.article.id
        );
    }
}

#[test]
fn watched_entities_come_first_and_are_marked() {
    let html = fixture_report().to_html();
    let doc = scraper::Html::parse_document(&html);
    let rows: Vec<_> = doc
        .select(&scraper::Selector::parse("#top-people tbody tr").unwrap())
        .collect();
    let watched: Vec<bool> = rows
        .iter()
        .map(|r| r.value().classes().any(|c| c == "watched"))
        .collect();
    assert_eq!(&watched[..3], &[true, true, false], "{watched:?}");
    let first: String = rows[0].text().collect();
    assert!(first.contains("★ watch-list"), "{first}");
}

#[test]
fn an_empty_report_still_renders() {
    let report = Report::build(
        options(),
        Collector::new(Filter::default()).finish(),
        &[],
        vec![],
    );
    let html = report.to_html();
    for id in [
        "volume",
        "runs",
        "entities",
        "cooccurrence",
        "map",
        "quotes",
        "entity-pages",
        "quality",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    assert!(html.contains("No articles in this period."));
}
