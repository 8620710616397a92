//! Sitemap parsing (urlsets, sitemap indexes, Google News, text sitemaps, gzip:
//! crates/fetch `parse_sitemap`) on any bytes: entries or an error naming the
//! sitemap, never a panic. One input in eight (chosen by its length, so inputs
//! stay plain sitemaps) is also read gzip'd, which must give the same entries.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;
use newsmill_fetch::parse_sitemap;

const SITEMAP: &str = "https://news.example/sitemap.xml";

fuzz_target!(|data: &[u8]| {
    let plain = parse_sitemap(data, SITEMAP);
    match &plain {
        Ok(doc) => {
            assert!(doc.entries.iter().all(|e| !e.loc.trim().is_empty()));
            for e in &doc.errors {
                assert!(e.to_string().contains(SITEMAP), "{e}");
            }
        }
        Err(e) => assert!(e.to_string().contains(SITEMAP), "{e}"),
    }
    // Already gzip'd inputs would be inflated twice: skip them.
    if data.len() % 8 == 0 && !data.starts_with(&[0x1f, 0x8b]) {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(data).expect("gzip");
        let zipped = parse_sitemap(&gz.finish().expect("gzip"), SITEMAP);
        match (&plain, &zipped) {
            (Ok(a), Ok(b)) => assert!(a.index == b.index && a.entries == b.entries),
            (Err(_), Err(_)) => {}
            _ => panic!("plain and gzip'd differ: {:?} / {:?}", plain.is_ok(), zipped.is_ok()),
        }
    }
});
