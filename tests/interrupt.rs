//! Runs that are killed or interrupted: the store stays consistent, and the next
//! run finishes the job without duplicates.

use std::collections::HashSet;

use crate::util::{stderr, Behaviour, Server, Site, Workdir};

fn slow_site() -> (Server, Site, Workdir) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let slow = &site.articles[2];
    server.set(
        &slow.path(),
        Behaviour::Slow(4000, slow.html(server.base())),
    );
    let wd = Workdir::new();
    wd.config_for(&server);
    (server, site, wd)
}

fn assert_each_exported_once(wd: &Workdir, site: &Site) {
    let rows = wd.all_exported();
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

#[test]
fn killed_run_is_finished_by_the_next_without_duplicates() {
    let (server, site, wd) = slow_site();
    let mut child = wd
        .command(&["run", "--config", "newsmill.toml"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server.wait_for_request(&site.articles[2].path());
    child.kill().unwrap();
    child.wait().unwrap();
    server.set(
        &site.articles[2].path(),
        Behaviour::Ok(
            "text/html; charset=utf-8",
            site.articles[2].html(server.base()),
        ),
    );
    wd.crawl();
    assert_each_exported_once(&wd, &site);
    // And a third run has nothing left to do.
    wd.crawl();
    assert_eq!(wd.csv(&wd.latest().join("articles.csv")).len(), 0);
}

#[cfg(unix)]
#[test]
fn sigterm_drains_stores_and_exports() {
    let (server, site, wd) = slow_site();
    let child = wd
        .command(&["run", "--config", "newsmill.toml"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    server.wait_for_request(&site.articles[2].path());
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Interrupted"), "{}", stderr(&out));
    // The page in flight was finished, not dropped.
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert!(
        rows.iter().any(|r| r["title"] == site.articles[2].title),
        "{rows:#?}"
    );
    wd.crawl();
    assert_each_exported_once(&wd, &site);
}

#[test]
fn warc_recording_can_be_extracted_again_without_fetching() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let wd = Workdir::new();
    let config = wd.config_for(&server);
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("dir = \"out\"", "dir = \"out\"\nwarc = true"),
    )
    .unwrap();
    wd.crawl();
    let warc_dir = wd.path().join("out/warc");
    let warc = std::fs::read_dir(&warc_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let fetched = server.count(&site.articles[0].path());
    let out = wd.run(&[
        "run",
        "--config",
        "newsmill.toml",
        "--state",
        "replay.sqlite",
        "--from-warc",
        warc.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count(&site.articles[0].path()), fetched, "refetched");
    let rows = wd.csv(&wd.latest().join("articles.csv"));
    assert_eq!(rows.len(), site.articles.len(), "{rows:#?}");
}
