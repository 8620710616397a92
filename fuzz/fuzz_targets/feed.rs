//! Feed parsing (RSS, Atom, JSON Feed: crates/fetch `parse_feed`) on any bytes:
//! leads or an error naming the feed, never a panic; every lead's URL is an
//! http(s) URL that normalising leaves as it is; entry errors name the feed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_fetch::{normalize_url, parse_feed};

const FEED: &str = "https://news.example/section/feed.xml";

fuzz_target!(|data: &[u8]| {
    match parse_feed(data, FEED) {
        Ok(found) => {
            for lead in &found.leads {
                assert!(lead.url.starts_with("http"), "{:?}", lead.url);
                let again = normalize_url(&lead.url);
                assert_eq!(again.as_deref().ok(), Some(lead.url.as_str()));
            }
            for e in &found.errors {
                assert!(e.to_string().contains(FEED), "{e}");
            }
        }
        Err(e) => assert!(e.to_string().contains(FEED), "{e}"),
    }
});
