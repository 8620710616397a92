//! Splitting a WARC stream into records by their `Content-Length`, before the
//! `warc` crate parses each one. The framing is ours so that a hostile or broken
//! file ends in a named error, never a panic (the crate adds 4 to the declared
//! length unchecked), a silent stop (it ends quietly inside a cut header) or an
//! unbounded buffer (header lines and record sizes are capped here; an oversized
//! record is skipped by streaming past it, and the next one is read).

use std::io::{self, BufRead, Read};

/// Largest header block of one record.
const MAX_HEADER_BYTES: u64 = 1024 * 1024;
/// Largest record block held in memory; larger records are skipped.
pub(super) const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;

/// One record as framed: its bytes (header, blank line, block, `\r\n\r\n`) ready
/// for the `warc` parser, or why it cannot be read.
pub(super) enum Framed {
    Record(Vec<u8>),
    /// The record cannot be read, but the stream is still in step: go on.
    Skipped(String),
    /// The stream cannot be read further.
    Broken(String),
}

pub(super) struct Framer<R> {
    input: R,
    done: bool,
}

impl<R: BufRead> Framer<R> {
    pub fn new(input: R) -> Framer<R> {
        Framer { input, done: false }
    }

    /// Reads one line (up to `\n`) of at most `room` bytes into `out`; returns the
    /// bytes read (0 at the end of the stream).
    fn line(&mut self, out: &mut Vec<u8>, room: u64) -> io::Result<usize> {
        (&mut self.input).take(room).read_until(b'\n', out)
    }

    fn frame(&mut self) -> Option<Framed> {
        // Blank lines between records are allowed.
        let mut head = Vec::new();
        loop {
            head.clear();
            match self.line(&mut head, MAX_HEADER_BYTES) {
                Err(e) => return Some(Framed::Broken(format!("read error: {e}"))),
                Ok(0) => return None,
                Ok(_) if head.iter().all(|b| matches!(b, b'\r' | b'\n')) => continue,
                Ok(_) => break,
            }
        }
        if !head.starts_with(b"WARC/") {
            return Some(Framed::Broken(
                "a record does not start with a WARC/ version line".into(),
            ));
        }
        let mut length: Option<Result<u64, String>> = None;
        loop {
            if head.len() as u64 >= MAX_HEADER_BYTES {
                return Some(Framed::Broken(format!(
                    "record header longer than {MAX_HEADER_BYTES} bytes"
                )));
            }
            let start = head.len();
            let room = MAX_HEADER_BYTES - start as u64;
            match self.line(&mut head, room) {
                Err(e) => return Some(Framed::Broken(format!("read error: {e}"))),
                Ok(0) => {
                    return Some(Framed::Broken(
                        "the file ends inside a record header".into(),
                    ))
                }
                Ok(_) => {}
            }
            let line = &head[start..];
            if !line.ends_with(b"\n") {
                continue;
            }
            if line == b"\r\n" || line == b"\n" {
                break;
            }
            let text = String::from_utf8_lossy(line);
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") && length.is_none() {
                    let value = value.trim();
                    length = Some(
                        value
                            .parse::<u64>()
                            .map_err(|_| format!("bad Content-Length {value:?}")),
                    );
                }
            }
        }
        let length = match length {
            None => return Some(Framed::Broken("a record has no Content-Length".into())),
            Some(Err(e)) => return Some(Framed::Broken(e)),
            Some(Ok(n)) => n,
        };
        if length > MAX_RECORD_BYTES {
            return Some(
                match io::copy(&mut (&mut self.input).take(length), &mut io::sink()) {
                    Ok(n) if n == length => {
                        self.skip_trailer();
                        Framed::Skipped(format!(
                            "record of {length} bytes skipped (larger than {MAX_RECORD_BYTES})"
                        ))
                    }
                    Ok(_) => Framed::Broken("the file ends inside a record".into()),
                    Err(e) => Framed::Broken(format!("read error: {e}")),
                },
            );
        }
        let mut record = head;
        let before = record.len();
        match (&mut self.input).take(length).read_to_end(&mut record) {
            Ok(n) if n as u64 == length => {}
            Ok(_) => return Some(Framed::Broken("the file ends inside a record".into())),
            Err(e) => return Some(Framed::Broken(format!("read error: {e}"))),
        }
        debug_assert_eq!((record.len() - before) as u64, length);
        self.skip_trailer();
        record.extend_from_slice(b"\r\n\r\n");
        Some(Framed::Record(record))
    }

    /// Consumes the `\r\n\r\n` after a record (leniently: up to four CR/LF bytes).
    fn skip_trailer(&mut self) {
        for _ in 0..4 {
            match self.input.fill_buf() {
                Ok([b'\r' | b'\n', ..]) => self.input.consume(1),
                _ => return,
            }
        }
    }
}

impl<R: BufRead> Iterator for Framer<R> {
    type Item = Framed;
    fn next(&mut self) -> Option<Framed> {
        if self.done {
            return None;
        }
        let framed = self.frame();
        if matches!(framed, None | Some(Framed::Broken(_))) {
            self.done = true;
        }
        framed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(data: &[u8]) -> Vec<Result<usize, String>> {
        Framer::new(data)
            .map(|f| match f {
                Framed::Record(r) => Ok(r.len()),
                Framed::Skipped(e) | Framed::Broken(e) => Err(e),
            })
            .collect()
    }

    const ONE: &[u8] = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";

    #[test]
    fn records_are_framed_by_length() {
        let two = [ONE, b"\r\n", ONE].concat();
        assert_eq!(frames(&two), [Ok(ONE.len()), Ok(ONE.len())]);
        assert!(frames(b"").is_empty());
        assert!(frames(b"\r\n\r\n").is_empty());
    }

    #[test]
    fn broken_streams_are_errors_not_panics_or_silence() {
        for (data, says) in [
            (&b"WARC/1.0\r\nbroken"[..], "ends inside a record header"),
            (
                b"WARC/1.0\r\nContent-Length: 18446744073709551615\r\n\r\nx",
                "ends inside",
            ),
            (
                b"WARC/1.0\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                "bad Content-Length",
            ),
            (b"WARC/1.0\r\nWARC-Type: x\r\n\r\n", "no Content-Length"),
            (
                b"WARC/1.0\r\nContent-Length: 10\r\n\r\nshort",
                "ends inside a record",
            ),
            (b"HTTP/1.1 200 OK\r\n\r\n", "WARC/ version line"),
        ] {
            let got = frames(data);
            assert_eq!(got.len(), 1, "{data:?}");
            let e = got[0].as_ref().unwrap_err();
            assert!(e.contains(says), "{data:?}: {e}");
        }
    }

    #[test]
    fn header_lines_are_capped() {
        let mut data = b"WARC/1.0\r\nX: ".to_vec();
        data.extend(std::iter::repeat_n(b'a', 2 * MAX_HEADER_BYTES as usize));
        let got = frames(&data);
        assert!(
            got[0].as_ref().unwrap_err().contains("longer than"),
            "{got:?}"
        );
    }
}
