//! RSS 2.0, Atom and JSON Feed sources (parsed by `feed-rs`): one lead per entry,
//! with the entry's title, dates, authors, summary and categories as hints.

use std::sync::Arc;

use newsmill_records::{Hints, Lead};
use url::Url;

use super::Found;
use crate::{
    address::PrivateHosts,
    config::SourceConfig,
    error::FetchError,
    fetcher::{Fetcher, Want},
    normalize::resolve,
};

pub(super) async fn discover(
    fetcher: &Fetcher,
    source: &SourceConfig,
    url: &Url,
    private: &Arc<PrivateHosts>,
) -> Result<Found, FetchError> {
    let doc = fetcher.get_document(url, private, Want::Any).await?;
    parse_feed(&doc.body, &doc.final_url, url.as_str(), &source.name)
}

/// Parses a feed body. `feed_url` names the feed in errors; `base` resolves relative
/// entry links.
pub(crate) fn parse_feed(
    body: &[u8],
    base: &Url,
    feed_url: &str,
    source: &str,
) -> Result<Found, FetchError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build();
    let feed = parser.parse(body).map_err(|e| FetchError::MalformedFeed {
        url: feed_url.to_string(),
        reason: e.to_string(),
    })?;
    let offsets = entry_dates(body).filter(|d| d.len() == feed.entries.len());
    let mut found = Found::default();
    for (i, entry) in feed.entries.iter().enumerate() {
        match entry_lead(entry, base, source) {
            Ok(mut lead) => {
                if let Some(raw) = offsets.as_ref().map(|d| &d[i]) {
                    lead.hints.published =
                        keep_offset(lead.hints.published, raw.published.as_deref());
                    lead.hints.modified = keep_offset(lead.hints.modified, raw.updated.as_deref());
                }
                found.leads.push(lead)
            }
            Err(reason) => found.errors.push(FetchError::MalformedFeed {
                url: feed_url.to_string(),
                reason: format!("entry {} (id {:?}): {reason}", i + 1, entry.id),
            }),
        }
    }
    Ok(found)
}

fn entry_lead(entry: &feed_rs::model::Entry, base: &Url, source: &str) -> Result<Lead, String> {
    let link = entry
        .links
        .iter()
        .find(|l| {
            l.rel
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .map(|l| l.href.as_str())
        .or_else(|| {
            // RSS items without <link> often carry the URL as a permalink <guid>.
            let id = entry.id.trim();
            (id.starts_with("http://") || id.starts_with("https://")).then_some(id)
        })
        .ok_or_else(|| "no link".to_string())?;
    let url = resolve(base, link).map_err(|e| e.to_string())?;
    let text = |t: &Option<feed_rs::model::Text>| {
        t.as_ref()
            .map(|t| plain_text(&t.content))
            .filter(|s| !s.is_empty())
    };
    let summary = text(&entry.summary).or_else(|| {
        entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(plain_text)
            .filter(|s| !s.is_empty())
    });
    let mut tags: Vec<String> = Vec::new();
    for c in &entry.categories {
        let t = c.label.as_deref().unwrap_or(&c.term).trim().to_string();
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    Ok(Lead {
        source: source.to_string(),
        url: url.into(),
        hints: Hints {
            title: text(&entry.title),
            published: entry.published.map(|d| d.fixed_offset()),
            modified: entry.updated.map(|d| d.fixed_offset()),
            authors: entry
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref())
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            summary,
            tags,
        },
    })
}

/// An entry's date fields as written in the XML.
#[derive(Debug, Default)]
struct RawDates {
    published: Option<String>,
    updated: Option<String>,
}

/// The raw date strings of each `<item>`/`<entry>`, in document order: feed-rs
/// converts dates to UTC, and the offset tells which calendar day the publisher
/// meant. `None` when the body is not XML (JSON Feed) or cannot be scanned.
fn entry_dates(body: &[u8]) -> Option<Vec<RawDates>> {
    use quick_xml::{events::Event, Reader};
    let mut reader = Reader::from_reader(body);
    let mut buf = Vec::new();
    let mut out: Vec<RawDates> = Vec::new();
    let mut depth_in_entry: Option<usize> = None;
    let mut depth = 0usize;
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if depth_in_entry.is_none() && (name == "item" || name == "entry") {
                    depth_in_entry = Some(depth);
                    out.push(RawDates::default());
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(c) => text.push_str(&c),
            Event::End(e) => {
                if let (Some(d), Some(cur)) = (depth_in_entry, out.last_mut()) {
                    let name = e.local_name().as_ref().to_ascii_lowercase();
                    let value = Some(text.trim().to_string()).filter(|v| !v.is_empty());
                    // Only the entry's own children, not a nested <source>.
                    if depth == d + 1 {
                        match name.as_str() {
                            "pubdate" | "published" | "issued" | "date"
                                if cur.published.is_none() =>
                            {
                                cur.published = value
                            }
                            "updated" | "modified" if cur.updated.is_none() => cur.updated = value,
                            _ => {}
                        }
                    }
                    if depth == d {
                        depth_in_entry = None;
                    }
                }
                depth = depth.saturating_sub(1);
                text.clear();
            }
            Event::Eof => return Some(out),
            _ => {}
        }
        buf.clear();
    }
}

/// `parsed` with the offset of `raw`, when `raw` parses to the same instant.
fn keep_offset(
    parsed: Option<chrono::DateTime<chrono::FixedOffset>>,
    raw: Option<&str>,
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let (parsed, raw) = match (parsed, raw) {
        (Some(p), Some(r)) => (p, r.trim()),
        (p, _) => return p,
    };
    let with_offset = chrono::DateTime::parse_from_rfc2822(raw)
        .ok()
        .or_else(|| super::parse_w3c_date(raw));
    match with_offset {
        Some(d) if d == parsed => Some(d),
        _ => Some(parsed),
    }
}

/// Feed text fields often hold escaped HTML: keep only the text, whitespace-folded.
fn plain_text(s: &str) -> String {
    let text = if s.contains('<') {
        let frag = scraper::Html::parse_fragment(s);
        frag.root_element().text().collect::<Vec<_>>().join(" ")
    } else {
        s.to_string()
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
<item><title>First &amp; best</title><link>/news/first?utm_source=rss</link>
<pubDate>Tue, 02 Jan 2024 10:00:00 +0200</pubDate><dc:creator>Ann Lee</dc:creator>
<description>&lt;p&gt;Short &lt;b&gt;summary&lt;/b&gt;&lt;/p&gt;</description>
<category>Politics</category><category>Belarus</category></item>
<item><title>No link</title><guid isPermaLink="false">abc-123</guid></item>
<item><title>Guid link</title><guid>https://e.com/news/guid</guid></item>
</channel></rss>"#;

    #[test]
    fn rss_entries_become_leads_with_hints() {
        let base = Url::parse("https://e.com/feed.xml").unwrap();
        let found = parse_feed(RSS.as_bytes(), &base, base.as_str(), "s").unwrap();
        assert_eq!(found.leads.len(), 2);
        let l = &found.leads[0];
        assert_eq!(l.url, "https://e.com/news/first");
        assert_eq!(l.hints.title.as_deref(), Some("First & best"));
        // The publisher's offset is kept (feed-rs alone gives UTC).
        assert_eq!(
            l.hints.published.unwrap().to_rfc3339(),
            "2024-01-02T10:00:00+02:00"
        );
        assert_eq!(l.hints.summary.as_deref(), Some("Short summary"));
        assert_eq!(l.hints.tags, ["Politics", "Belarus"]);
        assert_eq!(found.leads[1].url, "https://e.com/news/guid");
        assert_eq!(found.errors.len(), 1);
        let e = found.errors[0].to_string();
        assert!(
            e.contains("https://e.com/feed.xml") && e.contains("entry 2") && e.contains("no link"),
            "{e}"
        );
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:x</id><updated>2024-03-01T00:00:00Z</updated>
<entry><title>Atom one</title><id>urn:1</id><link rel="alternate" href="https://e.com/a1"/>
<link rel="replies" href="https://e.com/a1/comments"/>
<published>2024-02-28T08:00:00Z</published><updated>2024-03-01T12:00:00+03:00</updated>
<source><updated>2020-01-01T00:00:00Z</updated></source>
<author><name>Bo Ek</name></author><summary>S</summary><category term="eu" label="EU"/></entry>
</feed>"#;
        let base = Url::parse("https://e.com/atom").unwrap();
        let found = parse_feed(atom.as_bytes(), &base, "https://e.com/atom", "s").unwrap();
        let l = &found.leads[0];
        assert_eq!(l.url, "https://e.com/a1");
        assert_eq!(l.hints.authors, ["Bo Ek"]);
        assert_eq!(
            l.hints.modified.unwrap().to_rfc3339(),
            "2024-03-01T12:00:00+03:00"
        );
        assert_eq!(l.hints.tags, ["EU"]);
    }

    #[test]
    fn malformed_feed_names_the_url() {
        let base = Url::parse("https://e.com/bad").unwrap();
        let e = parse_feed(b"<html><body>not a feed", &base, "https://e.com/bad", "s").unwrap_err();
        assert!(matches!(e, FetchError::MalformedFeed { .. }));
        assert!(e.to_string().contains("https://e.com/bad"));
    }
}
