//! Training: an averaged perceptron over hashed features learning from greedy decoding,
//! early stopping on development F1 (scored with the beam decoder used at tagging time),
//! and pruning + 16-bit quantisation of the final weights.

use std::collections::HashMap;

use crate::conll::Document;
use crate::decode::{decode_training, Scorer, StaticKeys};
use crate::error::NerError;
use crate::eval::{score, Scores};
use crate::features::{DocFeatures, Families};
use crate::hashing::FxBuild;
use crate::lexicon::Lexicon;
use crate::model::Model;
use crate::tags::{Tag, NUM_TAGS};

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Feature families to use.
    pub families: Families,
    /// Maximum passes over the training data.
    pub max_epochs: usize,
    /// Stop after this many epochs without a better development F1.
    pub patience: usize,
    /// Keep at most this many features (largest weights first) in the saved model.
    pub max_features: usize,
    /// Seed for shuffling documents between epochs.
    pub seed: u64,
    /// Probability of dropping each feature of a token while learning (0 = off). Keeps the
    /// model from leaning on word identity alone, which helps on unseen names.
    pub dropout: f32,
    /// Probability of dropping a token's word identity (its lower-cased and raw word
    /// features) while learning, on top of `dropout`: the model then learns to tag a name
    /// from its shape, word class, context and lists, as it must for names it never saw.
    pub word_dropout: f32,
    /// Number of perceptrons (different shuffles) whose weights are summed.
    pub ensemble: usize,
    /// Passive-aggressive (PA-I) step cap; 0 = plain perceptron updates on mistakes only.
    pub margin_c: f32,
    /// Beam width of the decoder when scoring development data (1 = greedy).
    pub beam: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            families: Families::ALL,
            max_epochs: 35,
            patience: 4,
            max_features: 150_000,
            seed: 7,
            dropout: 0.3,
            word_dropout: 0.3,
            ensemble: 1,
            margin_c: 1.0,
            beam: 8,
        }
    }
}

/// Progress after one epoch.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Training-set token errors made while learning this epoch.
    pub train_errors: usize,
    /// Development scores of the (pruned, quantised) averaged model.
    pub dev: Scores,
    /// Features with any weight so far.
    pub features: usize,
}

struct Perceptron {
    index: HashMap<u32, u32, FxBuild>,
    weights: Vec<[f32; NUM_TAGS]>,
    /// Running sum of `step × update` for the averaging trick.
    stamped: Vec<[f32; NUM_TAGS]>,
    step: f32,
    errors: usize,
    dropout: f32,
    word_dropout: f32,
    margin_c: f32,
    rng: u64,
}

impl Scorer for Perceptron {
    fn score(&self, feats: &[u32], out: &mut [f32; NUM_TAGS]) {
        for k in feats {
            if let Some(&i) = self.index.get(k) {
                for (o, w) in out.iter_mut().zip(&self.weights[i as usize]) {
                    *o += w;
                }
            }
        }
    }

    fn perturb(&mut self, feats: &mut Vec<u32>) {
        let mut rng = self.rng;
        if self.word_dropout > 0.0 && feats.len() >= 3 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            if ((rng >> 32) as u32) < (self.word_dropout * u32::MAX as f32) as u32 {
                // The static keys start with the bias, the lower-cased word and the raw word.
                feats.drain(1..3);
            }
        }
        if self.dropout <= 0.0 {
            self.rng = rng;
            return;
        }
        let threshold = (self.dropout * u32::MAX as f32) as u32;
        feats.retain(|_| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng >> 32) as u32 >= threshold
        });
        self.rng = rng;
    }

    fn learn(&mut self, feats: &[u32], gold: usize, pred: usize) {
        self.step += 1.0;
        if gold != pred {
            self.errors += 1;
        }
        let (rival, size) = if self.margin_c > 0.0 {
            // Passive-aggressive (PA-I): update whenever the margin is under 1, by the
            // smallest step that would fix it, capped at `margin_c`.
            let mut scores = [0f32; NUM_TAGS];
            self.score(feats, &mut scores);
            let rival = if gold != pred {
                pred
            } else {
                (0..NUM_TAGS)
                    .filter(|&j| j != gold)
                    .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                    .unwrap_or(gold)
            };
            let loss = 1.0 - (scores[gold] - scores[rival]);
            if loss <= 0.0 || rival == gold {
                return;
            }
            (
                rival,
                (loss / (2.0 * feats.len().max(1) as f32)).min(self.margin_c),
            )
        } else if gold != pred {
            (pred, 1.0)
        } else {
            return;
        };
        for &k in feats {
            let next = self.weights.len() as u32;
            let i = *self.index.entry(k).or_insert(next) as usize;
            if i == self.weights.len() {
                self.weights.push([0.0; NUM_TAGS]);
                self.stamped.push([0.0; NUM_TAGS]);
            }
            self.weights[i][gold] += size;
            self.weights[i][rival] -= size;
            self.stamped[i][gold] += self.step * size;
            self.stamped[i][rival] -= self.step * size;
        }
    }
}

type Weights = HashMap<u32, [f32; NUM_TAGS], FxBuild>;

impl Perceptron {
    /// The averaged weights.
    fn averaged(&self) -> Weights {
        self.index
            .iter()
            .map(|(&k, &i)| {
                let (w, u) = (&self.weights[i as usize], &self.stamped[i as usize]);
                let mut a = [0f32; NUM_TAGS];
                for j in 0..NUM_TAGS {
                    a[j] = w[j] - u[j] / self.step.max(1.0);
                }
                (k, a)
            })
            .collect()
    }
}

/// Weights pruned to the `max` strongest features and quantised to `i16`.
fn quantise(weights: &Weights, families: Families, max: usize) -> Result<Model, NerError> {
    let mut avg: Vec<(u32, [f32; NUM_TAGS], f32)> = weights
        .iter()
        .map(|(&k, a)| (k, *a, a.iter().fold(0f32, |m, x| m.max(x.abs()))))
        .filter(|e| e.2 > 0.0)
        .collect();
    if avg.len() > max {
        avg.select_nth_unstable_by(max, |a, b| b.2.total_cmp(&a.2));
        avg.truncate(max);
    }
    let top = avg.iter().fold(0f32, |m, e| m.max(e.2)).max(1e-6);
    let scale = top / 32767.0;
    let entries = avg
        .into_iter()
        .map(|(k, a, _)| {
            let mut q = [0i16; NUM_TAGS];
            for j in 0..NUM_TAGS {
                q[j] = (a[j] / scale).round().clamp(-32767.0, 32767.0) as i16;
            }
            (k, q)
        })
        .filter(|(_, q)| q.iter().any(|&x| x != 0))
        .collect();
    Model::from_bytes(&Model::encode(families, scale, entries)?)
}

/// Tags documents with a model and scores them against their gold tags.
pub fn evaluate(model: &Model, docs: &[Document]) -> Scores {
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    for d in docs {
        gold.extend(d.tags());
        pred.extend(model.tag_document(&d.words()));
    }
    score(&gold, &pred)
}

fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// Trains a model on `train`, keeping the epoch with the best F1 on `dev`. With
/// `ensemble > 1`, trains that many perceptrons on differently shuffled data (and dropout
/// draws) and sums their weights.
pub fn train(
    train: &[Document],
    dev: &[Document],
    config: &TrainConfig,
    mut progress: impl FnMut(&EpochReport),
) -> Result<Model, NerError> {
    let lex = Lexicon::builtin()?;
    let prepared: Vec<(DocFeatures, StaticKeys, Vec<Vec<Tag>>)> = train
        .iter()
        .map(|d| {
            let doc = DocFeatures::new(&d.words(), lex, config.families);
            let statics = StaticKeys::new(&doc);
            (doc, statics, d.tags())
        })
        .collect();
    let mut sum: Weights = HashMap::default();
    for member in 0..config.ensemble.max(1) {
        let seed = config.seed.wrapping_add(member as u64 * 7919);
        let weights = train_one(&prepared, dev, config, seed, &mut progress)?;
        for (k, w) in weights {
            let e = sum.entry(k).or_insert([0.0; NUM_TAGS]);
            for j in 0..NUM_TAGS {
                e[j] += w[j];
            }
        }
    }
    Ok(quantise(&sum, config.families, config.max_features)?.with_beam_width(config.beam))
}

fn train_one(
    prepared: &[(DocFeatures, StaticKeys, Vec<Vec<Tag>>)],
    dev: &[Document],
    config: &TrainConfig,
    seed: u64,
    progress: &mut impl FnMut(&EpochReport),
) -> Result<Weights, NerError> {
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut shuffle_seed = seed.max(1);
    let mut p = Perceptron {
        index: HashMap::default(),
        weights: Vec::new(),
        stamped: Vec::new(),
        step: 0.0,
        errors: 0,
        dropout: config.dropout,
        word_dropout: config.word_dropout,
        margin_c: config.margin_c,
        rng: seed.max(1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1,
    };
    let mut best: Option<(f64, Weights)> = None;
    let mut since_best = 0;
    for epoch in 1..=config.max_epochs {
        shuffle(&mut order, &mut shuffle_seed);
        p.errors = 0;
        for &d in &order {
            let (doc, statics, gold) = &prepared[d];
            decode_training(doc, statics, &mut p, gold);
        }
        let weights = p.averaged();
        let model =
            quantise(&weights, config.families, config.max_features)?.with_beam_width(config.beam);
        let dev_scores = evaluate(&model, dev);
        let f1 = dev_scores.all.f1();
        progress(&EpochReport {
            epoch,
            train_errors: p.errors,
            dev: dev_scores,
            features: p.weights.len(),
        });
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, weights));
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= config.patience {
                break;
            }
        }
    }
    best.map(|(_, w)| w)
        .ok_or_else(|| NerError::Model("no training epochs were run".into()))
}
