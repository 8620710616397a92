/*!
Discovery and fetching: the only network I/O in newsmill.

Does: reads sources (RSS/Atom feeds, XML sitemaps and sitemap indexes, Google News
sitemaps, robots.txt `Sitemap:` lines, listing pages with pagination) into
[`Lead`](newsmill_records::Lead)s with what the source said about each URL; reads
local archives (a folder of HTML files, a WARC file) into
[`Page`](newsmill_records::Page)s; fetches leads into pages politely (robots.txt,
per-host delay and concurrency, a global concurrency cap, retries with exponential
back-off and `Retry-After`, conditional GET, back-off of failing hosts) and safely
(timeouts for connect, first byte and the whole request, body and decompression
caps, manual redirects with a cap and loop detection, refusal of private addresses
after DNS resolution and on every redirect). Writes fetched pages as WARC with
[`WarcRecorder`].

Does not: decide what to fetch again (the orchestrator's state store does that and
passes [`Validators`]), decode charsets (bodies stay raw bytes with their
`Content-Type`; scrape decodes), extract articles, or keep state between runs.

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
mod discover;
mod error;
mod exchange;
mod fetcher;
mod normalize;
mod pacer;
mod politeness;
mod retry;
mod robots;

pub use crate::{
    archive::{read_archive, WarcRecorder},
    config::{FetchConfig, SourceConfig, SourceKind},
    discover::Discovery,
    error::FetchError,
    fetcher::{Fetched, Fetcher, Validators},
    normalize::normalize_url,
    pacer::{Pacer, Turn},
    politeness::HostReport,
    retry::{parse_retry_after, Attempt, Decision, RetryPolicy},
};
