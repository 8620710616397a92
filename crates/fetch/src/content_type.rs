//! What a page response's `Content-Type` says it is, decided before the body is
//! read. HTML is kept; binary files (PDF, images, archives, executables, …) are
//! refused by kind; other text types are refused as not HTML. A missing or
//! non-committal type (`unknown/unknown`, `application/unknown`, `*/*`, or one that
//! does not parse) is kept: the scrape stage sniffs the bytes of such bodies (the
//! WHATWG MIME-sniffing rules), so the fetcher does not sniff them again.

/// The verdict on a `Content-Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// `text/html` or `application/xhtml+xml`.
    Html,
    /// No trustworthy type: the body's bytes decide (in scrape).
    Unknown,
    /// A binary file of this kind.
    Binary(&'static str),
    /// Some other (text) type.
    NotHtml,
}

/// The lower-cased essence (`type/subtype`) of a `Content-Type` value.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Classifies a response's `Content-Type` header.
pub(crate) fn classify(content_type: Option<&str>) -> Verdict {
    let Some(ct) = content_type else {
        return Verdict::Unknown;
    };
    let mime = essence(ct);
    let Some((top, sub)) = mime.split_once('/') else {
        return Verdict::Unknown;
    };
    if top.is_empty() || sub.is_empty() {
        return Verdict::Unknown;
    }
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => return Verdict::Html,
        "unknown/unknown" | "application/unknown" | "*/*" => return Verdict::Unknown,
        _ => {}
    }
    match top {
        "image" => return Verdict::Binary("image"),
        "audio" => return Verdict::Binary("audio file"),
        "video" => return Verdict::Binary("video"),
        "font" => return Verdict::Binary("font"),
        "model" => return Verdict::Binary("3D model"),
        "text" | "message" | "multipart" => return Verdict::NotHtml,
        _ => {}
    }
    let kind = match sub {
        "pdf" | "x-pdf" => "PDF document",
        "postscript" => "PostScript document",
        "zip"
        | "x-zip-compressed"
        | "gzip"
        | "x-gzip"
        | "x-tar"
        | "x-gtar"
        | "x-bzip"
        | "x-bzip2"
        | "x-xz"
        | "x-7z-compressed"
        | "x-rar-compressed"
        | "vnd.rar"
        | "zstd"
        | "x-compress"
        | "x-lzip"
        | "x-lzma"
        | "java-archive"
        | "x-iso9660-image"
        | "x-apple-diskimage"
        | "vnd.ms-cab-compressed" => "archive",
        "x-msdownload"
        | "x-msdos-program"
        | "x-dosexec"
        | "x-executable"
        | "x-elf"
        | "x-sharedlib"
        | "x-mach-binary"
        | "vnd.microsoft.portable-executable"
        | "x-msi"
        | "x-ms-installer"
        | "vnd.android.package-archive"
        | "x-debian-package"
        | "vnd.debian.binary-package"
        | "x-rpm"
        | "x-redhat-package-manager"
        | "wasm"
        | "java-vm"
        | "x-java-applet"
        | "x-shockwave-flash" => "executable",
        "msword" | "rtf" | "vnd.ms-excel" | "vnd.ms-powerpoint" | "vnd.visio" | "epub+zip"
        | "x-mobipocket-ebook" => "office document",
        "octet-stream" | "x-binary" | "binary" => "binary file",
        "ogg" | "vnd.rn-realmedia" | "mp4" => "media file",
        s if s.starts_with("vnd.openxmlformats-officedocument.")
            || s.starts_with("vnd.oasis.opendocument.")
            || s.starts_with("vnd.ms-word")
            || s.starts_with("vnd.ms-excel")
            || s.starts_with("vnd.ms-powerpoint")
            || s.starts_with("vnd.apple.") =>
        {
            "office document"
        }
        s if s.starts_with("font-") || s.starts_with("x-font-") => "font",
        _ => return Verdict::NotHtml,
    };
    Verdict::Binary(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_untrustworthy_types_pass() {
        assert_eq!(
            classify(Some("text/html; charset=windows-1251")),
            Verdict::Html
        );
        assert_eq!(classify(Some("Application/XHTML+XML")), Verdict::Html);
        for ct in [
            None,
            Some(""),
            Some("unknown/unknown"),
            Some("*/*"),
            Some("garbage"),
        ] {
            assert_eq!(classify(ct), Verdict::Unknown, "{ct:?}");
        }
    }

    #[test]
    fn binary_files_are_named() {
        for (ct, kind) in [
            ("application/pdf", "PDF document"),
            ("image/jpeg", "image"),
            ("image/svg+xml", "image"),
            ("video/mp4", "video"),
            ("audio/mpeg", "audio file"),
            ("application/zip", "archive"),
            ("application/x-gzip", "archive"),
            ("application/x-msdownload", "executable"),
            ("application/x-executable", "executable"),
            ("application/vnd.android.package-archive", "executable"),
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "office document",
            ),
            ("application/octet-stream", "binary file"),
            ("font/woff2", "font"),
        ] {
            assert_eq!(classify(Some(ct)), Verdict::Binary(kind), "{ct}");
        }
    }

    #[test]
    fn other_text_types_are_not_html() {
        for ct in [
            "text/plain",
            "application/json",
            "text/xml",
            "application/rss+xml",
            "text/css",
        ] {
            assert_eq!(classify(Some(ct)), Verdict::NotHtml, "{ct}");
        }
    }
}
