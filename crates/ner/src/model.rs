//! The trained model: a hashed feature → per-tag weight table, its file format, and the
//! static (decision-independent) scores of a document's tokens; [`crate::beam`] decodes.
//!
//! File format (little-endian): magic `NMNERMDL`, `u32` version, `u32` feature families,
//! `f32` weight scale, `u32` feature count, then a zlib stream holding the sorted feature
//! keys as varint deltas followed by `count × 9` `i16` weights. In memory each feature's
//! weights are rounded to 8 bits with a power-of-two shift (see `Slot`).

use std::io::{Read, Write};

use crate::beam::TagTables;
use crate::error::NerError;
use crate::features::{small, small_key, KeySink};
use crate::features::{tag_cap_features, tag_pair_features, NUM_CAP_CLASSES};
use crate::features::{DocFeatures, Families};
use crate::lexicon::Lexicon;
use crate::tags::{Tag, NUM_TAGS};

const MAGIC: &[u8; 8] = b"NMNERMDL";
/// Model file format version.
pub const MODEL_VERSION: u32 = 1;

static BUILTIN: &[u8] = include_bytes!("../model/ner.bin");

/// Beam width used unless [`Model::with_beam_width`] says otherwise.
const DEFAULT_BEAM: usize = 4;

/// A raw text tagged by [`Model::tag_text`].
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedText {
    /// The text's tokens, with their byte offsets.
    pub tokens: Vec<crate::tokenize::Token>,
    /// Each sentence as a range of `tokens`.
    pub sentences: Vec<std::ops::Range<usize>>,
    /// One IOB2 tag per token, per sentence.
    pub tags: Vec<Vec<Tag>>,
}

/// A trained sequence model. Cheap to share: `Send + Sync`, tagging takes `&self`.
pub struct Model {
    families: Families,
    scale: f32,
    /// Open-addressing table (linear probing, key 0 = empty). Almost 9 in 10 look-ups
    /// find their feature, so each 16-byte slot holds its key and its weights together:
    /// one cache line per look-up, and a 4 MB table for 150k features (the file's `i16`
    /// weights are kept as `i8` with a per-feature power-of-two scale; on dev this
    /// changes one tag in 51k and not the F1).
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
    lexicon: &'static Lexicon,
    /// Beam width of the decoder (1 = greedy).
    beam: usize,
    /// Scores of the previous-tag features that do not depend on the word.
    tables: Box<TagTables>,
    /// Scores of the [`small`] static features, by feature then value index.
    small: Vec<Vec<[i32; NUM_TAGS]>>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("families", &self.families)
            .field("features", &self.len)
            .finish()
    }
}

impl Model {
    /// The model that ships with the project (trained on CoNLL-2003 English train).
    pub fn builtin() -> Result<Model, NerError> {
        let model = Model::from_bytes(BUILTIN);
        // The weights are copied out: the file's pages are not read again.
        crate::pages::release_pages(BUILTIN);
        model
    }

    /// Loads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, NerError> {
        let bad = |reason: &str| NerError::Model(reason.to_string());
        if bytes.len() < 24 || &bytes[..8] != MAGIC {
            return Err(bad("not a newsmill NER model (bad magic)"));
        }
        let u32_at =
            |o: usize| u32::from_le_bytes([bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]]);
        let version = u32_at(8);
        if version != MODEL_VERSION {
            return Err(NerError::Model(format!(
                "model version {version}, this build reads version {MODEL_VERSION}"
            )));
        }
        let families = Families(u32_at(12));
        let scale = f32::from_bits(u32_at(16));
        let len = u32_at(20) as usize;
        let mut body = Vec::new();
        flate2::read::ZlibDecoder::new(&bytes[24..])
            .read_to_end(&mut body)
            .map_err(|e| NerError::Model(format!("corrupt model body: {e}")))?;
        let mut pos = 0;
        let mut keys = Vec::with_capacity(len);
        let mut key = 0u32;
        for _ in 0..len {
            let mut delta = 0u32;
            let mut shift = 0;
            loop {
                let b = *body.get(pos).ok_or_else(|| bad("truncated model keys"))?;
                pos += 1;
                delta |= u32::from(b & 0x7f) << shift;
                if b & 0x80 == 0 {
                    break;
                }
                shift += 7;
                if shift > 28 {
                    return Err(bad("bad varint in model keys"));
                }
            }
            key = key.wrapping_add(delta);
            keys.push(key);
        }
        if body.len() - pos != len * NUM_TAGS * 2 {
            return Err(bad("model weight block has the wrong size"));
        }
        // Load factor between 0.33 and 0.67: short probes, small table.
        let cap = (len + len / 2).next_power_of_two().max(16);
        let mut model = Model {
            families,
            scale,
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
            len,
            lexicon: Lexicon::builtin()?,
            beam: DEFAULT_BEAM,
            tables: Box::new(TagTables {
                cap_last: [[[0; NUM_TAGS]; NUM_TAGS]; NUM_CAP_CLASSES],
                pair: [[[0; NUM_TAGS]; NUM_TAGS]; NUM_TAGS],
            }),
            small: Vec::new(),
        };
        for (n, &k) in keys.iter().enumerate() {
            let mut w = [0i16; NUM_TAGS];
            for (j, x) in w.iter_mut().enumerate() {
                let o = pos + (n * NUM_TAGS + j) * 2;
                *x = i16::from_le_bytes([body[o], body[o + 1]]);
            }
            model.insert(k, w)?;
        }
        model.fill_tag_tables();
        model.small = (0..small::SIZES.len())
            .map(|f| {
                (0..small::SIZES[f])
                    .map(|x| {
                        let mut acc = [0; NUM_TAGS];
                        model.accumulate(&[small_key(f, x)], &mut acc);
                        acc
                    })
                    .collect()
            })
            .collect();
        Ok(model)
    }

    fn insert(&mut self, key: u32, weights: [i16; NUM_TAGS]) -> Result<(), NerError> {
        if key == 0 {
            return Err(NerError::Model("feature key 0 is reserved".into()));
        }
        let mut i = self.home(key);
        loop {
            let slot = &mut self.slots[i];
            if slot.key == 0 || slot.key == key {
                *slot = Slot::new(key, weights);
                return Ok(());
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Encodes quantised weights in the model file format (used by training).
    pub(crate) fn encode(
        families: Families,
        scale: f32,
        mut entries: Vec<(u32, [i16; NUM_TAGS])>,
    ) -> Result<Vec<u8>, NerError> {
        entries.sort_unstable_by_key(|e| e.0);
        let mut header = Vec::new();
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&MODEL_VERSION.to_le_bytes());
        header.extend_from_slice(&families.0.to_le_bytes());
        header.extend_from_slice(&scale.to_bits().to_le_bytes());
        header.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        let mut body = Vec::new();
        let mut last = 0u32;
        for (k, _) in &entries {
            let mut d = k - last;
            last = *k;
            loop {
                let b = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    body.push(b);
                    break;
                }
                body.push(b | 0x80);
            }
        }
        for (_, w) in &entries {
            for x in w {
                body.extend_from_slice(&x.to_le_bytes());
            }
        }
        let mut z = flate2::write::ZlibEncoder::new(header, flate2::Compression::best());
        z.write_all(&body)
            .and_then(|_| z.finish())
            .map_err(|e| NerError::Model(format!("compressing model: {e}")))
    }

    /// The feature families this model uses.
    pub fn families(&self) -> Families {
        self.families
    }

    /// Number of weighted features.
    pub fn num_features(&self) -> usize {
        self.len
    }

    /// Serialises the model to its file format, with the weights as tagging uses them
    /// (rounded to 8 bits and a shift; loading the bytes gives the same model again).
    pub fn to_bytes(&self) -> Result<Vec<u8>, NerError> {
        let entries = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.weights()))
            .collect();
        Model::encode(self.families, self.scale, entries)
    }

    /// Tags every sentence of one document (sentences of tokens), returning IOB2 tags.
    ///
    /// The whole document is needed: features look at other mentions of the same word.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let doc = DocFeatures::new(sentences, self.lexicon, self.families);
        let statics = self.static_scores(&doc);
        let mut tags = crate::beam::tag(&doc, self, &statics, self.beam);
        for (words, tags) in sentences.iter().zip(tags.iter_mut()) {
            crate::repair::repair_sentence(words, tags, self.lexicon);
            crate::products::mark_products(words, tags);
            crate::titles::mark_quoted_titles(words, tags);
        }
        crate::acronym::type_acronyms(sentences, &mut tags, self.lexicon);
        crate::refer_back::persons_by_last_name(sentences, &mut tags);
        tags
    }

    /// Tokenizes a raw text, splits it into sentences and tags it as one document.
    pub fn tag_text(&self, text: &str) -> TaggedText {
        let tokens = crate::tokenize::tokenize(text);
        let sentences = crate::tokenize::split_sentences(text, &tokens);
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|r| tokens[r.clone()].iter().map(|t| t.text.as_str()).collect())
            .collect();
        let tags = self.tag_document(&words);
        TaggedText {
            tokens,
            sentences,
            tags,
        }
    }

    /// Scores the word-independent previous-tag features once for every tag context.
    fn fill_tag_tables(&mut self) {
        let mut keys = Vec::new();
        let mut tables = TagTables {
            cap_last: [[[0; NUM_TAGS]; NUM_TAGS]; NUM_CAP_CLASSES],
            pair: [[[0; NUM_TAGS]; NUM_TAGS]; NUM_TAGS],
        };
        for (cap, by_last) in tables.cap_last.iter_mut().enumerate() {
            for (last, acc) in by_last.iter_mut().enumerate() {
                keys.clear();
                tag_cap_features(self.families, Tag::from_index(last), cap as u8, &mut keys);
                self.accumulate(&keys, acc);
            }
        }
        for (last, by_before) in tables.pair.iter_mut().enumerate() {
            for (before, acc) in by_before.iter_mut().enumerate() {
                keys.clear();
                let prev = [Tag::from_index(last), Tag::from_index(before)];
                tag_pair_features(self.families, prev, &mut keys);
                self.accumulate(&keys, acc);
            }
        }
        *self.tables = tables;
    }

    /// The word-independent previous-tag scores.
    pub(crate) fn tag_tables(&self) -> &TagTables {
        &self.tables
    }

    /// Multiplies summed weights into scores.
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// Every token's static score: the part that depends on its spelling alone is summed
    /// once per distinct spelling in the document, the context part per token.
    /// The result is flat: the document's tokens in order.
    fn static_scores(&self, doc: &DocFeatures) -> Vec<[i32; NUM_TAGS]> {
        let words = self.pipelined_sums(doc.spelling_tokens.len(), |k, keys| {
            let (s, i) = doc.spelling_tokens[k];
            doc.word_features(s as usize, i as usize, keys);
        });
        let tokens: Vec<(usize, usize)> = doc
            .sentences
            .iter()
            .enumerate()
            .flat_map(|(s, toks)| (0..toks.len()).map(move |i| (s, i)))
            .collect();
        // The small features' scores come from tables, the rest from look-ups.
        let mut smalls = vec![[0; NUM_TAGS]; tokens.len()];
        let mut sums = self.pipelined_sums(tokens.len(), |k, keys| {
            let (s, i) = tokens[k];
            let mut sink = SmallTables {
                keys,
                acc: &mut smalls[k],
                small: &self.small,
            };
            doc.context_features(s, i, &mut sink);
        });
        for ((acc, &(s, i)), small) in sums.iter_mut().zip(&tokens).zip(&smalls) {
            let word = &words[doc.sentences[s][i].spelling as usize];
            for ((a, w), x) in acc.iter_mut().zip(word).zip(small) {
                *a += w + x;
            }
        }
        sums
    }

    /// Sums the weights of the features of items `0..n` (`keys_of` appends item k's
    /// keys). Each item's keys are computed and prefetched while the previous item's are
    /// still to be probed, so that the weight table's cache misses overlap with hashing.
    fn pipelined_sums(
        &self,
        n: usize,
        mut keys_of: impl FnMut(usize, &mut Vec<u32>),
    ) -> Vec<[i32; NUM_TAGS]> {
        let mut out = Vec::with_capacity(n);
        let (mut cur, mut next) = (Vec::with_capacity(64), Vec::with_capacity(64));
        if n > 0 {
            keys_of(0, &mut cur);
            self.prefetch_all(&cur);
        }
        for k in 0..n {
            next.clear();
            if k + 1 < n {
                keys_of(k + 1, &mut next);
                self.prefetch_all(&next);
            }
            let mut acc = [0; NUM_TAGS];
            self.probe_all(&cur, &mut acc);
            out.push(acc);
            std::mem::swap(&mut cur, &mut next);
        }
        out
    }

    /// Adds the weights of the features `keys` to `acc` (in units of the weight scale).
    #[inline]
    pub(crate) fn accumulate(&self, keys: &[u32], acc: &mut [i32; NUM_TAGS]) {
        self.prefetch_all(keys);
        self.probe_all(keys, acc);
    }

    /// Starts fetching the home slots of `keys`.
    #[inline]
    fn prefetch_all(&self, keys: &[u32]) {
        for &k in keys {
            self.prefetch(k);
        }
    }

    /// Adds the weights of the features `keys` to `acc`.
    #[inline]
    fn probe_all(&self, keys: &[u32], acc: &mut [i32; NUM_TAGS]) {
        for &k in keys {
            if let Some(slot) = self.lookup(k) {
                for (a, &w) in acc.iter_mut().zip(&slot.weights) {
                    *a += i32::from(w) << slot.shift;
                }
            }
        }
    }

    /// The same model decoding with a beam of `width` tag sequences per sentence (1 =
    /// greedy left to right; the default is 4).
    pub fn with_beam_width(mut self, width: usize) -> Model {
        self.beam = width.max(1);
        self
    }

    /// Hints the CPU to fetch a key's home slot: scoring is bound by cache misses, and
    /// issuing all of a token's fetches before probing overlaps them.
    #[inline]
    fn prefetch(&self, key: u32) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            let p = self.slots.as_ptr().wrapping_add(self.home(key));
            // SAFETY: SSE is part of the x86_64 baseline, and a prefetch never dereferences
            // its address (it cannot fault); `p` is inside `slots` anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    /// The slot where probing for `key` starts. Keys always have their lowest bit set (0
    /// marks an empty slot), so it is left out: with it, only every other slot would be
    /// a home slot and probe sequences would run twice as long.
    #[inline]
    fn home(&self, key: u32) -> usize {
        (key >> 1) as usize & self.mask
    }

    #[inline]
    fn lookup(&self, key: u32) -> Option<&Slot> {
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.key == key {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Collects a token's static keys, adding the scores of its small features from tables.
struct SmallTables<'a> {
    keys: &'a mut Vec<u32>,
    acc: &'a mut [i32; NUM_TAGS],
    small: &'a [Vec<[i32; NUM_TAGS]>],
}

impl KeySink for SmallTables<'_> {
    fn key(&mut self, key: u32) {
        self.keys.push(key);
    }
    fn small(&mut self, f: usize, x: usize) {
        for (a, w) in self.acc.iter_mut().zip(&self.small[f][x]) {
            *a += w;
        }
    }
}

/// One feature of the weight table, aligned so that it never straddles cache lines: its
/// weight for tag `j` is `weights[j] << shift` (in units of the model's weight scale).
#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    weights: [i8; NUM_TAGS],
    shift: u8,
}

impl Slot {
    /// Rounds a feature's weights to 8 bits with the smallest shift that fits its largest.
    fn new(key: u32, weights: [i16; NUM_TAGS]) -> Slot {
        let max = weights
            .iter()
            .map(|w| i32::from(*w).abs())
            .max()
            .unwrap_or(0);
        let mut shift = 0;
        while max >> shift > i32::from(i8::MAX) {
            shift += 1;
        }
        let half = (1 << shift) >> 1;
        let round = |w: i16| ((i32::from(w) + half) >> shift).clamp(-128, 127) as i8;
        Slot {
            key,
            weights: weights.map(round),
            shift: shift as u8,
        }
    }

    /// The weights in the units of the model file.
    fn weights(&self) -> [i16; NUM_TAGS] {
        self.weights.map(|w| i16::from(w) << self.shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_round_weights_to_eight_bits() {
        let small = Slot::new(7, [0, 1, -1, 127, -127, 5, 0, 0, 3]);
        assert_eq!(small.shift, 0);
        assert_eq!(small.weights(), [0, 1, -1, 127, -127, 5, 0, 0, 3]);
        let big = Slot::new(7, [1000, -1000, 3, 0, 0, 0, 0, 0, 32767]);
        assert_eq!(big.shift, 8);
        // Rounded to the nearest multiple of 256, clamped to the 8-bit range.
        assert_eq!(big.weights(), [1024, -1024, 0, 0, 0, 0, 0, 0, 127 << 8]);
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }

    #[test]
    fn empty_documents_and_sentences() {
        for width in [1, 4] {
            let model = Model::builtin().unwrap().with_beam_width(width);
            assert!(model.tag_document(&[]).is_empty());
            let doc = vec![vec![], vec!["Minsk"], vec![], vec!["in", "Minsk"]];
            let tags = model.tag_document(&doc);
            let lens: Vec<usize> = tags.iter().map(Vec::len).collect();
            assert_eq!(lens, [0, 1, 0, 2]);
            assert_eq!(tags[3][1], Tag::B(crate::tags::Kind::Loc));
        }
    }

    #[test]
    fn model_survives_a_round_trip() {
        let model = Model::builtin().unwrap();
        let again = Model::from_bytes(&model.to_bytes().unwrap()).unwrap();
        assert_eq!(again.num_features(), model.num_features());
        let doc = vec![vec![
            "Mike",
            "Pompeo",
            "met",
            "Lukashenko",
            "in",
            "Minsk",
            ".",
        ]];
        assert_eq!(model.tag_document(&doc), again.tag_document(&doc));
        let tags = model.tag_document(&doc);
        assert_eq!(tags[0][0], Tag::B(crate::tags::Kind::Per));
        assert_eq!(tags[0][5], Tag::B(crate::tags::Kind::Loc));
    }
}
