//! The whole extractor (sniffing, decoding, parsing, content and metadata,
//! dates) on any bytes: an article or a named error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_records::Page;
use newsmill_scrape::{Extractor, ScrapeConfig};
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(ScrapeConfig::default()).expect("extractor"));

fuzz_target!(init: { LazyLock::force(&EXTRACTOR); }, |data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let url = match pick % 4 {
        0 => "https://news.example.com/2024/05/02/tram-line-extended",
        1 => "file:///tmp/page.html",
        2 => "https://example.org/",
        _ => "not a url",
    };
    let mut page = Page::from_bytes("fuzz", url, body.to_vec());
    if pick & 0x10 != 0 {
        page.content_type = Some("text/html; charset=utf-8".into());
    }
    if let Ok((article, _)) = EXTRACTOR.extract_lenient(&page) {
        assert_eq!(article.url, url);
    }
});
