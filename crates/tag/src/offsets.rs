//! Byte offsets to character offsets: records give offsets in characters (Unicode
//! scalar values) into the body, the tagger works in bytes.

/// Bytes per checkpoint: a look-up counts at most this many bytes.
const BLOCK: usize = 256;

/// Byte offset → character offset, for one text: the character count at every
/// `BLOCK`-th byte (one `u32`-sized entry per 256 bytes rather than a `usize` per
/// character), then a count of the characters that start in the rest of the block.
pub(crate) struct CharIndex<'a> {
    bytes: &'a [u8],
    ascii: bool,
    /// `before[k]`: characters that start before byte `k * BLOCK`.
    before: Vec<usize>,
}

fn starts(bytes: &[u8]) -> usize {
    // A character starts at every byte that is not a UTF-8 continuation byte.
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> CharIndex<'a> {
    pub(crate) fn new(text: &'a str) -> CharIndex<'a> {
        let bytes = text.as_bytes();
        let ascii = text.is_ascii();
        let mut before = Vec::new();
        if !ascii {
            before.reserve(bytes.len() / BLOCK + 1);
            let mut count = 0;
            for block in bytes.chunks(BLOCK) {
                before.push(count);
                count += starts(block);
            }
            before.push(count);
        }
        CharIndex {
            bytes,
            ascii,
            before,
        }
    }

    /// The number of characters that start before byte `byte` (the character offset of
    /// a character boundary).
    pub(crate) fn at(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        if self.ascii {
            return byte;
        }
        let k = byte / BLOCK;
        self.before[k] + starts(&self.bytes[k * BLOCK..byte])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_characters() {
        let text = "Лукашэнка і Pompeo";
        let idx = CharIndex::new(text);
        let at = text.find("Pompeo").unwrap();
        assert_eq!(idx.at(at), 12);
        assert_eq!(idx.at(text.len()), text.chars().count());
        let long = "ü".repeat(1000) + "x" + &"a".repeat(300);
        let idx = CharIndex::new(&long);
        for (chars, (byte, _)) in long.char_indices().enumerate() {
            assert_eq!(idx.at(byte), chars);
        }
        assert_eq!(idx.at(long.len()), 1301);
        assert_eq!(CharIndex::new("plain").at(3), 3);
    }
}
