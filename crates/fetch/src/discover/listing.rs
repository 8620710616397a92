//! Listing pages: article links matching the source's `link_pattern`, and pagination
//! (`rel=next`, or links matching `pagination_pattern`) followed up to `depth` steps
//! and `max_listing_pages` pages, which bounds calendar pages and endless query
//! variations.

use std::{
    collections::{HashSet, VecDeque},
    sync::Arc,
};

use newsmill_records::{Hints, Lead};
use scraper::{Html, Selector};
use tracing::{debug, warn};
use url::Url;

use super::Found;
use crate::{
    address::PrivateHosts,
    config::Filters,
    config::SourceConfig,
    error::FetchError,
    fetcher::{Fetcher, Want},
    normalize::resolve,
};

pub(super) async fn discover(
    fetcher: &Fetcher,
    source: &SourceConfig,
    filters: &Filters,
    start: &Url,
    private: &Arc<PrivateHosts>,
) -> Result<Found, FetchError> {
    let mut found = Found::default();
    let mut queue = VecDeque::from([(start.clone(), 0usize)]);
    let mut visited = HashSet::from([start.to_string()]);
    let mut read = 0usize;
    while let Some((url, depth)) = queue.pop_front() {
        if read >= source.max_listing_pages {
            warn!(source = %source.name, cap = source.max_listing_pages, left = queue.len() + 1,
                "Listing page cap reached, rest of the pagination skipped.");
            break;
        }
        let doc = match fetcher.get_document(&url, private, Want::Html).await {
            Ok(d) => d,
            Err(e) if read == 0 => return Err(e),
            Err(e) => {
                found.errors.push(e);
                continue;
            }
        };
        read += 1;
        let page = parse_listing(&doc.body, &doc.final_url, filters);
        debug!(%url, links = page.links.len(), next = page.next.len(), "Listing page read.");
        for link in page.links {
            if !visited.contains(link.as_str()) {
                found.leads.push(Lead {
                    source: source.name.clone(),
                    url: link.into(),
                    hints: Hints::default(),
                });
            }
        }
        if depth < source.depth {
            for next in page.next {
                if visited.insert(next.to_string()) {
                    queue.push_back((next, depth + 1));
                }
            }
        }
    }
    Ok(found)
}

/// What one listing page links to.
#[derive(Debug, Default)]
pub(crate) struct ListingPage {
    /// Article links, in page order, each once.
    pub links: Vec<Url>,
    /// Pagination links, in page order, each once.
    pub next: Vec<Url>,
}

/// Extracts article and pagination links. Without a `link_pattern`, article links
/// are links to other pages on the listing's host.
pub(crate) fn parse_listing(body: &[u8], page_url: &Url, filters: &Filters) -> ListingPage {
    // Link extraction only needs the ASCII structure, so a lossy view is enough;
    // the page's real charset is the scraper's business.
    let html = Html::parse_document(&String::from_utf8_lossy(body));
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let base = html
        .select(&sel("base[href]"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut out = ListingPage::default();
    let mut seen = HashSet::new();
    let same_host = |u: &Url| u.host_str() == page_url.host_str();
    for el in html.select(&sel("link[rel][href], a[rel][href]")) {
        let rel = el.value().attr("rel").unwrap_or("");
        if rel
            .split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("next"))
        {
            if let Ok(u) = resolve(&base, el.value().attr("href").unwrap_or("")) {
                if same_host(&u) && seen.insert(u.to_string()) {
                    out.next.push(u);
                }
            }
        }
    }
    for el in html.select(&sel("a[href]")) {
        let Ok(u) = resolve(&base, el.value().attr("href").unwrap_or("")) else {
            continue;
        };
        if u.as_str() == page_url.as_str() || seen.contains(u.as_str()) {
            continue;
        }
        let is_page = filters
            .pagination
            .as_ref()
            .is_some_and(|p| p.is_match(u.as_str()));
        if is_page {
            if same_host(&u) {
                seen.insert(u.to_string());
                out.next.push(u);
            }
            continue;
        }
        let is_article = match &filters.link {
            Some(p) => p.is_match(u.as_str()),
            None => same_host(&u),
        };
        if is_article {
            seen.insert(u.to_string());
            out.links.push(u);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{SourceConfig, SourceKind};

    #[test]
    fn links_and_pagination() {
        let html = r#"<html><head><link rel="next" href="/news?page=2"></head><body>
<a href="/news/2024/01/a.html#comments">A</a> <a href="/news/2024/01/a.html">A again</a>
<a href="https://other.org/news/2024/01/x.html">offsite</a>
<a href="/about">About</a> <a href="/calendar/2024-02">Feb</a>
<a href="/news/2024/01/b.html?utm_source=x">B</a></body></html>"#;
        let mut s = SourceConfig::new("l", SourceKind::Listing, "https://e.com/news");
        s.link_pattern = Some(r"^https://e\.com/news/\d{4}/".into());
        s.pagination_pattern = Some(r"/calendar/".into());
        let f = s.filters().unwrap();
        let page = parse_listing(
            html.as_bytes(),
            &Url::parse("https://e.com/news").unwrap(),
            &f,
        );
        let links: Vec<&str> = page.links.iter().map(Url::as_str).collect();
        assert_eq!(
            links,
            [
                "https://e.com/news/2024/01/a.html",
                "https://e.com/news/2024/01/b.html"
            ]
        );
        let next: Vec<&str> = page.next.iter().map(Url::as_str).collect();
        assert_eq!(
            next,
            [
                "https://e.com/news?page=2",
                "https://e.com/calendar/2024-02"
            ]
        );
    }

    #[test]
    fn default_pattern_is_same_host() {
        let html =
            r#"<a href="/x">x</a><a href="https://o.org/y">y</a><a href="mailto:a@b.c">m</a>"#;
        let s = SourceConfig::new("l", SourceKind::Listing, "https://e.com/");
        let page = parse_listing(
            html.as_bytes(),
            &Url::parse("https://e.com/").unwrap(),
            &s.filters().unwrap(),
        );
        assert_eq!(page.links.len(), 1);
        assert_eq!(page.links[0].as_str(), "https://e.com/x");
    }
}
