//! robots.txt, per-host scheduling and back-off of failing hosts.

use std::{sync::Arc, time::Duration};

use newsmill_fetch::{FetchConfig, FetchError, Fetched, Validators};

use crate::server::{Reply, Server};
use crate::{fetcher, lead, test_config};

/// The gaps are measured where the requests arrive, at the test server: a request
/// sent on its turn can arrive late when the machine is loaded (two cores running
/// other test binaries), which shortens the next gap as seen there by as much.
const ARRIVAL_JITTER: Duration = Duration::from_millis(60);

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
            pair[1] - pair[0] >= Duration::from_millis(600) - ARRIVAL_JITTER,
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
            pair[1] - pair[0] >= Duration::from_millis(200) - ARRIVAL_JITTER,
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
async fn a_host_failing_on_several_urls_is_backed_off_and_reported() {
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
    match &err {
        FetchError::HostBackedOff { host, reason, .. } => {
            assert_eq!(host, &format!("127.0.0.1:{}", srv.addr.port()));
            assert!(
                reason.contains("3 different URLs") && reason.contains("HTTP 500"),
                "{reason}"
            );
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("not tried"), "{err}");
    assert_eq!(srv.hits("/x3"), 0, "the backed-off host is not contacted");
    let report = f.host_report();
    assert!(report[0].backed_off && report[0].backoffs == 1 && report[0].failures == 3);
    let backoffs = f.backoffs();
    assert_eq!(backoffs.len(), 1);
    assert_eq!(backoffs[0].host, format!("127.0.0.1:{}", srv.addr.port()));
    assert_eq!((backoffs[0].until - backoffs[0].since).num_seconds(), 60);
    let json = serde_json::to_value(&backoffs[0]).unwrap();
    assert!(
        json["until"].is_string() && json["reason"].is_string(),
        "{json}"
    );
}

/// The hostile site of issue #11: a few 503s and a reset, then a slow drip and a
/// stall. Every URL keeps its own failure, and the host stays open for the next.
#[tokio::test]
async fn each_url_keeps_its_own_failure_and_a_few_bad_urls_do_not_close_the_host() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/busy-1" | "/busy-2" => Reply::status(503),
        "/reset" => Reply::Reset,
        "/drip" => Reply::Drip {
            chunk: b"<p>drip</p>".to_vec(),
            every: Duration::from_millis(200),
            count: 1000,
        },
        "/stall" => Reply::Stall {
            declared: 10_000,
            sent: b"<html>".to_vec(),
        },
        _ => Reply::html("<p>fine</p>"),
    })
    .await;
    let f = fetcher(FetchConfig {
        retries: 2,
        host_failure_limit: 5,
        host_connect_failure_limit: 3,
        ..test_config()
    });
    let fetch = |path: &'static str| {
        let (f, url) = (&f, srv.url(path));
        async move { f.fetch(&lead(&url), &Validators::default()).await }
    };
    for path in ["/busy-1", "/busy-2"] {
        let err = fetch(path).await.unwrap_err();
        assert!(
            matches!(err, FetchError::Status { status: 503, .. }),
            "{path}: {err}"
        );
        assert_eq!(srv.hits(path), 3, "retried");
    }
    let err = fetch("/reset").await.unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    let err = fetch("/drip").await.unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { phase: "total", .. }),
        "{err}"
    );
    let err = fetch("/stall").await.unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { phase: "read", .. }),
        "{err}"
    );
    assert!(
        f.backoffs().len() == 1,
        "the fifth bad URL backs the host off"
    );
    let err = fetch("/next").await.unwrap_err();
    assert!(matches!(err, FetchError::HostBackedOff { .. }), "{err}");
    assert_eq!(srv.hits("/next"), 0);
}

#[tokio::test]
async fn one_url_retried_keeps_its_reason_and_the_host_stays_open() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/bad" => Reply::status(503),
        _ => Reply::html("<p>fine</p>"),
    })
    .await;
    let f = fetcher(FetchConfig {
        retries: 6,
        host_failure_limit: 2,
        ..test_config()
    });
    let err = f
        .fetch(&lead(&srv.url("/bad")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 503, .. }),
        "{err}"
    );
    assert_eq!(srv.hits("/bad"), 7);
    assert!(f.backoffs().is_empty());
    assert!(f
        .fetch(&lead(&srv.url("/ok")), &Validators::default())
        .await
        .is_ok());
}

#[tokio::test]
async fn a_host_that_cannot_be_connected_to_is_backed_off_after_one_url() {
    // Nothing listens on the port of a listener just closed.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = fetcher(FetchConfig {
        obey_robots: false,
        retries: 5,
        host_connect_failure_limit: 3,
        ..test_config()
    });
    let url = |p: &str| format!("http://127.0.0.1:{port}{p}");
    let err = f
        .fetch(&lead(&url("/a")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Unreachable { .. }),
        "the URL keeps its own failure: {err}"
    );
    let err = f
        .fetch(&lead(&url("/b")), &Validators::default())
        .await
        .unwrap_err();
    match &err {
        FetchError::HostBackedOff { reason, .. } => {
            assert!(reason.contains("3 connection attempts"), "{reason}")
        }
        other => panic!("{other}"),
    }
    assert_eq!(f.backoffs().len(), 1);
}
