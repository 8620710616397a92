/*!
Discovery and fetching: the only network I/O in newsmill.

Does: reads sources (RSS/Atom feeds, XML sitemaps and sitemap indexes, Google News
sitemaps, robots.txt `Sitemap:` lines, listing pages with pagination) into
[`Lead`](newsmill_records::Lead)s with what the source said about each URL; reads
local archives (a folder of HTML files, a WARC file) into
[`Page`](newsmill_records::Page)s; fetches leads into pages politely (robots.txt,
per-host delay and concurrency, a global concurrency cap, retries with exponential
back-off and `Retry-After`, conditional GET, back-off of hosts failing on several
URLs, reported by [`Fetcher::backoffs`]) and safely (timeouts per phase: connect,
first byte, stalled body, whole attempt; pages over `max_body_bytes`, as sent or
decompressed, fail as too large; binary content types refused; manual redirects
with a cap and loop detection; private, loopback and link-local addresses reached
only at hosts the configuration names, checked on the addresses actually
connected to, on every redirect hop). Goes through an HTTP proxy from `[fetch]
proxy` or `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`. Writes fetched pages
as WARC with [`WarcRecorder`]. Surveys a site for its feeds and sitemaps from its
home page and robots.txt ([`Fetcher::survey`]). Its parsers are also pure public functions
([`parse_feed`], [`parse_sitemap`], [`parse_robots`], [`read_warc`],
[`normalize_url`]) for fuzzing and tools.

Does not: decide what to fetch again (the orchestrator's state store does that and
passes [`Validators`]), decode charsets or sniff bodies without a trustworthy
`Content-Type` (bodies stay raw bytes with their `Content-Type`; scrape decodes and
sniffs), extract articles, or keep state between runs.

```no_run
# async fn demo() -> Result<(), newsmill_fetch::FetchError> {
use newsmill_fetch::{Fetched, FetchConfig, Fetcher, SourceConfig, SourceKind, Validators};
let fetcher = Fetcher::new(FetchConfig::default())?;
let source = SourceConfig::new("blog", SourceKind::Feed, "https://example.com/feed.xml");
let found = fetcher.discover(&source).await?;
for lead in &found.leads {
    match fetcher.fetch(lead, &Validators::default()).await {
        Ok(Fetched::Page(page)) => println!("{} {} bytes", page.url, page.body.len()),
        Ok(Fetched::NotModified) => {}
        Err(e) if e.is_gone() => println!("gone: {e}"),
        Err(e) => println!("failed: {e}"),
    }
}
# Ok(()) }
```
*/
#![deny(missing_docs)]

mod address;
mod archive;
mod body;
mod config;
mod content_type;
mod discover;
mod error;
mod exchange;
mod fetcher;
mod health;
mod normalize;
mod pacer;
mod parse;
mod politeness;
mod proxy;
mod retry;
mod robots;
mod url_set;

pub use crate::{
    archive::{read_archive, WarcRecorder},
    config::{FetchConfig, SourceConfig, SourceKind},
    discover::{feed_links, Discovery, SiteSurvey, SitemapEntry, SurveyHit},
    error::FetchError,
    fetcher::{Fetched, Fetcher, Validators},
    health::HostBackoff,
    normalize::normalize_url,
    pacer::{Pacer, Turn},
    parse::{parse_feed, parse_robots, parse_sitemap, read_warc, RobotsRules, SitemapDocument},
    politeness::HostReport,
    proxy::ProxyUrl,
    retry::{parse_retry_after, Attempt, Decision, RetryPolicy},
    url_set::UrlSet,
};

/// DNS resolution, for [`Fetcher::with_resolver`] (reqwest's resolver trait).
pub use reqwest::dns;
