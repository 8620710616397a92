//! Tagging: decoding a document with the trained model, by beam search per sentence over
//! locally normalised tag scores (or greedily with a beam width of 1). Scores stay integers
//! (in units of the model's weight scale) until a token's are complete.

use crate::decode::two_passes;
use crate::features::{best_tag, DocFeatures, History};
use crate::model::Model;
use crate::tags::{Tag, FOLLOWS, NUM_TAGS};

/// Tags a document given every token's static score (`cached`, the document's tokens in
/// order).
pub(crate) fn tag(
    doc: &DocFeatures,
    model: &Model,
    cached: &[[i32; NUM_TAGS]],
    beam: usize,
) -> Vec<Vec<Tag>> {
    let mut start = 0;
    let sentences: Vec<&[[i32; NUM_TAGS]]> = doc
        .sentences
        .iter()
        .map(|toks| {
            start += toks.len();
            &cached[start - toks.len()..start]
        })
        .collect();
    let mut feats = Vec::with_capacity(64);
    let mut scratch = BeamScratch {
        width: beam,
        ..BeamScratch::default()
    };
    let mut word_tags = WordTagScores::new(doc.num_words());
    two_passes(doc, |s, history, first| {
        if beam > 1 {
            let hyp = (&*history, first);
            let tags = beam_sentence(
                doc,
                s,
                sentences[s],
                model,
                hyp,
                &mut word_tags,
                &mut scratch,
            );
            for (i, &tag) in tags.iter().enumerate() {
                history.record(doc, s, i, tag);
            }
            tags
        } else {
            let hyp = (history, first);
            greedy_sentence(doc, s, sentences[s], model, hyp, &mut word_tags, &mut feats)
        }
    })
}

/// The score of the one previous-tag feature that depends on the word
/// ([`DocFeatures::word_tag_feature`]), per word of the document and previous tag,
/// computed on first use: words repeat, the beam asks for the same word and tag again,
/// and both passes ask for the same ones.
struct WordTagScores {
    /// `scores[word * NUM_TAGS + last]`, valid where bit `last` of `filled[word]` is set.
    scores: Vec<[i32; NUM_TAGS]>,
    filled: Vec<u16>,
    keys: Vec<u32>,
}

impl WordTagScores {
    fn new(num_words: usize) -> WordTagScores {
        WordTagScores {
            scores: vec![[0; NUM_TAGS]; num_words * NUM_TAGS],
            filled: vec![0; num_words],
            keys: Vec::with_capacity(4),
        }
    }

    /// The word-and-previous-tag score of token `i` of sentence `s` after `last`.
    #[inline]
    fn get(
        &mut self,
        doc: &DocFeatures,
        model: &Model,
        s: usize,
        i: usize,
        last: Tag,
    ) -> &[i32; NUM_TAGS] {
        let word = doc.sentences[s][i].word as usize;
        let slot = word * NUM_TAGS + last.index();
        let bit = 1u16 << last.index();
        if self.filled[word] & bit == 0 {
            self.filled[word] |= bit;
            self.keys.clear();
            doc.word_tag_feature(s, i, last, &mut self.keys);
            model.accumulate(&self.keys, &mut self.scores[slot]);
        }
        &self.scores[slot]
    }
}

/// Per-tag scores that do not depend on the word: of the previous-tag features by the
/// token's capitalisation class and previous tag, and of the tag bigram by the previous
/// two tags.
pub(crate) struct TagTables {
    pub(crate) cap_last: [[[i32; NUM_TAGS]; NUM_TAGS]; crate::features::NUM_CAP_CLASSES],
    pub(crate) pair: [[[i32; NUM_TAGS]; NUM_TAGS]; NUM_TAGS],
}

#[inline]
fn add(acc: &mut [i32; NUM_TAGS], x: &[i32; NUM_TAGS]) {
    for (a, b) in acc.iter_mut().zip(x) {
        *a += b;
    }
}

/// Greedy left-to-right decoding of one sentence (a beam width of 1); each decision joins
/// the history at once.
fn greedy_sentence(
    doc: &DocFeatures,
    s: usize,
    cached: &[[i32; NUM_TAGS]],
    model: &Model,
    (history, first): (&mut History, Option<(&History, &[Tag])>),
    word_tags: &mut WordTagScores,
    feats: &mut Vec<u32>,
) -> Vec<Tag> {
    let tables = model.tag_tables();
    let mut tags = Vec::with_capacity(cached.len());
    let mut prev = [Tag::O, Tag::O];
    for (i, base) in cached.iter().enumerate() {
        let mut acc = *base;
        feats.clear();
        doc.document_features(s, i, history, first.map(|(h, t)| (h, t[i])), feats);
        model.accumulate(feats, &mut acc);
        add(&mut acc, word_tags.get(doc, model, s, i, prev[0]));
        add(
            &mut acc,
            &tables.cap_last[usize::from(doc.cap_class(s, i))][prev[0].index()],
        );
        add(&mut acc, &tables.pair[prev[0].index()][prev[1].index()]);
        let scores = acc.map(|a| a as f32 * model.scale());
        let tag = Tag::from_index(best_tag(&scores, prev[0]));
        history.record(doc, s, i, tag);
        prev = [tag, prev[0]];
        tags.push(tag);
    }
    tags
}

/// Buffers of the beam search, reused from sentence to sentence.
#[derive(Default)]
struct BeamScratch {
    /// Most hypotheses kept per token.
    width: usize,
    feats: Vec<u32>,
    /// Live hypotheses: (log-probability, last tag, tag before it), and the next token's.
    beams: Vec<(f32, Tag, Tag)>,
    next: Vec<(f32, Tag, Tag)>,
    /// Per token, the kept hypotheses as (parent, tag), at `starts[i]..starts[i + 1]`.
    back: Vec<(usize, Tag)>,
    starts: Vec<usize>,
    cands: Vec<(f32, usize, Tag)>,
}

/// Hypotheses whose log-probability falls this far below the best are dropped: most
/// tokens are unambiguous, so the beam is usually much narrower than its width (on dev,
/// margins 3 and 8 give the same F1; 1 loses 0.0003, 0.5 loses 0.003).
const BEAM_MARGIN: f32 = 3.0;

/// Beam search over one sentence with the document history fixed at its start. Local scores
/// are normalised to log-probabilities so that hypotheses compare across tokens (raw
/// margins do not: 0.927 raw vs 0.934 normalised on dev). Hypotheses ending in the same
/// two tags have the same future, so only the best of them is kept.
fn beam_sentence(
    doc: &DocFeatures,
    s: usize,
    cached: &[[i32; NUM_TAGS]],
    model: &Model,
    (history, first): (&History, Option<(&History, &[Tag])>),
    word_tags: &mut WordTagScores,
    scratch: &mut BeamScratch,
) -> Vec<Tag> {
    let BeamScratch {
        width,
        feats,
        beams,
        next,
        back,
        starts,
        cands,
    } = scratch;
    feats.clear();
    beams.clear();
    next.clear();
    back.clear();
    starts.clear();
    cands.clear();
    let tables = model.tag_tables();
    let scale = model.scale();
    // Live hypotheses: (log-probability, last tag, tag before it).
    beams.push((0.0, Tag::O, Tag::O));
    // Per token, the kept hypotheses as (parent, tag), at `starts[i]..starts[i + 1]`.
    for (i, base) in cached.iter().enumerate() {
        let mut base = *base;
        feats.clear();
        doc.document_features(s, i, history, first.map(|(h, t)| (h, t[i])), feats);
        model.accumulate(feats, &mut base);
        let by_cap = &tables.cap_last[usize::from(doc.cap_class(s, i))];
        let mut by_last = [None::<[i32; NUM_TAGS]>; NUM_TAGS];
        cands.clear();
        for (b, &(score, last, before)) in beams.iter().enumerate() {
            let mut acc = *by_last[last.index()].get_or_insert_with(|| {
                let mut acc = base;
                add(&mut acc, &by_cap[last.index()]);
                add(&mut acc, word_tags.get(doc, model, s, i, last));
                acc
            });
            add(&mut acc, &tables.pair[last.index()][before.index()]);
            let sc = acc.map(|a| a as f32 * scale);
            let follows = &FOLLOWS[last.index()];
            let allowed = |k: &usize| follows[*k];
            let top = (0..NUM_TAGS)
                .filter(allowed)
                .fold(f32::NEG_INFINITY, |t, k| t.max(sc[k]));
            // The normaliser only matters when hypotheses with different histories
            // compete: with one live hypothesis it shifts every candidate by the same
            // amount, so the best allowed score stands in for it (no exp/ln).
            let z = if beams.len() == 1 {
                top
            } else {
                log_sum_exp(&sc)
            };
            for k in (0..NUM_TAGS).filter(allowed) {
                if sc[k] >= top - BEAM_MARGIN {
                    cands.push((score + sc[k] - z, b, Tag::from_index(k)));
                }
            }
        }
        cands.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
        let best = cands.first().map_or(0.0, |c| c.0);
        let mut kept = 0;
        let mut seen = [[false; NUM_TAGS]; NUM_TAGS];
        for j in 0..cands.len() {
            let (sc, b, t) = cands[j];
            let last = beams[b].1;
            if kept == *width || sc < best - BEAM_MARGIN {
                break;
            }
            if std::mem::replace(&mut seen[t.index()][last.index()], true) {
                continue;
            }
            cands[kept] = (sc, b, t);
            kept += 1;
        }
        cands.truncate(kept);
        starts.push(back.len());
        back.extend(cands.iter().map(|&(_, b, t)| (b, t)));
        next.clear();
        next.extend(cands.iter().map(|&(sc, b, t)| (sc, t, beams[b].1)));
        std::mem::swap(beams, next);
    }
    let mut tags = vec![Tag::O; cached.len()];
    let mut b = 0;
    for i in (0..cached.len()).rev() {
        let (parent, tag) = back[starts[i] + b];
        tags[i] = tag;
        b = parent;
    }
    tags
}

/// `ln(sum(exp(x)))` of a token's tag scores.
fn log_sum_exp(sc: &[f32; NUM_TAGS]) -> f32 {
    let m = sc
        .iter()
        .fold(f32::NEG_INFINITY, |m, &x| if x > m { x } else { m });
    let e = sc.map(|x| exp_nonpositive(x - m));
    e.iter().sum::<f32>().ln() + m
}

/// `exp(x)` for `x <= 0`, to about one unit in the last place (Cephes `expf`: 2^n times a
/// degree-6 polynomial on the remainder), without branches or library calls so that a
/// token's nine run in a few vector instructions; flushes to 0 below -87.
#[inline]
fn exp_nonpositive(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer.
    const ROUND: f32 = 12_582_912.0;
    let x = if x < -87.0 { -87.0 } else { x };
    let t = x * std::f32::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    // The integer n sits in the low bits of t.
    let pow2 = f32::from_bits(((t.to_bits() as i32 - ROUND.to_bits() as i32 + 127) as u32) << 23);
    let r = x - n * LN2_HI - n * LN2_LO;
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let y = p * r * r + r + 1.0;
    y * pow2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_matches_the_library() {
        let mut x = 0.0f32;
        while x > -100.0 {
            let (want, got) = (x.exp(), exp_nonpositive(x));
            assert!(
                (want - got).abs() <= want * 3e-7 + 1e-37,
                "{x}: {want} {got}"
            );
            x -= 0.0137;
        }
        let sc = [1.0, -2.0, 0.5, 3.0, -40.0, 0.0, 2.0, -1.0, 1.5];
        let want = sc.iter().map(|x: &f32| x.exp()).sum::<f32>().ln();
        assert!((log_sum_exp(&sc) - want).abs() < 1e-6);
    }
}
