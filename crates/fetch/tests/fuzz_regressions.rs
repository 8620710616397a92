//! Inputs the fuzz targets (fuzz/) found crashing, kept under `tests/fuzz/TARGET/`
//! and run through the same public parser and checks as the target: each must be
//! read without a panic, with errors naming the document or record.

use std::path::{Path, PathBuf};

use newsmill_fetch::{
    normalize_url, parse_feed, parse_robots, parse_sitemap, read_archive, read_warc, FetchError,
    SourceConfig, SourceKind,
};
use newsmill_records::Page;

/// The committed inputs of one fuzz target.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[test]
fn warc_inputs_are_read_without_panics() {
    let files = inputs("warc");
    assert!(
        !files.is_empty(),
        "tests/fuzz/warc holds the WARC crash inputs"
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let items: Vec<Result<Page, FetchError>> = read_warc(std::io::Cursor::new(bytes), "fuzz")
            .unwrap()
            .collect();
        assert!(!items.is_empty(), "{}: nothing read", path.display());
        for item in &items {
            if let Err(e) = item {
                assert!(e.to_string().contains("record"), "{}: {e}", path.display());
            }
        }
        // The same file through the path API, as a `warc` source reads it.
        let source = SourceConfig::archive("fuzz", SourceKind::Warc, &path);
        assert_eq!(read_archive(&source).unwrap().count(), items.len());
    }
}

/// A record whose WARC-Record-ID and WARC-Target-URI hold bytes that are not
/// UTF-8 (the `warc` 0.4 crate, used until then, panicked in `Record::header`):
/// the page is read with U+FFFD in its URL, and a record after it still comes.
#[test]
fn a_header_value_that_is_not_utf8_is_decoded_lossily() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/warc/non-utf8-header.warc");
    let bad = std::fs::read(path).unwrap();
    let good = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Date: 2024-05-02T08:00:00Z\r\nWARC-Target-URI: https://e.com/next\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<p>ok</p>\r\n\r\n";
    let pages: Vec<Page> = read_warc(std::io::Cursor::new([&bad[..], good].concat()), "mem")
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(pages.len(), 2);
    assert!(
        pages[0].final_url.contains('\u{fffd}'),
        "{}",
        pages[0].final_url
    );
    assert!(String::from_utf8_lossy(&pages[0].body).contains("Body text of the page."));
    assert_eq!(pages[1].url, "https://e.com/next");
}

#[test]
fn other_parsers_inputs_are_read_without_panics() {
    for path in inputs("feed") {
        let _ = parse_feed(&std::fs::read(&path).unwrap(), "https://e.com/feed.xml");
    }
    for path in inputs("sitemap") {
        let _ = parse_sitemap(&std::fs::read(&path).unwrap(), "https://e.com/sitemap.xml");
    }
    for path in inputs("robots") {
        let rules = parse_robots("newsmill", &std::fs::read(&path).unwrap());
        let _ = rules.allows(&"https://e.com/a".parse().unwrap());
    }
    for path in inputs("url") {
        let raw = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        if let Ok(once) = normalize_url(&raw) {
            assert_eq!(normalize_url(&once).unwrap(), once, "{}", path.display());
        }
    }
}
