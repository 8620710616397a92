//! What the fetch stage produces: leads (discovered URLs) and pages (responses).

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// What a source said about a URL before it was fetched (a feed entry's title and
/// date, a sitemap's `lastmod`, a Google News sitemap's publication date). The
/// scraper treats these as candidates with provenance `feed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hints {
    /// Title given by the feed or news sitemap.
    pub title: Option<String>,
    /// Publication date given by the feed or news sitemap.
    pub published: Option<DateTime<FixedOffset>>,
    /// Last modification date (sitemap `lastmod`, Atom `updated`).
    pub modified: Option<DateTime<FixedOffset>>,
    /// Authors named by the feed entry.
    pub authors: Vec<String>,
    /// Summary or description text of the feed entry.
    pub summary: Option<String>,
    /// Categories or keywords of the feed entry.
    pub tags: Vec<String>,
}

impl Hints {
    /// True when the source said nothing about the URL.
    pub fn is_empty(&self) -> bool {
        *self == Hints::default()
    }
}

/// A URL discovered by a source, not yet fetched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    /// Name of the configured source that found the URL.
    pub source: String,
    /// The URL, normalised by the fetch stage.
    pub url: String,
    /// What the source said about the URL.
    pub hints: Hints,
}

/// A fetched HTTP response (or a page read from a local archive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Name of the configured source the page came from.
    pub source: String,
    /// The URL that was requested (normalised).
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// HTTP status code (200 for pages read from an archive folder).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The `ETag` header, kept for conditional GET on the next run.
    pub etag: Option<String>,
    /// The `Last-Modified` header, kept for conditional GET on the next run.
    pub last_modified: Option<String>,
    /// When the response was received.
    pub fetched_at: DateTime<Utc>,
    /// The raw body bytes, decompressed but not decoded.
    #[serde(with = "body_bytes")]
    pub body: Vec<u8>,
    /// True when the body was cut at the configured size cap.
    pub truncated: bool,
    /// What the source said about the URL before it was fetched.
    pub hints: Hints,
}

impl Page {
    /// A page built from raw bytes, as if fetched now with status 200: used for local
    /// files and by `newsmill extract`.
    pub fn from_bytes(source: &str, url: &str, body: Vec<u8>) -> Page {
        Page {
            source: source.to_string(),
            url: url.to_string(),
            final_url: url.to_string(),
            status: 200,
            content_type: None,
            etag: None,
            last_modified: None,
            fetched_at: Utc::now(),
            body,
            truncated: false,
            hints: Hints::default(),
        }
    }
}

/// Bodies are stored as a lossless string when they are UTF-8 (the common case,
/// readable in the state store) and as a byte array otherwise.
mod body_bytes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Body {
        Text(String),
        Bytes(Vec<u8>),
    }

    pub fn serialize<S: Serializer>(body: &[u8], s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(body) {
            Ok(text) => Body::Text(text.to_string()).serialize(s),
            Err(_) => Body::Bytes(body.to_vec()).serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        Ok(match Body::deserialize(d)? {
            Body::Text(text) => text.into_bytes(),
            Body::Bytes(bytes) => bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_round_trips_through_json_with_binary_body() {
        let mut page = Page::from_bytes("s", "https://e.com/", b"caf\xe9".to_vec());
        let json = serde_json::to_string(&page).unwrap();
        let back: Page = serde_json::from_str(&json).unwrap();
        assert_eq!(back, page);
        page.body = "Привет".as_bytes().to_vec();
        let json = serde_json::to_string(&page).unwrap();
        assert!(json.contains("Привет"));
        assert_eq!(serde_json::from_str::<Page>(&json).unwrap(), page);
    }
}
