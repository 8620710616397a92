//! Runs interrupted in-process: a cancelled crawl drains and exports what it
//! fetched, and an export cut short before or after its rename is finished or
//! rolled back by the next run, so every article is exported exactly once. (A
//! process killed with SIGKILL or SIGTERM is tested end-to-end in `tests/`.)

use std::collections::HashSet;

use newsmill_export::Exporter;
use tokio_util::sync::CancellationToken;

use crate::support::runner::{site_sources, source, Finished, RunSettings, Runner};
use crate::support::site::{Behaviour, Server, Site};

fn setup() -> (Server, Site, Runner) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let runner = Runner::new(site_sources(&server));
    (server, site, runner)
}

fn assert_each_exported_once(runner: &Runner, site: &Site) {
    let rows = runner.all_exported();
    let ids: Vec<&String> = rows.iter().map(|r| &r["article_id"]).collect();
    let unique: HashSet<&String> = ids.iter().copied().collect();
    assert_eq!(
        ids.len(),
        unique.len(),
        "an article was exported twice: {rows:#?}"
    );
    assert_eq!(
        unique.len(),
        site.articles.len(),
        "an article was lost: {rows:#?}"
    );
}

/// One run, cancelled as soon as the server receives a request for `path`.
fn run_cancelled_when_requested(runner: &Runner, server: &Server, path: &str) -> Finished {
    let cancel = CancellationToken::new();
    let finished = std::thread::scope(|scope| {
        scope.spawn(|| {
            server.wait_for_request(path);
            cancel.cancel();
        });
        let settings = RunSettings {
            cancel: Some(cancel.clone()),
            ..Default::default()
        };
        runner.run_with(settings).unwrap()
    });
    assert!(cancel.is_cancelled());
    finished
}

#[test]
fn cancelled_crawl_drains_exports_and_the_next_run_finishes() {
    let (server, site, runner) = setup();
    let slow = &site.articles[2];
    server.set(
        &slow.path(),
        Behaviour::Slow(2000, slow.html(server.base())),
    );
    let first = run_cancelled_when_requested(&runner, &server, &slow.path());
    // The page in flight when the crawl was cancelled was finished, not dropped.
    let rows = first.articles();
    assert!(rows.iter().any(|r| r["title"] == slow.title), "{rows:#?}");
    server.set(
        &slow.path(),
        Behaviour::Ok("text/html; charset=utf-8", slow.html(server.base())),
    );
    runner.run();
    assert_each_exported_once(&runner, &site);
    // And a third run has nothing left to do.
    assert_eq!(runner.run().articles().len(), 0);
}

#[test]
fn a_large_sources_leads_wait_in_the_store_and_a_cancelled_run_loses_none() {
    let server = Server::start();
    let site = Site::numbered(6);
    server.serve_site(&site);
    let base = server.base().to_string();
    // More leads than a source keeps in memory (the crawl keeps the rest in the
    // store's frontier): 1,100 pages robots.txt refuses, then the articles, so
    // the articles are read back from the store.
    server.set(
        "/robots.txt",
        Behaviour::Ok("text/plain", "User-agent: *\nDisallow: /filler/\n".into()),
    );
    let mut urls: String = (0..1100)
        .map(|i| format!("<url><loc>{base}/filler/{i}</loc></url>\n"))
        .collect();
    for a in &site.articles {
        urls.push_str(&format!("<url><loc>{}</loc></url>\n", a.url(&base)));
    }
    server.set(
        "/sitemap.xml",
        Behaviour::Ok(
            "application/xml",
            format!("<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"),
        ),
    );
    let slow = &site.articles[3];
    server.set(&slow.path(), Behaviour::Slow(2000, slow.html(&base)));
    let runner = Runner::new(vec![source(
        "sitemap",
        "sitemap",
        &format!("{base}/sitemap.xml"),
    )]);
    run_cancelled_when_requested(&runner, &server, &slow.path());
    assert_eq!(server.count("/filler/0"), 0, "a refused page was fetched");
    server.set(
        &slow.path(),
        Behaviour::Ok("text/html; charset=utf-8", slow.html(&base)),
    );
    runner.run();
    assert_each_exported_once(&runner, &site);
    // Nothing waits in the frontier once a source is done.
    let db = rusqlite::Connection::open(runner.state_path()).unwrap();
    let left: i64 = db
        .query_row("SELECT count(*) FROM frontier", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(runner.run().articles().len(), 0);
}

#[test]
fn a_run_killed_with_its_export_staged_is_exported_by_the_next() {
    let (_server, site, runner) = setup();
    let staging = runner.crawl_leaving_staging();
    assert!(
        staging.is_dir(),
        "no staging folder at {}",
        staging.display()
    );
    let next = runner.run();
    assert!(!staging.exists(), "the stale staging folder was left");
    // The next run fetched nothing new but exported what the killed one stored.
    assert_eq!(next.articles().len(), site.articles.len());
    assert_each_exported_once(&runner, &site);
    assert_eq!(runner.run().articles().len(), 0);
}

#[test]
fn export_cut_short_before_its_rename_is_rolled_back_and_redone() {
    let (_server, site, runner) = setup();
    let (mut state, run) = runner.crawl_only();
    // The export claimed its rows and began writing its staging folder, then the
    // process died.
    assert_eq!(
        state.claim_export(&run.run_id.0, false).unwrap(),
        site.articles.len() as u64
    );
    let staging = runner.output.dir.join(format!(".{}.tmp", run.run_id));
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(staging.join("articles.csv"), "article_id\npartial\n").unwrap();
    drop(state);

    let next = runner.run();
    assert_eq!(next.rolled_back, 1);
    assert!(!staging.exists(), "the staging folder was left behind");
    assert!(!runner.output.dir.join(&run.run_id.0).exists());
    assert_eq!(next.articles().len(), site.articles.len());
    assert_each_exported_once(&runner, &site);
}

#[test]
fn export_cut_short_after_its_rename_counts_as_done() {
    let (_server, site, runner) = setup();
    let (mut state, mut run) = runner.crawl_only();
    // The export was written and renamed into place, then the process died before
    // marking it done.
    let id = run.run_id.0.clone();
    state.claim_export(&id, false).unwrap();
    let staging = runner.output.dir.join(format!(".{id}.tmp"));
    std::fs::create_dir_all(&staging).unwrap();
    let mut exporter = Exporter::create(&staging, &runner.output.export).unwrap();
    let mut written = 0;
    state
        .for_each_claimed(&id, false, |record| {
            exporter.write(&record).unwrap();
            written += 1;
            Ok(())
        })
        .unwrap();
    run.exported = written;
    exporter.finish(&run).unwrap();
    std::fs::rename(&staging, runner.output.dir.join(&id)).unwrap();
    drop(state);

    let next = runner.run();
    assert_eq!(next.rolled_back, 0);
    assert_eq!(next.articles().len(), 0, "exported again");
    assert_each_exported_once(&runner, &site);
}

#[test]
fn a_second_run_on_the_same_store_is_refused() {
    let (_server, _site, runner) = setup();
    std::fs::create_dir_all(&runner.output.dir).unwrap();
    let held = newsmill_run::RunLock::acquire(&runner.state_path()).unwrap();
    let err = runner
        .run_with(RunSettings::default())
        .err()
        .expect("a run despite the lock");
    assert!(
        matches!(err, newsmill_run::RunError::Locked { .. }),
        "{err}"
    );
    drop(held);
    runner.run();
}

#[test]
fn run_ids_never_repeat() {
    let (_server, _site, runner) = setup();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    std::fs::create_dir_all(&runner.output.dir).unwrap();
    let state = runner.state();
    let first = runtime
        .block_on(newsmill_run::fresh_run_id(&state, &runner.output.dir))
        .unwrap();
    std::fs::create_dir_all(runner.output.dir.join(&first.0)).unwrap();
    let second = runtime
        .block_on(newsmill_run::fresh_run_id(&state, &runner.output.dir))
        .unwrap();
    assert_ne!(first, second);
    assert!(second > first, "{second} after {first}");
}
