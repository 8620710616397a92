//! robots.txt, per-host scheduling and back-off of failing hosts.

use std::{sync::Arc, time::Duration};

use newsmill_fetch::{FetchConfig, FetchError, Fetched, Validators};

use crate::server::{Reply, Server};
use crate::{fetcher, lead, test_config};

const ROBOTS: &str = "User-agent: *\nDisallow: /\n\nUser-agent: newsmill\nDisallow: /private/\nAllow: /private/ok\nCrawl-delay: 0.6\n";

#[tokio::test]
async fn robots_rules_and_crawl_delay_are_obeyed() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::with(200, &[("Content-Type", "text/plain")], ROBOTS),
        _ => Reply::html("<p>page</p>"),
    })
    .await;
    let f = fetcher(test_config());
    let err = f
        .fetch(&lead(&srv.url("/private/secret")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsDisallowed { .. }), "{err}");
    assert!(err.is_permanent());
    assert_eq!(srv.hits("/private/secret"), 0);
    for path in ["/private/ok", "/news/1", "/news/2"] {
        assert!(matches!(
            f.fetch(&lead(&srv.url(path)), &Validators::default()).await,
            Ok(Fetched::Page(_))
        ));
    }
    assert_eq!(srv.hits("/robots.txt"), 1, "robots.txt is cached per host");
    // Crawl-delay 0.6 s spaces requests although the configured delay is 0.
    let mut times = srv.times("/private/ok");
    times.extend(srv.times("/news/1"));
    times.extend(srv.times("/news/2"));
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(550),
            "gap {:?}",
            pair[1] - pair[0]
        );
    }
    let report = f.host_report();
    assert_eq!(report.len(), 1);
    let delay = report[0].delay.as_secs_f64();
    assert!((delay - 0.6).abs() < 1e-3, "{delay}");
}

#[tokio::test]
async fn robots_server_error_means_disallow_and_404_means_allow() {
    let down = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(503),
        _ => Reply::html("<p>page</p>"),
    })
    .await;
    let f = fetcher(test_config());
    let err = f
        .fetch(&lead(&down.url("/a")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RobotsUnavailable { .. }), "{err}");
    assert!(err.is_retryable());
    assert_eq!(down.hits("/a"), 0);
    let none = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html("<p>page</p>"),
    })
    .await;
    assert!(f
        .fetch(&lead(&none.url("/a")), &Validators::default())
        .await
        .is_ok());
}

#[tokio::test]
async fn robots_can_be_switched_off() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::with(200, &[], "User-agent: *\nDisallow: /\n"),
        _ => Reply::html("<p>page</p>"),
    })
    .await;
    let f = fetcher(FetchConfig {
        obey_robots: false,
        ..test_config()
    });
    assert!(f
        .fetch(&lead(&srv.url("/a")), &Validators::default())
        .await
        .is_ok());
    assert_eq!(srv.hits("/robots.txt"), 0);
}

#[tokio::test]
async fn per_host_delay_and_concurrency_hold_under_parallel_fetches() {
    let srv = Server::start(|_| Reply::Drip {
        chunk: b"<p>x</p>".to_vec(),
        every: Duration::from_millis(30),
        count: 2,
    })
    .await;
    let f = Arc::new(fetcher(FetchConfig {
        per_host_concurrency: 1,
        per_host_delay_secs: 0.2,
        ..test_config()
    }));
    let mut tasks = Vec::new();
    for i in 0..4 {
        let (f, url) = (f.clone(), srv.url(&format!("/p{i}")));
        tasks.push(tokio::spawn(async move {
            f.fetch(&lead(&url), &Validators::default()).await
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap(), Ok(Fetched::Page(_))));
    }
    assert_eq!(srv.max_inflight(), 1);
    let mut times: Vec<_> = (0..4).flat_map(|i| srv.times(&format!("/p{i}"))).collect();
    times.sort();
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(190),
            "gap {:?}",
            pair[1] - pair[0]
        );
    }
}

#[tokio::test]
async fn global_concurrency_caps_all_hosts_together() {
    let srv = Server::start(|_| Reply::Drip {
        chunk: b"<p>x</p>".to_vec(),
        every: Duration::from_millis(50),
        count: 2,
    })
    .await;
    let f = Arc::new(fetcher(FetchConfig {
        per_host_concurrency: 8,
        global_concurrency: 2,
        ..test_config()
    }));
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let (f, url) = (f.clone(), srv.url(&format!("/g{i}")));
            tokio::spawn(async move { f.fetch(&lead(&url), &Validators::default()).await })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().is_ok());
    }
    assert_eq!(srv.max_inflight(), 2);
}

#[tokio::test]
async fn a_failing_host_is_backed_off_and_reported() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::status(500),
    })
    .await;
    let f = fetcher(FetchConfig {
        retries: 0,
        host_failure_limit: 3,
        host_backoff_secs: 60.0,
        ..test_config()
    });
    for i in 0..3 {
        let err = f
            .fetch(&lead(&srv.url(&format!("/x{i}"))), &Validators::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, FetchError::Status { status: 500, .. }),
            "{err}"
        );
    }
    let err = f
        .fetch(&lead(&srv.url("/x3")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::HostBackedOff { failures: 3, .. }),
        "{err}"
    );
    assert_eq!(srv.hits("/x3"), 0, "the backed-off host is not contacted");
    let report = f.host_report();
    assert!(report[0].backed_off && report[0].backoffs == 1 && report[0].failures == 3);
}
