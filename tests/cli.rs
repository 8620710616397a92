//! Exit codes and messages when a run cannot proceed.

use crate::util::{stderr, Server, Site, Workdir};

#[test]
fn bad_config_names_file_line_and_key() {
    let wd = Workdir::new();
    wd.create(
        "bad.toml",
        "[output]\ndir = \"out\"\n\n[[sources]]\nname = \"x\"\nkind = \"rss\"\nurl = \"http://127.0.0.1:9/feed\"\n",
    );
    let out = wd.run(&["run", "--config", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.toml:6"), "{err}");
    assert!(err.contains("sources[0].kind"), "{err}");
}

#[test]
fn missing_config_is_an_error() {
    let wd = Workdir::new();
    let out = wd.run(&["run", "--config", "nope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
}

#[test]
fn concurrent_run_is_refused() {
    let server = Server::start();
    server.serve_site(&Site::standard());
    let wd = Workdir::new();
    wd.config_for(&server);
    std::fs::create_dir_all(wd.path().join("out")).unwrap();
    let lock = std::fs::File::create(wd.path().join("out/state.sqlite.lock")).unwrap();
    lock.try_lock().unwrap();
    let out = wd.run(&["run", "--config", "newsmill.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("in use by another newsmill run"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.count("/feed.xml"), 0, "nothing fetched while locked");
    drop(lock);
    wd.crawl();
}

#[test]
fn unwritable_output_is_an_error() {
    let server = Server::start();
    let wd = Workdir::new();
    wd.config_for(&server);
    wd.create("out", "a file where the output folder should be");
    let out = wd.run(&["run", "--config", "newsmill.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("output folder"), "{}", stderr(&out));
}

#[test]
fn missing_watchlist_fails_before_fetching() {
    let server = Server::start();
    server.serve_site(&Site::standard());
    let wd = Workdir::new();
    let config = wd.config_for(&server);
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[tag]\nwatchlist = \"entities.toml\"\n"),
    )
    .unwrap();
    let out = wd.run(&["run", "--config", "newsmill.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("entities.toml"), "{}", stderr(&out));
    assert_eq!(server.count("/feed.xml"), 0, "fetched before failing");
}

#[test]
fn unreachable_sources_fail_the_run() {
    let server = Server::start(); // serves nothing: every source answers 404
    let wd = Workdir::new();
    wd.config_for(&server);
    let out = wd.run(&["run", "--config", "newsmill.toml"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sources not read: feed, sitemap"),
        "{}",
        stderr(&out)
    );
    let run = wd.run_json(&wd.last_run());
    assert_eq!(run["status"], "failed", "{run:#}");
    assert_eq!(run["failures"].as_array().unwrap().len(), 2, "{run:#}");
    assert!(
        !wd.path().join("out/latest").exists(),
        "latest points at a run that exported nothing"
    );
}
