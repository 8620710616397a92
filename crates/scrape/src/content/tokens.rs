//! Class, id, `itemprop` and `role` words as hashed tokens, and what the model
//! learned about them.
//!
//! `class="article-body__text js-track"` gives the words `article`, `body`,
//! `text`, `js`, `track`: attribute values are split at anything that is not a
//! letter and at lower-to-upper case changes (`postBody` → `post`, `body`), digits
//! are dropped and words shorter than two letters too. Each word is hashed with its
//! attribute's kind (`itemprop`, `role` and class/id words are kept apart). The
//! [`TokenTable`] maps hashes to the log-odds, learned from pages of many
//! domains, that an element carrying the word holds main content.

use crate::error::ScrapeError;
use crate::html::dom::Dom;
use crate::model::bytes::{Reader, Writer};

/// Which attribute a word comes from (hashed in, so `main` as a class and as a
/// role differ).
#[derive(Clone, Copy)]
enum Kind {
    ClassOrId = 1,
    Itemprop = 2,
    Role = 3,
}

/// The hashed words of element `i`'s class, id, itemprop and role, appended to
/// `out`.
pub(crate) fn element_tokens(dom: &Dom<'_>, i: u32, out: &mut Vec<u32>) {
    let n = &dom.nodes[i as usize];
    for value in [n.class, n.ident] {
        words(value, Kind::ClassOrId, out);
    }
    words(n.itemprop, Kind::Itemprop, out);
    words(n.role, Kind::Role, out);
}

/// Splits `value` into words and appends their hashes, hashing each lower-cased
/// character as it is read (no word is built).
fn words(value: &str, kind: Kind, out: &mut Vec<u32>) {
    if value.is_empty() {
        return;
    }
    let mut word = Fnv::start(kind);
    let mut prev_lower = false;
    let flush = |word: &mut Fnv, out: &mut Vec<u32>| {
        if word.len >= 2 && word.len <= 30 {
            out.push(word.hash);
        }
        *word = Fnv::start(kind);
    };
    for c in value.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                if c.is_ascii_uppercase() && prev_lower {
                    flush(&mut word, out);
                }
                prev_lower = c.is_ascii_lowercase();
                word.byte(c.to_ascii_lowercase() as u8);
            } else {
                prev_lower = false;
                flush(&mut word, out);
            }
        } else if c.is_alphabetic() {
            if c.is_uppercase() && prev_lower {
                flush(&mut word, out);
            }
            prev_lower = c.is_lowercase();
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &b in l.encode_utf8(&mut buf).as_bytes() {
                    word.byte(b);
                }
            }
        } else {
            prev_lower = false;
            flush(&mut word, out);
        }
    }
    flush(&mut word, out);
}

/// FNV-1a over the kind byte and a word's bytes, fed one byte at a time.
#[derive(Clone, Copy)]
struct Fnv {
    hash: u32,
    /// Bytes of the word so far.
    len: usize,
}

impl Fnv {
    fn start(kind: Kind) -> Fnv {
        let mut f = Fnv {
            hash: 0x811c_9dc5,
            len: 0,
        };
        f.byte(kind as u8);
        f.len = 0;
        f
    }

    fn byte(&mut self, b: u8) {
        self.hash ^= u32::from(b);
        self.hash = self.hash.wrapping_mul(0x0100_0193);
        self.len += 1;
    }
}

/// FNV-1a over the kind byte and the word: stable across builds and platforms.
fn hash(kind: Kind, word: &str) -> u32 {
    let mut f = Fnv::start(kind);
    for b in word.bytes() {
        f.byte(b);
    }
    f.hash
}

/// The hash of a class/id word, for tests and the trainer's reports.
pub fn class_token(word: &str) -> u32 {
    hash(Kind::ClassOrId, word)
}

/// Learned log-odds per token; tokens not in the table count 0 (no evidence).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenTable {
    /// `(hash, log-odds)`, sorted by hash.
    entries: Vec<(u32, f32)>,
    /// Where the entries whose hash starts with each [`INDEX_BITS`]-bit
    /// prefix begin (one more for the end), so a look-up searches a handful
    /// of entries instead of the whole table. Empty for an empty table.
    index: Vec<u32>,
}

/// Leading hash bits of [`TokenTable`]'s index.
const INDEX_BITS: u32 = 12;

impl TokenTable {
    /// A table from `(hash, log-odds)` pairs (any order; a repeated hash keeps
    /// the last value).
    pub fn new(mut entries: Vec<(u32, f32)>) -> TokenTable {
        entries.sort_by_key(|e| e.0);
        entries.reverse();
        entries.dedup_by_key(|e| e.0);
        entries.reverse();
        TokenTable::indexed(entries)
    }

    /// The table over sorted, distinct `entries`, with its index.
    fn indexed(entries: Vec<(u32, f32)>) -> TokenTable {
        let mut index = Vec::new();
        if !entries.is_empty() {
            index = (0..=1u32 << INDEX_BITS)
                .map(|b| entries.partition_point(|e| e.0 >> (32 - INDEX_BITS) < b) as u32)
                .collect();
        }
        TokenTable { entries, index }
    }

    /// The token's log-odds, when the table knows it.
    pub fn get(&self, token: u32) -> Option<f32> {
        let b = (token >> (32 - INDEX_BITS)) as usize;
        let (lo, hi) = match self.index.get(b..b + 2) {
            Some(&[lo, hi]) => (lo as usize, hi as usize),
            _ => return None,
        };
        let bucket = &self.entries[lo..hi];
        bucket
            .binary_search_by_key(&token, |e| e.0)
            .ok()
            .map(|i| bucket[i].1)
    }

    /// Number of tokens known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no token is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.entries.len() as u32);
        for &(h, v) in &self.entries {
            w.u32(h);
            w.f32(v);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<TokenTable, ScrapeError> {
        let n = r.len(8)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push((r.u32()?, r.f32()?));
        }
        if entries.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(ScrapeError::Model {
                what: "content model".into(),
                reason: "token table is not sorted".into(),
            });
        }
        Ok(TokenTable::indexed(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens_of(markup: &str) -> Vec<u32> {
        let doc = crate::html::dom::parse(&format!("<body>{markup}</body>"));
        let dom = Dom::build(&doc);
        let mut out = Vec::new();
        element_tokens(&dom, dom.body + 1, &mut out);
        out
    }

    #[test]
    fn splits_names_at_separators_and_case_changes() {
        let got =
            tokens_of(r#"<div class="article-body__text postBody x js2" id="Main_42">t</div>"#);
        let want: Vec<u32> = ["article", "body", "text", "post", "body", "js", "main"]
            .iter()
            .map(|w| class_token(w))
            .collect();
        assert_eq!(got, want);
        // Non-ASCII letters are lower-cased and hashed as UTF-8, like ASCII ones.
        let got = tokens_of(r#"<div class="Über-GrößeX ÉtéNews">t</div>"#);
        let want: Vec<u32> = ["über", "größe", "été", "news"]
            .iter()
            .map(|w| class_token(w))
            .collect();
        assert_eq!(got, want);
        let role = tokens_of(r#"<div role="main">t</div>"#);
        assert_eq!(role.len(), 1);
        assert_ne!(role[0], class_token("main"));
    }

    #[test]
    fn indexed_look_ups_find_what_a_search_finds() {
        // Hashes spread over every prefix and crowded into a few, the
        // extremes included.
        let entries: Vec<(u32, f32)> = (0..3000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) ^ (i % 7), i as f32))
            .chain([(0, -1.0), (u32::MAX, -2.0), (0xfff0_0000, -3.0)])
            .collect();
        let t = TokenTable::new(entries.clone());
        let probes = entries.iter().map(|e| e.0);
        for probe in probes.chain((0..5000u32).map(|i| i.wrapping_mul(40_503))) {
            let want = t
                .entries
                .binary_search_by_key(&probe, |e| e.0)
                .ok()
                .map(|i| t.entries[i].1);
            assert_eq!(t.get(probe), want, "{probe}");
        }
        assert_eq!(TokenTable::default().get(7), None);
        assert_eq!(TokenTable::new(Vec::new()).get(0), None);
    }

    #[test]
    fn table_looks_up_sorted_hashes() {
        let t = TokenTable::new(vec![(9, 1.0), (3, -2.0), (9, 0.5)]);
        assert_eq!(t.get(3), Some(-2.0));
        assert_eq!(t.get(9), Some(0.5));
        assert_eq!(t.get(4), None);
        let mut w = Writer::default();
        t.write(&mut w);
        let bytes = w.into_bytes();
        assert_eq!(TokenTable::read(&mut Reader::new(&bytes)).unwrap(), t);
    }
}
