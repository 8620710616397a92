//! Charset detection and decoding, and content sniffing, on any bytes: no panic,
//! a known charset, a confidence in [0, 1], and a declared UTF-8 that the bytes
//! break still read as UTF-8 (WHATWG: the declaration wins over detection).
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmill_scrape::fuzzing;

const TYPES: &[Option<&str>] = &[
    None,
    Some("text/html"),
    Some("text/html; charset=utf-8"),
    Some("text/html; charset=\"windows-1251\""),
    Some("text/html;charset=shift_jis"),
    Some("application/xhtml+xml; charset=utf-16"),
    Some("text/html; charset=bogus"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let content_type = TYPES[pick as usize % TYPES.len()];
    let url = if pick & 0x80 != 0 {
        "https://news.example.ru/a"
    } else {
        ""
    };
    let (text, charset, confidence) = fuzzing::decode(bytes, content_type, url);
    assert!((0.0..=1.0).contains(&confidence));
    assert!(!charset.is_empty());
    let bom = bytes.starts_with(b"\xef\xbb\xbf")
        || bytes.starts_with(b"\xfe\xff")
        || bytes.starts_with(b"\xff\xfe");
    if content_type == Some("text/html; charset=utf-8") && !bom {
        assert_eq!(charset, "UTF-8");
        assert_eq!(text, String::from_utf8_lossy(bytes));
    }
    let _ = fuzzing::sniff(bytes, pick & 1 == 1);
});
