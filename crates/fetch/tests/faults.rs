//! Faults a real network produces, one test each.

use std::time::Duration;

use newsmill_fetch::{FetchConfig, FetchError, Fetched, Validators};

use crate::server::{Reply, Server};
use crate::{fetcher, gzip, lead, test_config};

fn page(result: Result<Fetched, FetchError>) -> newsmill_records::Page {
    match result {
        Ok(Fetched::Page(p)) => p,
        Ok(Fetched::NotModified) => panic!("unexpected 304"),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[tokio::test]
async fn fetches_raw_bytes_with_headers_and_hints() {
    let body =
        b"<html><head><meta charset=windows-1251></head><body>\xcf\xf0\xe8</body></html>".to_vec();
    let b = body.clone();
    let srv = Server::start(move |r| match r.path.as_str() {
        "/a" => Reply::with(
            200,
            &[
                ("Content-Type", "text/html; charset=windows-1251"),
                ("ETag", "\"v1\""),
                ("Last-Modified", "Tue, 02 Jan 2024 10:00:00 GMT"),
            ],
            b.clone(),
        ),
        _ => Reply::status(404),
    })
    .await;
    let f = fetcher(test_config());
    let mut l = lead(&srv.url("/a"));
    l.hints.title = Some("From the feed".into());
    let p = page(f.fetch(&l, &Validators::default()).await);
    assert_eq!(p.body, body, "bytes are kept undecoded");
    assert_eq!(p.status, 200);
    assert_eq!(
        p.content_type.as_deref(),
        Some("text/html; charset=windows-1251")
    );
    assert_eq!(p.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        p.last_modified.as_deref(),
        Some("Tue, 02 Jan 2024 10:00:00 GMT")
    );
    assert_eq!(p.hints.title.as_deref(), Some("From the feed"));
    assert!(!p.truncated);
    let ua = &srv.last_headers("/a")["user-agent"];
    assert!(
        ua.starts_with("newsmill/") && ua.contains("(+https://"),
        "{ua}"
    );
}

#[tokio::test]
async fn conditional_get_gives_not_modified() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/c" if r.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") => {
            Reply::with(304, &[], "")
        }
        "/c" => Reply::with(
            200,
            &[("Content-Type", "text/html"), ("ETag", "\"v1\"")],
            "<p>x</p>",
        ),
        _ => Reply::status(404),
    })
    .await;
    let f = fetcher(test_config());
    let first = page(f.fetch(&lead(&srv.url("/c")), &Validators::default()).await);
    let v = Validators {
        etag: first.etag.clone(),
        last_modified: Some("Tue, 02 Jan 2024 10:00:00 GMT".into()),
    };
    let second = f.fetch(&lead(&srv.url("/c")), &v).await.unwrap();
    assert!(matches!(second, Fetched::NotModified));
    assert_eq!(
        srv.last_headers("/c")["if-modified-since"],
        "Tue, 02 Jan 2024 10:00:00 GMT"
    );
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    let srv = Server::start(|r| match (r.path.as_str(), r.n) {
        ("/flaky", 1) => Reply::status(503),
        ("/flaky", 2) => Reply::status(500),
        ("/flaky", _) => Reply::html("<p>ok</p>"),
        _ => Reply::status(404),
    })
    .await;
    let p = page(
        fetcher(test_config())
            .fetch(&lead(&srv.url("/flaky")), &Validators::default())
            .await,
    );
    assert_eq!(p.body, b"<p>ok</p>");
    assert_eq!(srv.hits("/flaky"), 3);
}

#[tokio::test]
async fn persistent_server_errors_give_up_after_the_retries() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::status(502),
    })
    .await;
    let err = fetcher(test_config())
        .fetch(&lead(&srv.url("/down")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 502, .. }),
        "{err}"
    );
    assert!(err.is_retryable() && err.to_string().contains("/down"));
    assert_eq!(srv.hits("/down"), 3, "first attempt + 2 retries");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let srv = Server::start(|r| match (r.path.as_str(), r.n) {
        ("/busy", 1) => Reply::with(429, &[("Retry-After", "1")], "slow down"),
        ("/busy", _) => Reply::html("<p>ok</p>"),
        ("/never", _) => Reply::with(503, &[("Retry-After", "3600")], "maintenance"),
        _ => Reply::status(404),
    })
    .await;
    let f = fetcher(test_config());
    page(
        f.fetch(&lead(&srv.url("/busy")), &Validators::default())
            .await,
    );
    let t = srv.times("/busy");
    assert_eq!(t.len(), 2);
    assert!(
        t[1] - t[0] >= Duration::from_millis(950),
        "waited {:?}",
        t[1] - t[0]
    );
    // A wait longer than the cap is not sat out: the failure is reported at once.
    let err = f
        .fetch(&lead(&srv.url("/never")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 503, .. }),
        "{err}"
    );
    assert_eq!(srv.hits("/never"), 1);
}

#[tokio::test]
async fn gone_pages_are_not_retried() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/old" => Reply::status(410),
        _ => Reply::status(404),
    })
    .await;
    let f = fetcher(test_config());
    for path in ["/old", "/missing"] {
        let err = f
            .fetch(&lead(&srv.url(path)), &Validators::default())
            .await
            .unwrap_err();
        assert!(err.is_gone() && err.is_permanent(), "{err}");
        assert_eq!(srv.hits(path), 1);
    }
}

#[tokio::test]
async fn hangs_stalls_and_slow_drips_time_out_each_by_its_phase() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/hang" => Reply::Hang,
        "/stall" => Reply::Stall {
            declared: 100_000,
            sent: b"<html><body>half".to_vec(),
        },
        _ => Reply::Drip {
            chunk: b"<p>drip</p>".to_vec(),
            every: Duration::from_millis(200),
            count: 1000,
        },
    })
    .await;
    let f = fetcher(FetchConfig {
        retries: 0,
        ..test_config()
    });
    let err = f
        .fetch(&lead(&srv.url("/hang")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Timeout {
                phase: "first byte",
                ..
            }
        ),
        "{err}"
    );
    let err = f
        .fetch(&lead(&srv.url("/drip")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { phase: "total", .. }),
        "{err}"
    );
    assert!(err.is_retryable());
    let err = f
        .fetch(&lead(&srv.url("/stall")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { phase: "read", .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_slow_drip_is_not_retried_within_the_run() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::Drip {
            chunk: b"<p>drip</p>".to_vec(),
            every: Duration::from_millis(200),
            count: 1000,
        },
    })
    .await;
    let f = fetcher(FetchConfig {
        retries: 2,
        total_timeout_secs: 0.6,
        ..test_config()
    });
    let err = f
        .fetch(&lead(&srv.url("/drip")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { phase: "total", .. }),
        "{err}"
    );
    assert_eq!(srv.hits("/drip"), 1);
}

#[tokio::test]
async fn resets_and_refused_connections_are_reported() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/reset" => Reply::Reset,
        _ => Reply::ResetMidBody {
            declared: 100_000,
            sent: b"<html><body>partial".to_vec(),
        },
    })
    .await;
    let f = fetcher(test_config());
    let err = f
        .fetch(&lead(&srv.url("/reset")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert_eq!(srv.hits("/reset"), 3, "retried");
    let err = f
        .fetch(&lead(&srv.url("/mid")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Body { .. }), "{err}");
    // Nothing listens on the port of a listener just closed.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dead = lead(&format!("http://127.0.0.1:{port}/"));
    // robots.txt is asked for first: an unreachable host counts as disallowed.
    let err = f.fetch(&dead, &Validators::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::RobotsUnavailable { .. }), "{err}");
    assert!(
        err.to_string().contains("refused") && err.is_retryable(),
        "{err}"
    );
    let no_robots = fetcher(FetchConfig {
        obey_robots: false,
        ..test_config()
    });
    let err = no_robots
        .fetch(&dead, &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains("cannot connect"), "{err}");
}

#[tokio::test]
async fn redirects_are_followed_capped_and_loops_caught() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/r1" => Reply::redirect(301, "/r2"),
        "/r2" => Reply::redirect(302, "r3?utm_source=x"),
        "/r3" => Reply::redirect(307, "/final"),
        "/final" => Reply::html("<p>final</p>"),
        "/loop-a" => Reply::redirect(302, "/loop-b"),
        "/loop-b" => Reply::redirect(302, "/loop-a"),
        "/nowhere" => Reply::with(302, &[], ""),
        p if p.starts_with("/deep/") => {
            let n: u32 = p[6..].parse().unwrap();
            Reply::redirect(302, &format!("/deep/{}", n + 1))
        }
        _ => Reply::status(404),
    })
    .await;
    let f = fetcher(FetchConfig {
        max_redirects: 5,
        ..test_config()
    });
    let p = page(
        f.fetch(&lead(&srv.url("/r1")), &Validators::default())
            .await,
    );
    assert_eq!(p.url, srv.url("/r1"));
    assert_eq!(p.final_url, srv.url("/final"));
    let err = f
        .fetch(&lead(&srv.url("/loop-a")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err}");
    let err = f
        .fetch(&lead(&srv.url("/deep/0")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
        "{err}"
    );
    assert_eq!(srv.hits("/deep/6"), 0);
    let err = f
        .fetch(&lead(&srv.url("/nowhere")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::BadRedirect { .. }), "{err}");
}

#[tokio::test]
async fn pages_over_the_cap_fail_as_too_large_and_reading_stops_there() {
    let big_gz = gzip(&vec![b'x'; 50_000]);
    let srv = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/declared" => Reply::html(vec![b'x'; 50_000]),
        // No Content-Length and no end: only a reader that stops at the cap
        // gets an answer before the total timeout.
        "/endless" => Reply::Endless {
            chunk: vec![b'x'; 4096],
        },
        "/gz" => Reply::with(
            200,
            &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            big_gz.clone(),
        ),
        _ => Reply::html(vec![b'x'; 10_000]),
    })
    .await;
    let f = fetcher(FetchConfig {
        max_body_bytes: 10_000,
        total_timeout_secs: 30.0,
        ..test_config()
    });
    for (path, what) in [
        ("/declared", "declared"),
        ("/endless", "on the wire"),
        ("/gz", "decompressed"),
    ] {
        let err = f
            .fetch(&lead(&srv.url(path)), &Validators::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, FetchError::TooLarge { limit: 10_000, what: w, .. } if w == what),
            "{path}: {err}"
        );
        assert!(err.reason().starts_with("too large"), "{err}");
        assert!(err.is_permanent());
        assert_eq!(srv.hits(path), 1, "{path}: not retried");
    }
    let p = page(
        f.fetch(&lead(&srv.url("/at-the-cap")), &Validators::default())
            .await,
    );
    assert_eq!(p.body.len(), 10_000);
    assert!(!p.truncated);
}

#[tokio::test]
async fn compressed_bodies_are_decoded_and_bombs_refused() {
    let page_html = b"<html><body><p>compressed article</p></body></html>".to_vec();
    let gz_page = gzip(&page_html);
    let bomb = gzip(&vec![0u8; 20_000_000]);
    let br_bomb = {
        let mut w = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
        std::io::Write::write_all(&mut w, &vec![b'a'; 20_000_000]).unwrap();
        w.into_inner()
    };
    assert!(bomb.len() < 100_000 && br_bomb.len() < 100_000);
    let srv = Server::start(move |r| {
        let (enc, body) = match r.path.as_str() {
            "/robots.txt" => return Reply::status(404),
            "/gz" => ("gzip", gz_page.clone()),
            "/bomb" => ("gzip", bomb.clone()),
            "/br-bomb" => ("br", br_bomb.clone()),
            _ => ("gzip", b"not gzip at all".to_vec()),
        };
        Reply::with(
            200,
            &[("Content-Type", "text/html"), ("Content-Encoding", enc)],
            body,
        )
    })
    .await;
    let f = fetcher(FetchConfig {
        max_decompressed_bytes: 1_000_000,
        ..test_config()
    });
    let p = page(
        f.fetch(&lead(&srv.url("/gz")), &Validators::default())
            .await,
    );
    assert_eq!(p.body, page_html);
    assert!(srv.last_headers("/gz")["accept-encoding"].contains("br"));
    for path in ["/bomb", "/br-bomb"] {
        let err = f
            .fetch(&lead(&srv.url(path)), &Validators::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                FetchError::TooLarge {
                    what: "decompressed",
                    ..
                }
            ),
            "{path}: {err}"
        );
    }
    let err = f
        .fetch(&lead(&srv.url("/broken")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Decode { .. }), "{err}");
}

#[tokio::test]
async fn binary_and_other_content_types_are_refused_by_kind() {
    let srv = Server::start(|r| {
        let ct = match r.path.as_str() {
            "/robots.txt" => return Reply::status(404),
            "/doc.pdf" => "application/pdf",
            "/photo" => "image/jpeg",
            "/files.zip" => "application/zip",
            "/setup.exe" => "application/x-msdownload",
            "/blob" => "application/octet-stream",
            "/notes.txt" => "text/plain; charset=utf-8",
            "/untyped" => "",
            _ => "unknown/unknown",
        };
        let headers: Vec<(&str, &str)> = if ct.is_empty() {
            vec![]
        } else {
            vec![("Content-Type", ct)]
        };
        Reply::with(200, &headers, "%PDF-1.4 or <html>")
    })
    .await;
    let f = fetcher(test_config());
    for (path, kind) in [
        ("/doc.pdf", "PDF document"),
        ("/photo", "image"),
        ("/files.zip", "archive"),
        ("/setup.exe", "executable"),
        ("/blob", "binary file"),
    ] {
        let err = f
            .fetch(&lead(&srv.url(path)), &Validators::default())
            .await
            .unwrap_err();
        match &err {
            FetchError::Binary { kind: k, .. } => assert_eq!(*k, kind, "{path}"),
            other => panic!("{path}: {other}"),
        }
        assert!(
            err.is_permanent() && err.to_string().contains(kind),
            "{err}"
        );
        assert_eq!(srv.hits(path), 1);
    }
    let err = f
        .fetch(&lead(&srv.url("/notes.txt")), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::NotHtml { .. }), "{err}");
    // Without a trustworthy type the bytes go on to scrape, which sniffs them.
    for path in ["/untyped", "/unknown"] {
        let p = page(f.fetch(&lead(&srv.url(path)), &Validators::default()).await);
        assert_eq!(p.body, b"%PDF-1.4 or <html>");
    }
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let srv = Server::start(|_| Reply::html("<p>internal</p>")).await;
    let f = fetcher(FetchConfig {
        allow_private_hosts: vec![],
        ..test_config()
    });
    for url in [
        srv.url("/admin"),
        format!("http://localhost:{}/admin", srv.addr.port()),
    ] {
        let err = f
            .fetch(&lead(&url), &Validators::default())
            .await
            .unwrap_err();
        assert!(matches!(err, FetchError::PrivateAddress { .. }), "{err}");
        assert!(err.is_permanent());
    }
    assert_eq!(srv.connections(), 0, "no connection was opened");
    // A source that allows private addresses may reach it.
    let mut source =
        newsmill_fetch::SourceConfig::new("test", newsmill_fetch::SourceKind::Feed, &srv.url("/f"));
    source.allow_private = true;
    f.register_source(&source);
    page(
        f.fetch(&lead(&srv.url("/admin")), &Validators::default())
            .await,
    );
}

#[tokio::test]
async fn invalid_lead_urls_are_named() {
    let f = fetcher(test_config());
    let err = f
        .fetch(&lead("ftp://e.com/x"), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::InvalidUrl { .. }) && err.to_string().contains("ftp://e.com/x")
    );
}

#[tokio::test]
async fn connect_timeout_when_the_server_never_accepts() {
    // A listener with a backlog of one that never accepts: once the queue is full,
    // the kernel drops further SYNs and the connection attempt hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..3 {
        let s = tokio::net::TcpSocket::new_v4().unwrap();
        if let Ok(Ok(c)) = tokio::time::timeout(Duration::from_millis(200), s.connect(addr)).await {
            fillers.push(c);
        }
    }
    let f = fetcher(FetchConfig {
        obey_robots: false,
        retries: 0,
        connect_timeout_secs: 0.3,
        first_byte_timeout_secs: 5.0,
        total_timeout_secs: 10.0,
        ..test_config()
    });
    let err = f
        .fetch(&lead(&format!("http://{addr}/")), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Timeout {
                phase: "connect",
                ..
            }
        ),
        "{err}"
    );
    drop(listener);
}
