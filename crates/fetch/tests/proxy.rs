//! Proxies (issue #12.6): requests go through `[fetch] proxy` with its
//! credentials, which are never shown; the private-address guard still holds for
//! the hosts fetched through it. The proxy is a loopback server the test starts,
//! answering in the origin's place.

use newsmill_fetch::{FetchConfig, FetchError, Fetched, ProxyUrl, Validators};

use crate::server::{Reply, Server};
use crate::{lead, test_config, TestDns};

async fn proxy() -> Server {
    Server::start(|r| {
        if r.path.ends_with("/robots.txt") {
            Reply::status(404)
        } else {
            Reply::html(format!("<p>via proxy: {}</p>", r.path))
        }
    })
    .await
}

fn through(proxy: &str) -> FetchConfig {
    FetchConfig {
        allow_private_hosts: vec![],
        proxy: Some(ProxyUrl::parse(proxy).unwrap()),
        ..test_config()
    }
}

#[tokio::test]
async fn requests_go_through_the_configured_proxy_with_its_credentials() {
    let p = proxy().await;
    // news.test does not resolve here: only the proxy can reach it.
    let dns = TestDns::default();
    let f = dns.fetcher(through(&format!(
        "http://alice:s3cret@127.0.0.1:{}",
        p.addr.port()
    )));
    let page = match f
        .fetch(&lead("http://news.test/a"), &Validators::default())
        .await
    {
        Ok(Fetched::Page(page)) => page,
        other => panic!("{other:?}"),
    };
    assert_eq!(page.body, b"<p>via proxy: http://news.test/a</p>");
    assert_eq!(p.hits("http://news.test/a"), 1);
    assert_eq!(p.hits("http://news.test/robots.txt"), 1, "robots.txt too");
    assert_eq!(
        p.last_headers("http://news.test/a")["proxy-authorization"],
        "Basic YWxpY2U6czNjcmV0"
    );
    let shown = format!("{:?}", f.config());
    assert!(
        shown.contains("alice:***@") && !shown.contains("s3cret"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_guard_holds_for_hosts_fetched_through_the_proxy() {
    let p = proxy().await;
    let dns = TestDns::default().with("intranet.test", "10.0.0.5");
    let f = dns.fetcher(through(&format!("http://127.0.0.1:{}", p.addr.port())));
    for url in [
        "http://intranet.test/wiki",
        "http://127.0.0.2/admin",
        "http://[fd00::1]/",
        "http://localhost:8080/",
    ] {
        let err = f
            .fetch(&lead(url), &Validators::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, FetchError::PrivateAddress { .. }),
            "{url}: {err}"
        );
    }
    assert_eq!(
        dns.lookups("intranet.test"),
        1,
        "checked here before the proxy"
    );
    assert_eq!(p.connections(), 0, "the proxy was never asked");
}

#[tokio::test]
async fn a_proxy_named_by_a_private_host_name_is_reached() {
    let p = proxy().await;
    let dns = TestDns::default().with("proxy.corp", "127.0.0.1");
    let f = dns.fetcher(through(&format!("proxy.corp:{}", p.addr.port())));
    let result = f
        .fetch(&lead("http://news.test/b"), &Validators::default())
        .await;
    assert!(matches!(result, Ok(Fetched::Page(_))), "{result:?}");
    assert!(dns.lookups("proxy.corp") >= 1);
    assert_eq!(p.hits("http://news.test/b"), 1);
}
