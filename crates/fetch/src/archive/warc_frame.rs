//! Reading a WARC stream record by record: the version line, the named fields
//! and the block of `Content-Length` bytes. Our own parser, written for hostile
//! and broken files: a field value that is not UTF-8 is decoded lossily (the
//! `warc` crate panicked on it), header lines and record sizes are capped (an
//! oversized record is skipped by streaming past it, and the next one is read), a
//! damaged record is an error while the stream is still in step, and a stream
//! that cannot be followed ends in a named error, never in silence.

use std::io::{self, BufRead, Read};

/// Largest header block of one record.
const MAX_HEADER_BYTES: u64 = 1024 * 1024;
/// Largest record block held in memory; larger records are skipped.
pub(super) const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;

/// One WARC record: its named fields and its block.
#[derive(Debug)]
pub(super) struct Record {
    /// Field names as written, values decoded as UTF-8 (invalid bytes become
    /// U+FFFD), trimmed, continuation lines joined with a space.
    fields: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl Record {
    /// The first value of the field `name` (compared without regard to case).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A record as read, or why it cannot be.
pub(super) enum Framed {
    Record(Record),
    /// The record cannot be read, but the stream is still in step: go on.
    Skipped(String),
    /// The stream cannot be read further.
    Broken(String),
}

pub(super) struct Framer<R> {
    input: R,
    done: bool,
}

/// The header block of one record, as read so far.
#[derive(Default)]
struct Head {
    fields: Vec<(String, String)>,
    length: Option<Result<u64, String>>,
    /// The first problem with a field line: the record is skipped for it.
    problem: Option<String>,
}

impl Head {
    fn add_line(&mut self, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.starts_with([' ', '\t']) {
            // A continuation of the previous field's value (WARC 1.1 §4).
            match self.fields.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                None => self.complain(format!("continuation line before any field: {text:?}")),
            }
            return;
        }
        let Some((name, value)) = text.split_once(':') else {
            return self.complain(format!("field line without a colon: {:?}", clip(text)));
        };
        let name = name.trim();
        if name.is_empty() {
            return self.complain(format!("field without a name: {:?}", clip(text)));
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") && self.length.is_none() {
            self.length = Some(
                value
                    .parse::<u64>()
                    .map_err(|_| format!("bad Content-Length {:?}", clip(value))),
            );
        }
        self.fields.push((name.to_string(), value.to_string()));
    }

    fn complain(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }
}

/// At most 100 characters of `text`, for error messages.
fn clip(text: &str) -> String {
    match text.char_indices().nth(100) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
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
        let mut line = Vec::new();
        loop {
            line.clear();
            match self.line(&mut line, MAX_HEADER_BYTES) {
                Err(e) => return Some(Framed::Broken(format!("read error: {e}"))),
                Ok(0) => return None,
                Ok(_) if line.iter().all(|b| matches!(b, b'\r' | b'\n')) => continue,
                Ok(_) => break,
            }
        }
        if !line.starts_with(b"WARC/") {
            return Some(Framed::Broken(
                "a record does not start with a WARC/ version line".into(),
            ));
        }
        let mut head = Head::default();
        let mut used = line.len() as u64;
        let mut partial = Vec::new();
        loop {
            if used >= MAX_HEADER_BYTES {
                return Some(Framed::Broken(format!(
                    "record header longer than {MAX_HEADER_BYTES} bytes"
                )));
            }
            let start = partial.len();
            match self.line(&mut partial, MAX_HEADER_BYTES - used) {
                Err(e) => return Some(Framed::Broken(format!("read error: {e}"))),
                Ok(0) => {
                    return Some(Framed::Broken(
                        "the file ends inside a record header".into(),
                    ))
                }
                Ok(n) => used += n as u64,
            }
            // A line cut by the cap is completed by the next read (or the cap).
            if !partial[start..].ends_with(b"\n") {
                continue;
            }
            if partial == b"\r\n" || partial == b"\n" {
                break;
            }
            head.add_line(&partial);
            partial.clear();
        }
        let length = match head.length {
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
        // Grown as the bytes arrive: a cut file does not cost its declared size.
        let mut block = Vec::new();
        match (&mut self.input).take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            Ok(_) => return Some(Framed::Broken("the file ends inside a record".into())),
            Err(e) => return Some(Framed::Broken(format!("read error: {e}"))),
        }
        self.skip_trailer();
        Some(match head.problem {
            Some(problem) => Framed::Skipped(problem),
            None => Framed::Record(Record {
                fields: head.fields,
                block,
            }),
        })
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
                Framed::Record(r) => Ok(r.block.len()),
                Framed::Skipped(e) | Framed::Broken(e) => Err(e),
            })
            .collect()
    }

    const ONE: &[u8] = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";

    #[test]
    fn records_are_framed_by_length() {
        let two = [ONE, b"\r\n", ONE].concat();
        assert_eq!(frames(&two), [Ok(5), Ok(5)]);
        assert!(frames(b"").is_empty());
        assert!(frames(b"\r\n\r\n").is_empty());
    }

    #[test]
    fn fields_are_read_leniently() {
        let data = b"WARC/1.1\nwarc-type :resource\nWARC-Target-URI: https://e.com/\xff\xfe\nX-Long: one\r\n  two\r\nContent-Length: 2\n\nhi";
        let Some(Framed::Record(r)) = Framer::new(&data[..]).next() else {
            panic!("no record");
        };
        assert_eq!(r.field("WARC-Type"), Some("resource"));
        assert_eq!(
            r.field("warc-target-uri"),
            Some("https://e.com/\u{fffd}\u{fffd}")
        );
        assert_eq!(r.field("x-long"), Some("one two"));
        assert_eq!(r.block, b"hi");
    }

    #[test]
    fn a_damaged_record_is_skipped_and_the_next_one_read() {
        let bad = b"WARC/1.0\r\nno colon here\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
        let got = frames(&[&bad[..], ONE].concat());
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].as_ref().unwrap_err().contains("without a colon"));
        assert_eq!(got[1], Ok(5));
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
