//! Greedy left-to-right decoding of whole documents, in two passes when document features
//! are on: the second pass sees the first pass's tags for every other mention of a word.

use crate::features::{best_tag, DocFeatures, Families, History};
use crate::tags::{Tag, NUM_TAGS};

/// Something that scores feature sets (the shipped model, or the perceptron in training).
pub(crate) trait Scorer {
    /// Whether weights change while decoding (then static scores cannot be cached).
    const LEARNS: bool;
    /// Adds the scores of `feats` to `out`.
    fn score(&self, feats: &[u32], out: &mut [f32; NUM_TAGS]);
    /// Training only: may drop some features of a token before it is scored (dropout).
    fn perturb(&mut self, _feats: &mut Vec<u32>) {}
    /// Called after each decision when gold tags are known.
    fn learn(&mut self, _feats: &[u32], _gold: usize, _pred: usize) {}
}

/// The decision-independent feature keys of every token of a document, computed once.
pub(crate) struct StaticKeys {
    keys: Vec<u32>,
    /// Per sentence, per token: end offset into `keys`.
    ends: Vec<Vec<usize>>,
}

impl StaticKeys {
    pub(crate) fn new(doc: &DocFeatures) -> StaticKeys {
        let mut keys = Vec::new();
        let ends = doc
            .sentences
            .iter()
            .enumerate()
            .map(|(s, sent)| {
                (0..sent.len())
                    .map(|i| {
                        doc.static_features(s, i, &mut keys);
                        keys.len()
                    })
                    .collect()
            })
            .collect();
        StaticKeys { keys, ends }
    }
}

/// Decodes a document. With `gold`, calls `learn` after each token and keeps the
/// *predicted* tags as history (the model learns from its own mistakes).
pub(crate) fn decode<S: Scorer>(
    doc: &DocFeatures,
    statics: &StaticKeys,
    scorer: &mut S,
    gold: Option<&[Vec<Tag>]>,
) -> Vec<Vec<Tag>> {
    // Static scores are cached at inference time.
    let cached: Vec<Vec<[f32; NUM_TAGS]>> = if S::LEARNS {
        Vec::new()
    } else {
        let mut start = 0;
        statics
            .ends
            .iter()
            .map(|ends| {
                ends.iter()
                    .map(|&end| {
                        let mut sc = [0f32; NUM_TAGS];
                        scorer.score(&statics.keys[start..end], &mut sc);
                        start = end;
                        sc
                    })
                    .collect()
            })
            .collect()
    };
    let passes = if doc.families().has(Families::DOCUMENT) {
        2
    } else {
        1
    };
    let mut first: Option<(History, Vec<Vec<Tag>>)> = None;
    let mut feats = Vec::with_capacity(128);
    let mut out = Vec::new();
    for _pass in 0..passes {
        let mut history = History::default();
        out = Vec::with_capacity(doc.sentences.len());
        let mut start = 0;
        for (s, ends) in statics.ends.iter().enumerate() {
            let mut tags = Vec::with_capacity(ends.len());
            let mut prev = [Tag::O, Tag::O];
            for (i, &end) in ends.iter().enumerate() {
                let mut scores = [0f32; NUM_TAGS];
                feats.clear();
                if S::LEARNS {
                    feats.extend_from_slice(&statics.keys[start..end]);
                } else {
                    scores = cached[s][i];
                }
                start = end;
                let dyn_start = feats.len();
                let own = first.as_ref().map(|(h, t)| (h, t[s][i]));
                doc.dynamic_features(s, i, prev, &history, own, &mut feats);
                if S::LEARNS {
                    scorer.perturb(&mut feats);
                    scorer.score(&feats, &mut scores);
                } else {
                    scorer.score(&feats[dyn_start..], &mut scores);
                }
                let pred = best_tag(&scores, prev[0]);
                if let Some(g) = gold {
                    scorer.learn(&feats, g[s][i].index(), pred);
                }
                let tag = Tag::from_index(pred);
                history.record(doc, s, i, tag);
                prev = [tag, prev[0]];
                tags.push(tag);
            }
            out.push(tags);
        }
        if passes > 1 {
            let mut all = History::default();
            for (s, tags) in out.iter().enumerate() {
                for (i, &t) in tags.iter().enumerate() {
                    all.record(doc, s, i, t);
                }
                all.record_spans(doc, s, tags);
            }
            first = Some((all, std::mem::take(&mut out)));
        }
    }
    if passes > 1 {
        // The loop moved the last pass's tags into `first`.
        if let Some((_, tags)) = first {
            return tags;
        }
    }
    out
}
