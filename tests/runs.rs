//! What a scheduler and a monitor see of `newsmill run`: the exit status and
//! `run.json`'s status, totals and hosts; each failure logged once; run folders
//! (`latest`, `last-run`, `[output] keep_runs`, `newsmill prune`); one run at a
//! time per output folder; `--dry-run` writing nothing.

use std::process::Stdio;

use crate::util::{stderr, Behaviour, Server, Site, Workdir};

fn setup() -> (Server, Site, Workdir) {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let wd = Workdir::new();
    wd.config_for(&server);
    (server, site, wd)
}

/// Appends `extra` to the workdir's `newsmill.toml`.
fn append_config(wd: &Workdir, extra: &str) {
    let path = wd.path().join("newsmill.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
}

#[test]
fn a_clean_run_exits_0_and_run_json_says_what_it_did() {
    let (server, site, wd) = setup();
    let out = wd.crawl();
    assert_eq!(out.status.code(), Some(0));
    let run = wd.run_json(&wd.last_run());
    assert_eq!(run["status"], "finished", "{run:#}");
    assert_eq!(run["newsmill"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(!run["newsmill"]["commit"].as_str().unwrap().is_empty());
    assert!(run["duration_s"].as_f64().unwrap() >= 0.0);
    let n = site.articles.len() as u64;
    let pages = &run["totals"]["pages"];
    // The feed lists the articles, the sitemap the home and tag pages besides
    // (discovery counts the URLs an earlier source listed under that source).
    assert_eq!(pages["discovered"], n + 2, "{run:#}");
    assert_eq!(pages["fetched"], n + 2, "{run:#}");
    assert_eq!(pages["not_article"], 2, "{run:#}");
    assert_eq!(pages["already_stored"], 0, "{run:#}");
    assert_eq!(pages["tagged"], n, "{run:#}");
    assert_eq!(pages["new_articles"], n, "{run:#}");
    assert_eq!(pages["exported"], n, "{run:#}");
    assert_eq!(run["totals"]["status_codes"]["200"], n + 2, "{run:#}");
    let body_bytes: usize = site
        .articles
        .iter()
        .map(|a| a.html(server.base()).len())
        .sum();
    assert!(
        run["totals"]["bytes"].as_u64().unwrap() as usize > body_bytes,
        "{run:#}"
    );
    // robots.txt, feed, sitemap, the pages.
    assert!(
        run["totals"]["requests"].as_u64().unwrap() >= 3 + n + 2,
        "{run:#}"
    );
    let hosts = run["hosts"].as_array().unwrap();
    assert_eq!(hosts.len(), 1, "{run:#}");
    assert_eq!(hosts[0]["backoffs"], 0);
    let cpu = &run["cpu"];
    assert!(cpu["total_s"].as_f64().unwrap() > 0.0, "{run:#}");
    assert!(cpu["tag_s"].as_f64().unwrap() > 0.0, "{run:#}");
    assert!(cpu["extract_s"].as_f64().unwrap() > 0.0, "{run:#}");
    assert!(run["peak_rss_mb"].as_f64().unwrap() > 1.0, "{run:#}");
    // The last log line says the same in words, naming the final folder.
    let log = stderr(&out);
    let last = log.lines().last().unwrap();
    let folder = wd.last_run();
    let name = folder.file_name().unwrap().to_string_lossy();
    assert!(last.contains(&format!("Run {name} finished in")), "{last}");
    assert!(last.contains(&format!("{n} new")), "{last}");
    assert!(last.contains(&format!("out/{name}")), "{last}");
    assert!(
        !log.contains(".tmp"),
        "the log names a staging folder:\n{log}"
    );
}

#[test]
fn a_source_that_cannot_be_read_makes_the_run_partial() {
    let (_server, site, wd) = setup();
    append_config(
        &wd,
        "[[sources]]\nname = \"dead\"\nkind = \"feed\"\nurl = \"http://127.0.0.1:9/feed.xml\"\n",
    );
    let out = wd.run(&["run", "--config", "newsmill.toml"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let run = wd.run_json(&wd.last_run());
    assert_eq!(run["status"], "partial", "{run:#}");
    // The readable sources were still crawled and exported.
    assert_eq!(run["exported"], site.articles.len() as u64, "{run:#}");
    // The failure is logged once, and the last line names the source.
    let log = stderr(&out);
    let failed = log
        .lines()
        .filter(|l| l.contains("Failed.") && l.contains("127.0.0.1:9"))
        .count();
    assert_eq!(failed, 1, "{log}");
    assert!(
        log.lines()
            .last()
            .unwrap()
            .contains("sources not read: dead"),
        "{log}"
    );
}

#[test]
fn too_many_failed_pages_make_the_run_partial_past_the_configured_share() {
    for (share, code, status) in [(None, 3, "partial"), (Some(0.25), 0, "finished")] {
        let (server, site, wd) = setup();
        // 1 of 5 pages fails: 20%, over the default 10%, under 25%.
        server.set(&site.articles[0].path(), Behaviour::Status(500));
        if let Some(share) = share {
            append_config(&wd, &format!("[run]\nmax_failed_share = {share}\n"));
        }
        let out = wd.run(&["run", "--config", "newsmill.toml"]);
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        assert_eq!(wd.run_json(&wd.last_run())["status"], status);
        let logged = stderr(&out)
            .lines()
            .filter(|l| l.contains(&site.articles[0].path()))
            .count();
        assert_eq!(logged, 1, "{}", stderr(&out));
    }
}

#[test]
fn a_run_with_nothing_new_leaves_latest_where_it_was() {
    let (_server, site, wd) = setup();
    wd.crawl();
    let first = wd.latest();
    wd.crawl();
    assert_eq!(wd.latest(), first, "latest moved to a run with nothing new");
    assert_ne!(wd.last_run(), first);
    assert_eq!(wd.csv(&wd.last_run().join("articles.csv")).len(), 0);
    assert_eq!(
        wd.csv(&wd.latest().join("articles.csv")).len(),
        site.articles.len()
    );
    let run = wd.run_json(&wd.last_run());
    assert_eq!(run["status"], "finished");
    assert_eq!(run["totals"]["pages"]["already_stored"], 5, "{run:#}");
}

fn run_folders(wd: &Workdir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(wd.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() == 16 && n.starts_with('2'))
        .collect();
    names.sort();
    names
}

#[test]
fn keep_runs_and_prune_remove_old_run_folders_but_not_latest() {
    let (_server, _site, wd) = setup();
    append_config(&wd, "");
    let path = wd.path().join("newsmill.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("dir = \"out\"", "dir = \"out\"\nkeep_runs = 2"),
    )
    .unwrap();
    for _ in 0..3 {
        wd.crawl();
    }
    let folders = run_folders(&wd);
    // Two kept by keep_runs, plus the first, which `latest` points to (the later
    // runs had nothing new).
    assert_eq!(folders.len(), 3, "{folders:?}");
    let latest = wd.latest();
    assert_eq!(latest.file_name().unwrap().to_string_lossy(), folders[0]);
    let out = wd.run(&["prune", "--config", "newsmill.toml", "--keep", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let left = run_folders(&wd);
    assert_eq!(left, [folders[0].clone(), folders[2].clone()], "{left:?}");
    assert!(wd.latest().is_dir());
    assert!(wd.last_run().is_dir());
}

#[test]
fn a_second_run_on_the_output_folder_is_refused_even_with_another_store() {
    let (server, site, wd) = setup();
    let slow = &site.articles[2];
    server.set(
        &slow.path(),
        Behaviour::Slow(3000, slow.html(server.base())),
    );
    let first = wd
        .command(&["run", "--config", "newsmill.toml"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    server.wait_for_request(&slow.path());
    let second = wd.run(&[
        "run",
        "--config",
        "newsmill.toml",
        "--state",
        "other.sqlite",
    ]);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("output folder"),
        "{}",
        stderr(&second)
    );
    assert!(!wd.path().join("other.sqlite").exists());
    // A dry run reads and writes nothing, so it may run alongside.
    let dry = wd.run(&[
        "run",
        "--config",
        "newsmill.toml",
        "--state",
        "other.sqlite",
        "--dry-run",
    ]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        wd.csv(&wd.latest().join("articles.csv")).len(),
        site.articles.len()
    );
}

#[test]
fn dry_run_writes_nothing() {
    let (server, site, wd) = setup();
    let out = wd.run(&["run", "--config", "newsmill.toml", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!wd.path().join("out").exists(), "created the output folder");
    wd.crawl();
    let listing = || {
        let mut files: Vec<(String, u64)> = walk(&wd.path().join("out"));
        files.sort();
        files
    };
    let before = listing();
    let out = wd.run(&["run", "--config", "newsmill.toml", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = crate::util::stdout(&out);
    for a in &site.articles {
        assert!(
            listed.contains(&format!("known\t{}", a.url(server.base()))),
            "{listed}"
        );
    }
    assert_eq!(listing(), before);
}

/// Every file under `dir` with its size.
fn walk(dir: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push((path.display().to_string(), meta.len()));
        }
    }
    out
}
