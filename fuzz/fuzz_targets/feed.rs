//! Feed parsing (RSS, Atom, JSON Feed) through the nearest public entry point,
//! `Fetcher::discover` on a feed served from loopback. Slow per input (an HTTP
//! exchange); a public `parse_feed(bytes, url)` would make it 100x faster.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_fetch::{Fetcher, SourceKind};
use newsmill_fuzz::{fetcher, runtime, source, Loopback};
use std::sync::LazyLock;

/// One fetcher for all inputs (building one loads TLS roots: 100 ms); leads it
/// has returned once are skipped later, the parse still runs.
static SETUP: LazyLock<(Loopback, tokio::runtime::Runtime, Fetcher)> =
    LazyLock::new(|| (Loopback::start(), runtime(), fetcher(false)));

fuzz_target!(init: { LazyLock::force(&SETUP); }, |data: &[u8]| {
    let (server, rt, f) = &*SETUP;
    let content_type = if data.first() == Some(&b'{') { "application/feed+json" } else { "application/rss+xml" };
    server.set("/feed", content_type, data);
    let src = source(SourceKind::Feed, &format!("{}/feed", server.base));
    let _ = rt.block_on(f.discover(&src));
});
