//! The static features of a token: those that do not depend on decisions, split into
//! the part its spelling alone decides (scored once per spelling and document when
//! tagging) and the part its position decides.

use super::{is_opener, DocFeatures, Families, TokenInfo, BOS, EOS, NONE};
use crate::hashing::FeatureKey;
use crate::lexicon::cat;
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
    pub(crate) fn context_features(&self, s: usize, i: usize, out: &mut Vec<u32>) {
        self.static_part::<false, true>(s, i, out);
    }

    /// The static features, in one fixed order (training's dropout draws follow it), of
    /// the word part, the context part, or both.
    #[inline(always)]
    fn static_part<const WORD: bool, const CONTEXT: bool>(
        &self,
        s: usize,
        i: usize,
        out: &mut Vec<u32>,
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
        let initial = i == 0 || (i == 1 && is_opener(&toks[0].lower));
        let caps_sent = self.caps_sentence[s];
        let f = |tpl: u8| FeatureKey::new(tpl);
        if WORD {
            out.push(f(0).finish());
            out.push(f(1).num(t.lower_hash).finish());
            out.push(f(2).num(t.raw_hash).finish());
        }
        if CONTEXT && fam.has(Families::CONTEXT) {
            out.push(f(3).num(word_at(-1)).finish());
            out.push(f(4).num(word_at(1)).finish());
            out.push(f(5).num(word_at(-2)).finish());
            out.push(f(6).num(word_at(2)).finish());
            out.push(f(7).num(word_at(-1)).num(t.lower_hash).finish());
            out.push(f(8).num(t.lower_hash).num(word_at(1)).finish());
            out.push(f(45).num(word_at(-1)).num(word_at(1)).finish());
            let raw_at = |d: isize| at(d).map_or(NONE, |t| t.raw_hash);
            out.push(f(9).num(raw_at(-1)).finish());
            out.push(f(18).num(raw_at(1)).finish());
            if t.run_pos > 0 {
                out.push(f(19).num(t.run_hash).num(u64::from(t.run_pos)).finish());
            }
        }
        if fam.has(Families::SHAPE) {
            let sh = |d: isize| at(d).map_or(NONE, |t| t.short_shape_hash);
            if WORD {
                out.push(f(10).num(t.shape_hash).finish());
            }
            if CONTEXT {
                out.push(
                    f(11)
                        .num(t.short_shape_hash)
                        .num(u64::from(initial))
                        .finish(),
                );
                out.push(
                    f(12)
                        .num(sh(-1))
                        .num(t.short_shape_hash)
                        .num(sh(1))
                        .finish(),
                );
                out.push(f(13).num(sh(-1)).finish());
                out.push(f(14).num(sh(1)).finish());
                out.push(
                    f(15)
                        .num(u64::from(t.cap))
                        .num(u64::from(caps_sent))
                        .num(u64::from(initial))
                        .finish(),
                );
                out.push(
                    f(16)
                        .num(u64::from(t.run_pos))
                        .num(u64::from(t.run_len))
                        .finish(),
                );
            }
            if WORD {
                out.push(
                    f(17)
                        .num(t.lower.chars().count().min(8) as u64)
                        .num(u64::from(t.cap))
                        .finish(),
                );
            }
            if CONTEXT {
                let table = self.table_row[s];
                out.push(
                    f(37)
                        .num(u64::from(table))
                        .num(u64::from(t.cap))
                        .num(self.topic)
                        .finish(),
                );
                out.push(f(38).num(sh(-1)).num(t.lower_hash).finish());
                out.push(f(39).num(t.lower_hash).num(sh(1)).finish());
            }
        }
        if WORD && fam.has(Families::AFFIXES) {
            let w = &*t.lower;
            // Byte ends of the first 1..=4 characters and starts of the last 1..=4.
            let mut heads = w.char_indices().skip(1).map(|(b, _)| b).chain([w.len()]);
            let mut tails = w.char_indices().rev().map(|(b, _)| b);
            for k in 1..=4u8 {
                let (Some(h), Some(t)) = (heads.next(), tails.next()) else {
                    break;
                };
                out.push(f(20 + k).str(&w[..h]).finish());
                out.push(f(25 + k).str(&w[t..]).finish());
            }
        }
        if fam.has(Families::GAZETTEER) {
            if CONTEXT {
                for (bit, _) in cat::NAMES {
                    if t.gaz_begin & bit != 0 {
                        out.push(f(30).num(u64::from(bit)).num(u64::from(t.cap)).finish());
                    }
                    if t.gaz_inside & bit != 0 {
                        out.push(f(31).num(u64::from(bit)).finish());
                    }
                }
                out.push(
                    f(32)
                        .num(u64::from(t.gaz_begin))
                        .num(u64::from(t.gaz_inside))
                        .finish(),
                );
                let m = |d: isize| at(d).map_or(0, |t| t.mask);
                out.push(f(33).num(u64::from(m(-1))).finish());
                out.push(f(34).num(u64::from(m(1))).finish());
            }
            if WORD {
                out.push(f(35).num(u64::from(t.mask)).num(u64::from(t.cap)).finish());
            }
            if CONTEXT && t.run_pos > 0 {
                out.push(
                    f(36)
                        .num(u64::from(t.run_has_orgsuf))
                        .num(u64::from(t.run_pos))
                        .finish(),
                );
            }
        }
        if CONTEXT && fam.has(Families::WORD_FREQ) {
            let z = |d: isize| at(d).map_or(9, |t| zipf_bucket(t.zipf));
            out.push(
                f(40)
                    .num(u64::from(z(0)))
                    .num(u64::from(t.cap))
                    .num(u64::from(initial))
                    .num(u64::from(caps_sent))
                    .finish(),
            );
            out.push(f(41).num(u64::from(z(-1))).num(u64::from(z(0))).finish());
            out.push(f(42).num(u64::from(z(0))).num(u64::from(z(1))).finish());
        }
        if fam.has(Families::DOCUMENT) && is_capitalised(t.cap) {
            let e = t.doc_evidence;
            if WORD {
                out.push(f(70).num(u64::from(e)).finish());
            }
            if !CONTEXT {
                return;
            }
            out.push(
                f(50)
                    .num(u64::from(t.doc_lower))
                    .num(u64::from(t.doc_title_mid))
                    .num(u64::from(initial || caps_sent))
                    .finish(),
            );
            for bit in 0..7 {
                if e & (1 << bit) != 0 {
                    out.push(f(71).num(bit).num(u64::from(t.run_pos.min(2))).finish());
                }
            }
            let place = t.gaz_begin & (cat::COUNTRY | cat::PLACE) != 0
                || t.gaz_inside & (cat::COUNTRY | cat::PLACE) != 0;
            out.push(
                f(72)
                    .num(u64::from(self.sport))
                    .num(u64::from(place))
                    .num(u64::from(self.table_row[s]))
                    .num(u64::from(caps_sent))
                    .finish(),
            );
            out.push(f(73).num(self.topic).num(u64::from(place)).finish());
        }
    }
}
