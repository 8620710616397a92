/*!
Discovery and fetching: the only network I/O in newsmill.

Does: reads sources (RSS/Atom feeds, XML sitemaps, listing pages, robots.txt
`Sitemap:` lines, local HTML folders and WARC files) into [`Lead`]s, and fetches
leads into [`Page`]s politely (robots.txt, per-host delay and concurrency, retries
with backoff, conditional GET) and safely (size caps, private-address refusal).

Does not: decide what to fetch again (the orchestrator's state store does that and
passes [`Validators`]), parse articles (scrape) or write anything to disk.
*/

use newsmill_records::{Lead, Page};

// NOTE(lead): placeholder surface so dependants compile; the fetch branch replaces it.
use serde::Deserialize;
use std::path::PathBuf;

/// Errors of this crate; every variant names the URL or path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Anything not yet categorised.
    #[error("{url}: {reason}")]
    Other {
        /// The URL or path.
        url: String,
        /// Why.
        reason: String,
    },
}

/// Politeness, timeouts and caps for all fetching.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// User agent product token.
    pub user_agent: String,
    /// Contact URL put in the user agent.
    pub contact: Option<String>,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: "newsmill".into(),
            contact: None,
        }
    }
}

/// The kind of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// RSS or Atom feed.
    Feed,
    /// XML sitemap or sitemap index.
    Sitemap,
    /// HTML listing page.
    Listing,
    /// robots.txt `Sitemap:` lines.
    Robots,
    /// A folder of HTML files.
    Folder,
    /// A WARC file.
    Warc,
}

/// One `[[sources]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Name used in outputs and logs.
    pub name: String,
    /// Kind.
    pub kind: SourceKind,
    /// URL for web sources.
    pub url: Option<String>,
    /// Path for archive sources.
    pub path: Option<PathBuf>,
}

/// Validators for a conditional GET.
#[derive(Clone, Debug, Default)]
pub struct Validators {
    /// Previous `ETag`.
    pub etag: Option<String>,
    /// Previous `Last-Modified`.
    pub last_modified: Option<String>,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// URLs to fetch.
    pub leads: Vec<Lead>,
    /// Problems with single entries (the rest were still read).
    pub errors: Vec<FetchError>,
}

/// The outcome of a fetch.
#[derive(Debug)]
pub enum Fetched {
    /// A new or changed page.
    Page(Page),
    /// The server said 304 Not Modified.
    NotModified,
}

/// The fetcher.
pub struct Fetcher {
    _config: FetchConfig,
}

impl Fetcher {
    /// Builds a fetcher.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        Ok(Fetcher { _config: config })
    }
    /// Discovers leads from a source.
    pub async fn discover(&self, source: &SourceConfig) -> Result<Discovery, FetchError> {
        Err(FetchError::Other {
            url: source.name.clone(),
            reason: "not built yet".into(),
        })
    }
    /// Fetches one lead.
    pub async fn fetch(
        &self,
        lead: &Lead,
        _validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        Err(FetchError::Other {
            url: lead.url.clone(),
            reason: "not built yet".into(),
        })
    }
}

/// Reads pages from a local archive source (folder or WARC).
pub fn read_archive(
    source: &SourceConfig,
) -> Result<impl Iterator<Item = Result<Page, FetchError>>, FetchError> {
    Err::<std::iter::Empty<_>, _>(FetchError::Other {
        url: source.name.clone(),
        reason: "not built yet".into(),
    })
}

/// Normalises a URL.
pub fn normalize_url(raw: &str) -> Result<String, FetchError> {
    Ok(raw.to_string())
}
