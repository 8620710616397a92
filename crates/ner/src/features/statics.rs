//! The static features of a token: those that do not depend on decisions, split into
//! the part its spelling alone decides (scored once per spelling and document when
//! tagging) and the part its position decides.

use super::{is_opener, DocFeatures, Families, TokenInfo, BOS, EOS, NONE};
use crate::hashing::FeatureKey;
use crate::lexicon::{cat, cluster_prefix};
use crate::shape::{is_capitalised, zipf_bucket};

impl DocFeatures {
    /// Appends the keys of the features of token `i` of sentence `s` that do not depend on
    /// decisions (computed once per token).
    pub(crate) fn static_features(&self, s: usize, i: usize, out: &mut Vec<u32>) {
        self.static_part::<true, true>(s, i, out);
    }

    /// The static features that depend only on the token's spelling (and on document-wide
    /// facts about its word): the same for every token of one spelling in a document.
    pub(crate) fn word_features(&self, s: usize, i: usize, out: &mut Vec<u32>) {
        self.static_part::<true, false>(s, i, out);
    }

    /// The static features that depend on the token's position (neighbours, sentence).
    pub(crate) fn context_features(&self, s: usize, i: usize, out: &mut impl KeySink) {
        self.static_part::<false, true>(s, i, out);
    }

    /// The static features, in one fixed order (training's dropout draws follow it), of
    /// the word part, the context part, or both.
    #[inline(always)]
    fn static_part<const WORD: bool, const CONTEXT: bool>(
        &self,
        s: usize,
        i: usize,
        out: &mut impl KeySink,
    ) {
        let fam = self.families;
        let toks = &self.sentences[s];
        let t = &toks[i];
        let at = |d: isize| -> Option<&TokenInfo> {
            let j = i as isize + d;
            if j < 0 {
                None
            } else {
                toks.get(j as usize)
            }
        };
        let word_at = |d: isize| at(d).map_or(if d < 0 { BOS } else { EOS }, |t| t.lower_hash);
        let initial = i == 0 || (i == 1 && is_opener(self.lower(&toks[0])));
        let caps_sent = self.caps_sentence[s];
        let f = |tpl: u8| FeatureKey::new(tpl);
        if WORD {
            out.key(f(0).finish());
            out.key(f(1).num(t.lower_hash).finish());
            out.key(f(2).num(t.raw_hash).finish());
        }
        if CONTEXT && fam.has(Families::CONTEXT) {
            out.key(f(3).num(word_at(-1)).finish());
            out.key(f(4).num(word_at(1)).finish());
            out.key(f(5).num(word_at(-2)).finish());
            out.key(f(6).num(word_at(2)).finish());
            out.key(f(7).num(word_at(-1)).num(t.lower_hash).finish());
            out.key(f(8).num(t.lower_hash).num(word_at(1)).finish());
            out.key(f(45).num(word_at(-1)).num(word_at(1)).finish());
            let raw_at = |d: isize| at(d).map_or(NONE, |t| t.raw_hash);
            out.key(f(9).num(raw_at(-1)).finish());
            out.key(f(18).num(raw_at(1)).finish());
            if t.run_pos > 0 {
                out.key(f(19).num(t.run_hash).num(u64::from(t.run_pos)).finish());
            }
        }
        if fam.has(Families::SHAPE) {
            let sh = |d: isize| at(d).map_or(NONE, |t| t.short_shape_hash);
            if WORD {
                out.key(f(10).num(t.shape_hash).finish());
            }
            if CONTEXT {
                out.key(
                    f(11)
                        .num(t.short_shape_hash)
                        .num(u64::from(initial))
                        .finish(),
                );
                out.key(
                    f(12)
                        .num(sh(-1))
                        .num(t.short_shape_hash)
                        .num(sh(1))
                        .finish(),
                );
                out.key(f(13).num(sh(-1)).finish());
                out.key(f(14).num(sh(1)).finish());
                let x = usize::from(t.cap) * 4 + usize::from(caps_sent) * 2 + usize::from(initial);
                out.small(small::CAP_CAPS_INITIAL, x);
                let x = usize::from(t.run_pos) * 6 + usize::from(t.run_len);
                out.small(small::RUN, x);
            }
            if WORD {
                out.key(
                    f(17)
                        .num(self.lower(t).chars().count().min(8) as u64)
                        .num(u64::from(t.cap))
                        .finish(),
                );
            }
            if CONTEXT {
                let table = self.table_row[s];
                out.key(
                    f(37)
                        .num(u64::from(table))
                        .num(u64::from(t.cap))
                        .num(self.topic)
                        .finish(),
                );
                out.key(f(38).num(sh(-1)).num(t.lower_hash).finish());
                out.key(f(39).num(t.lower_hash).num(sh(1)).finish());
            }
        }
        if WORD && fam.has(Families::AFFIXES) {
            let w = self.lower(t);
            // Byte ends of the first 1..=4 characters and starts of the last 1..=4.
            let mut heads = w.char_indices().skip(1).map(|(b, _)| b).chain([w.len()]);
            let mut tails = w.char_indices().rev().map(|(b, _)| b);
            for k in 1..=4u8 {
                let (Some(h), Some(t)) = (heads.next(), tails.next()) else {
                    break;
                };
                out.key(f(20 + k).str(&w[..h]).finish());
                out.key(f(25 + k).str(&w[t..]).finish());
            }
        }
        if fam.has(Families::GAZETTEER) {
            if CONTEXT {
                for (bit, _) in cat::NAMES {
                    if t.gaz_begin & bit != 0 {
                        out.key(f(30).num(u64::from(bit)).num(u64::from(t.cap)).finish());
                    }
                    if t.gaz_inside & bit != 0 {
                        out.key(f(31).num(u64::from(bit)).finish());
                    }
                }
                out.key(
                    f(32)
                        .num(u64::from(t.gaz_begin))
                        .num(u64::from(t.gaz_inside))
                        .finish(),
                );
                let m = |d: isize| usize::from(at(d).map_or(0, |t| t.mask));
                out.small(small::MASK_BEFORE, m(-1));
                out.small(small::MASK_AFTER, m(1));
            }
            if WORD {
                out.key(f(35).num(u64::from(t.mask)).num(u64::from(t.cap)).finish());
            }
            if CONTEXT && t.run_pos > 0 {
                out.key(
                    f(36)
                        .num(u64::from(t.run_has_orgsuf))
                        .num(u64::from(t.run_pos))
                        .finish(),
                );
            }
        }
        if fam.has(Families::NAME_LISTS) {
            if WORD && t.names != 0 {
                out.key(
                    f(90)
                        .num(u64::from(t.names))
                        .num(u64::from(t.cap))
                        .num(u64::from(zipf_bucket(t.zipf)))
                        .num(u64::from(t.mask))
                        .finish(),
                );
            }
            if CONTEXT {
                // Lists of the neighbours (4 beyond the sentence) × the word's × capitalised.
                let l = |d: isize| usize::from(at(d).map_or(4, |t| t.names));
                let x = ((l(-1) * 4 + l(0)) * 5 + l(1)) * 2 + usize::from(is_capitalised(t.cap));
                out.small(small::NAMES_AROUND, x);
                if t.run_pos > 0 {
                    let x = (usize::from(t.run_names) * 5 + usize::from(t.run_pos)) * 2
                        + usize::from(t.run_has_orgsuf);
                    out.small(small::NAMES_RUN, x);
                }
            }
        }
        if CONTEXT && fam.has(Families::WORD_FREQ) {
            // Frequency buckets 0..=5, and 6 beyond the sentence.
            let z = |d: isize| usize::from(at(d).map_or(6, |t| zipf_bucket(t.zipf)));
            let x = ((z(0) * 6 + usize::from(t.cap)) * 2 + usize::from(initial)) * 2
                + usize::from(caps_sent);
            out.small(small::FREQ_CAP, x);
            out.small(small::FREQ_BEFORE, z(-1) * 6 + z(0));
            out.small(small::FREQ_AFTER, z(0) * 7 + z(1));
        }
        if fam.has(Families::CLUSTERS) {
            let c = |d: isize, len: u32| {
                at(d).map_or(if d < 0 { 1 } else { 2 }, |t| {
                    u64::from(cluster_prefix(t.cluster, len))
                })
            };
            if WORD {
                out.key(f(80).num(c(0, 12)).finish());
                out.key(f(81).num(c(0, 9)).finish());
                out.key(f(82).num(c(0, 6)).num(u64::from(t.cap)).finish());
            }
            if CONTEXT {
                let n = |d: isize| cluster_index(at(d).map(|t| t.cluster));
                out.small(small::CLUSTER_BEFORE, n(-1));
                out.small(small::CLUSTER_AFTER, n(1));
            }
        }
        if fam.has(Families::DOCUMENT) && is_capitalised(t.cap) {
            let e = t.doc_evidence;
            if WORD {
                out.key(f(70).num(u64::from(e)).finish());
            }
            if !CONTEXT {
                return;
            }
            let x = usize::from(t.doc_lower) * 4
                + usize::from(t.doc_title_mid) * 2
                + usize::from(initial || caps_sent);
            out.small(small::DOC_SPELLING, x);
            for bit in 0..10 {
                if e & (1 << bit) != 0 {
                    out.key(f(71).num(bit).num(u64::from(t.run_pos.min(2))).finish());
                }
            }
            let place = t.gaz_begin & (cat::COUNTRY | cat::PLACE) != 0
                || t.gaz_inside & (cat::COUNTRY | cat::PLACE) != 0;
            let x = usize::from(self.sport) * 8
                + usize::from(place) * 4
                + usize::from(self.table_row[s]) * 2
                + usize::from(caps_sent);
            out.small(small::SPORT, x);
            out.key(f(73).num(self.topic).num(u64::from(place)).finish());
        }
    }
}

/// Where static feature keys go: a plain list (training, and the word part), or a list
/// plus table look-ups for the [`small`] features (tagging).
pub(crate) trait KeySink {
    /// A feature key.
    fn key(&mut self, key: u32);
    /// Small feature `f` with value index `x` (its key is [`small_key`]`(f, x)`).
    fn small(&mut self, f: usize, x: usize);
}

impl KeySink for Vec<u32> {
    fn key(&mut self, key: u32) {
        self.push(key);
    }
    fn small(&mut self, f: usize, x: usize) {
        self.push(small_key(f, x));
    }
}

/// Static features with a few hundred values at most (capitalisation × sentence position,
/// capitalised-run position, neighbours' gazetteer categories and frequency buckets,
/// document flags): tagging scores every value once, at load, instead of hashing and
/// looking them up for every token.
pub(crate) mod small {
    /// Capitalisation class × ALL-CAPS sentence × sentence-initial.
    pub(crate) const CAP_CAPS_INITIAL: usize = 0;
    /// Position in the capitalised run × run length.
    pub(crate) const RUN: usize = 1;
    /// Gazetteer categories of the previous word.
    pub(crate) const MASK_BEFORE: usize = 2;
    /// Gazetteer categories of the next word.
    pub(crate) const MASK_AFTER: usize = 3;
    /// Frequency bucket × capitalisation × sentence-initial × ALL-CAPS sentence.
    pub(crate) const FREQ_CAP: usize = 4;
    /// Frequency buckets of the previous word and the word.
    pub(crate) const FREQ_BEFORE: usize = 5;
    /// Frequency buckets of the word and the next word.
    pub(crate) const FREQ_AFTER: usize = 6;
    /// Seen lower-case × seen Title-case mid-sentence × sentence-initial or ALL-CAPS.
    pub(crate) const DOC_SPELLING: usize = 7;
    /// Score patterns in the document × place name × table row × ALL-CAPS sentence.
    pub(crate) const SPORT: usize = 8;
    /// Word class (8-bit path prefix) of the previous word.
    pub(crate) const CLUSTER_BEFORE: usize = 9;
    /// Word class (8-bit path prefix) of the next word.
    pub(crate) const CLUSTER_AFTER: usize = 10;
    /// Name lists of the previous word, the word and the next word × capitalised.
    pub(crate) const NAMES_AROUND: usize = 11;
    /// Name lists of the capitalised run × position in it × organisation suffix in it.
    pub(crate) const NAMES_RUN: usize = 12;
    /// Number of value indices of each.
    pub(crate) const SIZES: [usize; 13] = [24, 30, 256, 256, 144, 42, 42, 8, 24, 258, 258, 200, 40];
}

/// The value index of a neighbour's word class for [`small::CLUSTER_BEFORE`] and
/// [`small::CLUSTER_AFTER`]: 0 beyond the sentence, 1 a word without a class, then the
/// 256 prefixes of 8 bits.
fn cluster_index(cluster: Option<u16>) -> usize {
    match cluster {
        None => 0,
        Some(0) => 1,
        Some(c) => 2 + usize::from(cluster_prefix(c, 8) & 0xff),
    }
}

/// The key of small feature `f` ([`small`]) with value index `x`.
pub(crate) fn small_key(f: usize, x: usize) -> u32 {
    let k = FeatureKey::new;
    let n = |v: usize| v as u64;
    // Frequency bucket index 6 stands for "beyond the sentence" (bucket 9 in the key).
    let z = |v: usize| if v == 6 { 9 } else { v as u64 };
    match f {
        small::CAP_CAPS_INITIAL => k(15).num(n(x / 4)).num(n(x / 2 % 2)).num(n(x % 2)),
        small::RUN => k(16).num(n(x / 6)).num(n(x % 6)),
        small::MASK_BEFORE => k(33).num(n(x)),
        small::MASK_AFTER => k(34).num(n(x)),
        small::FREQ_CAP => k(40)
            .num(n(x / 24))
            .num(n(x / 4 % 6))
            .num(n(x / 2 % 2))
            .num(n(x % 2)),
        small::FREQ_BEFORE => k(41).num(z(x / 6)).num(n(x % 6)),
        small::FREQ_AFTER => k(42).num(n(x / 7)).num(z(x % 7)),
        small::DOC_SPELLING => k(50).num(n(x / 4)).num(n(x / 2 % 2)).num(n(x % 2)),
        small::CLUSTER_BEFORE => k(83).num(n(x)),
        small::CLUSTER_AFTER => k(84).num(n(x)),
        small::NAMES_AROUND => k(91).num(n(x)),
        small::NAMES_RUN => k(92).num(n(x)),
        _ => k(72)
            .num(n(x / 8))
            .num(n(x / 4 % 2))
            .num(n(x / 2 % 2))
            .num(n(x % 2)),
    }
    .finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{names, Lexicon};

    #[test]
    fn name_lists_reach_the_features() {
        let lex = Lexicon::builtin().unwrap();
        let doc = vec![vec!["Shares", "of", "Netflix", "rose"]];
        let with = DocFeatures::new(&doc, lex, Families::ALL);
        let netflix = &with.sentences[0][2];
        assert_eq!(netflix.names & names::ORG, names::ORG);
        assert_eq!(netflix.run_names & names::ORG, names::ORG);
        let around = |d: &str| usize::from(lex.word(d).names);
        let x = ((around("of") * 4 + usize::from(netflix.names)) * 5 + around("rose")) * 2 + 1;
        let key = small_key(small::NAMES_AROUND, x);
        let mut out = Vec::new();
        with.static_features(0, 2, &mut out);
        assert!(out.contains(&key));
        let without = DocFeatures::new(&doc, lex, Families::ALL.without(Families::NAME_LISTS));
        let mut lean = Vec::new();
        without.static_features(0, 2, &mut lean);
        assert!(!lean.contains(&key));
        // The word's own list feature and the run's.
        assert_eq!(out.len(), lean.len() + 3);
    }

    #[test]
    fn small_keys_are_the_features_keys() {
        let k = FeatureKey::new;
        // Capitalisation 3, ALL-CAPS sentence, not initial.
        assert_eq!(
            small_key(small::CAP_CAPS_INITIAL, 3 * 4 + 2),
            k(15).num(3).num(1).num(0).finish()
        );
        assert_eq!(
            small_key(small::RUN, 2 * 6 + 5),
            k(16).num(2).num(5).finish()
        );
        assert_eq!(small_key(small::MASK_AFTER, 200), k(34).num(200).finish());
        assert_eq!(
            small_key(small::FREQ_CAP, ((4 * 6 + 1) * 2 + 1) * 2),
            k(40).num(4).num(1).num(1).num(0).finish()
        );
        // Bucket index 6 is "beyond the sentence", bucket 9 in the key.
        assert_eq!(
            small_key(small::FREQ_BEFORE, 6 * 6 + 2),
            k(41).num(9).num(2).finish()
        );
        assert_eq!(
            small_key(small::FREQ_AFTER, 5 * 7 + 6),
            k(42).num(5).num(9).finish()
        );
        assert_eq!(
            small_key(small::SPORT, 2 * 8 + 4 + 1),
            k(72).num(2).num(1).num(0).num(1).finish()
        );
        for (f, &n) in small::SIZES.iter().enumerate() {
            let mut keys: Vec<u32> = (0..n).map(|x| small_key(f, x)).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), n, "feature {f}: value indices collide");
        }
    }
}
