//! The private-address guard (issue #11.1): a source may reach a private address at
//! its own host only; redirects, feed and sitemap entries and robots.txt `Sitemap:`
//! lines that point at any other private address are refused before a connection
//! is opened. The "other private host" is a second loopback server that counts the
//! connections it accepts, and the test DNS counts lookups: no test traffic leaves
//! the loopback interface.

use newsmill_fetch::{FetchConfig, FetchError, Fetched, SourceConfig, SourceKind, Validators};
use newsmill_records::Lead;

use crate::server::{Reply, Server};
use crate::{test_config, TestDns};

/// No host allowed by the configuration itself: only what sources name.
fn strict() -> FetchConfig {
    FetchConfig {
        allow_private_hosts: vec![],
        ..test_config()
    }
}

/// The inside server: anything that reaches it is a leak.
async fn inside() -> Server {
    Server::start(|_| Reply::html("<p>secret</p>")).await
}

fn lead(source: &str, url: &str) -> Lead {
    Lead {
        source: source.into(),
        url: url.into(),
        hints: Default::default(),
    }
}

fn private_source(kind: SourceKind, url: &str) -> SourceConfig {
    let mut s = SourceConfig::new("site", kind, url);
    s.allow_private = true;
    s
}

fn assert_refused(result: Result<Fetched, FetchError>, what: &str) {
    match result {
        Err(e @ FetchError::PrivateAddress { .. }) => assert!(e.is_permanent(), "{what}: {e}"),
        Err(e) => panic!("{what}: {e}"),
        Ok(_) => panic!("{what}: fetched"),
    }
}

#[tokio::test]
async fn redirects_into_another_private_host_are_refused_before_connecting() {
    let secret = inside().await;
    let port = secret.addr.port();
    let site = Server::start(move |r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/to-literal" => Reply::redirect(302, &format!("http://127.0.0.1:{port}/secret")),
        "/to-v6" => Reply::redirect(301, &format!("http://[::1]:{port}/secret")),
        "/to-name" => Reply::redirect(307, &format!("http://public.test:{port}/secret")),
        "/to-localhost" => Reply::redirect(302, &format!("http://localhost:{port}/secret")),
        "/to-self" => Reply::redirect(302, "/page"),
        _ => Reply::html("<p>page</p>"),
    })
    .await;
    // public.test is a public-looking name whose DNS answer is private.
    let dns = TestDns::default()
        .with("public.test", "127.0.0.1")
        .with("localhost", "127.0.0.1");
    let f = dns.fetcher(strict());
    f.register_source(&private_source(SourceKind::Feed, &site.url("/feed.xml")));
    for path in ["/to-literal", "/to-v6", "/to-name", "/to-localhost"] {
        let result = f
            .fetch(&lead("site", &site.url(path)), &Validators::default())
            .await;
        assert_refused(result, path);
    }
    assert_eq!(secret.connections(), 0, "nothing reached the inside server");
    assert_eq!(
        dns.lookups("public.test"),
        1,
        "the name was resolved, then refused"
    );
    // The source's own host stays reachable, redirects within it too.
    let ok = f
        .fetch(&lead("site", &site.url("/to-self")), &Validators::default())
        .await;
    assert!(matches!(ok, Ok(Fetched::Page(_))), "{ok:?}");
    // Leads of a source that does not allow private addresses are refused at its
    // host too.
    let other = f
        .fetch(&lead("other", &site.url("/page")), &Validators::default())
        .await;
    assert_refused(other, "another source");
}

#[tokio::test]
async fn a_public_name_resolving_to_a_private_address_is_refused() {
    let secret = inside().await;
    let dns = TestDns::default().with("rebind.test", "127.0.0.1");
    let f = dns.fetcher(strict());
    let url = format!("http://rebind.test:{}/", secret.addr.port());
    assert_refused(
        f.fetch(&lead("any", &url), &Validators::default()).await,
        "rebind",
    );
    assert_eq!(secret.connections(), 0);
    // Named in allow_private_hosts, the same host is reached.
    let named = dns.fetcher(FetchConfig {
        allow_private_hosts: vec![format!("rebind.test:{}", secret.addr.port())],
        ..strict()
    });
    let ok = named
        .fetch(&lead("any", &url), &Validators::default())
        .await;
    assert!(matches!(ok, Ok(Fetched::Page(_))), "{ok:?}");
    assert!(secret.connections() > 0);
}

#[tokio::test]
async fn feed_entries_and_robots_sitemap_lines_pointing_inside_are_refused() {
    let secret = inside().await;
    let inside_base = format!("http://127.0.0.1:{}", secret.addr.port());
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let b = base.clone();
    let ib = inside_base.clone();
    let site = Server::start(move |r| {
        let base = b.get().unwrap();
        match r.path.as_str() {
            "/robots.txt" => Reply::with(
                200,
                &[("Content-Type", "text/plain")],
                format!("User-agent: *\nAllow: /\nSitemap: {ib}/sitemap.xml\nSitemap: {base}/sitemap.xml\n"),
            ),
            "/sitemap.xml" => Reply::with(
                200,
                &[("Content-Type", "application/xml")],
                format!("<urlset><url><loc>{base}/news/1</loc></url></urlset>"),
            ),
            "/feed.xml" => Reply::with(
                200,
                &[("Content-Type", "application/rss+xml")],
                format!(
                    "<rss version=\"2.0\"><channel><title>t</title>\
                     <item><title>a</title><link>{base}/news/2</link></item>\
                     <item><title>b</title><link>{ib}/admin</link></item>\
                     </channel></rss>"
                ),
            ),
            _ => Reply::html("<p>news</p>"),
        }
    })
    .await;
    base.set(format!("http://{}", site.addr)).unwrap();
    let f = TestDns::default().fetcher(strict());

    let robots = private_source(SourceKind::Robots, &site.url("/robots.txt"));
    let d = f.discover(&robots).await.unwrap();
    assert_eq!(d.leads.len(), 1, "the site's own sitemap is read");
    assert!(
        d.errors.iter().any(
            |e| matches!(e, FetchError::PrivateAddress { url, .. } if url.starts_with(&inside_base))
        ),
        "{:?}",
        d.errors
    );

    let mut feed = private_source(SourceKind::Feed, &site.url("/feed.xml"));
    feed.name = "feed".into();
    let d = f.discover(&feed).await.unwrap();
    assert_eq!(d.leads.len(), 2);
    for l in &d.leads {
        let result = f.fetch(l, &Validators::default()).await;
        if l.url.starts_with(&inside_base) {
            // The failure is the URL's own, with the reason.
            match result {
                Err(e @ FetchError::PrivateAddress { .. }) => {
                    assert_eq!(e.item(), l.url);
                    assert!(e.reason().contains("refused private address"), "{e}");
                }
                other => panic!("{}: {other:?}", l.url),
            }
        } else {
            assert!(matches!(result, Ok(Fetched::Page(_))), "{result:?}");
        }
    }
    assert_eq!(secret.connections(), 0, "nothing reached the inside server");
}

#[tokio::test]
async fn fetch_allow_private_names_each_sources_own_host_only() {
    let secret = inside().await;
    let site = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/feed.xml" => Reply::with(
            200,
            &[("Content-Type", "application/rss+xml")],
            "<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
        ),
        _ => Reply::html("<p>page</p>"),
    })
    .await;
    let f = TestDns::default().fetcher(FetchConfig {
        allow_private: true,
        ..strict()
    });
    let source = SourceConfig::new("s", SourceKind::Feed, &site.url("/feed.xml"));
    f.discover(&source).await.unwrap();
    assert!(f
        .fetch(&lead("s", &site.url("/a")), &Validators::default())
        .await
        .is_ok());
    let url = format!("http://127.0.0.1:{}/x", secret.addr.port());
    assert_refused(
        f.fetch(&lead("s", &url), &Validators::default()).await,
        "another port",
    );
    assert_eq!(secret.connections(), 0);
}
