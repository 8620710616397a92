//! `newsmill run` flags (`--full`, `--revalidate`, `--dry-run`) and `newsmill
//! export` against a fixture site. What runs export, what the next run fetches,
//! retries and failures are tested in-process in `crates/run/tests`.

use crate::util::{stderr, Server, Site, Workdir};

fn setup() -> (Server, Site, Workdir) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let wd = Workdir::new();
    wd.config_for(&server);
    (server, site, wd)
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
    let run = wd.run_json(&wd.last_run());
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
