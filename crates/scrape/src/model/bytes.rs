//! Little-endian reading and writing of the model file's numbers and strings.

use crate::error::ScrapeError;

/// Appends numbers to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn bytes(&mut self, v: &[u8]) {
        self.buf.extend_from_slice(v);
    }
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads numbers from a byte slice; running out of bytes is an error.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, at: 0 }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], ScrapeError> {
        let end = self.at + N;
        let slice = self
            .buf
            .get(self.at..end)
            .ok_or_else(|| ScrapeError::Model {
                what: "content model".into(),
                reason: format!("file ends at byte {} (needs {end})", self.buf.len()),
            })?;
        self.at = end;
        Ok(slice.try_into().expect("slice has N bytes"))
    }

    pub(crate) fn u16(&mut self) -> Result<u16, ScrapeError> {
        self.take().map(u16::from_le_bytes)
    }
    pub(crate) fn u32(&mut self) -> Result<u32, ScrapeError> {
        self.take().map(u32::from_le_bytes)
    }
    pub(crate) fn u64(&mut self) -> Result<u64, ScrapeError> {
        self.take().map(u64::from_le_bytes)
    }
    pub(crate) fn f32(&mut self) -> Result<f32, ScrapeError> {
        self.take().map(f32::from_le_bytes)
    }

    /// A count of items that take at least `min_size` bytes each: larger than
    /// what is left means a corrupt file, not a huge allocation.
    pub(crate) fn len(&mut self, min_size: usize) -> Result<usize, ScrapeError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size.max(1)) > self.buf.len() - self.at {
            return Err(ScrapeError::Model {
                what: "content model".into(),
                reason: format!("a count of {n} items at byte {} overruns the file", self.at),
            });
        }
        Ok(n)
    }

    pub(crate) fn expect(&mut self, magic: &[u8]) -> Result<(), ScrapeError> {
        let got = self.buf.get(self.at..self.at + magic.len());
        if got != Some(magic) {
            return Err(ScrapeError::Model {
                what: "content model".into(),
                reason: "not a newsmill content model (bad magic)".into(),
            });
        }
        self.at += magic.len();
        Ok(())
    }

    pub(crate) fn is_done(&self) -> bool {
        self.at == self.buf.len()
    }
}
