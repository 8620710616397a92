//! `newsmill run` against a fixture site: what gets exported, what a second run
//! fetches, retries and failures.

use crate::util::{stderr, Behaviour, Server, Site, Workdir, COMMENT, SHARE, TEASER};

fn setup() -> (Server, Site, Workdir) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let wd = Workdir::new();
    wd.config_for(&server);
    (server, site, wd)
}

#[test]
fn first_run_exports_every_article_with_title_and_body() {
    let (server, site, wd) = setup();
    wd.crawl();
    let run_dir = wd.latest();
    let rows = wd.csv(&run_dir.join("articles.csv"));
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
    let jsonl = std::fs::read_to_string(run_dir.join("articles.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), site.articles.len());
    let run = wd.run_json(&run_dir);
    assert_eq!(run["exported"], site.articles.len() as u64);
    assert_eq!(run["failures"].as_array().unwrap().len(), 0, "{run:#}");
    // Each article page was fetched once although both the feed and the sitemap list it.
    for a in &site.articles {
        assert_eq!(server.count(&a.path()), 1, "{}", a.path());
    }
}

#[test]
fn index_and_tag_pages_do_not_become_articles() {
    let (server, site, wd) = setup();
    wd.crawl();
    assert_eq!(server.count("/"), 1, "the sitemap lists the home page");
    assert_eq!(
        server.count("/tag/politics/"),
        1,
        "the sitemap lists the tag page"
    );
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert_eq!(rows.len(), site.articles.len());
    for row in &rows {
        assert!(!row["url"].ends_with("/tag/politics/"), "tag page exported");
        assert_ne!(
            row["url"],
            format!("{}/", server.base()),
            "home page exported"
        );
    }
    let run = wd.run_json(&wd.latest());
    let skipped: u64 = run["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["skipped"].as_u64().unwrap())
        .sum();
    assert_eq!(skipped, 2, "index and tag page counted as skipped: {run:#}");
}

#[test]
fn second_run_fetches_nothing_new_and_exports_nothing() {
    let (server, site, wd) = setup();
    wd.crawl();
    let first = wd.latest();
    let before: Vec<usize> = site
        .articles
        .iter()
        .map(|a| server.count(&a.path()))
        .collect();
    wd.crawl();
    let second = wd.latest();
    assert_ne!(first, second, "the second run has its own folder");
    let after: Vec<usize> = site
        .articles
        .iter()
        .map(|a| server.count(&a.path()))
        .collect();
    assert_eq!(before, after, "article pages fetched again");
    assert_eq!(wd.csv(&second.join("articles.csv")).len(), 0);
    assert_eq!(wd.run_json(&second)["exported"], 0);
    // The first run's export is untouched.
    assert_eq!(
        wd.csv(&first.join("articles.csv")).len(),
        site.articles.len()
    );
}

#[test]
fn full_export_rewrites_everything_from_the_store() {
    let (server, site, wd) = setup();
    wd.crawl();
    let before = server.count(&site.articles[0].path());
    let out = wd.run(&["run", "--config", "newsmill.toml", "--full"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count(&site.articles[0].path()), before);
    assert_eq!(
        wd.csv(&wd.latest().join("articles.csv")).len(),
        site.articles.len()
    );
}

#[test]
fn changed_article_is_exported_as_a_new_revision() {
    let (server, mut site, wd) = setup();
    wd.crawl();
    site.articles[1].paragraphs[2] =
        "Union leaders said on Wednesday that the deal had been signed by all three port operators.";
    site.articles[1].published = "2024-05-07T10:00:00+02:00";
    server.serve_site(&site);
    wd.crawl();
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert_eq!(rows.len(), 1, "only the changed article: {rows:#?}");
    assert!(rows[0]["body"].contains("signed by all three port operators"));
    assert_eq!(rows[0]["revision"], "2");
}

#[test]
fn flaky_page_is_retried_and_exported() {
    let (server, site, wd) = setup();
    let flaky = &site.articles[0];
    server.set(
        &flaky.path(),
        Behaviour::FailThenOk(500, 1, flaky.html(server.base())),
    );
    wd.crawl();
    assert_eq!(server.count(&flaky.path()), 2, "one failure, one retry");
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert!(rows.iter().any(|r| r["title"] == flaky.title));
}

#[test]
fn broken_page_is_recorded_and_the_run_finishes() {
    let (server, site, wd) = setup();
    let broken = &site.articles[2];
    server.set(&broken.path(), Behaviour::Status(500));
    let out = wd.crawl();
    assert!(
        server.count(&broken.path()) >= 2,
        "retried before giving up"
    );
    let run_dir = wd.latest();
    let rows = wd.csv(&run_dir.join("articles.csv"));
    assert_eq!(rows.len(), site.articles.len() - 1);
    let run = wd.run_json(&run_dir);
    let failures = run["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{run:#}");
    assert_eq!(failures[0]["item"], broken.url(server.base()));
    assert_eq!(failures[0]["stage"], "fetch");
    assert!(
        failures[0]["reason"].as_str().unwrap().contains("500"),
        "{run:#}"
    );
    assert!(out.status.success());

    // The next run retries the failed page, and exports it once it works.
    server.set(
        &broken.path(),
        Behaviour::Ok("text/html; charset=utf-8", broken.html(server.base())),
    );
    wd.crawl();
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], broken.title);
}

#[test]
fn reexport_needs_no_fetch() {
    let (server, site, wd) = setup();
    wd.crawl();
    let before = server.count("/feed.xml");
    let out = wd.run(&[
        "export",
        "--config",
        "newsmill.toml",
        "--format",
        "csv",
        "--since",
        "2024-05-05",
        "--out",
        "again",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count("/feed.xml"), before);
    let rows = wd.csv(&wd.path().join("again/articles.csv"));
    let expected = site
        .articles
        .iter()
        .filter(|a| a.published >= "2024-05-05")
        .count();
    assert_eq!(rows.len(), expected, "{rows:#?}");
}

#[test]
fn revalidation_uses_conditional_get() {
    let (server, site, wd) = setup();
    wd.crawl();
    let out = wd.run(&["run", "--config", "newsmill.toml", "--revalidate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for a in &site.articles {
        assert_eq!(server.count(&a.path()), 2, "{} revalidated", a.path());
    }
    let run = wd.run_json(&wd.latest());
    let not_modified: u64 = run["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["not_modified"].as_u64().unwrap())
        .sum();
    // The articles, plus the index and tag pages.
    assert_eq!(not_modified, site.articles.len() as u64 + 2, "{run:#}");
    assert_eq!(run["exported"], 0);
}

#[test]
fn dry_run_lists_urls_and_stores_nothing() {
    let (server, site, wd) = setup();
    let out = wd.run(&["run", "--config", "newsmill.toml", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = crate::util::stdout(&out);
    for a in &site.articles {
        assert!(
            listed.contains(&format!("fetch\t{}", a.url(server.base()))),
            "{listed}"
        );
        assert_eq!(server.count(&a.path()), 0);
    }
    assert!(!wd.path().join("out/latest").exists());
}

#[test]
fn dataset_collects_every_run() {
    let (server, mut site, wd) = setup();
    let config = wd.path().join("newsmill.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("dir = \"out\"", "dir = \"out\"\ndataset = true"),
    )
    .unwrap();
    wd.crawl();
    site.articles[0].paragraphs[0] =
        "The regional council in Kaunas finally voted on the budget on Friday.";
    site.articles[0].published = "2024-05-10T09:00:00+03:00";
    server.serve_site(&site);
    wd.crawl();
    let parts: Vec<_> = std::fs::read_dir(wd.path().join("out/dataset/csv/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(parts.len(), 2, "one partition per run: {parts:?}");
    let rows: usize = parts
        .iter()
        .map(|p| wd.csv(&p.join("part.csv")).len())
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
    let wd = Workdir::new();
    let base = "https://archive.example";
    for a in &site.articles[..2] {
        wd.create(
            &format!("pages/2024/05/{}/index.html", a.slug),
            a.html(base),
        );
    }
    wd.create(
        "archive.toml",
        "[output]\ndir = \"out\"\n\n[[sources]]\nname = \"archive\"\nkind = \"folder\"\npath = \"pages\"\nurl = \"https://archive.example/\"\n",
    );
    let out = wd.run(&["run", "--config", "archive.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert_eq!(rows.len(), 2, "{rows:#?}");
    for a in &site.articles[..2] {
        assert!(
            rows.iter().any(|r| r["title"] == a.title),
            "{} missing",
            a.title
        );
    }
    // Reading the same folder again stores and exports nothing new.
    let out = wd.run(&["run", "--config", "archive.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(wd.csv(&wd.latest().join("articles.csv")).len(), 0);
}
