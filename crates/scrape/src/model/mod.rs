//! The learned content model: a page-type classifier, a table of class/id token
//! scores and a block scorer, in one small binary file.
//!
//! The committed model (`crates/scrape/model/content.bin`) is embedded in the
//! binary. It is regenerated, with its cross-validated figures printed, by
//! `cargo run --release -p newsmill-scrape --example train_content -- ../shared/bench`
//! (see that example for the data and the protocol). The file starts with a
//! fingerprint of the feature names: a model trained on other features than
//! the code computes is refused at load instead of scoring garbage.

pub(crate) mod bytes;
mod forest;

use std::sync::{Arc, LazyLock};

use newsmill_records::PageType;

use self::bytes::{Reader, Writer};
pub(crate) use self::forest::Flat;
pub use self::forest::{sigmoid, Forest, Node};
pub use crate::content::TokenTable;
use crate::content::{block_feature_names, context_feature_names, PAGE};
use crate::error::ScrapeError;

const MAGIC: &[u8] = b"NEWSMILL-CONTENT-1\n";

/// The committed model file.
static BUILTIN_BYTES: &[u8] = include_bytes!("../../model/content.bin");

static BUILTIN: LazyLock<Result<Arc<ContentModel>, String>> = LazyLock::new(|| {
    ContentModel::from_bytes(BUILTIN_BYTES)
        .map(Arc::new)
        .map_err(|e| e.to_string())
});

/// The page-type classifier, the token table and the block scorer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContentModel {
    /// One forest per page type, in [`PageType::ALL`] order, over the page features.
    pub page_types: Vec<Forest>,
    /// Learned log-odds of class/id/itemprop/role tokens.
    pub tokens: TokenTable,
    /// The first pass: scores each block from its own features.
    pub blocks: Forest,
    /// The second pass: scores each block from its features and the first
    /// pass's scores around it. Empty: the first pass decides.
    pub context: Forest,
    /// Blocks scoring at least this probability are main content, per page
    /// type ([`PageType::ALL`] order): listings want more of their items than
    /// articles want of their asides.
    pub thresholds: [f32; 7],
    /// When no block reaches the threshold, blocks scoring at least this share
    /// of the best score are kept (0: none, the page has no main content).
    pub fallback: f32,
    /// The rules applied after the scores ([`rules`]), as a bit set.
    pub rules: u8,
}

/// The two block forests laid out for evaluation ([`Flat`]) once, for an
/// extractor that scores every page with the same model.
pub(crate) struct Flats {
    pub blocks: Flat,
    pub context: Flat,
}

/// Rules applied to the blocks the model keeps, whatever their score. The
/// trainer reports the cross-validated figure with each of them off.
pub mod rules {
    /// A heading equal to the page title is the headline: metadata, not body.
    pub const HEADLINE: u8 = 1;
    /// Stock lines ("Advertisement", "Share this", "Photo: Reuters", "By Jane
    /// Doe") are chrome.
    pub const STOCK_LINES: u8 = 1 << 1;
    /// Reader prompts and datelines at the start of a body, and prompts,
    /// bylines and signatures at its end, are not body text.
    pub const EDGES: u8 = 1 << 2;
    /// A page that carries its text twice (a mobile and a desktop copy, a
    /// hidden duplicate) gives it once: when repeated blocks make up a good
    /// share of the kept text, each block's text is kept at its first place
    /// only.
    pub const DUPLICATES: u8 = 1 << 3;
    /// Every rule.
    pub const ALL: u8 = HEADLINE | STOCK_LINES | EDGES | DUPLICATES;
}

impl ContentModel {
    /// The committed model, parsed once.
    pub fn builtin() -> Result<Arc<ContentModel>, ScrapeError> {
        BUILTIN.clone().map_err(|reason| ScrapeError::Model {
            what: "built-in content model".into(),
            reason,
        })
    }

    /// Reads a model file, checking that it was trained on the features this
    /// code computes.
    pub fn from_bytes(bytes: &[u8]) -> Result<ContentModel, ScrapeError> {
        let mut r = Reader::new(bytes);
        r.expect(MAGIC)?;
        let print = r.u64()?;
        if print != fingerprint() {
            return Err(ScrapeError::Model {
                what: "content model".into(),
                reason: "trained on other features than this build computes; \
                         regenerate it with the train_content example"
                    .into(),
            });
        }
        let mut thresholds = [0f32; 7];
        for t in &mut thresholds {
            *t = r.f32()?;
        }
        let fallback = r.f32()?;
        let rules = r.u32()? as u8;
        let classes = r.len(8)?;
        if classes != PageType::ALL.len() {
            return Err(ScrapeError::Model {
                what: "content model".into(),
                reason: format!(
                    "{classes} page-type forests, expected {}",
                    PageType::ALL.len()
                ),
            });
        }
        let mut page_types = Vec::with_capacity(classes);
        for _ in 0..classes {
            let f = Forest::read(&mut r)?;
            f.validate(PAGE.len(), "page-type forest")?;
            page_types.push(f);
        }
        let tokens = TokenTable::read(&mut r)?;
        let blocks = Forest::read(&mut r)?;
        blocks.validate(block_feature_names().count(), "block forest")?;
        let context = Forest::read(&mut r)?;
        context.validate(context_feature_names().count(), "context forest")?;
        if !r.is_done() {
            return Err(ScrapeError::Model {
                what: "content model".into(),
                reason: "trailing bytes after the context forest".into(),
            });
        }
        Ok(ContentModel {
            page_types,
            tokens,
            blocks,
            context,
            thresholds,
            fallback,
            rules,
        })
    }

    /// The model as a file [`ContentModel::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.u64(fingerprint());
        for &t in &self.thresholds {
            w.f32(t);
        }
        w.f32(self.fallback);
        w.u32(u32::from(self.rules));
        w.u32(self.page_types.len() as u32);
        for f in &self.page_types {
            f.write(&mut w);
        }
        self.tokens.write(&mut w);
        self.blocks.write(&mut w);
        self.context.write(&mut w);
        w.into_bytes()
    }

    /// The block forests laid out for evaluation.
    pub(crate) fn flats(&self) -> Flats {
        Flats {
            blocks: Flat::of(&self.blocks),
            context: Flat::of(&self.context),
        }
    }

    /// Page-type probabilities from the page features, in [`PageType::ALL`]
    /// order, summing to one.
    pub fn page_probabilities(&self, page: &[f32]) -> [f32; 7] {
        let mut p = [0f32; 7];
        for (i, f) in self.page_types.iter().enumerate().take(7) {
            p[i] = f.probability(page);
        }
        let sum: f32 = p.iter().sum();
        if sum > 0.0 {
            p.iter_mut().for_each(|x| *x /= sum);
        } else {
            p[0] = 1.0;
        }
        p
    }
}

/// The most probable page type.
pub fn most_probable(probs: &[f32; 7]) -> PageType {
    let mut best = 0;
    for i in 1..7 {
        if probs[i] > probs[best] {
            best = i;
        }
    }
    PageType::ALL[best]
}

/// FNV-1a over every feature name: page features, block features, context
/// features.
fn fingerprint() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for name in PAGE.iter().copied().chain(context_feature_names()) {
        for b in name.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> ContentModel {
        let stump = |v: f32| Forest {
            base: v,
            trees: vec![vec![
                Node::split(0, 0.5, 1),
                Node::leaf(-1.0),
                Node::leaf(1.0),
            ]],
        };
        ContentModel {
            page_types: (0..7).map(|i| stump(i as f32 * 0.1)).collect(),
            tokens: TokenTable::new(vec![(7, 0.5)]),
            blocks: stump(0.0),
            context: stump(0.1),
            thresholds: [0.5; 7],
            fallback: 0.8,
            rules: rules::ALL,
        }
    }

    #[test]
    fn round_trips_and_refuses_damaged_files() {
        let m = small();
        let bytes = m.to_bytes();
        assert_eq!(ContentModel::from_bytes(&bytes).unwrap(), m);
        assert!(ContentModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut other = bytes.clone();
        other[MAGIC.len()] ^= 1; // another fingerprint
        let err = ContentModel::from_bytes(&other).unwrap_err().to_string();
        assert!(err.contains("other features"), "{err}");
        assert!(ContentModel::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn builtin_model_loads_and_matches_the_features() {
        let m = ContentModel::builtin().expect("the committed model loads");
        assert_eq!(m.page_types.len(), 7);
        assert!(!m.blocks.trees.is_empty());
        assert!(m.thresholds.iter().all(|&t| t > 0.0 && t < 1.0));
    }

    #[test]
    fn page_probabilities_sum_to_one() {
        let p = small().page_probabilities(&vec![1.0; PAGE.len()]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(most_probable(&p), PageType::Service);
    }
}
