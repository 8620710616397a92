//! Decoding page bytes to text: BOM, then the `Content-Type` header, then a
//! `<meta charset>` / `http-equiv` declaration in the first bytes, then detection with
//! chardetng. Invalid byte sequences are replaced, never fatal.

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
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Decoded {
                text,
                charset: enc.name(),
                confidence,
            };
        }
        // The declaration and the bytes disagree: prefer a detected encoding that
        // decodes cleanly, otherwise keep the declared one with replacements.
        let guess = detect(bytes, url);
        if guess != enc {
            let (text, guess_errors) = guess.decode_without_bom_handling(bytes);
            if !guess_errors {
                return Decoded {
                    text,
                    charset: guess.name(),
                    confidence: 0.6,
                };
            }
        }
        return Decoded {
            text,
            charset: enc.name(),
            confidence: 0.4,
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
/// (as the HTML standard says).
fn label(value: &[u8]) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(value)?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
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
}
