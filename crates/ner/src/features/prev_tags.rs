//! The features of a token that depend on the previous tags, and their word-independent
//! parts that tagging scores once at load.

use super::{DocFeatures, Families};
use crate::hashing::FeatureKey;
use crate::tags::Tag;

impl DocFeatures {
    /// The features of a token that depend on the previous two tags.
    pub(crate) fn prev_tag_features(&self, s: usize, i: usize, prev: [Tag; 2], out: &mut Vec<u32>) {
        self.last_tag_features(s, i, prev[0], out);
        self.tag_pair_feature(prev, out);
    }

    /// The features of a token that depend on the previous tag only.
    pub(crate) fn last_tag_features(&self, s: usize, i: usize, last: Tag, out: &mut Vec<u32>) {
        let t = &self.sentences[s][i];
        let f = |tpl: u8| FeatureKey::new(tpl);
        if self.families.has(Families::PREV_TAGS) {
            let p1 = last.index() as u64;
            out.push(f(60).num(p1).finish());
            out.push(f(62).num(p1).num(t.lower_hash).finish());
            out.push(f(63).num(p1).num(u64::from(t.cap)).finish());
        }
    }

    /// The one previous-tag feature that depends on the word itself (tagging scores the
    /// others from [`tag_cap_features`] and [`tag_pair_features`] tables).
    pub(crate) fn word_tag_feature(&self, s: usize, i: usize, last: Tag, out: &mut Vec<u32>) {
        if self.families.has(Families::PREV_TAGS) {
            let t = &self.sentences[s][i];
            let p1 = last.index() as u64;
            out.push(FeatureKey::new(62).num(p1).num(t.lower_hash).finish());
        }
    }

    /// The capitalisation class of token `i` of sentence `s` (one of [`NUM_CAP_CLASSES`]).
    pub(crate) fn cap_class(&self, s: usize, i: usize) -> u8 {
        self.sentences[s][i].cap
    }

    /// The tag-bigram feature (previous two tags), the same for every token.
    pub(crate) fn tag_pair_feature(&self, prev: [Tag; 2], out: &mut Vec<u32>) {
        tag_pair_features(self.families, prev, out);
    }
}

/// Number of capitalisation classes ([`crate::shape::capc`]).
pub(crate) const NUM_CAP_CLASSES: usize = 6;

/// The previous-tag features that depend on the previous tag and the token's
/// capitalisation class only (those of [`DocFeatures::last_tag_features`] but the word's).
pub(crate) fn tag_cap_features(families: Families, last: Tag, cap: u8, out: &mut Vec<u32>) {
    if families.has(Families::PREV_TAGS) {
        let p1 = last.index() as u64;
        out.push(FeatureKey::new(60).num(p1).finish());
        out.push(FeatureKey::new(63).num(p1).num(u64::from(cap)).finish());
    }
}

/// The tag-bigram feature (previous two tags), the same for every token.
pub(crate) fn tag_pair_features(families: Families, prev: [Tag; 2], out: &mut Vec<u32>) {
    if families.has(Families::PREV_TAGS) {
        let (p1, p2) = (prev[0].index() as u64, prev[1].index() as u64);
        out.push(FeatureKey::new(61).num(p1).num(p2).finish());
    }
}
