//! The cluster mode end to end: a NATS server with JetStream started by each test
//! on a free loopback port, a generated site, `newsmill run` with `[cluster]` as
//! the coordinator and `newsmill worker` processes, some of them killed mid-run.
//! Without nats-server installed the tests say so loudly and pass; CI sets
//! `NEWSMILL_REQUIRE_NATS`, which turns that into a failure.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::cluster_support::{terminate, GenSite, Nats};
use crate::util::{stderr, Workdir};

/// Pages of the generated site in the larger tests.
const PAGES: usize = 200;

/// Writes `newsmill.toml`: the site's sitemap, politeness lifted unless
/// `fetch` says otherwise, and `[cluster]` when a server is given.
fn write_config(wd: &Workdir, site: &GenSite, nats: Option<&Nats>, fetch: &str, cluster: &str) {
    let mut text = format!(
        r#"[fetch]
user_agent = "newsmill-test"
retries = 1
retry_base_delay_secs = 0.05
retry_max_delay_secs = 0.2
allow_private = true
{fetch}

[output]
dir = "out"

[export]
formats = ["csv", "jsonl"]

[[sources]]
name = "sitemap"
kind = "sitemap"
url = "{base}/sitemap.xml"
"#,
        base = site.base()
    );
    if !fetch.contains("per_host_delay_secs") {
        text.push_str("");
        text = text.replace(
            "[fetch]\n",
            "[fetch]\nper_host_delay_secs = 0.0\nper_host_concurrency = 8\n",
        );
    }
    if let Some(nats) = nats {
        text.push_str(&format!(
            "\n[cluster]\nurl = \"{}\"\nname = \"t\"\nack_wait_secs = 3\nlease_secs = 3\nworker_jobs = 4\n{cluster}\n",
            nats.url()
        ));
    }
    wd.create("newsmill.toml", text);
}

fn spawn_worker(wd: &Workdir, id: &str) -> Child {
    spawn_worker_with(wd, id, &[])
}

fn spawn_worker_with(wd: &Workdir, id: &str, args: &[&str]) -> Child {
    let log = std::fs::File::create(wd.path().join(format!("{id}.log"))).unwrap();
    let mut all = vec!["worker", "--config", "newsmill.toml", "--id", id];
    all.extend_from_slice(args);
    wd.command(&all)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

fn spawn_coordinator(wd: &Workdir, name: &str) -> Child {
    let log = std::fs::File::create(wd.path().join(format!("{name}.log"))).unwrap();
    wd.command(&["run", "--config", "newsmill.toml"])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// Waits for a coordinator and asserts it succeeded.
fn finish(wd: &Workdir, child: Child, name: &str) {
    finish_with(wd, child, name, 0);
}

/// Waits for a coordinator and asserts its exit status.
fn finish_with(wd: &Workdir, mut child: Child, name: &str, code: i32) {
    let status = child.wait().unwrap();
    let log = std::fs::read_to_string(wd.path().join(format!("{name}.log"))).unwrap_or_default();
    assert_eq!(status.code(), Some(code), "{name} ({status}):\n{log}");
}

fn stop_all(children: Vec<Child>) {
    for mut child in children {
        terminate(&child);
        let _ = child.wait();
    }
}

fn kill9(child: &mut Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Every exported article row of every run folder, keyed by id: each must be
/// there once.
fn exported_once(wd: &Workdir, pages: usize) -> Vec<HashMap<String, String>> {
    let rows = wd.all_exported();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        *ids.entry(row["article_id"].as_str()).or_default() += 1;
    }
    let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "exported more than once: {twice:?}");
    assert_eq!(ids.len(), pages, "articles exported");
    rows
}

/// A table of a run folder, without the columns that differ between runs, sorted.
fn table(wd: &Workdir, dir: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut rows: Vec<BTreeMap<String, String>> = wd
        .csv(&dir.join(name))
        .into_iter()
        .map(|row| {
            row.into_iter()
                .filter(|(k, _)| k != "fetched_at" && k != "run_id")
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// A cluster run's `run.json` counts what a single-machine run of the same
/// config counts: the same pages at each stage, statuses and bytes; and each
/// counts the requests the site received from it. The cluster sends more
/// robots.txt requests (the coordinator and each worker read it once), and
/// exactly as many others.
fn same_run_totals(
    single: &serde_json::Value,
    single_hits: &[(String, Instant)],
    cluster: &serde_json::Value,
    cluster_hits: &[(String, Instant)],
) {
    let (a, b) = (&single["totals"], &cluster["totals"]);
    assert_eq!(a["pages"], b["pages"], "page totals");
    assert_eq!(a["status_codes"], b["status_codes"], "status codes");
    assert_eq!(a["bytes"], b["bytes"], "bytes");
    let requests = |t: &serde_json::Value| t["requests"].as_u64().unwrap() as usize;
    assert_eq!(requests(a), single_hits.len(), "single-machine requests");
    assert_eq!(requests(b), cluster_hits.len(), "cluster requests");
    let not_robots =
        |hits: &[(String, Instant)]| hits.iter().filter(|(p, _)| p != "/robots.txt").count();
    assert_eq!(not_robots(single_hits), not_robots(cluster_hits));
    // One host, with every request.
    let hosts = |r: &serde_json::Value| {
        r["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["host"].clone(), h["requests"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(hosts(single).len(), 1, "{}", single["hosts"]);
    assert_eq!(hosts(cluster).len(), 1, "{}", cluster["hosts"]);
    assert_eq!(hosts(cluster)[0].1, b["requests"], "{}", cluster["hosts"]);
    // The workers' extraction and tagging time is the run's.
    for stage in ["extract_s", "tag_s"] {
        assert!(
            cluster["cpu"][stage].as_f64().unwrap() > 0.0,
            "{stage}: {}",
            cluster["cpu"]
        );
    }
}

#[test]
fn cluster_run_gives_the_single_machine_articles() {
    let single = Workdir::new();
    let Some(nats) = Nats::start(single.path()) else {
        return;
    };
    let site = GenSite::start(PAGES, 0);
    write_config(&single, &site, None, "", "");
    single.crawl();
    let single_hits = site.requests();

    let wd = Workdir::new();
    write_config(&wd, &site, Some(&nats), "", "");
    let workers = vec![spawn_worker(&wd, "w1"), spawn_worker(&wd, "w2")];
    let coordinator = spawn_coordinator(&wd, "coordinator");
    finish(&wd, coordinator, "coordinator");
    let cluster_hits = site.requests().split_off(single_hits.len());
    let status = wd.run(&["cluster", "status", "--config", "newsmill.toml", "--json"]);
    stop_all(workers);

    exported_once(&wd, PAGES);
    for name in ["articles.csv", "entities.csv", "mentions.csv", "quotes.csv"] {
        let (a, b) = (
            table(&single, &single.latest(), name),
            table(&wd, &wd.latest(), name),
        );
        assert_eq!(a.len(), b.len(), "{name}: rows");
        assert!(
            a == b,
            "{name} differs between the single-machine and the cluster run"
        );
        if name != "quotes.csv" {
            assert!(!a.is_empty(), "no {name} rows");
        }
    }
    let totals = |wd: &Workdir| wd.run_json(&wd.latest())["sources"].clone();
    assert_eq!(totals(&single), totals(&wd), "per-source totals");
    same_run_totals(
        &wd.run_json(&single.latest()),
        &single_hits,
        &wd.run_json(&wd.latest()),
        &cluster_hits,
    );
    assert!(wd.run_json(&wd.latest())["failures"]
        .as_array()
        .unwrap()
        .is_empty());
    // Both workers took part, and the status command sees the drained queue.
    for id in ["w1", "w2"] {
        let log = std::fs::read_to_string(wd.path().join(format!("{id}.log"))).unwrap();
        assert!(log.contains("Worker started"), "{id}:\n{log}");
    }
    assert!(status.status.success(), "{}", stderr(&status));
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["queued"], 0, "{status}");
    assert_eq!(status["in_flight"], 0, "{status}");
    assert_eq!(status["epoch"][1], false, "{status}");
    assert_eq!(status["workers"].as_array().unwrap().len(), 2, "{status}");
}

#[test]
fn a_worker_killed_mid_run_loses_and_duplicates_nothing() {
    let wd = Workdir::new();
    let Some(nats) = Nats::start(wd.path()) else {
        return;
    };
    let site = GenSite::start(PAGES, 40);
    write_config(&wd, &site, Some(&nats), "", "");
    let mut doomed = spawn_worker(&wd, "w1");
    let survivor = spawn_worker(&wd, "w2");
    let coordinator = spawn_coordinator(&wd, "coordinator");
    site.wait_for_articles(40);
    kill9(&mut doomed);
    finish(&wd, coordinator, "coordinator");
    stop_all(vec![survivor]);
    exported_once(&wd, PAGES);
    let run = wd.run_json(&wd.latest());
    assert!(run["failures"].as_array().unwrap().is_empty(), "{run}");
}

#[test]
fn a_coordinator_killed_and_restarted_resumes_the_run() {
    let wd = Workdir::new();
    let Some(nats) = Nats::start(wd.path()) else {
        return;
    };
    let site = GenSite::start(PAGES, 40);
    write_config(&wd, &site, Some(&nats), "", "");
    let mut first = spawn_coordinator(&wd, "first");
    // No worker yet: the first coordinator holds the lease and waits. A second
    // one (another state store, the same cluster) is refused.
    site.wait_for_requests("/sitemap.xml", 1);
    let other = Workdir::new();
    write_config(&other, &site, Some(&nats), "", "");
    let refused = other.run(&["run", "--config", "newsmill.toml"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("another coordinator"),
        "{}",
        stderr(&refused)
    );
    let workers = vec![spawn_worker(&wd, "w1"), spawn_worker(&wd, "w2")];
    site.wait_for_articles(40);
    kill9(&mut first);
    let second = spawn_coordinator(&wd, "second");
    finish(&wd, second, "second");
    stop_all(workers);
    exported_once(&wd, PAGES);
    let log = std::fs::read_to_string(wd.path().join("second.log")).unwrap();
    assert!(
        log.contains("did not finish"),
        "the restart did not resume the epoch:\n{log}"
    );
}

#[test]
fn nats_down_for_ten_seconds_delays_the_run_and_loses_nothing() {
    let wd = Workdir::new();
    let Some(mut nats) = Nats::start(wd.path()) else {
        return;
    };
    let site = GenSite::start(PAGES, 40);
    write_config(&wd, &site, Some(&nats), "", "");
    let workers = vec![spawn_worker(&wd, "w1"), spawn_worker(&wd, "w2")];
    let coordinator = spawn_coordinator(&wd, "coordinator");
    site.wait_for_articles(40);
    nats.stop();
    let down = Instant::now();
    std::thread::sleep(Duration::from_secs(10));
    nats.restart();
    finish(&wd, coordinator, "coordinator");
    assert!(down.elapsed() >= Duration::from_secs(10));
    stop_all(workers);
    exported_once(&wd, PAGES);
    let run = wd.run_json(&wd.latest());
    assert!(run["failures"].as_array().unwrap().is_empty(), "{run}");
}

/// The smallest gap between two requests to the site, and the number of requests.
fn min_gap(site: &GenSite) -> (Duration, usize) {
    let mut times: Vec<Instant> = site.requests().into_iter().map(|(_, t)| t).collect();
    times.sort();
    let gap = times
        .windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .unwrap_or(Duration::MAX);
    (gap, times.len())
}

#[test]
fn two_workers_keep_the_per_host_delay() {
    const DELAY: Duration = Duration::from_millis(500);
    // Arrival times at the server vary with loopback latency and, on a loaded CI
    // machine (two cores, other tests running), with scheduling: a request sent on
    // its slot can reach the server tens of milliseconds late, shortening the next
    // gap as seen there.
    const JITTER: Duration = Duration::from_millis(100);
    let fetch = "per_host_delay_secs = 0.5\nper_host_concurrency = 1\n";
    let mut gaps = Vec::new();
    for shared in [true, false] {
        let wd = Workdir::new();
        let Some(nats) = Nats::start(wd.path()) else {
            return;
        };
        let site = GenSite::start(16, 0);
        let cluster = format!("shared_politeness = {shared}");
        write_config(&wd, &site, Some(&nats), fetch, &cluster);
        let workers = vec![spawn_worker(&wd, "w1"), spawn_worker(&wd, "w2")];
        // Both workers are up before the first job.
        std::thread::sleep(Duration::from_secs(2));
        let coordinator = spawn_coordinator(&wd, "coordinator");
        finish(&wd, coordinator, "coordinator");
        let mut logs = String::new();
        for id in ["w1", "w2"] {
            logs.push_str(&std::fs::read_to_string(wd.path().join(format!("{id}.log"))).unwrap());
        }
        stop_all(workers);
        exported_once(&wd, 16);
        let (gap, requests) = min_gap(&site);
        eprintln!("shared_politeness = {shared}: {requests} requests, smallest gap {gap:?}");
        gaps.push(gap);
        if shared {
            assert!(
                gap + JITTER >= DELAY,
                "requests {gap:?} apart, delay {DELAY:?}\n{logs}"
            );
        }
    }
    // Without the shared schedule each worker keeps its own delay only, and the
    // two interleave: the measurement can tell the difference.
    assert!(gaps[1] + JITTER < DELAY, "unshared gap {:?}", gaps[1]);
}

#[test]
fn a_job_that_keeps_failing_is_dead_lettered_and_reported() {
    let wd = Workdir::new();
    let Some(nats) = Nats::start(wd.path()) else {
        return;
    };
    let site = GenSite::start(6, 0);
    site.set_slow("/news/3/", 60_000);
    write_config(
        &wd,
        &site,
        Some(&nats),
        "total_timeout_secs = 120.0\nfirst_byte_timeout_secs = 120.0",
        "max_attempts = 1",
    );
    // One job at a time: the worker holds only the slow page when it dies.
    let mut doomed = spawn_worker_with(&wd, "w1", &["--jobs", "1"]);
    let coordinator = spawn_coordinator(&wd, "coordinator");
    let start = Instant::now();
    while !site.requests().iter().any(|(p, _)| p == "/news/3/") {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the slow page was never requested"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The worker dies holding the job; the next delivery is past max_attempts.
    kill9(&mut doomed);
    let survivor = spawn_worker(&wd, "w2");
    // One page of six failed, more than `[run] max_failed_share` (0.1): partial, 3.
    finish_with(&wd, coordinator, "coordinator", 3);
    let status = wd.run(&["cluster", "status", "--config", "newsmill.toml", "--json"]);
    stop_all(vec![survivor]);
    let run = wd.run_json(&wd.latest());
    assert_eq!(run["status"], "partial", "{run}");
    let failures = run["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{run}");
    assert!(
        failures[0]["item"].as_str().unwrap().ends_with("/news/3/"),
        "{run}"
    );
    assert!(
        failures[0]["reason"]
            .as_str()
            .unwrap()
            .contains("failed 1 times"),
        "{run}"
    );
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["dead_letters"], 1, "{status}");
    assert_eq!(wd.all_exported().len(), 5);
}
