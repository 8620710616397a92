//! Configuration: `[fetch]` ([`FetchConfig`]) and one `[[sources]]` entry
//! ([`SourceConfig`]). Plain serde data; [`SourceConfig::validate`] checks what serde
//! cannot (a URL or path present for the kind, regexes that compile).

use std::path::PathBuf;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::{address::PrivateHosts, error::FetchError, proxy::ProxyUrl};

/// Politeness, timeouts and caps for all fetching. Every field has a named default,
/// so an empty `[fetch]` table is a polite configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// Product token of the user agent, also the name matched against robots.txt
    /// groups.
    pub user_agent: String,
    /// Contact URL (or e-mail) put in the user agent, so site operators can reach
    /// whoever runs the crawler.
    pub contact: String,
    /// Minimum time between two requests to the same host, in seconds (robots.txt
    /// `Crawl-delay` raises it for that host, up to `max_crawl_delay_secs`).
    pub per_host_delay_secs: f64,
    /// Requests in flight to one host at a time.
    pub per_host_concurrency: usize,
    /// Requests in flight overall.
    pub global_concurrency: usize,
    /// Largest robots.txt `Crawl-delay` honoured, in seconds; larger ones are capped.
    pub max_crawl_delay_secs: f64,
    /// Whether robots.txt is fetched and obeyed. Only switch off for your own sites.
    pub obey_robots: bool,
    /// Time allowed to open a connection (TCP + TLS), in seconds.
    pub connect_timeout_secs: f64,
    /// Time allowed from sending the request to receiving the response headers, and
    /// between two body chunks (a stalled body fails with a `read` timeout), in
    /// seconds.
    pub first_byte_timeout_secs: f64,
    /// Time allowed for a whole attempt, body included, in seconds. Ends slow-drip
    /// responses (which are not retried within the run: they would drip again).
    pub total_timeout_secs: f64,
    /// Extra attempts after a retryable failure (5xx, 429, connect and first-byte
    /// timeouts, connection errors).
    pub retries: u32,
    /// First back-off delay, in seconds; doubled on each retry, with full jitter.
    pub retry_base_delay_secs: f64,
    /// Longest wait between two attempts, in seconds, also the longest `Retry-After`
    /// honoured: a server asking for a longer wait gets the failure recorded instead.
    pub retry_max_delay_secs: f64,
    /// Largest page, in bytes, both as sent and after decompression. A larger page
    /// fails as "too large" (reading stops at the cap; nothing is kept), as
    /// Scrapy's download size limit does.
    pub max_body_bytes: u64,
    /// Largest feed, sitemap or listing page after decompression, in bytes (and a
    /// ceiling on pages too); past it the response fails as "too large", which
    /// also stops compression bombs.
    pub max_decompressed_bytes: u64,
    /// Redirects followed per request.
    pub max_redirects: usize,
    /// Distinct URLs of one host failing in a row (timeouts, connection errors,
    /// 5xx; retries of one URL count once) after which the host is backed off.
    pub host_failure_limit: u32,
    /// Connection attempts to one host failing in a row (refused, unreachable, DNS
    /// failure, connect timeout) after which the host is backed off, whatever the
    /// URLs.
    pub host_connect_failure_limit: u32,
    /// How long a backed-off host is left alone, in seconds.
    pub host_backoff_secs: f64,
    /// Let every source reach private, loopback and link-local addresses at its own
    /// URL's host and port (as `allow_private` on each source). Redirects, feed and
    /// sitemap entries, listing links and robots.txt `Sitemap:` lines that lead to
    /// any other private address are still refused.
    pub allow_private: bool,
    /// Further hosts that may be private for every source: `host` (any port),
    /// `host:port`, `[::1]:8080`, or a URL (its host on its port). Every other
    /// private, loopback or link-local address is refused before a connection
    /// is opened.
    pub allow_private_hosts: Vec<String>,
    /// HTTP proxy for all requests, `http://[user:password@]host:port` (an
    /// `https://` URL for a TLS proxy). Overrides `HTTPS_PROXY`/`HTTP_PROXY`/
    /// `ALL_PROXY`; `NO_PROXY` still applies. The password is never logged. The
    /// proxy itself may be on a private network; the hosts fetched through it are
    /// still checked: a name that resolves here to a private address is refused.
    pub proxy: Option<ProxyUrl>,
    /// Read the proxy from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`
    /// (or their lower-case forms) when `proxy` is not set.
    pub use_env_proxy: bool,
}

/// Default product token.
pub fn default_user_agent() -> String {
    "newsmill".to_string()
}
/// Default contact URL: the project's home.
pub fn default_contact() -> String {
    "https://example.invalid/newsmill".to_string()
}
/// One request per host every second.
pub const fn default_per_host_delay_secs() -> f64 {
    1.0
}
/// One request in flight per host.
pub const fn default_per_host_concurrency() -> usize {
    1
}
/// Sixteen requests in flight overall.
pub const fn default_global_concurrency() -> usize {
    16
}
/// Crawl-delay honoured up to 30 s.
pub const fn default_max_crawl_delay_secs() -> f64 {
    30.0
}
/// 10 s to connect.
pub const fn default_connect_timeout_secs() -> f64 {
    10.0
}
/// 20 s to the first byte.
pub const fn default_first_byte_timeout_secs() -> f64 {
    20.0
}
/// 60 s per attempt.
pub const fn default_total_timeout_secs() -> f64 {
    60.0
}
/// Three retries.
pub const fn default_retries() -> u32 {
    3
}
/// Back-off starts at 1 s.
pub const fn default_retry_base_delay_secs() -> f64 {
    1.0
}
/// Back-off (and Retry-After) capped at 120 s.
pub const fn default_retry_max_delay_secs() -> f64 {
    120.0
}
/// 10 MiB per page.
pub const fn default_max_body_bytes() -> u64 {
    10 * 1024 * 1024
}
/// 50 MiB decompressed.
pub const fn default_max_decompressed_bytes() -> u64 {
    50 * 1024 * 1024
}
/// Ten redirects.
pub const fn default_max_redirects() -> usize {
    10
}
/// Five distinct URLs failing in a row back a host off.
pub const fn default_host_failure_limit() -> u32 {
    5
}
/// Three connection attempts failing in a row back a host off.
pub const fn default_host_connect_failure_limit() -> u32 {
    3
}
/// Proxy settings are read from the environment.
pub const fn default_use_env_proxy() -> bool {
    true
}
/// A backed-off host is left alone for ten minutes.
pub const fn default_host_backoff_secs() -> f64 {
    600.0
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: default_user_agent(),
            contact: default_contact(),
            per_host_delay_secs: default_per_host_delay_secs(),
            per_host_concurrency: default_per_host_concurrency(),
            global_concurrency: default_global_concurrency(),
            max_crawl_delay_secs: default_max_crawl_delay_secs(),
            obey_robots: true,
            connect_timeout_secs: default_connect_timeout_secs(),
            first_byte_timeout_secs: default_first_byte_timeout_secs(),
            total_timeout_secs: default_total_timeout_secs(),
            retries: default_retries(),
            retry_base_delay_secs: default_retry_base_delay_secs(),
            retry_max_delay_secs: default_retry_max_delay_secs(),
            max_body_bytes: default_max_body_bytes(),
            max_decompressed_bytes: default_max_decompressed_bytes(),
            max_redirects: default_max_redirects(),
            host_failure_limit: default_host_failure_limit(),
            host_connect_failure_limit: default_host_connect_failure_limit(),
            host_backoff_secs: default_host_backoff_secs(),
            allow_private: false,
            allow_private_hosts: Vec::new(),
            proxy: None,
            use_env_proxy: default_use_env_proxy(),
        }
    }
}

impl FetchConfig {
    /// The full `User-Agent` header: `newsmill/0.1.0 (+https://contact)`.
    pub fn user_agent_header(&self) -> String {
        format!(
            "{}/{} (+{})",
            self.user_agent,
            env!("CARGO_PKG_VERSION"),
            self.contact
        )
    }

    /// Checks values serde cannot: positive concurrency, finite non-negative times.
    pub fn validate(&self) -> Result<(), FetchError> {
        let bad = |reason: String| Err(FetchError::Config { reason });
        if self.user_agent.trim().is_empty() || self.user_agent.contains(char::is_whitespace) {
            return bad(format!(
                "user_agent must be one token without spaces, got {:?}",
                self.user_agent
            ));
        }
        if self.per_host_concurrency == 0 || self.global_concurrency == 0 {
            return bad("per_host_concurrency and global_concurrency must be at least 1".into());
        }
        for (name, v) in [
            ("per_host_delay_secs", self.per_host_delay_secs),
            ("max_crawl_delay_secs", self.max_crawl_delay_secs),
            ("retry_base_delay_secs", self.retry_base_delay_secs),
            ("retry_max_delay_secs", self.retry_max_delay_secs),
            ("host_backoff_secs", self.host_backoff_secs),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return bad(format!("{name} must be a non-negative number, got {v}"));
            }
        }
        for (name, v) in [
            ("connect_timeout_secs", self.connect_timeout_secs),
            ("first_byte_timeout_secs", self.first_byte_timeout_secs),
            ("total_timeout_secs", self.total_timeout_secs),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return bad(format!("{name} must be a positive number, got {v}"));
            }
        }
        if self.max_body_bytes == 0 || self.max_decompressed_bytes == 0 {
            return bad("max_body_bytes and max_decompressed_bytes must be positive".into());
        }
        if self.host_failure_limit == 0 || self.host_connect_failure_limit == 0 {
            return bad(
                "host_failure_limit and host_connect_failure_limit must be at least 1".into(),
            );
        }
        PrivateHosts::parse(&self.allow_private_hosts)
            .map_err(|e| FetchError::Config {
                reason: format!("allow_private_hosts: {e}"),
            })
            .map(|_| ())
    }
}

/// The kind of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// An RSS 2.0, Atom or JSON feed.
    Feed,
    /// An XML sitemap or sitemap index (also gzip'd, also Google News sitemaps).
    Sitemap,
    /// An HTML listing page whose links matching `link_pattern` are articles.
    Listing,
    /// A robots.txt whose `Sitemap:` lines are read as sitemaps.
    Robots,
    /// A local folder of `.html`, `.htm` and `.html.gz` files.
    Folder,
    /// A local WARC file (`.warc` or `.warc.gz`).
    Warc,
}

impl SourceKind {
    /// The kind as written in the config (`feed`, `sitemap`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Sitemap => "sitemap",
            SourceKind::Listing => "listing",
            SourceKind::Robots => "robots",
            SourceKind::Folder => "folder",
            SourceKind::Warc => "warc",
        }
    }

    /// True for kinds read from local files with [`crate::read_archive`].
    pub fn is_archive(self) -> bool {
        matches!(self, SourceKind::Folder | SourceKind::Warc)
    }
}

/// One `[[sources]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Name used in outputs and logs.
    pub name: String,
    /// What the source is.
    pub kind: SourceKind,
    /// URL, for web sources. For `folder` sources, an optional base URL: a file's
    /// path under the folder is joined to it to give the page URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Path, for `folder` and `warc` sources.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// Regexes; when any is given, a URL must match one of them.
    #[serde(default)]
    pub include: Vec<String>,
    /// Regexes; a URL matching any of them is skipped.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Skip entries the feed or sitemap dates before this day (`"2024-01-31"`).
    /// Entries without a date are kept.
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// Keep at most this many leads per run (newest first when dated).
    #[serde(default)]
    pub max_pages: Option<usize>,
    /// For listings: regex an article link must match (default: any link on the
    /// listing's host).
    #[serde(default)]
    pub link_pattern: Option<String>,
    /// For listings: regex a pagination link must match, besides `rel=next`.
    #[serde(default)]
    pub pagination_pattern: Option<String>,
    /// For listings: how many pagination steps are followed from the first page.
    #[serde(default = "default_depth")]
    pub depth: usize,
    /// For listings: most listing pages read per run, whatever the depth (bounds
    /// calendar pages and endless query variations).
    #[serde(default = "default_max_listing_pages")]
    pub max_listing_pages: usize,
    /// Let this source reach a private, loopback or link-local address at its own
    /// URL's host and port (a site on localhost or an intranet). Other private
    /// addresses stay refused, wherever a redirect or an entry points.
    #[serde(default)]
    pub allow_private: bool,
    /// Further hosts this source may reach at private addresses: `host` (any
    /// port), `host:port`, `[::1]:8080`, or a URL (its host on its port).
    #[serde(default)]
    pub allow_private_hosts: Vec<String>,
}

/// Listings follow two pagination steps.
pub const fn default_depth() -> usize {
    2
}
/// At most 20 listing pages per source and run.
pub const fn default_max_listing_pages() -> usize {
    20
}

/// A source's filters, compiled.
#[derive(Debug)]
pub(crate) struct Filters {
    pub include: Vec<Regex>,
    pub exclude: Vec<Regex>,
    pub link: Option<Regex>,
    pub pagination: Option<Regex>,
}

impl Filters {
    /// True when the URL passes include/exclude.
    pub fn admits(&self, url: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|r| r.is_match(url)))
            && !self.exclude.iter().any(|r| r.is_match(url))
    }
}

impl SourceConfig {
    /// A web source of the given kind with default settings.
    pub fn new(name: &str, kind: SourceKind, url: &str) -> SourceConfig {
        SourceConfig {
            name: name.to_string(),
            kind,
            url: Some(url.to_string()),
            path: None,
            include: Vec::new(),
            exclude: Vec::new(),
            since: None,
            max_pages: None,
            link_pattern: None,
            pagination_pattern: None,
            depth: default_depth(),
            max_listing_pages: default_max_listing_pages(),
            allow_private: false,
            allow_private_hosts: Vec::new(),
        }
    }

    /// A local archive source (`folder` or `warc`) reading `path`.
    pub fn archive(name: &str, kind: SourceKind, path: impl Into<PathBuf>) -> SourceConfig {
        SourceConfig {
            url: None,
            path: Some(path.into()),
            ..SourceConfig::new(name, kind, "")
        }
    }

    /// Checks the entry: a URL for web kinds, a path for archive kinds, regexes that
    /// compile.
    pub fn validate(&self) -> Result<(), FetchError> {
        self.filters().map(|_| ())
    }

    pub(crate) fn invalid(&self, reason: impl Into<String>) -> FetchError {
        FetchError::InvalidSource {
            source_name: self.name.clone(),
            reason: reason.into(),
        }
    }

    /// The URL of a web source.
    pub(crate) fn web_url(&self) -> Result<&str, FetchError> {
        match self.url.as_deref() {
            Some(u) if !u.trim().is_empty() => Ok(u),
            _ => Err(self.invalid(format!("a {} source needs `url`", self.kind.as_str()))),
        }
    }

    pub(crate) fn filters(&self) -> Result<Filters, FetchError> {
        if self.kind.is_archive() {
            if self.path.is_none() {
                return Err(self.invalid(format!("a {} source needs `path`", self.kind.as_str())));
            }
        } else {
            self.web_url()?;
        }
        PrivateHosts::parse(&self.allow_private_hosts)
            .map_err(|e| self.invalid(format!("allow_private_hosts: {e}")))?;
        let compile = |field: &str, p: &str| {
            Regex::new(p).map_err(|e| self.invalid(format!("{field} regex {p:?}: {e}")))
        };
        let many = |field: &str, ps: &[String]| -> Result<Vec<Regex>, FetchError> {
            ps.iter().map(|p| compile(field, p)).collect()
        };
        Ok(Filters {
            include: many("include", &self.include)?,
            exclude: many("exclude", &self.exclude)?,
            link: self
                .link_pattern
                .as_deref()
                .map(|p| compile("link_pattern", p))
                .transpose()?,
            pagination: self
                .pagination_pattern
                .as_deref()
                .map(|p| compile("pagination_pattern", p))
                .transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_polite_and_valid() {
        let c = FetchConfig::default();
        assert_eq!(c.per_host_delay_secs, 1.0);
        assert_eq!(c.per_host_concurrency, 1);
        assert!(!c.allow_private && c.obey_robots);
        assert!(c.user_agent_header().starts_with("newsmill/"));
        assert!(c.user_agent_header().contains("(+https://"));
        c.validate().unwrap();
    }

    #[test]
    fn bad_values_are_named() {
        let c = FetchConfig {
            global_concurrency: 0,
            ..FetchConfig::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("concurrency"));
        let c = FetchConfig {
            total_timeout_secs: -1.0,
            ..FetchConfig::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("total_timeout_secs"));
    }

    #[test]
    fn source_validation_names_the_source() {
        let mut s = SourceConfig::new("blog", SourceKind::Feed, "https://e.com/feed");
        s.validate().unwrap();
        s.exclude = vec!["(".into()];
        let e = s.validate().unwrap_err().to_string();
        assert!(e.contains("blog") && e.contains("exclude"), "{e}");
        let f = SourceConfig {
            path: None,
            ..SourceConfig::archive("local", SourceKind::Folder, "x")
        };
        assert!(f.validate().unwrap_err().to_string().contains("path"));
    }
}
