//! WARC files: [`WarcPages`] reads HTML responses out of a `.warc` or `.warc.gz`
//! (parsed by the `warc` crate); [`WarcRecorder`] writes fetched pages as WARC
//! `response` records, each gzip'd as its own member so standard WARC tools can
//! seek and read them.

use std::{
    fs::File,
    io::{BufRead, BufReader, BufWriter, Read, Write},
    path::{Path, PathBuf},
};

use chrono::{DateTime, Utc};
use flate2::{read::MultiGzDecoder, write::GzEncoder, Compression};
use newsmill_records::Page;
use warc::{
    BufferedBody, Record, RecordBuilder, RecordType, TruncatedType, WarcHeader, WarcReader,
    WarcWriter,
};

use super::{
    warc_frame::{Framed, Framer},
    MAX_ARCHIVED_PAGE,
};
use crate::{
    body::{decode_all, Coding},
    FetchError,
};

/// Custom header keeping the URL that was requested when a redirect changed it.
/// (Lower case: the `warc` crate lower-cases unknown header names when reading.)
const REQUESTED_URI: &str = "warc-newsmill-requested-uri";

type Source = Box<dyn BufRead + Send>;

pub(crate) struct WarcPages {
    source: String,
    path: PathBuf,
    records: Framer<Source>,
    index: usize,
}

impl WarcPages {
    pub fn open(source: &str, path: &Path) -> Result<WarcPages, FetchError> {
        let file = File::open(path).map_err(|e| FetchError::io(path, e))?;
        WarcPages::from_reader(source, path, Box::new(file))
    }

    /// Reads records from `input` (gzip'd or not); `path` names it in errors.
    pub fn from_reader(
        source: &str,
        path: &Path,
        input: Box<dyn Read + Send>,
    ) -> Result<WarcPages, FetchError> {
        let mut input = BufReader::new(input);
        let gz = input
            .fill_buf()
            .map_err(|e| FetchError::io(path, e))?
            .starts_with(&[0x1f, 0x8b]);
        let reader: Source = if gz {
            Box::new(BufReader::new(MultiGzDecoder::new(input)))
        } else {
            Box::new(input)
        };
        Ok(WarcPages {
            source: source.to_string(),
            path: path.to_path_buf(),
            records: Framer::new(reader),
            index: 0,
        })
    }

    fn malformed(&self, reason: String) -> FetchError {
        FetchError::MalformedWarc {
            path: self.path.clone(),
            reason: format!("record {}: {reason}", self.index),
        }
    }

    /// A page from a record, `None` for records that hold no HTML page.
    fn page(&self, record: &Record<BufferedBody>) -> Result<Option<Page>, FetchError> {
        let target = record
            .header(WarcHeader::TargetURI)
            .map(|t| t.trim().to_string());
        let Some(target) = target.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let named = |reason: String| self.malformed(format!("{target}: {reason}"));
        let (status, headers, payload) = match record.warc_type() {
            RecordType::Response => {
                let message = parse_http(record.body()).map_err(named)?;
                (message.status, message.headers, message.body)
            }
            RecordType::Resource => {
                let ct = record
                    .header(WarcHeader::ContentType)
                    .map(|c| c.to_string());
                (
                    200,
                    ct.map(|c| vec![("content-type".to_string(), c)])
                        .unwrap_or_default(),
                    record.body().to_vec(),
                )
            }
            _ => return Ok(None),
        };
        let header = |name: &str| {
            headers
                .iter()
                .rev()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let content_type = header("content-type");
        let html = content_type.as_deref().is_none_or(|ct| {
            let m = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            m == "text/html" || m == "application/xhtml+xml"
        });
        if !(200..300).contains(&status) || !html {
            tracing::debug!(url = %target, status, ?content_type, "WARC record skipped: not an HTML page.");
            return Ok(None);
        }
        let coding = Coding::parse(header("content-encoding").as_deref()).map_err(named)?;
        let body = decode_all(coding, &payload, MAX_ARCHIVED_PAGE).map_err(named)?;
        let requested = record
            .header(WarcHeader::Unknown(REQUESTED_URI.to_string()))
            .map(|u| u.to_string())
            .unwrap_or_else(|| target.clone());
        let url = crate::normalize_url(&requested).unwrap_or(requested);
        Ok(Some(Page {
            source: self.source.clone(),
            url,
            final_url: target.clone(),
            status,
            content_type,
            etag: header("etag"),
            last_modified: header("last-modified"),
            fetched_at: *record.date(),
            body,
            // The `warc` reader leaves WARC-Truncated among the plain headers.
            truncated: record.truncated_type().is_some()
                || record.header(WarcHeader::Truncated).is_some(),
            hints: Default::default(),
        }))
    }
}

impl Iterator for WarcPages {
    type Item = Result<Page, FetchError>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let framed = self.records.next()?;
            self.index += 1;
            let bytes = match framed {
                Framed::Record(bytes) => bytes,
                // After a broken record the framer stops; a skipped one is passed.
                Framed::Skipped(reason) | Framed::Broken(reason) => {
                    return Some(Err(self.malformed(reason)))
                }
            };
            let parsed = WarcReader::new(&bytes[..]).iter_records().next();
            match parsed {
                None => return Some(Err(self.malformed("empty record".into()))),
                Some(Err(e)) => return Some(Err(self.malformed(e.to_string()))),
                Some(Ok(r)) => match self.page(&r) {
                    Ok(Some(page)) => return Some(Ok(page)),
                    Ok(None) => continue,
                    Err(e) => return Some(Err(e)),
                },
            }
        }
    }
}

/// An HTTP response message as stored in a WARC `response` record.
struct Message {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse_http(block: &[u8]) -> Result<Message, String> {
    let (head_end, sep) = match find(block, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => find(block, b"\n\n")
            .map(|i| (i, 2))
            .ok_or("no end of HTTP headers")?,
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    if !parts.next().is_some_and(|p| p.starts_with("HTTP/")) {
        return Err(format!("bad status line {status_line:?}"));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = block[head_end + sep..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Ok(Message {
        status,
        headers,
        body,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").ok_or("chunked body: no chunk size line")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim().to_string();
        let size = usize::from_str_radix(&size_text, 16)
            .map_err(|_| format!("chunked body: bad chunk size {size_text:?}"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            return Err("chunked body: chunk longer than the record".into());
        }
        out.extend_from_slice(&data[..size]);
        data = data[size..].strip_prefix(b"\r\n").unwrap_or(&data[size..]);
    }
}

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
        let record = RecordBuilder::default()
            .warc_type(RecordType::WarcInfo)
            .header(WarcHeader::Filename, filename)
            .header(WarcHeader::ContentType, "application/warc-fields")
            .body(info.into_bytes())
            .build();
        rec.write_record(record)?;
        Ok(rec)
    }

    /// Appends one page as a `response` record.
    pub fn write_page(&mut self, page: &Page) -> Result<(), FetchError> {
        let mut http = format!("HTTP/1.1 {} {}\r\n", page.status, reason(page.status));
        let mut field = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                http.push_str(&format!("{k}: {}\r\n", v.replace(['\r', '\n'], " ")));
            }
        };
        field("Content-Type", &page.content_type);
        field("ETag", &page.etag);
        field("Last-Modified", &page.last_modified);
        http.push_str(&format!("Content-Length: {}\r\n\r\n", page.body.len()));
        let mut block = http.into_bytes();
        block.extend_from_slice(&page.body);
        let date: DateTime<Utc> = page.fetched_at;
        let mut builder = RecordBuilder::default()
            .warc_type(RecordType::Response)
            .date(date)
            .header(WarcHeader::TargetURI, page.final_url.clone())
            .header(
                WarcHeader::ContentType,
                "application/http; msgtype=response",
            )
            .body(block);
        if page.final_url != page.url {
            builder = builder.header(
                WarcHeader::Unknown(REQUESTED_URI.to_string()),
                page.url.clone(),
            );
        }
        if page.truncated {
            builder = builder.truncated_type(TruncatedType::Length);
        }
        self.write_record(builder.build())
    }

    fn write_record(
        &mut self,
        record: Result<Record<BufferedBody>, warc::Error>,
    ) -> Result<(), FetchError> {
        let record = record.map_err(|e| FetchError::MalformedWarc {
            path: self.path.clone(),
            reason: format!("building a record: {e}"),
        })?;
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        WarcWriter::new(&mut gz)
            .write(&record)
            .map_err(|e| FetchError::io(&self.path, e))?;
        let member = gz.finish().map_err(|e| FetchError::io(&self.path, e))?;
        self.out
            .write_all(&member)
            .map_err(|e| FetchError::io(&self.path, e))
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
    fn http_messages() {
        let m = parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").unwrap();
        assert_eq!(m.status, 200);
        assert_eq!(m.body, b"hello world");
        assert!(parse_http(b"garbage").is_err());
        assert!(parse_http(b"FTP 200\r\n\r\n").is_err());
    }
}
