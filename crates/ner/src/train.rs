//! Training: an averaged perceptron over hashed features with greedy decoding, early
//! stopping on development F1, and pruning + 16-bit quantisation of the final weights.

use std::collections::HashMap;

use crate::conll::Document;
use crate::eval::{score, Scores};
use crate::features::{DocFeatures, Families};
use crate::hashing::FxBuild;
use crate::lexicon::Lexicon;
use crate::model::{decode, Model, Scorer};
use crate::tags::{Tag, NUM_TAGS};
use crate::NerError;

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
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            families: Families::ALL,
            max_epochs: 15,
            patience: 3,
            max_features: 400_000,
            seed: 7,
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
}

impl Scorer for Perceptron {
    fn score(&self, feats: &[u32], out: &mut [f32; NUM_TAGS]) {
        *out = [0.0; NUM_TAGS];
        for k in feats {
            if let Some(&i) = self.index.get(k) {
                for (o, w) in out.iter_mut().zip(&self.weights[i as usize]) {
                    *o += w;
                }
            }
        }
    }

    fn learn(&mut self, feats: &[u32], gold: usize, pred: usize) {
        self.step += 1.0;
        if gold == pred {
            return;
        }
        self.errors += 1;
        for &k in feats {
            let next = self.weights.len() as u32;
            let i = *self.index.entry(k).or_insert(next) as usize;
            if i == self.weights.len() {
                self.weights.push([0.0; NUM_TAGS]);
                self.stamped.push([0.0; NUM_TAGS]);
            }
            self.weights[i][gold] += 1.0;
            self.weights[i][pred] -= 1.0;
            self.stamped[i][gold] += self.step;
            self.stamped[i][pred] -= self.step;
        }
    }
}

impl Perceptron {
    /// Averaged weights, pruned to the `max` strongest features and quantised to `i16`.
    fn export(&self, families: Families, max: usize) -> Result<Model, NerError> {
        let mut avg: Vec<(u32, [f32; NUM_TAGS], f32)> = self
            .index
            .iter()
            .map(|(&k, &i)| {
                let (w, u) = (&self.weights[i as usize], &self.stamped[i as usize]);
                let mut a = [0f32; NUM_TAGS];
                for j in 0..NUM_TAGS {
                    a[j] = w[j] - u[j] / self.step.max(1.0);
                }
                let norm = a.iter().fold(0f32, |m, x| m.max(x.abs()));
                (k, a, norm)
            })
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

/// Trains a model on `train`, keeping the epoch with the best F1 on `dev`.
pub fn train(
    train: &[Document],
    dev: &[Document],
    config: &TrainConfig,
    mut progress: impl FnMut(&EpochReport),
) -> Result<Model, NerError> {
    let lex = Lexicon::builtin()?;
    let prepared: Vec<(DocFeatures, Vec<Vec<Tag>>)> = train
        .iter()
        .map(|d| (DocFeatures::new(&d.words(), lex, config.families), d.tags()))
        .collect();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut seed = config.seed.max(1);
    let mut p = Perceptron {
        index: HashMap::default(),
        weights: Vec::new(),
        stamped: Vec::new(),
        step: 0.0,
        errors: 0,
    };
    let mut best: Option<(f64, Model)> = None;
    let mut since_best = 0;
    for epoch in 1..=config.max_epochs {
        shuffle(&mut order, &mut seed);
        p.errors = 0;
        for &d in &order {
            let (doc, gold) = &prepared[d];
            decode(doc, &mut p, Some(gold));
        }
        let model = p.export(config.families, config.max_features)?;
        let dev_scores = evaluate(&model, dev);
        let f1 = dev_scores.all.f1();
        progress(&EpochReport {
            epoch,
            train_errors: p.errors,
            dev: dev_scores,
            features: p.weights.len(),
        });
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, model));
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= config.patience {
                break;
            }
        }
    }
    best.map(|(_, m)| m)
        .ok_or_else(|| NerError::Model("no training epochs were run".into()))
}
