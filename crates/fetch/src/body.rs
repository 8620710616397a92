//! Reading a response body under two caps: bytes on the wire and bytes after
//! decompression. Reading stops as soon as either is passed (the caller fails the
//! response as too large, or keeps the cut body where that is allowed), so a huge
//! body or a compression bomb costs no more than the cap. Decompression (gzip,
//! deflate, brotli) is done here rather than by the HTTP client, so both sizes are
//! known while streaming.

use std::io::{self, Read, Write};
use std::time::Duration;

use flate2::write::{MultiGzDecoder, ZlibDecoder};

use crate::error::FetchError;

/// Most bytes reserved up front for a body from its declared length (a server may
/// declare more than it sends).
const INITIAL_CAP: u64 = 4 << 20;

/// The two caps.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Bytes read off the wire.
    pub wire: u64,
    /// Bytes after decompression.
    pub decoded: u64,
}

/// A body as read.
#[derive(Debug)]
pub(crate) struct Body {
    pub bytes: Vec<u8>,
    /// The wire cap cut the body short (reading stopped there).
    pub truncated: bool,
}

#[derive(Debug)]
struct Overflow;

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompressed size cap reached")
    }
}

impl std::error::Error for Overflow {}

/// A `Vec` that refuses to grow past a cap.
struct CapWriter {
    buf: Vec<u8>,
    cap: u64,
    overflowed: bool,
}

impl Write for CapWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() as u64 + data.len() as u64 > self.cap {
            self.overflowed = true;
            return Err(io::Error::other(Overflow));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A content coding this crate decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coding {
    Identity,
    Gzip,
    Deflate,
    Brotli,
}

impl Coding {
    /// Parses a `Content-Encoding` value.
    pub fn parse(value: Option<&str>) -> Result<Coding, String> {
        let Some(v) = value else {
            return Ok(Coding::Identity);
        };
        match v.trim().to_ascii_lowercase().as_str() {
            "" | "identity" => Ok(Coding::Identity),
            "gzip" | "x-gzip" => Ok(Coding::Gzip),
            "deflate" => Ok(Coding::Deflate),
            "br" => Ok(Coding::Brotli),
            other => Err(format!("unsupported content encoding {other:?}")),
        }
    }
}

enum Decoder<'a> {
    Identity(&'a mut CapWriter),
    Gzip(MultiGzDecoder<&'a mut CapWriter>),
    Deflate(ZlibDecoder<&'a mut CapWriter>),
    Brotli(Box<brotli::DecompressorWriter<&'a mut CapWriter>>),
}

impl<'a> Decoder<'a> {
    fn new(coding: Coding, out: &'a mut CapWriter) -> Decoder<'a> {
        match coding {
            Coding::Identity => Decoder::Identity(out),
            Coding::Gzip => Decoder::Gzip(MultiGzDecoder::new(out)),
            Coding::Deflate => Decoder::Deflate(ZlibDecoder::new(out)),
            Coding::Brotli => Decoder::Brotli(Box::new(brotli::DecompressorWriter::new(out, 8192))),
        }
    }
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Decoder::Identity(w) => w.write_all(data),
            Decoder::Gzip(w) => w.write_all(data),
            Decoder::Deflate(w) => w.write_all(data),
            Decoder::Brotli(w) => w.write_all(data),
        }
    }
    fn finish(&mut self) -> io::Result<()> {
        match self {
            Decoder::Identity(_) => Ok(()),
            Decoder::Gzip(w) => w.try_finish(),
            Decoder::Deflate(w) => w.try_finish(),
            Decoder::Brotli(w) => w.close(),
        }
    }
}

/// Incremental decoding of a body fed chunk by chunk.
pub(crate) struct Inflater {
    coding: Coding,
    limits: Limits,
}

impl Inflater {
    pub fn new(coding: Coding, limits: Limits) -> Inflater {
        Inflater { coding, limits }
    }

    /// Reads the whole body of `resp`, each chunk within `idle` of the previous one.
    pub async fn read(
        &self,
        resp: &mut reqwest::Response,
        url: &str,
        idle: Duration,
    ) -> Result<Body, FetchError> {
        // A body sized from its declared length (within the caps) is read without
        // regrowing its buffer; a compressed one starts at about what it will inflate to.
        let declared = resp.content_length().unwrap_or(0);
        let guess = match self.coding {
            Coding::Identity => declared,
            _ => declared.saturating_mul(4),
        };
        let initial = guess.min(self.limits.decoded).min(INITIAL_CAP) as usize;
        let mut out = CapWriter {
            buf: Vec::with_capacity(initial),
            cap: self.limits.decoded,
            overflowed: false,
        };
        let mut wire = 0u64;
        let mut truncated = false;
        let mut failure: Option<io::Error> = None;
        {
            let mut dec = Decoder::new(self.coding, &mut out);
            loop {
                let chunk = match tokio::time::timeout(idle, resp.chunk()).await {
                    Err(_) => {
                        return Err(FetchError::Timeout {
                            url: url.to_string(),
                            phase: "read",
                            secs: idle.as_secs_f64(),
                        })
                    }
                    // The client's own read timeout (the same length) may fire first.
                    Ok(Err(e)) if e.is_timeout() => {
                        return Err(FetchError::Timeout {
                            url: url.to_string(),
                            phase: "read",
                            secs: idle.as_secs_f64(),
                        })
                    }
                    Ok(Err(e)) => {
                        return Err(FetchError::Body {
                            url: url.to_string(),
                            reason: crate::fetcher::chain(&e),
                        })
                    }
                    Ok(Ok(None)) => break,
                    Ok(Ok(Some(c))) => c,
                };
                let room = self.limits.wire - wire;
                let take = room.min(chunk.len() as u64) as usize;
                wire += take as u64;
                if let Err(e) = dec.write_all(&chunk[..take]) {
                    failure = Some(e);
                    break;
                }
                if take < chunk.len() {
                    truncated = true;
                    break;
                }
            }
            if failure.is_none() && !truncated {
                if let Err(e) = dec.finish() {
                    failure = Some(e);
                }
            } else if truncated {
                // A cut compressed stream cannot end cleanly; keep what decoded.
                let _ = dec.finish();
            }
        }
        self.check(url, &mut out, failure)?;
        // The page waits in the crawl's queues: do not keep the doubling's slack.
        if out.buf.capacity() - out.buf.len() > out.buf.len() / 8 {
            out.buf.shrink_to_fit();
        }
        Ok(Body {
            bytes: out.buf,
            truncated,
        })
    }

    fn check(
        &self,
        url: &str,
        out: &mut CapWriter,
        failure: Option<io::Error>,
    ) -> Result<(), FetchError> {
        if out.overflowed {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
                limit: self.limits.decoded,
                what: "decompressed",
            });
        }
        match failure {
            None => Ok(()),
            Some(e) => Err(FetchError::Decode {
                url: url.to_string(),
                encoding: format!("{:?}", self.coding).to_lowercase(),
                reason: e.to_string(),
            }),
        }
    }
}

/// Decodes a whole body held in memory (a WARC record's payload), refusing output
/// past `cap` bytes.
pub(crate) fn decode_all(coding: Coding, bytes: &[u8], cap: u64) -> Result<Vec<u8>, String> {
    let mut out = CapWriter {
        buf: Vec::new(),
        cap,
        overflowed: false,
    };
    let result = {
        let mut dec = Decoder::new(coding, &mut out);
        dec.write_all(bytes).and_then(|()| dec.finish())
    };
    if out.overflowed {
        return Err(format!("decompresses past {cap} bytes"));
    }
    result.map_err(|e| format!("bad {coding:?} data: {e}"))?;
    Ok(out.buf)
}

/// True when `bytes` start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Gunzips `bytes` (a `.xml.gz` sitemap, an `.html.gz` file) refusing output past
/// `cap` bytes. `what` names the item in errors.
pub(crate) fn gunzip_capped(bytes: &[u8], cap: u64, what: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(cap + 1);
    dec.read_to_end(&mut out)
        .map_err(|e| format!("{what}: bad gzip data: {e}"))?;
    if out.len() as u64 > cap {
        return Err(format!("{what}: decompresses past {cap} bytes"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gunzip_caps_output() {
        let data = vec![b'a'; 100_000];
        let z = gz(&data);
        assert!(z.len() < 1000);
        assert_eq!(gunzip_capped(&z, 100_000, "x").unwrap().len(), 100_000);
        let e = gunzip_capped(&z, 99_999, "x.gz").unwrap_err();
        assert!(e.contains("x.gz") && e.contains("99999"), "{e}");
        assert!(gunzip_capped(b"\x1f\x8bnot gzip", 10, "y").is_err());
    }

    #[test]
    fn codings() {
        assert_eq!(Coding::parse(None), Ok(Coding::Identity));
        assert_eq!(Coding::parse(Some("GZIP")), Ok(Coding::Gzip));
        assert_eq!(Coding::parse(Some("br")), Ok(Coding::Brotli));
        assert!(Coding::parse(Some("zstd")).is_err());
    }

    #[test]
    fn decoders_stop_at_the_cap() {
        let data = vec![b'z'; 1_000_000];
        let mut out = CapWriter {
            buf: Vec::new(),
            cap: 10_000,
            overflowed: false,
        };
        let mut d = Decoder::new(Coding::Gzip, &mut out);
        assert!(d.write_all(&gz(&data)).is_err());
        drop(d);
        assert!(out.overflowed && out.buf.len() <= 10_000);
    }
}
