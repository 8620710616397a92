//! WARC reading (crates/fetch `read_warc`) on any bytes: pages or errors naming
//! the record, never a panic or an endless iterator. One input in eight (chosen by
//! its length, so inputs stay plain WARC files) is also read gzip'd as two
//! members split in the middle, which must give the same pages.
#![no_main]
use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use newsmill_fetch::{read_warc, FetchError};
use newsmill_records::Page;

fn read(bytes: Vec<u8>) -> Vec<Result<Page, FetchError>> {
    let limit = bytes.len() + 2;
    let items: Vec<_> = read_warc(Cursor::new(bytes), "fuzz.warc")
        .expect("in-memory reader")
        .take(limit)
        .collect();
    // Each record costs at least a header line: more items than bytes would
    // mean the reader is not advancing.
    assert!(items.len() < limit, "{} items", items.len());
    items
}

fn gzip(part: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(part).expect("gzip");
    gz.finish().expect("gzip")
}

fuzz_target!(|data: &[u8]| {
    let plain = read(data.to_vec());
    for item in &plain {
        match item {
            Ok(page) => {
                assert!((200..300).contains(&page.status), "{}", page.status);
                assert!(!page.final_url.is_empty());
            }
            Err(e) => {
                let e = e.to_string();
                assert!(e.contains("fuzz.warc") && e.contains("record"), "{e}");
            }
        }
    }
    if data.len() % 8 == 0 && !data.starts_with(&[0x1f, 0x8b]) {
        let (a, b) = data.split_at(data.len() / 2);
        let zipped = read([gzip(a), gzip(b)].concat());
        assert_eq!(plain.len(), zipped.len());
        for (p, z) in plain.iter().zip(&zipped) {
            match (p, z) {
                (Ok(p), Ok(z)) => assert_eq!(p, z),
                (Err(_), Err(_)) => {}
                _ => panic!("plain and gzip'd differ: {p:?} / {z:?}"),
            }
        }
    }
});
