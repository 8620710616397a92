//! The parsers as pure functions over bytes: no network, no files, no state. The
//! fetcher uses the same code; these entry points are for fuzz targets, tools and
//! tests. None of them panics on bad input: a document that cannot be read is an
//! `Err` naming it, a bad entry an error beside the good ones.

use std::{io::Read, path::Path, time::Duration};

use newsmill_records::Page;
use url::Url;

use crate::{
    archive::WarcPages,
    body::{gunzip_capped, is_gzip},
    discover::Discovery,
    discover::SitemapEntry,
    discover::{self, Sitemap},
    error::FetchError,
    robots::{Entry, Rules},
};

/// Largest document [`parse_sitemap`] inflates a gzip'd sitemap to (the default
/// `max_decompressed_bytes`).
const MAX_SITEMAP_BYTES: u64 = 50 * 1024 * 1024;

fn parsed_url(url: &str) -> Result<Url, FetchError> {
    Url::parse(url.trim()).map_err(|e| FetchError::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })
}

/// Parses an RSS, Atom or JSON feed fetched from `url` (which resolves relative
/// links) into leads, unfiltered, in feed order, with an empty source name.
///
/// ```
/// let rss = br#"<rss version="2.0"><channel><title>t</title>
///   <item><title>One</title><link>/news/1</link></item></channel></rss>"#;
/// let d = newsmill_fetch::parse_feed(rss, "https://e.com/feed.xml").unwrap();
/// assert_eq!(d.leads[0].url, "https://e.com/news/1");
/// ```
pub fn parse_feed(body: &[u8], url: &str) -> Result<Discovery, FetchError> {
    let base = parsed_url(url)?;
    let found = discover::parse_feed(body, &base, url, "")?;
    Ok(Discovery {
        leads: found.leads,
        errors: found.errors,
        skipped: 0,
    })
}

/// A sitemap as parsed by [`parse_sitemap`].
#[derive(Debug, Default)]
pub struct SitemapDocument {
    /// True for a `<sitemapindex>` (its entries are child sitemaps), false for a
    /// `<urlset>` or a text sitemap (its entries are pages).
    pub index: bool,
    /// The entries with a `<loc>`, in document order.
    pub entries: Vec<SitemapEntry>,
    /// Problems with single entries (no `<loc>`, a bad date), each naming `url`.
    pub errors: Vec<FetchError>,
}

/// Parses an XML sitemap, sitemap index or text sitemap fetched from `url`
/// (gzip'd bodies are inflated first, up to 50 MiB).
pub fn parse_sitemap(body: &[u8], url: &str) -> Result<SitemapDocument, FetchError> {
    let inflated;
    let body = if is_gzip(body) {
        inflated = gunzip_capped(body, MAX_SITEMAP_BYTES, url).map_err(|reason| {
            FetchError::MalformedSitemap {
                url: url.to_string(),
                reason,
            }
        })?;
        &inflated[..]
    } else {
        body
    };
    let (doc, errors) = discover::parse_sitemap(body, url)?;
    Ok(match doc {
        Sitemap::Urls(entries) => SitemapDocument {
            index: false,
            entries,
            errors,
        },
        Sitemap::Index(entries) => SitemapDocument {
            index: true,
            entries,
            errors,
        },
    })
}

/// The rules of one robots.txt for one user agent, as [`parse_robots`] reads them.
pub struct RobotsRules(Entry);

impl RobotsRules {
    /// Whether the user agent may fetch `url` (a URL of the robots.txt's origin).
    pub fn allows(&self, url: &Url) -> bool {
        self.0.check(url).is_ok()
    }

    /// `Crawl-delay` for the user agent's group, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.0.crawl_delay()
    }

    /// `Sitemap:` lines, as written.
    pub fn sitemaps(&self) -> &[String] {
        self.0.sitemaps()
    }

    /// False when the file could not be parsed at all (it then allows
    /// everything, as an empty robots.txt would).
    pub fn parsed(&self) -> bool {
        matches!(self.0.rules, Rules::Parsed(_))
    }
}

/// Parses a robots.txt body (RFC 9309) for `user_agent` (the product token matched
/// against `User-agent:` groups).
pub fn parse_robots(user_agent: &str, body: &[u8]) -> RobotsRules {
    RobotsRules(Entry::parsed(user_agent, body, "robots.txt"))
}

/// Reads the HTML pages of a WARC file (`.warc` or `.warc.gz`, detected by its
/// first bytes) from `input`, as [`crate::read_archive`] does for a `warc` source:
/// pages carry `name` as their source, errors name `name` and the record.
pub fn read_warc(
    input: impl Read + Send + 'static,
    name: &str,
) -> Result<impl Iterator<Item = Result<Page, FetchError>> + Send, FetchError> {
    WarcPages::from_reader(name, Path::new(name), Box::new(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_plain_and_gzipped() {
        let xml = b"<urlset><url><loc>https://e.com/a</loc></url><url></url></urlset>";
        let doc = parse_sitemap(xml, "https://e.com/s.xml").unwrap();
        assert!(!doc.index);
        assert_eq!(doc.entries.len(), 1);
        assert_eq!(doc.errors.len(), 1);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(
            &mut gz,
            b"<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>",
        )
        .unwrap();
        let doc = parse_sitemap(&gz.finish().unwrap(), "https://e.com/i.xml.gz").unwrap();
        assert!(doc.index && doc.entries[0].loc == "/s1.xml");
        assert!(parse_sitemap(b"\x1f\x8bbroken", "https://e.com/x.gz").is_err());
    }

    #[test]
    fn robots_rules() {
        let r = parse_robots(
            "newsmill",
            b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: /s.xml\n",
        );
        assert!(r.parsed());
        assert!(r.allows(&Url::parse("https://e.com/news").unwrap()));
        assert!(!r.allows(&Url::parse("https://e.com/private/x").unwrap()));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
        assert_eq!(r.sitemaps(), ["/s.xml".to_string()]);
    }

    #[test]
    fn feeds_and_warcs_from_bytes() {
        assert!(parse_feed(b"<rss><channel><item>", "https://e.com/f").is_err());
        assert!(parse_feed(b"<rss/>", "not a url").is_err());
        let mut pages =
            read_warc(std::io::Cursor::new(b"WARC/1.0\r\nbroken".to_vec()), "mem").unwrap();
        let err = pages.next().unwrap().unwrap_err();
        assert!(
            err.to_string().contains("mem") && err.to_string().contains("header"),
            "{err}"
        );
        assert!(pages.next().is_none());
        assert!(read_warc(std::io::empty(), "empty")
            .unwrap()
            .next()
            .is_none());
    }
}
