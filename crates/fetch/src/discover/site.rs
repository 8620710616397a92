//! A site's own feeds and sitemaps, found from its home page and robots.txt, so a
//! user can start from a URL instead of a config (`newsmill init --site URL`).

use std::sync::Arc;

use scraper::{Html, Selector};
use tracing::debug;
use url::Url;

use crate::{
    address::PrivateHosts, config::SourceConfig, error::FetchError, fetcher::Fetcher,
    fetcher::Want, normalize::resolve, robots::Rules,
};

/// The feed types a home page announces with `<link rel="alternate" type=...>`.
const FEED_TYPES: [&str; 4] = [
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
];

/// Where a site says its articles are listed.
#[derive(Debug, Default)]
pub struct SiteSurvey {
    /// The home page after redirects.
    pub home: String,
    /// Feeds the home page announces, each fetched and parsed.
    pub feeds: Vec<SurveyHit>,
    /// Sitemaps from robots.txt `Sitemap:` lines, or `/sitemap.xml` when robots.txt
    /// lists none, each fetched and parsed.
    pub sitemaps: Vec<SurveyHit>,
    /// Candidates that could not be read (each names its URL), and robots.txt when
    /// it could not be read.
    pub errors: Vec<FetchError>,
}

/// A feed or sitemap that was fetched and parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyHit {
    /// Its URL.
    pub url: String,
    /// Where it was found: `home page`, `robots.txt` or `default location`.
    pub found_in: &'static str,
    /// Article URLs a feed or urlset lists; child sitemaps of a sitemap index.
    pub entries: usize,
    /// True for a sitemap index.
    pub index: bool,
}

impl Fetcher {
    /// Finds the feeds and sitemaps of the site whose home page is `source`'s URL
    /// (its `allow_private` and `allow_private_hosts` apply): `<link
    /// rel="alternate">` feeds of the home page, robots.txt `Sitemap:` lines (else
    /// `/sitemap.xml`), each fetched politely and parsed, so that only working ones
    /// are returned. Fails only when the home page cannot be fetched.
    pub async fn survey(&self, source: &SourceConfig) -> Result<SiteSurvey, FetchError> {
        self.register_source(source);
        let raw = source.web_url()?;
        let url = Url::parse(raw.trim()).map_err(|e| FetchError::InvalidUrl {
            url: raw.to_string(),
            reason: e.to_string(),
        })?;
        let allow = self.private_hosts(&source.name);
        let home = self.get_document(&url, &allow, Want::Html).await?;
        let mut survey = SiteSurvey {
            home: home.final_url.to_string(),
            ..SiteSurvey::default()
        };
        for feed in feed_links(&home.body, &home.final_url) {
            match self.check_feed(&feed, &allow).await {
                Ok(entries) => survey.feeds.push(SurveyHit {
                    url: feed.to_string(),
                    found_in: "home page",
                    entries,
                    index: false,
                }),
                Err(e) => survey.errors.push(e),
            }
        }
        let mut candidates = Vec::new();
        match self.robots_for(&home.final_url, &allow).await {
            Ok(entry) => {
                if let Rules::Unavailable(reason) = &entry.rules {
                    survey.errors.push(FetchError::RobotsUnavailable {
                        url: robots_url(&home.final_url),
                        reason: reason.clone(),
                    });
                }
                for line in entry.sitemaps() {
                    match resolve(&home.final_url, line) {
                        Ok(u) => candidates.push((u, "robots.txt")),
                        Err(e) => survey.errors.push(e),
                    }
                }
            }
            Err(e) => survey.errors.push(e),
        }
        if candidates.is_empty() {
            if let Ok(u) = home.final_url.join("/sitemap.xml") {
                candidates.push((u, "default location"));
            }
        }
        for (sitemap, found_in) in candidates {
            match self.check_sitemap(&sitemap, &allow).await {
                Ok((entries, index)) => survey.sitemaps.push(SurveyHit {
                    url: sitemap.to_string(),
                    found_in,
                    entries,
                    index,
                }),
                Err(e) => survey.errors.push(e),
            }
        }
        debug!(home = %survey.home, feeds = survey.feeds.len(), sitemaps = survey.sitemaps.len(), "Site surveyed.");
        Ok(survey)
    }

    async fn check_feed(&self, url: &Url, allow: &Arc<PrivateHosts>) -> Result<usize, FetchError> {
        let doc = self.get_document(url, allow, Want::Any).await?;
        let found = crate::parse_feed(&doc.body, doc.final_url.as_str())?;
        Ok(found.leads.len())
    }

    async fn check_sitemap(
        &self,
        url: &Url,
        allow: &Arc<PrivateHosts>,
    ) -> Result<(usize, bool), FetchError> {
        let doc = self.get_document(url, allow, Want::Any).await?;
        let parsed = crate::parse_sitemap(&doc.body, doc.final_url.as_str())?;
        Ok((parsed.entries.len(), parsed.index))
    }
}

fn robots_url(url: &Url) -> String {
    format!("{}/robots.txt", url.origin().ascii_serialization())
}

/// The feeds a page announces: `<link rel="alternate" href type="application/rss+xml">`
/// (Atom and JSON Feed too), resolved against `<base href>` or the page URL, in
/// document order, each once.
pub fn feed_links(body: &[u8], page_url: &Url) -> Vec<Url> {
    let html = Html::parse_document(&String::from_utf8_lossy(body));
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let base = html
        .select(&sel("base[href]"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut out: Vec<Url> = Vec::new();
    for el in html.select(&sel("link[rel][href][type]")) {
        let v = el.value();
        let alternate = v
            .attr("rel")
            .unwrap_or("")
            .split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("alternate"));
        let kind = v.attr("type").unwrap_or("").trim().to_ascii_lowercase();
        let kind = kind.split(';').next().unwrap_or("").trim();
        if !alternate || !FEED_TYPES.contains(&kind) {
            continue;
        }
        if let Ok(u) = resolve(&base, v.attr("href").unwrap_or("")) {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_links_are_alternate_feed_types_resolved() {
        let html = br#"<html><head><base href="https://e.com/news/">
<link rel="alternate" type="application/rss+xml" href="feed.xml">
<link rel="alternate" type="application/atom+xml; charset=utf-8" href="/atom.xml">
<link rel="alternate" type="text/html" hreflang="de" href="/de/">
<link rel="stylesheet" type="text/css" href="/s.css">
<link rel="Alternate" type="application/rss+xml" href="feed.xml">
</head><body><a href="/rss">rss</a></body></html>"#;
        let page = Url::parse("https://e.com/").unwrap();
        let links: Vec<String> = feed_links(html, &page).iter().map(Url::to_string).collect();
        assert_eq!(
            links,
            ["https://e.com/news/feed.xml", "https://e.com/atom.xml"]
        );
    }
}
