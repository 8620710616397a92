//! Reading the store: the read-only API, filters by period and source, runs and
//! failures of the period, unreadable records named and left out.

use chrono::TimeZone;
use newsmill_report::{from_store, Filter, ReportError, ReportOptions, Scope};
use newsmill_run::State;

use crate::fixture;

fn options(filter: Filter) -> ReportOptions {
    ReportOptions {
        title: "store".into(),
        generated: chrono::Utc.with_ymd_and_hms(2024, 4, 20, 12, 0, 0).unwrap(),
        filter,
        scope: Scope::Store,
    }
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_whole_store_and_filtered_periods() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    drop(fixture::store(&path));
    let state = State::open_read_only(&path).unwrap().unwrap();

    let all = from_store(&state, options(Filter::default())).unwrap();
    assert_eq!(all.data.articles.len(), 24);
    assert_eq!(all.runs.len(), 2);
    assert_eq!(all.analysis.failures, 3);

    let records = fixture::records();
    let expect = |keep: &dyn Fn(&newsmill_records::Record) -> bool| {
        records.iter().filter(|r| keep(r)).count()
    };
    let digest_day = |r: &newsmill_records::Record| newsmill_report::Digest::from(r).day();

    let march = Filter {
        since: Some(day("2024-03-10")),
        until: Some(day("2024-03-31")),
        source: None,
    };
    let report = from_store(&state, options(march)).unwrap();
    let n = expect(&|r| (day("2024-03-10")..=day("2024-03-31")).contains(&digest_day(r)));
    assert!(n > 0 && n < 24);
    assert_eq!(report.data.articles.len(), n);
    assert!(report
        .data
        .articles
        .iter()
        .all(|a| (day("2024-03-10")..=day("2024-03-31")).contains(&a.day)));
    assert_eq!(report.runs.len(), 0, "no run started in March");
    assert_eq!(report.analysis.failures, 0);

    let wire = Filter {
        source: Some("wire".into()),
        ..Filter::default()
    };
    let report = from_store(&state, options(wire)).unwrap();
    assert_eq!(
        report.data.articles.len(),
        expect(&|r| r.article.source == "wire")
    );
    assert_eq!(report.data.sources, vec!["wire".to_string()]);
    assert_eq!(report.runs.len(), 2);

    let empty = Filter {
        since: Some(day("2024-05-01")),
        until: Some(day("2024-04-01")),
        source: None,
    };
    assert!(matches!(
        from_store(&state, options(empty)),
        Err(ReportError::EmptyPeriod { .. })
    ));
}

#[test]
fn the_latest_revision_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let (mut state, _) = fixture::store(&path);
    let mut changed = fixture::records().remove(0);
    changed.article.title = Some("Revised headline".into());
    changed.article.blocks[0].text.push_str(" Updated.");
    changed.article.content_hash = newsmill_records::content_hash(&changed.article.body());
    let visit = newsmill_run::Visit {
        url: changed.article.url.clone(),
        source: changed.article.source.clone(),
        http_status: Some(200),
        etag: None,
        last_modified: None,
        source_modified: None,
    };
    assert_eq!(
        state.store_article(&visit, &mut changed).unwrap(),
        newsmill_run::Stored::Revised(2)
    );
    let report = from_store(&state, options(Filter::default())).unwrap();
    assert_eq!(report.data.articles.len(), 24);
    assert!(report
        .data
        .articles
        .iter()
        .any(|a| &*a.title == "Revised headline"));
}

#[test]
fn unreadable_records_are_named_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    drop(fixture::store(&path));
    assert_eq!(break_one_record(&path), 1);
    let state = State::open_read_only(&path).unwrap().unwrap();
    let report = from_store(&state, options(Filter::default())).unwrap();
    assert_eq!(report.data.articles.len(), 23);
    assert_eq!(report.data.unreadable, 1);
    let html = report.to_html();
    assert!(html.contains("Records that could not be read"));
    assert!(html.contains(&*report.data.unreadable_named[0].0));
}

/// Cuts one stored record's JSON short, as a damaged store would hold it.
fn break_one_record(path: &std::path::Path) -> usize {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE articles SET record = '{\"article\": 1' WHERE rowid = 3",
        [],
    )
    .unwrap()
}

#[test]
fn a_missing_store_is_none_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.sqlite");
    assert!(State::open_read_only(&path).unwrap().is_none());
    assert!(!path.exists(), "reading does not create a store");
}

#[test]
fn a_file_that_is_no_store_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(
        &path,
        "not a database, just some notes and more text to fill a page",
    )
    .unwrap();
    let made = State::open_read_only(&path)
        .map(|state| from_store(&state.unwrap(), options(Filter::default())).map(|_| ()));
    let err: Box<dyn std::error::Error> = match made {
        Err(e) => Box::new(e),
        Ok(Err(e)) => Box::new(e),
        Ok(Ok(())) => panic!("a report of a file that is no store"),
    };
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        chain.push_str(&format!(": {e}"));
        source = e.source();
    }
    assert!(chain.contains("not a database"), "{chain}");
}
