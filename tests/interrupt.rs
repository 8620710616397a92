//! Runs that are stopped: SIGINT and SIGTERM stop taking new work, finish or
//! abandon what is in flight, store and export what is done, write `run.json`
//! with status `interrupted` and exit 130 or 143; a second signal exits at once;
//! SIGKILL at any point. In every case the store stays consistent and the next run
//! finishes the job without duplicates.

use std::collections::HashSet;
use std::process::{Child, Stdio};

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

/// Nine articles listed by the sitemap alone, fetched one at a time with a pause
/// between requests, so a signal comes while most are still to do.
fn paced_site() -> (Server, Site, Workdir) {
    let server = Server::start();
    let site = Site::numbered(9);
    server.serve_site(&site);
    let wd = Workdir::new();
    wd.create(
        "newsmill.toml",
        format!(
            r#"[fetch]
user_agent = "newsmill-test"
per_host_delay_secs = 1.0
per_host_concurrency = 1
allow_private = true

[output]
dir = "out"

[export]
formats = ["csv"]

[[sources]]
name = "sitemap"
kind = "sitemap"
url = "{}/sitemap.xml"
"#,
            server.base()
        ),
    );
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

fn article_requests(server: &Server, site: &Site) -> usize {
    site.articles.iter().map(|a| server.count(&a.path())).sum()
}

#[cfg(unix)]
fn signal(child: &Child, name: &str) {
    let number = match name {
        "INT" => libc::SIGINT,
        "TERM" => libc::SIGTERM,
        other => panic!("no signal {other}"),
    };
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on our own child process; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, number) }, 0, "kill -{name}");
}

/// The child's stderr, line by line, as the lines come.
fn stderr_lines(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("stderr piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn spawn_run(wd: &Workdir) -> Child {
    wd.command(&["run", "--config", "newsmill.toml"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn killed_run_is_finished_by_the_next_without_duplicates() {
    let (server, site, wd) = slow_site();
    let mut child = wd
        .command(&["run", "--config", "newsmill.toml"])
        .stderr(Stdio::null())
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
    assert_eq!(wd.csv(&wd.last_run().join("articles.csv")).len(), 0);
}

#[cfg(unix)]
#[test]
fn sigint_stops_taking_new_pages_exports_and_exits_130() {
    let (server, site, wd) = paced_site();
    let child = spawn_run(&wd);
    server.wait_for_request(&site.articles[2].path());
    let before = article_requests(&server, &site);
    signal(&child, "INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let asked = article_requests(&server, &site);
    // The one in flight when the signal went was finished, and one more may have
    // started while the signal travelled; nothing after that.
    assert!(
        asked <= before + 2 && asked < 9,
        "{before} articles requested before SIGINT, {asked} in all:\n{}",
        stderr(&out)
    );
    let run = wd.run_json(&wd.last_run());
    assert_eq!(run["status"], "interrupted", "{run:#}");
    let exported = run["exported"].as_u64().unwrap() as usize;
    assert!(exported >= 3 && exported <= asked, "{run:#}");
    assert!(stderr(&out).contains("Interrupted"), "{}", stderr(&out));
    // The next run fetches the rest, and every article is exported once.
    wd.crawl();
    assert_each_exported_once(&wd, &site);
    assert_eq!(article_requests(&server, &site), 9 + asked - exported);
}

#[cfg(unix)]
#[test]
fn sigterm_finishes_the_page_in_flight_exports_and_exits_143() {
    let (server, site, wd) = slow_site();
    let child = spawn_run(&wd);
    server.wait_for_request(&site.articles[2].path());
    signal(&child, "TERM");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    assert!(stderr(&out).contains("Interrupted"), "{}", stderr(&out));
    // The page in flight (4 s, within the grace period) was finished, not dropped.
    let rows = wd.csv(&wd.last_run().join("articles.csv"));
    assert!(
        rows.iter().any(|r| r["title"] == site.articles[2].title),
        "{rows:#?}"
    );
    assert_eq!(wd.run_json(&wd.last_run())["status"], "interrupted");
    wd.crawl();
    assert_each_exported_once(&wd, &site);
}

#[cfg(unix)]
#[test]
fn a_stalled_page_is_abandoned_after_the_grace_period() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let stalled = &site.articles[1];
    server.set(
        &stalled.path(),
        Behaviour::Slow(120_000, stalled.html(server.base())),
    );
    let wd = Workdir::new();
    wd.config_for(&server);
    let child = spawn_run(&wd);
    server.wait_for_request(&stalled.path());
    signal(&child, "INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("abandoned"), "{}", stderr(&out));
    let rows = wd.csv(&wd.last_run().join("articles.csv"));
    assert!(
        !rows.iter().any(|r| r["title"] == stalled.title),
        "the stalled page was waited for: {rows:#?}"
    );
    server.set(
        &stalled.path(),
        Behaviour::Ok("text/html; charset=utf-8", stalled.html(server.base())),
    );
    wd.crawl();
    assert_each_exported_once(&wd, &site);
}

#[cfg(unix)]
#[test]
fn a_second_signal_exits_at_once_and_the_store_stays_consistent() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let stalled = &site.articles[1];
    server.set(
        &stalled.path(),
        Behaviour::Slow(120_000, stalled.html(server.base())),
    );
    let wd = Workdir::new();
    wd.config_for(&server);
    let mut child = spawn_run(&wd);
    let lines = stderr_lines(&mut child);
    server.wait_for_request(&stalled.path());
    signal(&child, "INT");
    // Once the run says it took the first signal, send another.
    let mut seen = Vec::new();
    for line in lines.iter() {
        let taken = line.contains("Interrupted");
        seen.push(line);
        if taken {
            break;
        }
    }
    signal(&child, "INT");
    seen.extend(lines.iter());
    let status = child.wait().unwrap();
    let log = seen.join("\n");
    assert_eq!(status.code(), Some(130), "{log}");
    assert!(log.contains("interrupted twice"), "{log}");
    assert!(
        !wd.path().join("out/last-run").exists(),
        "the run exported instead of stopping at once"
    );
    server.set(
        &stalled.path(),
        Behaviour::Ok("text/html; charset=utf-8", stalled.html(server.base())),
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
