//! Sitemap parsing (urlsets, sitemap indexes, Google News, gzip) through
//! `Fetcher::discover` on a sitemap served from loopback; child sitemaps the
//! input names are fetched too (from loopback when they point there, refused
//! or unreachable otherwise: the target runs in its own network namespace).
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
    server.set("/sitemap.xml", "application/xml", data);
    let src = source(SourceKind::Sitemap, &format!("{}/sitemap.xml", server.base));
    let _ = rt.block_on(f.discover(&src));
});
