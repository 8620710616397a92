//! Decoding page bytes to text, in the WHATWG Encoding Standard's order: a BOM,
//! then the `Content-Type` header's charset, then a `<meta charset>` /
//! `http-equiv` declaration in the first bytes, and detection with chardetng
//! only when nothing is declared. A declared charset is kept even when the bytes
//! break it: invalid sequences are replaced with U+FFFD, never fatal, and the
//! confidence drops to flag the page.

use std::sync::LazyLock;

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;

/// A decoded page.
pub(crate) struct Decoded<'b> {
    pub text: Cow<'b, str>,
    /// The encoding's canonical name (`UTF-8`, `windows-1251`, ...).
    pub charset: &'static str,
    /// 1.0 for a BOM or a declaration the bytes agree with; lower for guesses.
    pub confidence: f32,
}

/// How far into the document a `<meta charset>` is looked for.
const PRESCAN: usize = 4096;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("meta charset pattern is valid")
});

/// Decodes `bytes`; `content_type` is the HTTP header, `url` helps detection (TLD).
pub(crate) fn decode<'b>(bytes: &'b [u8], content_type: Option<&str>, url: &str) -> Decoded<'b> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            charset: enc.name(),
            confidence: 1.0,
        };
    }
    let declared = content_type
        .and_then(header_charset)
        .map(|e| (e, 1.0))
        .or_else(|| meta_charset(bytes).map(|e| (e, 0.95)));
    if let Some((enc, confidence)) = declared {
        // The declaration wins even when the bytes do not all fit it: invalid
        // sequences become U+FFFD (as in browsers), and the confidence says so.
        // Detection would read them as some single-byte charset that never fails
        // (a UTF-8 page with a few bad bytes came out as IBM866).
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text,
            charset: enc.name(),
            confidence: if had_errors { 0.4 } else { confidence },
        };
    }
    let guess = detect(bytes, url);
    let (text, had_errors) = guess.decode_without_bom_handling(bytes);
    let confidence = if had_errors {
        0.3
    } else if bytes.is_ascii() {
        1.0
    } else if guess == UTF_8 {
        0.9
    } else {
        0.6
    };
    Decoded {
        text,
        charset: guess.name(),
        confidence,
    }
}

fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let value = lower[at + 8..]
        .trim_start_matches(['"', '\''])
        .split(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .next()?;
    label(value.as_bytes())
}

fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let caps = META_CHARSET.captures(head)?;
    label(caps.get(1)?.as_bytes())
}

/// Resolves a label; a declared UTF-16 in an ASCII-compatible document means UTF-8
/// and x-user-defined means windows-1252 (as the HTML standard says).
fn label(value: &[u8]) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(value)?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            enc.output_encoding()
        },
    )
}

fn detect(bytes: &[u8], url: &str) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let tld = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .and_then(|h| h.rsplit('.').next().map(str::to_string));
    detector.guess(tld.as_deref().map(str::as_bytes), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins() {
        let d = decode(
            b"\xEF\xBB\xBFcaf\xC3\xA9",
            Some("text/html; charset=latin1"),
            "",
        );
        assert_eq!((&*d.text, d.charset), ("café", "UTF-8"));
        assert_eq!(d.confidence, 1.0);
    }

    #[test]
    fn header_then_meta_then_detection() {
        let d = decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1"), "");
        assert_eq!((&*d.text, d.charset), ("café", "windows-1252"));
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body>";
        let d = decode(page, None, "https://example.by/");
        assert!(d.text.contains("Привет"), "{}", d.text);
        assert_eq!(d.charset, "windows-1251");
        let d = decode("Grüße aus München, schöne Grüße".as_bytes(), None, "");
        assert_eq!(d.charset, "UTF-8");
    }

    #[test]
    fn invalid_bytes_are_replaced() {
        let d = decode(b"ok \xff\xfe\xfd ok", Some("text/html; charset=utf-8"), "");
        assert!(d.text.starts_with("ok "));
        assert!(d.confidence < 1.0);
    }

    /// Mostly valid UTF-8 (Cyrillic) with a few broken sequences: detection reads
    /// such bytes as a single-byte Cyrillic charset that never fails.
    fn broken_utf8() -> Vec<u8> {
        let mut page = "<html><head><meta charset=\"utf-8\"><title>Новости</title></head><body><p>"
            .as_bytes()
            .to_vec();
        for _ in 0..20 {
            page.extend_from_slice("Минск объявил о новых мерах поддержки. ".as_bytes());
            page.extend_from_slice(b"\xd0 \xff\xc3(");
        }
        page.extend_from_slice(b"</p></body></html>");
        page
    }

    #[test]
    fn declared_utf8_with_invalid_bytes_stays_utf8() {
        let page = broken_utf8();
        for content_type in [None, Some("text/html; charset=UTF-8")] {
            let d = decode(&page, content_type, "https://news.example.by/");
            assert_eq!(d.charset, "UTF-8", "{content_type:?}");
            assert!(d.text.contains("Минск объявил"), "{}", d.text);
            assert_eq!(d.text.matches('\u{fffd}').count(), 60);
            assert_eq!(d.confidence, 0.4);
        }
        // Header over meta, BOM over both.
        let d = decode(&page, Some("text/html; charset=windows-1251"), "");
        assert_eq!(d.charset, "windows-1251");
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice("<meta charset=koi8-r><p>Привет".as_bytes());
        let d = decode(&bom, Some("text/html; charset=windows-1251"), "");
        assert_eq!((d.charset, d.confidence), ("UTF-8", 1.0));
        assert!(d.text.ends_with("Привет"));
    }

    #[test]
    fn detection_only_when_nothing_is_declared() {
        let page = broken_utf8().split_off(40);
        assert!(!String::from_utf8_lossy(&page).contains("charset"));
        let d = decode(&page, Some("text/html"), "https://news.example.by/");
        assert_ne!(d.charset, "UTF-8");
        assert!(d.confidence < 1.0);
        let d = decode(b"<meta charset=x-user-defined><p>caf\xe9", None, "");
        assert_eq!(
            (&*d.text, d.charset),
            ("<meta charset=x-user-defined><p>café", "windows-1252")
        );
    }
}
