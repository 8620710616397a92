//! Reading WARC files: [`WarcPages`] reads HTML responses out of a `.warc` or
//! `.warc.gz`, record by record (framed and parsed by `warc_frame`), each page or
//! error naming its record.

use std::{
    fs::File,
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
};

use chrono::{DateTime, Utc};
use flate2::read::MultiGzDecoder;
use newsmill_records::Page;

use super::{
    warc_frame::{Framed, Framer, Record},
    warc_write::REQUESTED_URI,
    MAX_ARCHIVED_PAGE,
};
use crate::{
    body::{decode_all, Coding},
    error::FetchError,
};

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
        let mut input = BufReader::with_capacity(64 * 1024, input);
        let gz = input
            .fill_buf()
            .map_err(|e| FetchError::io(path, e))?
            .starts_with(&[0x1f, 0x8b]);
        let reader: Source = if gz {
            Box::new(BufReader::with_capacity(
                64 * 1024,
                MultiGzDecoder::new(input),
            ))
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
    fn page(&self, mut record: Record) -> Result<Option<Page>, FetchError> {
        // WARC 1.0's grammar put the URI in angle brackets; some writers still do.
        let target = record
            .field("WARC-Target-URI")
            .map(|t| t.trim_start_matches('<').trim_end_matches('>').trim())
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let kind = record
            .field("WARC-Type")
            .ok_or_else(|| self.malformed("no WARC-Type".into()))?
            .to_ascii_lowercase();
        let Some(target) = target else {
            return Ok(None);
        };
        let named = |reason: String| self.malformed(format!("{target}: {reason}"));
        let (status, headers, payload) = match kind.as_str() {
            "response" => {
                let message = parse_http(std::mem::take(&mut record.block)).map_err(named)?;
                (message.status, message.headers, message.body)
            }
            "resource" => (
                200,
                record
                    .field("Content-Type")
                    .map(|c| vec![("content-type".to_string(), c.to_string())])
                    .unwrap_or_default(),
                std::mem::take(&mut record.block),
            ),
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
        let date = record
            .field("WARC-Date")
            .ok_or_else(|| named("no WARC-Date".into()))?;
        let fetched_at = DateTime::parse_from_rfc3339(date)
            .map_err(|e| named(format!("WARC-Date {date:?}: {e}")))?
            .with_timezone(&Utc);
        let coding = Coding::parse(header("content-encoding").as_deref()).map_err(named)?;
        let body = match coding {
            Coding::Identity if payload.len() as u64 <= MAX_ARCHIVED_PAGE => payload,
            _ => decode_all(coding, &payload, MAX_ARCHIVED_PAGE).map_err(named)?,
        };
        let requested = record
            .field(REQUESTED_URI)
            .map_or_else(|| target.clone(), str::to_string);
        let url = crate::normalize_url(&requested).unwrap_or(requested);
        Ok(Some(Page {
            source: self.source.clone(),
            url,
            final_url: target,
            status,
            content_type,
            etag: header("etag"),
            last_modified: header("last-modified"),
            fetched_at,
            body,
            truncated: record.field("WARC-Truncated").is_some(),
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
            let record = match framed {
                Framed::Record(record) => record,
                // After a broken record the framer stops; a skipped one is passed.
                Framed::Skipped(reason) | Framed::Broken(reason) => {
                    return Some(Err(self.malformed(reason)))
                }
            };
            match self.page(record) {
                Ok(Some(page)) => return Some(Ok(page)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
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

fn parse_http(mut block: Vec<u8>) -> Result<Message, String> {
    let (head_end, sep) = match find(&block, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => find(&block, b"\n\n")
            .map(|i| (i, 2))
            .ok_or("no end of HTTP headers")?,
    };
    let head = String::from_utf8_lossy(&block[..head_end]).into_owned();
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
    block.drain(..head_end + sep);
    let mut body = block;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_messages() {
        let m = parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".to_vec()).unwrap();
        assert_eq!(m.status, 200);
        assert_eq!(m.body, b"hello world");
        assert!(parse_http(b"garbage".to_vec()).is_err());
        assert!(parse_http(b"FTP 200\r\n\r\n".to_vec()).is_err());
    }
}
