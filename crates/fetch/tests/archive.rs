//! Local archives: folders of HTML files and WARC files, and WARC round trips.

use std::io::Write;

use newsmill_fetch::{read_archive, FetchError, SourceConfig, SourceKind, WarcRecorder};
use newsmill_records::Page;

use crate::gzip;

#[test]
fn folder_pages_are_read_in_path_order_with_base_urls() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("news/2024")).unwrap();
    std::fs::write(root.join("index.html"), "<h1>Index</h1>").unwrap();
    std::fs::write(root.join("news/2024/bridge.htm"), "<h1>Bridge</h1>").unwrap();
    std::fs::write(
        root.join("news/2024/grain.html.gz"),
        gzip(b"<h1>Grain</h1>"),
    )
    .unwrap();
    std::fs::write(root.join("notes.txt"), "not a page").unwrap();
    std::fs::write(root.join("broken.html.gz"), b"\x1f\x8bgarbage").unwrap();

    let mut source = SourceConfig::archive("site", SourceKind::Folder, root);
    source.url = Some("https://example.org/mirror".into());
    let items: Vec<Result<Page, FetchError>> = read_archive(&source).unwrap().collect();
    assert_eq!(items.len(), 4);
    let err = items[0].as_ref().unwrap_err();
    assert!(err.to_string().contains("broken.html.gz"), "{err}");
    let pages: Vec<&Page> = items[1..].iter().map(|p| p.as_ref().unwrap()).collect();
    let urls: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://example.org/mirror/index.html",
            "https://example.org/mirror/news/2024/bridge.htm",
            "https://example.org/mirror/news/2024/grain.html",
        ]
    );
    assert_eq!(pages[2].body, b"<h1>Grain</h1>");
    assert!(pages.iter().all(|p| p.source == "site" && p.status == 200));

    // Without a base URL, pages get file:// URLs.
    source.url = None;
    let first = read_archive(&source).unwrap().nth(1).unwrap().unwrap();
    assert!(
        first.url.starts_with("file:///") && first.url.ends_with("index.html"),
        "{}",
        first.url
    );
}

#[test]
fn missing_paths_are_named() {
    let source = SourceConfig::archive("gone", SourceKind::Folder, "/no/such/folder");
    let err = read_archive(&source).err().unwrap();
    assert!(err.to_string().contains("/no/such/folder"), "{err}");
    let source = SourceConfig::archive("gone", SourceKind::Warc, "/no/such.warc.gz");
    assert!(read_archive(&source)
        .err()
        .unwrap()
        .to_string()
        .contains("/no/such.warc.gz"));
}

fn page(url: &str, final_url: &str, body: &[u8]) -> Page {
    let mut p = Page::from_bytes("live", url, body.to_vec());
    p.final_url = final_url.into();
    p.content_type = Some("text/html; charset=windows-1251".into());
    p.etag = Some("\"abc\"".into());
    p.fetched_at = "2024-03-04T10:00:00Z".parse().unwrap();
    p
}

#[test]
fn warc_round_trip_keeps_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.warc.gz");
    let a = page(
        "https://e.com/a",
        "https://e.com/a",
        b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
    );
    let mut b = page("https://e.com/b", "https://e.com/b-moved", b"<p>moved</p>");
    b.truncated = true;
    let mut pdf = page("https://e.com/doc", "https://e.com/doc", b"%PDF");
    pdf.content_type = Some("application/pdf".into());
    let mut rec = WarcRecorder::create(&path).unwrap();
    for p in [&a, &pdf, &b] {
        rec.write_page(p).unwrap();
    }
    rec.finish().unwrap();

    // Each record is its own gzip member.
    let raw = std::fs::read(&path).unwrap();
    let members = raw.windows(3).filter(|w| w == &[0x1f, 0x8b, 0x08]).count();
    assert!(members >= 4, "warcinfo + 3 records, got {members} members");

    let source = SourceConfig::archive("replay", SourceKind::Warc, &path);
    let pages: Vec<Page> = read_archive(&source).unwrap().map(Result::unwrap).collect();
    assert_eq!(pages.len(), 2, "the PDF is skipped");
    assert_eq!(pages[0].url, "https://e.com/a");
    assert_eq!(pages[0].body, a.body);
    assert_eq!(pages[0].content_type, a.content_type);
    assert_eq!(pages[0].etag, a.etag);
    assert_eq!(pages[0].fetched_at, a.fetched_at);
    assert_eq!(pages[0].source, "replay");
    assert_eq!(pages[1].url, "https://e.com/b");
    assert_eq!(pages[1].final_url, "https://e.com/b-moved");
    assert!(pages[1].truncated);
}

#[test]
fn foreign_warc_with_chunked_gzip_responses_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    let html = b"<html><body>chunked and gzip'd</body></html>";
    let z = gzip(html);
    let mut http = Vec::new();
    write!(http, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
    let (x, y) = z.split_at(10);
    for part in [x, y] {
        write!(http, "{:x}\r\n", part.len()).unwrap();
        http.extend_from_slice(part);
        http.extend_from_slice(b"\r\n");
    }
    http.extend_from_slice(b"0\r\n\r\n");
    let mut warc = Vec::new();
    let request = b"GET / HTTP/1.1\r\nHost: x.org\r\n\r\n";
    for (kind, body) in [("request", &request[..]), ("response", &http[..])] {
        write!(
            warc,
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{}>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: https://x.org/\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n",
            if kind == "request" { "00000000-0000-0000-0000-000000000001" } else { "00000000-0000-0000-0000-000000000002" },
            body.len()
        )
        .unwrap();
        warc.extend_from_slice(body);
        warc.extend_from_slice(b"\r\n\r\n");
    }
    std::fs::write(&path, &warc).unwrap();
    let source = SourceConfig::archive("w", SourceKind::Warc, &path);
    let pages: Vec<Page> = read_archive(&source).unwrap().map(Result::unwrap).collect();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].body, html);
    assert_eq!(pages[0].url, "https://x.org/");

    // A truncated file yields an error naming the file, after the good records.
    std::fs::write(&path, &warc[..warc.len() - 40]).unwrap();
    let items: Vec<_> = read_archive(&source).unwrap().collect();
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(last.to_string().contains("crawl.warc"), "{last}");
}
