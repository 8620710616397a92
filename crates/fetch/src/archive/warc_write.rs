//! Writing WARC files: [`WarcRecorder`] stores fetched pages as WARC/1.0
//! `response` records, each gzip'd as its own member so standard WARC tools can
//! seek and read them.

use std::{
    fs::File,
    io::{BufWriter, Write},
    path::{Path, PathBuf},
};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::{write::GzEncoder, Compression};
use newsmill_records::Page;

use crate::error::FetchError;

/// Field keeping the URL that was requested when a redirect changed it. (Files
/// written before this writer have it in lower case; fields are read without
/// regard to case.)
pub(super) const REQUESTED_URI: &str = "WARC-Newsmill-Requested-URI";

/// Writes fetched pages to a WARC file as `response` records, one gzip member per
/// record (`.warc.gz`), after a `warcinfo` record naming the software.
///
/// The stored HTTP message holds the status, `Content-Type`, `ETag` and
/// `Last-Modified` and the body as fetched (already decompressed, so no
/// `Content-Encoding`); the requested URL is kept in `WARC-Newsmill-Requested-URI`
/// when a redirect changed it. [`crate::read_archive`] reads such files back.
pub struct WarcRecorder {
    out: BufWriter<File>,
    path: PathBuf,
}

impl WarcRecorder {
    /// Creates (or truncates) `path` and writes the `warcinfo` record.
    pub fn create(path: impl AsRef<Path>) -> Result<WarcRecorder, FetchError> {
        let path = path.as_ref().to_path_buf();
        let file = File::create(&path).map_err(|e| FetchError::io(&path, e))?;
        let mut rec = WarcRecorder {
            out: BufWriter::new(file),
            path,
        };
        let info = format!(
            "software: newsmill-fetch/{}\r\nformat: WARC File Format 1.0\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let filename = rec
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let fields = [
            ("WARC-Type", "warcinfo".to_string()),
            ("WARC-Date", warc_date(Utc::now())),
            ("WARC-Filename", filename),
            ("Content-Type", "application/warc-fields".to_string()),
        ];
        rec.write_record(&fields, info.as_bytes())?;
        Ok(rec)
    }

    /// Appends one page as a `response` record.
    pub fn write_page(&mut self, page: &Page) -> Result<(), FetchError> {
        let mut http = format!("HTTP/1.1 {} {}\r\n", page.status, reason(page.status));
        let mut field = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                http.push_str(&format!("{k}: {}\r\n", one_line(v)));
            }
        };
        field("Content-Type", &page.content_type);
        field("ETag", &page.etag);
        field("Last-Modified", &page.last_modified);
        http.push_str(&format!("Content-Length: {}\r\n\r\n", page.body.len()));
        let mut block = http.into_bytes();
        block.extend_from_slice(&page.body);
        let mut fields = vec![
            ("WARC-Type", "response".to_string()),
            ("WARC-Date", warc_date(page.fetched_at)),
            ("WARC-Target-URI", page.final_url.clone()),
            (
                "Content-Type",
                "application/http; msgtype=response".to_string(),
            ),
        ];
        if page.final_url != page.url {
            fields.push((REQUESTED_URI, page.url.clone()));
        }
        if page.truncated {
            fields.push(("WARC-Truncated", "length".to_string()));
        }
        self.write_record(&fields, &block)
    }

    /// Writes one record (a `WARC-Record-ID` and the `Content-Length` added to
    /// `fields`) as its own gzip member.
    fn write_record(&mut self, fields: &[(&str, String)], block: &[u8]) -> Result<(), FetchError> {
        let mut head = format!("WARC/1.0\r\nWARC-Record-ID: {}\r\n", record_id());
        for (name, value) in fields {
            head.push_str(&format!("{name}: {}\r\n", one_line(value)));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        let io = |e| FetchError::io(&self.path, e);
        gz.write_all(head.as_bytes()).map_err(io)?;
        gz.write_all(block).map_err(io)?;
        gz.write_all(b"\r\n\r\n").map_err(io)?;
        let member = gz.finish().map_err(io)?;
        self.out.write_all(&member).map_err(io)
    }

    /// Flushes the file.
    pub fn finish(mut self) -> Result<(), FetchError> {
        self.out
            .flush()
            .map_err(|e| FetchError::io(&self.path, e))?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| FetchError::io(&self.path, e))
    }
}

/// A field value on one line (a line break would end the field early).
fn one_line(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains(['\r', '\n']) {
        value.replace(['\r', '\n'], " ").into()
    } else {
        value.into()
    }
}

/// `WARC-Date` as WARC/1.0 writes it: UTC, whole seconds.
fn warc_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A fresh `<urn:uuid:...>` (a random, version 4 UUID).
fn record_id() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        203 => "Non-Authoritative Information",
        206 => "Partial Content",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_are_version_4_uuids() {
        let a = record_id();
        assert_eq!(a.len(), "<urn:uuid:>".len() + 36, "{a}");
        assert_eq!(&a[24..25], "4", "{a}");
        assert!(matches!(&a[29..30], "8" | "9" | "a" | "b"), "{a}");
        assert_ne!(a, record_id());
    }

    #[test]
    fn values_stay_on_one_line() {
        assert_eq!(one_line("a\r\nb"), "a  b");
        assert_eq!(
            warc_date("2024-03-04T10:00:00.5Z".parse().unwrap()),
            "2024-03-04T10:00:00Z"
        );
    }
}
