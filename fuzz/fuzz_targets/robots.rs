//! robots.txt parsing (rules, crawl delay, `Sitemap:` lines) through
//! `Fetcher::discover` of a robots source served from loopback, then the rules
//! Slow per input (HTTP exchanges); a public `robots::Entry::parsed` would make
//! it 100x faster.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_fetch::{Fetcher, SourceKind};
use newsmill_fuzz::{fetcher, runtime, source, Loopback};
use std::sync::{LazyLock, Mutex};

/// robots.txt is cached per fetcher and origin: each input goes to the next of
/// 256 ports, and the fetcher is replaced after a round of them (building one
/// loads TLS roots: 100 ms).
const PORTS: usize = 256;
static SETUP: LazyLock<(Loopback, tokio::runtime::Runtime)> =
    LazyLock::new(|| (Loopback::start_on(PORTS), runtime()));
static FETCHER: Mutex<Option<(usize, Fetcher)>> = Mutex::new(None);

fuzz_target!(init: { LazyLock::force(&SETUP); }, |data: &[u8]| {
    let (server, rt) = &*SETUP;
    server.set("/robots.txt", "text/plain", data);
    server.set("/sitemap.xml", "application/xml", b"<urlset><url><loc>/a</loc></url></urlset>");
    let mut slot = FETCHER.lock().expect("fetcher");
    if slot.as_ref().is_none_or(|(used, _)| *used == PORTS) {
        *slot = Some((0, fetcher(true)));
    }
    let (used, f) = slot.as_mut().expect("fetcher");
    let src = source(SourceKind::Robots, &server.bases[*used]);
    *used += 1;
    let _ = rt.block_on(f.discover(&src));
});
