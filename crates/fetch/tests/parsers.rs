//! The parsers' public pure entry points (what fuzz targets call): bytes in,
//! leads, entries or pages out, errors naming the document, no network.

use newsmill_fetch::{
    normalize_url, parse_feed, parse_robots, parse_sitemap, read_warc, WarcRecorder,
};
use newsmill_records::Page;

use crate::fixture;

#[test]
fn feed_bytes_give_normalised_leads() {
    let xml = fixture("feed.xml").replace("{base}", "https://minsk.example");
    let d = parse_feed(xml.as_bytes(), "https://minsk.example/feed.xml").unwrap();
    assert_eq!(d.leads.len(), 4);
    assert_eq!(
        d.leads[0].url,
        "https://minsk.example/news/2024/03/river-bridge"
    );
    assert!(d.leads[0].hints.published.is_some());
    let err = parse_feed(b"<rss><channel><item>", "https://e.com/f.xml").unwrap_err();
    assert!(err.to_string().contains("https://e.com/f.xml"), "{err}");
}

#[test]
fn sitemap_and_robots_bytes() {
    let doc = parse_sitemap(
        b"<urlset><url><loc>https://e.com/a</loc><lastmod>2024-05-01</lastmod></url></urlset>",
        "https://e.com/s.xml",
    )
    .unwrap();
    assert_eq!(doc.entries[0].loc, "https://e.com/a");
    assert!(doc.entries[0].lastmod.is_some());
    assert!(parse_sitemap(b"<html/>", "https://e.com/s.xml").is_err());
    let rules = parse_robots("newsmill", b"User-agent: newsmill\nDisallow: /x\n");
    assert!(!rules.allows(&"https://e.com/x/1".parse().unwrap()));
    // Bytes that are not a robots.txt at all allow everything, without panicking.
    let junk = parse_robots("newsmill", &[0xff, 0xfe, 0, 1, 2, b'\n', b':']);
    assert!(junk.allows(&"https://e.com/".parse().unwrap()));
}

#[test]
fn warc_bytes_from_any_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.warc.gz");
    let mut rec = WarcRecorder::create(&path).unwrap();
    let mut page = Page::from_bytes("live", "https://e.com/a", b"<p>a</p>".to_vec());
    page.content_type = Some("text/html".into());
    rec.write_page(&page).unwrap();
    rec.finish().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let pages: Vec<Page> = read_warc(std::io::Cursor::new(bytes), "memory")
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].body, b"<p>a</p>");
    assert_eq!(pages[0].source, "memory");
}

#[test]
fn url_normalisation_is_idempotent_on_odd_input() {
    for raw in [
        "HTTP://E.com:80/a/../b?utm_source=x&b=2&a=1#f",
        "https://xn--80ak6aa92e.com/?",
        "https://e.com/%7Euser/?q=%20",
        "http://[::1]:8080/x",
    ] {
        let once = normalize_url(raw).unwrap();
        assert_eq!(normalize_url(&once).unwrap(), once, "{raw}");
    }
    assert!(normalize_url("javascript:alert(1)").is_err());
}
