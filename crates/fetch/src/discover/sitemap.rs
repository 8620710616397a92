//! XML sitemaps (sitemaps.org), sitemap indexes (read recursively), gzip'd
//! sitemaps, Google News sitemaps (`news:publication_date`, `news:title`,
//! `news:keywords`) and text sitemaps (one URL per line). XML is parsed with
//! `quick-xml` as a stream, so a 50 MB sitemap is not held as a tree.

use std::{
    collections::{HashSet, VecDeque},
    sync::Arc,
};

use chrono::{DateTime, FixedOffset};
use newsmill_records::{Hints, Lead};
use quick_xml::{events::Event, Reader};
use tracing::debug;
use url::Url;

use super::{parse_w3c_date, Found};
use crate::{
    address::PrivateHosts,
    body::{gunzip_capped, is_gzip},
    config::SourceConfig,
    error::FetchError,
    fetcher::{Fetcher, Want},
    normalize::resolve,
};

/// Index nesting followed (index → index → … → urlset).
const MAX_DEPTH: usize = 4;
/// Sitemaps read per source and run.
const MAX_SITEMAPS: usize = 1000;

/// One `<url>` entry of a sitemap, or one `<sitemap>` entry of an index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SitemapEntry {
    /// `<loc>`, as written (relative locations are resolved by the caller).
    pub loc: String,
    /// `<lastmod>`.
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// Google News `<news:title>`.
    pub news_title: Option<String>,
    /// Google News `<news:publication_date>`.
    pub news_date: Option<DateTime<FixedOffset>>,
    /// Google News `<news:keywords>`, split at commas.
    pub keywords: Vec<String>,
}

/// A parsed sitemap document.
#[derive(Debug, PartialEq)]
pub(crate) enum Sitemap {
    /// A `<urlset>`.
    Urls(Vec<SitemapEntry>),
    /// A `<sitemapindex>`: child sitemap locations and `lastmod`s.
    Index(Vec<SitemapEntry>),
}

pub(super) async fn discover(
    fetcher: &Fetcher,
    source: &SourceConfig,
    roots: Vec<Url>,
    private: &Arc<PrivateHosts>,
    root_is_source: bool,
) -> Result<Found, FetchError> {
    let cap = fetcher.config.max_decompressed_bytes;
    let mut found = Found::default();
    let mut queue: VecDeque<(Url, usize)> = roots.into_iter().map(|u| (u, 0)).collect();
    let mut visited = HashSet::new();
    let mut first = true;
    while let Some((url, depth)) = queue.pop_front() {
        if !visited.insert(url.to_string()) {
            continue;
        }
        if visited.len() > MAX_SITEMAPS {
            found.errors.push(FetchError::MalformedSitemap {
                url: url.to_string(),
                reason: format!("more than {MAX_SITEMAPS} sitemaps in one source, rest skipped"),
            });
            break;
        }
        let result = async {
            let doc = fetcher.get_document(&url, private, Want::Any).await?;
            let body = if is_gzip(&doc.body) {
                gunzip_capped(&doc.body, cap, url.as_str()).map_err(|reason| {
                    FetchError::MalformedSitemap {
                        url: url.to_string(),
                        reason,
                    }
                })?
            } else {
                doc.body
            };
            parse_sitemap(&body, url.as_str())
        }
        .await;
        // A sitemap source's own URL failing fails the source; robots.txt
        // `Sitemap:` lines fail one by one, each recorded.
        let parsed = match result {
            Ok(p) => p,
            Err(e) if first && root_is_source => return Err(e),
            Err(e) => {
                found.errors.push(e);
                continue;
            }
        };
        first = false;
        match parsed {
            (Sitemap::Urls(entries), errors) => {
                found.errors.extend(errors);
                found.leads.reserve(entries.len());
                for e in entries {
                    match resolve(&url, &e.loc) {
                        Ok(u) => found.leads.push(lead(&source.name, u, e)),
                        Err(err) => found.errors.push(FetchError::MalformedSitemap {
                            url: url.to_string(),
                            reason: format!("<loc> {:?}: {err}", e.loc),
                        }),
                    }
                }
            }
            (Sitemap::Index(children), errors) => {
                found.errors.extend(errors);
                if depth >= MAX_DEPTH {
                    found.errors.push(FetchError::MalformedSitemap {
                        url: url.to_string(),
                        reason: format!(
                            "sitemap indexes nested deeper than {MAX_DEPTH}, children skipped"
                        ),
                    });
                    continue;
                }
                for child in children {
                    if let (Some(since), Some(lastmod)) = (source.since, child.lastmod) {
                        if lastmod.date_naive() < since {
                            debug!(sitemap = %child.loc, "Child sitemap older than `since`, skipped.");
                            continue;
                        }
                    }
                    match resolve(&url, &child.loc) {
                        Ok(u) => queue.push_back((u, depth + 1)),
                        Err(err) => found.errors.push(FetchError::MalformedSitemap {
                            url: url.to_string(),
                            reason: format!("child <loc> {:?}: {err}", child.loc),
                        }),
                    }
                }
            }
        }
    }
    Ok(found)
}

fn lead(source: &str, url: Url, e: SitemapEntry) -> Lead {
    Lead {
        source: source.to_string(),
        url: url.into(),
        hints: Hints {
            title: e.news_title,
            published: e.news_date,
            modified: e.lastmod,
            tags: e.keywords,
            ..Hints::default()
        },
    }
}

/// Parses a sitemap or sitemap index. Entry-level problems (no `<loc>`, a bad
/// date) come back as errors beside the entries; a document that is not XML or has
/// another root element is an error.
pub(crate) fn parse_sitemap(
    body: &[u8],
    url: &str,
) -> Result<(Sitemap, Vec<FetchError>), FetchError> {
    let malformed = |reason: String| FetchError::MalformedSitemap {
        url: url.to_string(),
        reason,
    };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    if let Some(i) =
        start.filter(|&i| body[i..].starts_with(b"http://") || body[i..].starts_with(b"https://"))
    {
        return parse_text_sitemap(&body[i..], url);
    }
    let mut reader = Reader::from_reader(body);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut root: Option<bool> = None; // Some(true) = index
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut cur = SitemapEntry::default();
    let mut n = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            malformed(format!(
                "XML error at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if root.is_none() {
                    root = Some(match name.as_str() {
                        "urlset" => false,
                        "sitemapindex" => true,
                        other => {
                            return Err(malformed(format!(
                                "root element <{other}>, not <urlset> or <sitemapindex>"
                            )))
                        }
                    });
                }
                if name == "url" || name == "sitemap" {
                    cur = SitemapEntry::default();
                }
                stack.push(name);
                text.clear();
            }
            Event::Empty(e) if root.is_none() => {
                let name = e.local_name().as_ref().to_string();
                return Err(malformed(format!("root element <{name}/> is empty")));
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(c) => text.push_str(&c),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => match quick_xml::escape::resolve_predefined_entity(&r) {
                    Some(s) => text.push_str(s),
                    None => text.push_str(&format!("&{};", &*r)),
                },
            },
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().map(String::as_str).unwrap_or("");
                let value = text.trim().to_string();
                let date = |field: &str, errors: &mut Vec<FetchError>, n: usize| {
                    let d = parse_w3c_date(&value);
                    if d.is_none() && !value.is_empty() {
                        errors.push(malformed(format!("entry {n}: bad <{field}> {value:?}")));
                    }
                    d
                };
                match (name.as_str(), parent) {
                    ("loc", "url" | "sitemap") => cur.loc = value,
                    ("lastmod", "url" | "sitemap") => {
                        cur.lastmod = date("lastmod", &mut errors, n + 1)
                    }
                    ("publication_date", _) => {
                        cur.news_date = date("news:publication_date", &mut errors, n + 1)
                    }
                    ("title", "news") => cur.news_title = Some(value).filter(|v| !v.is_empty()),
                    ("keywords", "news") => {
                        cur.keywords = value
                            .split(',')
                            .map(|k| k.trim().to_string())
                            .filter(|k| !k.is_empty())
                            .collect()
                    }
                    ("url", _) | ("sitemap", _) => {
                        n += 1;
                        let entry = std::mem::take(&mut cur);
                        if entry.loc.is_empty() {
                            errors.push(malformed(format!("entry {n}: no <loc>")));
                        } else {
                            entries.push(entry);
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(malformed(format!(
            "document ends inside <{}>",
            stack.join("><")
        )));
    }
    match root {
        None => Err(malformed("no root element".into())),
        Some(true) => Ok((Sitemap::Index(entries), errors)),
        Some(false) => Ok((Sitemap::Urls(entries), errors)),
    }
}

/// A text sitemap (sitemaps.org): one absolute URL per line, UTF-8.
fn parse_text_sitemap(body: &[u8], url: &str) -> Result<(Sitemap, Vec<FetchError>), FetchError> {
    let text = std::str::from_utf8(body).map_err(|e| FetchError::MalformedSitemap {
        url: url.to_string(),
        reason: format!("text sitemap is not UTF-8: {e}"),
    })?;
    let entries = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| SitemapEntry {
            loc: l.to_string(),
            ..SitemapEntry::default()
        })
        .collect();
    Ok((Sitemap::Urls(entries), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_with_news() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://e.com/a?x=1&amp;y=2</loc><lastmod>2024-05-01</lastmod>
  <news:news><news:publication><news:name>E</news:name><news:language>en</news:language></news:publication>
   <news:publication_date>2024-04-30T12:00:00+03:00</news:publication_date>
   <news:title>Title &#8211; one</news:title><news:keywords>a, b</news:keywords></news:news></url>
 <url><lastmod>2024-05-01</lastmod></url>
 <url><loc><![CDATA[https://e.com/c]]></loc><lastmod>someday</lastmod></url>
</urlset>"#;
        let (map, errors) = parse_sitemap(xml.as_bytes(), "https://e.com/s.xml").unwrap();
        let Sitemap::Urls(entries) = map else {
            panic!("not a urlset")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].loc, "https://e.com/a?x=1&y=2");
        assert_eq!(entries[0].news_title.as_deref(), Some("Title – one"));
        assert_eq!(
            entries[0].news_date.unwrap().to_rfc3339(),
            "2024-04-30T12:00:00+03:00"
        );
        assert_eq!(entries[0].keywords, ["a", "b"]);
        assert_eq!(entries[1].loc, "https://e.com/c");
        assert!(entries[1].lastmod.is_none());
        let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("entry 2: no <loc>") && msgs[0].contains("https://e.com/s.xml"));
        assert!(msgs[1].contains("someday"));
    }

    #[test]
    fn text_sitemaps_and_byte_order_marks() {
        let (map, _) = parse_sitemap(b"\n https://e.com/a\r\nhttps://e.com/b\n\n", "u").unwrap();
        let Sitemap::Urls(entries) = map else {
            panic!("not a urlset")
        };
        let locs: Vec<&str> = entries.iter().map(|e| e.loc.as_str()).collect();
        assert_eq!(locs, ["https://e.com/a", "https://e.com/b"]);
        let xml = b"\xEF\xBB\xBF<?xml version=\"1.0\"?><urlset><url><loc>https://e.com/x</loc></url></urlset>";
        let (map, _) = parse_sitemap(xml, "u").unwrap();
        assert!(matches!(map, Sitemap::Urls(e) if e.len() == 1));
    }

    #[test]
    fn index() {
        let xml =
            "<sitemapindex><sitemap><loc>/s1.xml.gz</loc><lastmod>2023-01-01</lastmod></sitemap>\
                   <sitemap><loc>/s2.xml</loc></sitemap></sitemapindex>";
        let (map, errors) = parse_sitemap(xml.as_bytes(), "u").unwrap();
        assert!(errors.is_empty());
        let Sitemap::Index(children) = map else {
            panic!("not an index")
        };
        assert_eq!(children.len(), 2);
        assert_eq!(children[0].loc, "/s1.xml.gz");
    }

    #[test]
    fn malformed_documents_are_errors_naming_the_url() {
        for bad in [
            "<html><body>oops</body></html>",
            "<urlset><url><loc>x</lo></url></urlset>",
            "<urlset><url><loc>x</loc>",
            "",
            "just text",
        ] {
            let e = parse_sitemap(bad.as_bytes(), "https://e.com/bad.xml").unwrap_err();
            assert!(
                matches!(e, FetchError::MalformedSitemap { .. }),
                "{bad}: {e}"
            );
            assert!(e.to_string().contains("https://e.com/bad.xml"));
        }
    }
}
