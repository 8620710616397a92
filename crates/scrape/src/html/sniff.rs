//! Content sniffing: is this byte string a web page at all?
//!
//! Follows the WHATWG MIME Sniffing Standard ("identify an unknown MIME type",
//! the image, audio/video, font and archive pattern tables, and "binary data
//! bytes"), with a few more signatures for what a folder or a misconfigured
//! server hands over (executables, more archives, databases). A page refused here
//! never reaches the decoder: a PDF, an image or `/bin/ls` decoded as some 8-bit
//! charset reads as thousands of words of nonsense.

/// What the bytes look like, when they are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Binary(pub &'static str);

/// How many bytes the standard looks at (its "resource header").
const HEADER: usize = 1445;

/// A signature: bytes to compare under a mask, at the start of the data.
struct Pattern {
    what: &'static str,
    bytes: &'static [u8],
    /// 0xFF where the byte must match, 0x00 where any byte will do; empty = all.
    mask: &'static [u8],
    /// True for short signatures that plain text can start with ("BM", "MZ"):
    /// they count only when the header has binary data bytes as well.
    weak: bool,
}

const fn exact(what: &'static str, bytes: &'static [u8]) -> Pattern {
    Pattern {
        what,
        bytes,
        mask: &[],
        weak: false,
    }
}

const fn masked(what: &'static str, bytes: &'static [u8], mask: &'static [u8]) -> Pattern {
    Pattern {
        what,
        bytes,
        mask,
        weak: false,
    }
}

const fn weak(what: &'static str, bytes: &'static [u8]) -> Pattern {
    Pattern {
        what,
        bytes,
        mask: &[],
        weak: true,
    }
}

/// The standard's tables (PDF and PostScript from the scriptable table, images,
/// audio and video, fonts, archives), then signatures it leaves to "binary data".
const PATTERNS: &[Pattern] = &[
    exact("a PDF document", b"%PDF-"),
    exact("a PostScript document", b"%!PS-Adobe-"),
    exact("an ICO image", b"\x00\x00\x01\x00"),
    exact("a CUR image", b"\x00\x00\x02\x00"),
    weak("a BMP image", b"BM"),
    exact("a GIF image", b"GIF87a"),
    exact("a GIF image", b"GIF89a"),
    masked(
        "a WebP image",
        b"RIFF\x00\x00\x00\x00WEBPVP",
        b"\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff",
    ),
    exact("a PNG image", b"\x89PNG\r\n\x1a\n"),
    exact("a JPEG image", b"\xff\xd8\xff"),
    masked(
        "an AIFF audio file",
        b"FORM\x00\x00\x00\x00AIFF",
        b"\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff",
    ),
    exact("an MP3 audio file", b"ID3"),
    exact("an Ogg media file", b"OggS\x00"),
    exact("a MIDI file", b"MThd\x00\x00\x00\x06"),
    masked(
        "an AVI video",
        b"RIFF\x00\x00\x00\x00AVI ",
        b"\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff",
    ),
    masked(
        "a WAVE audio file",
        b"RIFF\x00\x00\x00\x00WAVE",
        b"\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff",
    ),
    exact("a WebM or Matroska video", b"\x1a\x45\xdf\xa3"),
    exact("a TrueType font", b"\x00\x01\x00\x00"),
    exact("an OpenType font", b"OTTO"),
    exact("a TrueType font collection", b"ttcf"),
    exact("a WOFF font", b"wOFF"),
    exact("a WOFF2 font", b"wOF2"),
    exact("a gzip archive", b"\x1f\x8b\x08"),
    exact("a ZIP archive (or an Office document)", b"PK\x03\x04"),
    exact("a RAR archive", b"Rar!\x1a\x07"),
    exact("a RAR archive", b"Rar \x1a\x07\x00"),
    exact("a 7-Zip archive", b"7z\xbc\xaf\x27\x1c"),
    exact("an xz archive", b"\xfd7zXZ\x00"),
    exact("a bzip2 archive", b"BZh"),
    exact("a Zstandard archive", b"\x28\xb5\x2f\xfd"),
    exact("an ELF executable", b"\x7fELF"),
    weak("a Windows executable", b"MZ"),
    exact("a Mach-O executable", b"\xfe\xed\xfa\xce"),
    exact("a Mach-O executable", b"\xfe\xed\xfa\xcf"),
    exact("a Mach-O executable", b"\xce\xfa\xed\xfe"),
    exact("a Mach-O executable", b"\xcf\xfa\xed\xfe"),
    exact("a Java class file or Mach-O binary", b"\xca\xfe\xba\xbe"),
    exact("a WebAssembly module", b"\x00asm"),
    exact("an SQLite database", b"SQLite format 3\x00"),
    exact(
        "a Microsoft Office (OLE) document",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ),
    exact("a Flash file", b"CWS"),
    exact("a Flash file", b"FWS"),
];

/// The standard's "binary data byte": a control character that text never holds
/// (tab, line feed, form feed, carriage return and escape are allowed).
fn is_binary_byte(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F)
}

/// Says what `bytes` are when they are not text (an HTML page, XML, plain text in
/// any charset); `None` for text. `declared_text` is true when the server said
/// the body is HTML, XML or text: a signature still wins (a PDF served as
/// `text/html` stays a PDF), but stray control bytes alone do not refuse it.
pub(crate) fn sniff(bytes: &[u8], declared_text: bool) -> Option<Binary> {
    let header = &bytes[..bytes.len().min(HEADER)];
    // A byte order mark says text.
    if header.starts_with(b"\xef\xbb\xbf")
        || header.starts_with(b"\xfe\xff")
        || header.starts_with(b"\xff\xfe")
    {
        return None;
    }
    let binary_bytes = header.iter().filter(|&&b| is_binary_byte(b)).count();
    for p in PATTERNS {
        if matches(header, p) && (!p.weak || binary_bytes > 0) {
            return Some(Binary(p.what));
        }
    }
    if is_mp4(header) {
        return Some(Binary("an MP4 video"));
    }
    if bytes.len() > 262 && &bytes[257..262] == b"ustar" {
        return Some(Binary("a tar archive"));
    }
    if binary_bytes == 0 || starts_like_markup(header) {
        return None;
    }
    // A page the server calls text keeps its odd control byte; a file or an
    // undeclared body whose first bytes are largely control bytes is binary.
    if declared_text && binary_bytes * 10 < header.len() {
        return None;
    }
    Some(Binary("binary data"))
}

fn matches(data: &[u8], p: &Pattern) -> bool {
    data.len() >= p.bytes.len()
        && if p.mask.is_empty() {
            data.starts_with(p.bytes)
        } else {
            data.iter()
                .zip(p.bytes)
                .zip(p.mask)
                .all(|((d, b), m)| d & m == *b)
        }
}

/// The standard's "matches the signature for MP4": an `ftyp` box whose major or
/// compatible brands include `mp4`.
fn is_mp4(data: &[u8]) -> bool {
    if data.len() < 12 {
        return false;
    }
    let size = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
    if data.len() < size || !size.is_multiple_of(4) || size < 12 || &data[4..8] != b"ftyp" {
        return false;
    }
    if &data[8..11] == b"mp4" {
        return true;
    }
    (16..size)
        .step_by(4)
        .any(|i| data.get(i..i + 3) == Some(b"mp4"))
}

/// The standard's HTML and XML signatures: after leading whitespace, `<!DOCTYPE
/// HTML`, `<HTML`, `<HEAD`, `<BODY`, `<P`, `<!--`, ... (ASCII case ignored) followed
/// by a space or `>`, or `<?xml`.
fn starts_like_markup(header: &[u8]) -> bool {
    const TAGS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<script",
        b"<iframe",
        b"<h1",
        b"<div",
        b"<font",
        b"<table",
        b"<a",
        b"<style",
        b"<title",
        b"<b",
        b"<body",
        b"<br",
        b"<p",
        b"<!--",
    ];
    let start = header
        .iter()
        .position(|&b| !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
        .unwrap_or(header.len());
    let rest = &header[start..];
    if rest.starts_with(b"<?xml") {
        return true;
    }
    TAGS.iter().any(|tag| {
        rest.len() > tag.len()
            && rest[..tag.len()].eq_ignore_ascii_case(tag)
            && (*tag == b"<!--" || matches!(rest[tag.len()], b' ' | b'>'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(bytes: &[u8]) -> Option<&'static str> {
        sniff(bytes, false).map(|b| b.0)
    }

    #[test]
    fn names_binary_formats_by_signature() {
        let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
        elf.extend(std::iter::repeat_n(0u8, 64));
        assert_eq!(what(&elf), Some("an ELF executable"));
        assert_eq!(
            what(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
            Some("a PDF document")
        );
        assert_eq!(
            what(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            Some("a PNG image")
        );
        assert_eq!(what(b"\xff\xd8\xff\xe0\x00\x10JFIF"), Some("a JPEG image"));
        assert_eq!(what(b"GIF89a\x01\x00\x01\x00"), Some("a GIF image"));
        assert_eq!(what(b"RIFF\x24\x00\x00\x00WEBPVP8 "), Some("a WebP image"));
        assert_eq!(
            what(b"RIFF\x24\x00\x00\x00WAVEfmt "),
            Some("a WAVE audio file")
        );
        assert_eq!(
            what(b"PK\x03\x04\x14\x00\x00\x00"),
            Some("a ZIP archive (or an Office document)")
        );
        assert_eq!(
            what(b"\x1f\x8b\x08\x00\x00\x00\x00\x00"),
            Some("a gzip archive")
        );
        assert_eq!(what(b"wOF2\x00\x01\x00\x00"), Some("a WOFF2 font"));
        assert_eq!(
            what(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp41isom"),
            Some("an MP4 video")
        );
        let mut tar = vec![b'a'; 600];
        tar[257..262].copy_from_slice(b"ustar");
        tar[100] = 0;
        assert_eq!(what(&tar), Some("a tar archive"));
        let mut pe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
        pe.extend_from_slice(b"This program cannot be run in DOS mode.");
        assert_eq!(what(&pe), Some("a Windows executable"));
    }

    #[test]
    fn control_bytes_mean_binary_data() {
        let mut blob: Vec<u8> = (0..=255u8).cycle().take(4000).collect();
        blob[0] = b'x';
        assert_eq!(what(&blob), Some("binary data"));
        // The server's word that it is HTML holds against a stray control byte,
        // not against a body made of them.
        let page = b"<meta charset=utf-8><p>Stray \x01 byte</p>";
        assert_eq!(what(page), Some("binary data"));
        assert_eq!(sniff(page, true), None);
        assert_eq!(sniff(&blob, true), Some(Binary("binary data")));
    }

    #[test]
    fn text_and_markup_pass() {
        for page in [
            &b"<!DOCTYPE html><html><p>x</p>"[..],
            b"  \n<HTML lang=en>",
            b"<?xml version=\"1.0\"?><rss/>",
            b"\xef\xbb\xbf<p>BOM\x01</p>",
            b"\xff\xfe<\x00p\x00>\x00",
            b"plain text, caf\xe9 in Latin-1",
            "Привет, мир".as_bytes(),
            b"BMW sales rose by a tenth",
            b"MZ is a code, said the page",
            b"<p>a page that starts with a paragraph \x02</p>",
            b"",
        ] {
            assert_eq!(what(page), None, "{:?}", String::from_utf8_lossy(page));
        }
    }
}
