use super::*;
use chrono::{TimeZone, Utc};
use newsmill_records::{Article, Failure, Record, RunId, Stage, Tagged};

fn record(id: &str, text: &str) -> Record {
    let article = Article {
        id: id.to_string(),
        title: Some(format!("Title {id}")),
        published: Some(
            FixedOffset::east_opt(3600)
                .unwrap()
                .with_ymd_and_hms(2020, 1, 29, 10, 0, 0)
                .unwrap(),
        ),
        revision: 0,
        ..Article::from_paragraphs("s", &format!("https://e.com/{id}"), [text])
    };
    Record {
        run_id: RunId("r1".into()),
        article,
        tagged: Tagged::default(),
    }
}

fn visit(url: &str) -> Visit {
    Visit {
        url: url.to_string(),
        source: "s".to_string(),
        http_status: Some(200),
        etag: Some("\"v1\"".to_string()),
        last_modified: None,
        source_modified: None,
    }
}

fn store() -> (tempfile::TempDir, State) {
    let dir = tempfile::tempdir().unwrap();
    let state = State::open(&dir.path().join("state.sqlite")).unwrap();
    (dir, state)
}

#[test]
fn dedupes_by_content_and_revises_on_change() {
    let (_dir, mut state) = store();
    let mut a = record("a", "Some text here.");
    assert_eq!(
        state
            .store_article(&visit("https://e.com/a"), &mut a)
            .unwrap(),
        Stored::New
    );
    assert_eq!(a.article.revision, 1);
    let mut again = record("a", "Some  text here.");
    assert_eq!(
        state
            .store_article(&visit("https://e.com/a"), &mut again)
            .unwrap(),
        Stored::Unchanged
    );
    let mut copy = record("b", "Some text here.");
    assert_eq!(
        state
            .store_article(&visit("https://e.com/b"), &mut copy)
            .unwrap(),
        Stored::Duplicate("a".into())
    );
    let mut edited = record("a", "Some text here, edited.");
    assert_eq!(
        state
            .store_article(&visit("https://e.com/a"), &mut edited)
            .unwrap(),
        Stored::Revised(2)
    );
    assert_eq!(state.counts().unwrap(), (2, 2));
}

#[test]
fn known_urls_are_skipped_unless_changed_or_revalidated() {
    let (_dir, mut state) = store();
    let old = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
        .unwrap();
    let new = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2020, 2, 1, 0, 0, 0)
        .unwrap();
    assert!(matches!(
        state.decide("https://e.com/a", None, false).unwrap(),
        Decision::Fetch(_)
    ));
    let mut v = visit("https://e.com/a");
    v.source_modified = Some(old);
    state.store_article(&v, &mut record("a", "x y z")).unwrap();
    assert!(matches!(
        state.decide("https://e.com/a", Some(old), false).unwrap(),
        Decision::Skip
    ));
    assert!(matches!(
        state.decide("https://e.com/a", None, false).unwrap(),
        Decision::Skip
    ));
    match state.decide("https://e.com/a", Some(new), false).unwrap() {
        Decision::Fetch(v) => assert_eq!(v.etag.as_deref(), Some("\"v1\"")),
        Decision::Skip => panic!("changed URL skipped"),
    }
    assert!(matches!(
        state.decide("https://e.com/a", None, true).unwrap(),
        Decision::Fetch(_)
    ));
}

#[test]
fn failed_urls_are_retried_and_keep_validators() {
    let (_dir, mut state) = store();
    state
        .store_article(&visit("https://e.com/a"), &mut record("a", "x"))
        .unwrap();
    let failure = Failure {
        item: "https://e.com/a".into(),
        source: "s".into(),
        stage: Stage::Fetch,
        reason: "HTTP 500".into(),
        at: Utc::now(),
    };
    let mut v = visit("https://e.com/a");
    v.etag = None;
    state
        .record_failure("r1", &failure, Some((&v, UrlStatus::Failed)))
        .unwrap();
    match state.decide("https://e.com/a", None, false).unwrap() {
        Decision::Fetch(v) => assert_eq!(v.etag.as_deref(), Some("\"v1\"")),
        Decision::Skip => panic!("failed URL skipped"),
    }
}

#[test]
fn exports_claim_once_and_roll_back_when_interrupted() {
    let (dir, mut state) = store();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    state
        .store_article(&visit("https://e.com/a"), &mut record("a", "one"))
        .unwrap();
    state
        .store_article(&visit("https://e.com/b"), &mut record("b", "two"))
        .unwrap();

    // Interrupted before the rename: the rows come back.
    assert_eq!(state.claim_export("r1", false).unwrap(), 2);
    std::fs::create_dir_all(temp_dir(&out, "r1")).unwrap();
    assert_eq!(state.reconcile_exports(&out).unwrap(), 1);
    assert!(!temp_dir(&out, "r1").exists());
    assert_eq!(state.counts().unwrap(), (2, 2));

    // Interrupted after the rename: the export counts as done.
    assert_eq!(state.claim_export("r2", false).unwrap(), 2);
    std::fs::create_dir_all(out.join("r2")).unwrap();
    assert_eq!(state.reconcile_exports(&out).unwrap(), 0);
    assert_eq!(state.counts().unwrap(), (2, 0));
    let mut ids = vec![];
    state
        .for_each_claimed("r2", false, |r| {
            ids.push(r.article.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(ids, ["a", "b"]);

    // Nothing new: the next export is empty, a full one has everything.
    assert_eq!(state.claim_export("r3", false).unwrap(), 0);
    assert_eq!(state.claim_export("r4", true).unwrap(), 2);
}

#[test]
fn second_lock_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let _held = RunLock::acquire(&path).unwrap();
    let err = RunLock::acquire(&path).err().expect("second lock taken");
    assert!(format!("{err:#}").contains("in use by another newsmill run"));
}

#[test]
fn two_stores_cannot_share_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let _held = RunLock::acquire_for(&dir.path().join("a.sqlite"), &out).unwrap();
    let err = RunLock::acquire_for(&dir.path().join("b.sqlite"), &out)
        .err()
        .expect("second run on the output folder started");
    let text = format!("{err:#}");
    assert!(text.contains("output folder"), "{text}");
    assert!(text.contains(".newsmill.lock"), "{text}");
    // The other store is free: the refusal came from the output folder.
    RunLock::acquire(&dir.path().join("b.sqlite")).unwrap();
}

#[test]
fn read_only_open_creates_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    assert!(State::open_read_only(&path).unwrap().is_none());
    assert!(!path.exists());
    {
        let mut state = State::open(&path).unwrap();
        state
            .store_article(&visit("https://e.com/a"), &mut record("a", "Text."))
            .unwrap();
    }
    let listing = || {
        let mut names: Vec<(String, u64)> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let len = e.metadata().unwrap().len();
                (e.file_name().to_string_lossy().into_owned(), len)
            })
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let reader = State::open_read_only(&path).unwrap().expect("store exists");
    assert_eq!(
        reader.decide("https://e.com/a", None, false).unwrap(),
        Decision::Skip
    );
    assert!(matches!(
        reader.decide("https://e.com/new", None, false).unwrap(),
        Decision::Fetch(_)
    ));
    drop(reader);
    assert_eq!(listing(), before);
}

#[test]
fn since_filters_on_publication_day() {
    let (_dir, mut state) = store();
    state
        .store_article(&visit("https://e.com/a"), &mut record("a", "one"))
        .unwrap();
    let mut n = 0;
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 29).unwrap();
    state
        .for_each_latest(Some(day), |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 1);
    state
        .for_each_latest(day.succ_opt(), |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn gone_urls_wait_for_their_source() {
    let (_dir, mut state) = store();
    let failure = Failure {
        item: "https://e.com/x".into(),
        source: "s".into(),
        stage: Stage::Fetch,
        reason: "HTTP 404".into(),
        at: Utc::now(),
    };
    let v = visit("https://e.com/x");
    state
        .record_failure("r1", &failure, Some((&v, UrlStatus::Gone)))
        .unwrap();
    assert!(matches!(
        state.decide("https://e.com/x", None, false).unwrap(),
        Decision::Skip
    ));
}
