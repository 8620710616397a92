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
