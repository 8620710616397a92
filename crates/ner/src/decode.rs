//! Decoding of whole documents, in two passes when document features are on: the second
//! pass sees the first pass's tags for every other mention of a word. Training decodes
//! greedily left to right (and learns from each decision); tagging ([`crate::beam`]) runs
//! a beam search per sentence over the locally normalised tag scores.

use crate::features::{best_tag, DocFeatures, Families, History};
use crate::tags::{Tag, NUM_TAGS};

/// The perceptron being trained, as the decoder sees it.
pub(crate) trait Scorer {
    /// Adds the scores of `feats` to `out`.
    fn score(&self, feats: &[u32], out: &mut [f32; NUM_TAGS]);
    /// May drop some features of a token before it is scored (dropout).
    fn perturb(&mut self, _feats: &mut Vec<u32>) {}
    /// Called after each decision with the gold tag.
    fn learn(&mut self, _feats: &[u32], _gold: usize, _pred: usize) {}
}

/// The decision-independent feature keys of every token of a document, computed once.
pub(crate) struct StaticKeys {
    keys: Vec<u32>,
    /// Per sentence: offset of its first token's keys, and per token the end offset.
    starts: Vec<usize>,
    ends: Vec<Vec<usize>>,
}

impl StaticKeys {
    pub(crate) fn new(doc: &DocFeatures) -> StaticKeys {
        let mut keys = Vec::new();
        let mut starts = Vec::with_capacity(doc.sentences.len());
        let ends = doc
            .sentences
            .iter()
            .enumerate()
            .map(|(s, sent)| {
                starts.push(keys.len());
                (0..sent.len())
                    .map(|i| {
                        doc.static_features(s, i, &mut keys);
                        keys.len()
                    })
                    .collect()
            })
            .collect();
        StaticKeys { keys, starts, ends }
    }
}

/// Runs `sentence` over every sentence of a document, twice when the model uses document
/// features: the second time with the first pass's history (every tag given to each word,
/// and the multi-token entities' edges) and the sentence's own first-pass tags. `sentence`
/// gets the history of the current pass and must record its decisions in it.
pub(crate) fn two_passes(
    doc: &DocFeatures,
    mut sentence: impl FnMut(usize, &mut History, Option<(&History, &[Tag])>) -> Vec<Tag>,
) -> Vec<Vec<Tag>> {
    let passes = if doc.families().has(Families::DOCUMENT) {
        2
    } else {
        1
    };
    let mut first: Option<(History, Vec<Vec<Tag>>)> = None;
    for pass in 1..=passes {
        let mut history = History::for_doc(doc);
        let out: Vec<Vec<Tag>> = (0..doc.sentences.len())
            .map(|s| {
                let own = first.as_ref().map(|(h, t)| (h, t[s].as_slice()));
                sentence(s, &mut history, own)
            })
            .collect();
        if pass == passes {
            return out;
        }
        let mut all = History::for_doc(doc);
        for (s, tags) in out.iter().enumerate() {
            for (i, &t) in tags.iter().enumerate() {
                all.record(doc, s, i, t);
            }
            all.record_spans(doc, s, tags);
        }
        first = Some((all, out));
    }
    Vec::new()
}

/// Decodes a training document greedily, calling `learn` after each token and keeping
/// the *predicted* tags as history (the model learns from its own mistakes).
pub(crate) fn decode_training<S: Scorer>(
    doc: &DocFeatures,
    statics: &StaticKeys,
    scorer: &mut S,
    gold: &[Vec<Tag>],
) -> Vec<Vec<Tag>> {
    let mut feats = Vec::with_capacity(128);
    two_passes(doc, |s, history, first| {
        let ends = &statics.ends[s];
        let mut start = statics.starts[s];
        let mut tags = Vec::with_capacity(ends.len());
        let mut prev = [Tag::O, Tag::O];
        for (i, &end) in ends.iter().enumerate() {
            let mut scores = [0f32; NUM_TAGS];
            feats.clear();
            feats.extend_from_slice(&statics.keys[start..end]);
            start = end;
            let own = first.map(|(h, t)| (h, t[i]));
            doc.dynamic_features(s, i, prev, history, own, &mut feats);
            scorer.perturb(&mut feats);
            scorer.score(&feats, &mut scores);
            let pred = best_tag(&scores, prev[0]);
            scorer.learn(&feats, gold[s][i].index(), pred);
            let tag = Tag::from_index(pred);
            history.record(doc, s, i, tag);
            prev = [tag, prev[0]];
            tags.push(tag);
        }
        tags
    })
}
