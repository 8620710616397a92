//! What a run exports, what the next one fetches again, revisions, retries and
//! failures, archives and the cumulative dataset.

use crate::support::runner::{site_sources, source, Runner};
use crate::support::site::{Behaviour, Server, Site, COMMENT, SHARE, TEASER};

fn setup() -> (Server, Site, Runner) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let runner = Runner::new(site_sources(&server));
    (server, site, runner)
}

#[test]
fn first_run_exports_every_article_with_title_and_body() {
    let (server, site, runner) = setup();
    let finished = runner.run();
    let rows = finished.articles();
    assert_eq!(
        rows.len(),
        site.articles.len(),
        "one row per article: {rows:#?}"
    );
    for a in &site.articles {
        let row = rows
            .iter()
            .find(|r| r["url"] == a.url(server.base()))
            .unwrap_or_else(|| panic!("{} not exported", a.url(server.base())));
        assert_eq!(row["title"], a.title);
        assert!(
            row["authors"].contains(a.author),
            "authors: {}",
            row["authors"]
        );
        assert_eq!(row["language"], "en");
        for p in &a.paragraphs {
            assert!(
                row["body"].contains(p),
                "body lacks {p:?}:\n{}",
                row["body"]
            );
        }
        for junk in [TEASER, SHARE, COMMENT] {
            assert!(
                !row["body"].contains(junk),
                "body keeps boilerplate {junk:?}"
            );
        }
        assert!(!row["article_id"].is_empty());
    }
    let jsonl = std::fs::read_to_string(finished.dir.join("articles.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), site.articles.len());
    assert_eq!(finished.run.exported, site.articles.len() as u64);
    assert!(finished.run.failures.is_empty(), "{:#?}", finished.run);
    let run_json = std::fs::read_to_string(finished.dir.join("run.json")).unwrap();
    let run_json: serde_json::Value = serde_json::from_str(&run_json).unwrap();
    assert_eq!(run_json["exported"], site.articles.len() as u64);
    // `latest` points at the run folder.
    let latest = std::fs::read_link(runner.output.dir.join("latest")).unwrap();
    assert_eq!(runner.output.dir.join(latest), finished.dir);
    // Each article page was fetched once although both the feed and the sitemap list it.
    for a in &site.articles {
        assert_eq!(server.count(&a.path()), 1, "{}", a.path());
    }
}

#[test]
fn index_and_tag_pages_do_not_become_articles() {
    let (server, site, runner) = setup();
    let finished = runner.run();
    assert_eq!(server.count("/"), 1, "the sitemap lists the home page");
    assert_eq!(
        server.count("/tag/politics/"),
        1,
        "the sitemap lists the tag page"
    );
    let rows = finished.articles();
    assert_eq!(rows.len(), site.articles.len());
    for row in &rows {
        assert!(!row["url"].ends_with("/tag/politics/"), "tag page exported");
        assert_ne!(
            row["url"],
            format!("{}/", server.base()),
            "home page exported"
        );
    }
    assert_eq!(
        finished.total(|s| s.not_article),
        2,
        "index and tag page counted as not articles: {:#?}",
        finished.run
    );
    assert_eq!(
        finished.total(|s| s.skipped),
        0,
        "nothing was already stored: {:#?}",
        finished.run
    );
}

#[test]
fn second_run_fetches_nothing_new_and_exports_nothing() {
    let (server, site, runner) = setup();
    let first = runner.run();
    let before: Vec<usize> = site
        .articles
        .iter()
        .map(|a| server.count(&a.path()))
        .collect();
    let second = runner.run();
    assert_ne!(first.dir, second.dir, "the second run has its own folder");
    let after: Vec<usize> = site
        .articles
        .iter()
        .map(|a| server.count(&a.path()))
        .collect();
    assert_eq!(before, after, "article pages fetched again");
    assert_eq!(second.articles().len(), 0);
    assert_eq!(second.run.exported, 0);
    // Every URL the sources list (articles, index, tag page) was known.
    assert_eq!(second.total(|s| s.skipped), site.articles.len() as u64 + 2);
    // The first run's export is untouched.
    assert_eq!(first.articles().len(), site.articles.len());
}

#[test]
fn full_export_rewrites_everything_from_the_store() {
    let (server, site, runner) = setup();
    runner.run();
    let before = server.count(&site.articles[0].path());
    let settings = crate::support::runner::RunSettings {
        full: true,
        ..Default::default()
    };
    let full = runner.run_with(settings).unwrap();
    assert_eq!(server.count(&site.articles[0].path()), before);
    assert_eq!(full.articles().len(), site.articles.len());
}

#[test]
fn changed_article_is_exported_as_a_new_revision() {
    let (server, mut site, runner) = setup();
    runner.run();
    site.articles[1].paragraphs[2] =
        "Union leaders said on Wednesday that the deal had been signed by all three port operators.";
    site.articles[1].published = "2024-05-07T10:00:00+02:00";
    server.serve_site(&site);
    let second = runner.run();
    let rows = second.articles();
    assert_eq!(rows.len(), 1, "only the changed article: {rows:#?}");
    assert!(rows[0]["body"].contains("signed by all three port operators"));
    assert_eq!(rows[0]["revision"], "2");
    assert_eq!(second.total(|s| s.updated_articles), 1);
    assert_eq!(second.total(|s| s.new_articles), 0);
}

#[test]
fn revalidation_uses_conditional_get() {
    let (server, site, runner) = setup();
    runner.run();
    let settings = crate::support::runner::RunSettings {
        revalidate: true,
        ..Default::default()
    };
    let second = runner.run_with(settings).unwrap();
    for a in &site.articles {
        assert_eq!(server.count(&a.path()), 2, "{} revalidated", a.path());
    }
    // The articles, plus the index and tag pages.
    assert_eq!(
        second.total(|s| s.not_modified),
        site.articles.len() as u64 + 2
    );
    assert_eq!(second.run.exported, 0);
}

#[test]
fn flaky_page_is_retried_and_exported() {
    let (server, site, runner) = setup();
    let flaky = &site.articles[0];
    server.set(
        &flaky.path(),
        Behaviour::FailThenOk(500, 1, flaky.html(server.base())),
    );
    let finished = runner.run();
    assert_eq!(server.count(&flaky.path()), 2, "one failure, one retry");
    assert!(finished
        .articles()
        .iter()
        .any(|r| r["title"] == flaky.title));
}

#[test]
fn broken_page_is_recorded_and_the_next_run_retries_it() {
    let (server, site, runner) = setup();
    let broken = &site.articles[2];
    server.set(&broken.path(), Behaviour::Status(500));
    let finished = runner.run();
    assert!(
        server.count(&broken.path()) >= 2,
        "retried before giving up"
    );
    assert_eq!(finished.articles().len(), site.articles.len() - 1);
    let failures = &finished.run.failures;
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert_eq!(failures[0].item, broken.url(server.base()));
    assert_eq!(failures[0].stage, newsmill_records::Stage::Fetch);
    assert!(failures[0].reason.contains("500"), "{failures:#?}");

    // The next run retries the failed page, and exports it once it works.
    server.set(
        &broken.path(),
        Behaviour::Ok("text/html; charset=utf-8", broken.html(server.base())),
    );
    let rows = runner.run().articles();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], broken.title);
}

#[test]
fn gone_page_is_not_retried_until_its_source_dates_it_anew() {
    let (server, mut site, runner) = setup();
    let gone = site.articles[0].clone();
    server.set(&gone.path(), Behaviour::Status(410));
    let first = runner.run();
    assert_eq!(first.run.failures.len(), 1, "{:#?}", first.run.failures);
    let requests = server.count(&gone.path());
    runner.run();
    assert_eq!(
        server.count(&gone.path()),
        requests,
        "gone page fetched again"
    );
    // The sitemap dates it anew, and it is back.
    site.articles[0].published = "2024-05-10T09:00:00+03:00";
    server.serve_site(&site);
    let third = runner.run();
    assert!(third.articles().iter().any(|r| r["title"] == gone.title));
}

#[test]
fn dataset_collects_every_run() {
    let (server, mut site, mut runner) = setup();
    runner.output.dataset = true;
    runner.run();
    site.articles[0].paragraphs[0] =
        "The regional council in Kaunas finally voted on the budget on Friday.";
    site.articles[0].published = "2024-05-10T09:00:00+03:00";
    server.serve_site(&site);
    runner.run();
    let parts: Vec<_> = std::fs::read_dir(runner.output.dir.join("dataset/csv/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(parts.len(), 2, "one partition per run: {parts:?}");
    let rows: usize = parts
        .iter()
        .map(|p| crate::support::runner::csv_rows(&p.join("part.csv")).len())
        .sum();
    assert_eq!(
        rows,
        site.articles.len() + 1,
        "three articles, then one revision"
    );
}

#[test]
fn folder_archive_goes_through_the_same_path() {
    let site = Site::standard();
    let base = "https://archive.example";
    let pages = tempfile::tempdir().unwrap();
    for a in &site.articles[..2] {
        let dir = pages.path().join(format!("2024/05/{}", a.slug));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), a.html(base)).unwrap();
    }
    let mut archive = source("archive", "folder", &pages.path().display().to_string());
    archive.url = Some("https://archive.example/".into());
    let runner = Runner::new(vec![archive]);
    let first = runner.run();
    let rows = first.articles();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    for a in &site.articles[..2] {
        assert!(
            rows.iter().any(|r| r["title"] == a.title),
            "{} missing",
            a.title
        );
    }
    assert_eq!(first.total(|s| s.fetched), 2);
    // Reading the same folder again stores and exports nothing new.
    assert_eq!(runner.run().articles().len(), 0);
}

#[test]
fn warc_recording_is_read_back_as_an_archive() {
    let (server, site, mut runner) = setup();
    runner.output.warc = true;
    let first = runner.run();
    let warc = runner
        .output
        .warc_file(&first.run.run_id)
        .expect("a WARC file");
    assert!(warc.is_file(), "{} missing", warc.display());
    let fetched = server.count(&site.articles[0].path());
    // A fresh store reads the recording instead of the site.
    let replay = Runner::new(vec![source("warc", "warc", &warc.display().to_string())]);
    let rows = replay.run().articles();
    assert_eq!(server.count(&site.articles[0].path()), fetched, "refetched");
    assert_eq!(rows.len(), site.articles.len(), "{rows:#?}");
}

#[test]
fn the_report_counts_pages_bytes_status_codes_and_cpu() {
    let server = Server::start();
    let site = Site::numbered(6);
    server.serve_site(&site);
    let runner = Runner::new(site_sources(&server));
    let finished = runner.run();
    let report = &finished.report;
    assert_eq!(report.status, newsmill_run::RunStatus::Finished);
    let pages = &report.totals.pages;
    assert_eq!(pages.tagged, 6, "{report:#?}");
    assert_eq!(pages.new_articles, 6, "{report:#?}");
    assert_eq!(pages.not_article, 2, "{report:#?}");
    assert_eq!(pages.fetched, 8, "{report:#?}");
    assert_eq!(pages.exported, 6, "{report:#?}");
    assert_eq!(report.totals.status_codes.get("200"), Some(&8));
    let html: usize = site
        .articles
        .iter()
        .map(|a| a.html(server.base()).len())
        .sum();
    assert!(report.totals.bytes as usize > html, "{report:#?}");
    let cpu = &report.cpu;
    for (stage, s) in [
        ("extract", cpu.extract_s),
        ("tag", cpu.tag_s),
        ("store", cpu.store_s),
        ("export", cpu.export_s),
        ("total", cpu.total_s),
    ] {
        assert!(s > 0.0, "{stage}: {cpu:#?}");
    }
    let run_json: newsmill_run::RunReport =
        serde_json::from_str(&std::fs::read_to_string(finished.dir.join("run.json")).unwrap())
            .unwrap();
    assert_eq!(run_json.totals, report.totals);
    // A second run has nothing new: `latest` stays on the first run's folder.
    let again = runner.run();
    assert_eq!(again.report.totals.pages.already_stored, 8);
    let latest = std::fs::read_link(runner.output.dir.join("latest")).unwrap();
    assert_eq!(runner.output.dir.join(latest), finished.dir);
}
