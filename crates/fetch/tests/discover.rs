//! Discovery from feeds, sitemaps, robots.txt and listings, served by the test server.

use newsmill_fetch::{FetchError, SourceConfig, SourceKind};

use crate::server::{Reply, Server};
use crate::{fetcher, fixture, gzip, test_config};

fn xml(body: String) -> Reply {
    Reply::with(200, &[("Content-Type", "application/xml")], body)
}

/// A site with a feed, a sitemap index and robots.txt, built from the fixtures.
async fn site() -> Server {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let b = base.clone();
    let srv = Server::start(move |r| {
        let base = b.get().unwrap();
        let fill = |name: &str| fixture(name).replace("{base}", base);
        match r.path.as_str() {
            "/robots.txt" => Reply::with(
                200,
                &[("Content-Type", "text/plain")],
                format!("User-agent: *\nDisallow: /drafts/\nSitemap: {base}/sitemap-index.xml\n"),
            ),
            "/feed.xml" => Reply::with(
                200,
                &[("Content-Type", "application/rss+xml")],
                fill("feed.xml"),
            ),
            "/bad-feed.xml" => xml("<rss><channel><item><title>cut".into()),
            "/sitemap-index.xml" => xml(fill("sitemap-index.xml")),
            "/sitemap-news.xml" => xml(fill("sitemap-news.xml")),
            "/sitemap-2024.xml.gz" => Reply::with(
                200,
                &[("Content-Type", "application/x-gzip")],
                gzip(fill("sitemap-2024.xml").as_bytes()),
            ),
            "/sitemap-broken.xml" => xml("<urlset><url><loc>x</loc></urlset>".into()),
            "/sitemap-2009.xml" => xml("<urlset></urlset>".into()),
            _ => Reply::status(404),
        }
    })
    .await;
    base.set(format!("http://{}", srv.addr)).unwrap();
    srv
}

fn source(name: &str, kind: SourceKind, url: String) -> SourceConfig {
    let mut s = SourceConfig::new(name, kind, &url);
    s.allow_private = true;
    s
}

#[tokio::test]
async fn feed_entries_become_filtered_leads() {
    let srv = site().await;
    let f = fetcher(test_config());
    let mut s = source("feed", SourceKind::Feed, srv.url("/feed.xml"));
    s.since = Some("2020-01-01".parse().unwrap());
    s.exclude = vec!["/opinion/".into()];
    let d = f.discover(&s).await.unwrap();
    let urls: Vec<&str> = d.leads.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            srv.url("/news/2024/03/river-bridge"),
            srv.url("/news/2024/02/grain-exports")
        ],
        "tracking parameters stripped, newest first, old and excluded entries dropped"
    );
    let first = &d.leads[0];
    assert_eq!(first.source, "feed");
    assert_eq!(
        first.hints.title.as_deref(),
        Some("Council approves the new river bridge")
    );
    assert_eq!(first.hints.authors, ["Hanna Sakalova"]);
    assert_eq!(first.hints.tags, ["City"]);
    assert_eq!(
        first.hints.summary.as_deref(),
        Some("The council voted 31 to 4 for the Svislach crossing.")
    );
    assert_eq!(d.skipped, 2);
    assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
    let e = d.errors[0].to_string();
    assert!(
        e.contains(&srv.url("/feed.xml")) && e.contains("no link"),
        "{e}"
    );
}

#[tokio::test]
async fn malformed_feeds_fail_naming_the_url() {
    let srv = site().await;
    let f = fetcher(test_config());
    let err = f
        .discover(&source("bad", SourceKind::Feed, srv.url("/bad-feed.xml")))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::MalformedFeed { .. }), "{err}");
    assert!(err.to_string().contains(&srv.url("/bad-feed.xml")));
    let err = f
        .discover(&source("gone", SourceKind::Feed, srv.url("/nope.xml")))
        .await
        .unwrap_err();
    assert!(err.is_gone(), "{err}");
}

#[tokio::test]
async fn sitemap_index_is_read_recursively_keeping_good_children() {
    let srv = site().await;
    let f = fetcher(test_config());
    let mut s = source(
        "sitemap",
        SourceKind::Sitemap,
        srv.url("/sitemap-index.xml"),
    );
    s.since = Some("2024-01-01".parse().unwrap());
    s.include = vec!["/news/".into()];
    let d = f.discover(&s).await.unwrap();
    let urls: Vec<&str> = d.leads.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            srv.url("/news/2024/03/tram-line"),
            srv.url("/news/2024/03/river-bridge"),
            srv.url("/news/2024/02/grain-exports"),
            srv.url("/news/2024/01/budget"),
        ]
    );
    let bridge = &d.leads[1];
    assert_eq!(
        bridge.hints.title.as_deref(),
        Some("Council approves the new river bridge")
    );
    assert_eq!(
        bridge.hints.published.unwrap().to_rfc3339(),
        "2024-03-04T09:30:00+03:00"
    );
    assert_eq!(bridge.hints.tags, ["bridge", "city council"]);
    assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
    assert!(
        matches!(&d.errors[0], FetchError::MalformedSitemap { url, .. } if url == &srv.url("/sitemap-broken.xml"))
    );
    assert_eq!(
        srv.hits("/sitemap-2009.xml"),
        0,
        "children older than `since` are not fetched"
    );
    // A broken root sitemap fails the source, naming it.
    let err = f
        .discover(&source(
            "b",
            SourceKind::Sitemap,
            srv.url("/sitemap-broken.xml"),
        ))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("/sitemap-broken.xml"), "{err}");
}

#[tokio::test]
async fn robots_sitemaps_and_cross_source_dedup() {
    let srv = site().await;
    let f = fetcher(test_config());
    let feed = f
        .discover(&source("feed", SourceKind::Feed, srv.url("/feed.xml")))
        .await
        .unwrap();
    assert_eq!(feed.leads.len(), 4);
    let mut robots = source("robots", SourceKind::Robots, srv.url("/robots.txt"));
    robots.max_pages = Some(3);
    let d = f.discover(&robots).await.unwrap();
    let urls: Vec<&str> = d.leads.iter().map(|l| l.url.as_str()).collect();
    // river-bridge and grain-exports came from the feed already.
    assert_eq!(
        urls,
        [
            srv.url("/news/2024/03/tram-line"),
            srv.url("/news/2024/01/budget"),
            srv.url("/news/2023/12/year-review")
        ]
    );
    assert!(d.leads.iter().all(|l| l.source == "robots"));
}

#[tokio::test]
async fn listings_follow_pagination_within_bounds() {
    let srv = Server::start(|r| {
        let path = r.path.as_str();
        if let Some(n) = path.strip_prefix("/list?page=") {
            let n: u32 = n.parse().unwrap();
            Reply::html(format!(
                r#"<html><head><link rel="next" href="/list?page={next}"></head><body>
                <a href="/story/{n}-a">A</a> <a href="/story/{n}-b?utm_campaign=x">B</a>
                <a href="/tag/politics">tag</a> <a href="/calendar?day={n}">day</a></body></html>"#,
                next = n + 1
            ))
        } else if let Some(d) = path.strip_prefix("/calendar?day=") {
            let d: u32 = d.parse().unwrap();
            Reply::html(format!(
                r#"<a href="/calendar?day={}">next day</a><a href="/story/cal-{d}">s</a>"#,
                d + 1
            ))
        } else {
            Reply::status(404)
        }
    })
    .await;
    let f = fetcher(test_config());
    let mut s = source("list", SourceKind::Listing, srv.url("/list?page=1"));
    s.link_pattern = Some(r"/story/".into());
    s.depth = 2;
    let d = f.discover(&s).await.unwrap();
    assert_eq!(d.leads.len(), 6, "3 pages × 2 stories");
    assert!(d.leads.iter().any(|l| l.url == srv.url("/story/3-b")));
    assert_eq!(srv.hits("/list?page=4"), 0, "depth 2 stops after page 3");

    // An endless calendar is cut by the page cap whatever the depth.
    let mut trap = source("trap", SourceKind::Listing, srv.url("/calendar?day=1"));
    trap.link_pattern = Some(r"/story/".into());
    trap.pagination_pattern = Some(r"/calendar\?".into());
    trap.depth = 10_000;
    trap.max_listing_pages = 5;
    let d = f.discover(&trap).await.unwrap();
    let calendar_hits = srv
        .paths()
        .iter()
        .filter(|p| p.starts_with("/calendar"))
        .count();
    assert_eq!(calendar_hits, 5);
    assert_eq!(d.leads.len(), 5);
}

#[tokio::test]
async fn archive_sources_and_bad_patterns_are_refused_with_the_source_name() {
    let f = fetcher(test_config());
    let err = f
        .discover(&SourceConfig::archive("local", SourceKind::Folder, "/tmp"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::InvalidSource { .. }) && err.to_string().contains("local"),
        "{err}"
    );
    let mut s = SourceConfig::new("rx", SourceKind::Feed, "http://127.0.0.1:9/f");
    s.include = vec!["[".into()];
    let err = f.discover(&s).await.unwrap_err();
    assert!(
        err.to_string().contains("rx") && err.to_string().contains("include"),
        "{err}"
    );
}
