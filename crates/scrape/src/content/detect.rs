//! The content model applied to one page.

use std::time::Instant;

use newsmill_records::{Block, PageType};

use super::features::Inputs;
use super::heuristic::Analysis;
use super::pagetype::PageInputs;
use super::sample::Sample;
use super::select::{chosen, select};
use crate::html::dom::Dom;
use crate::model::{most_probable, ContentModel, Flats};

/// What the model found on a page.
pub(crate) struct Detection {
    pub blocks: Vec<Block>,
    pub page_type: PageType,
}

/// Scores every text block of the page and keeps the main content. Returns
/// the page as the model saw it too.
pub(crate) fn detect(
    dom: &Dom<'_>,
    analysis: &Analysis,
    model: &ContentModel,
    flats: &Flats,
    inputs: &Inputs<'_>,
    page_inputs: &PageInputs<'_>,
) -> (Detection, Sample) {
    let mut sample = Sample::build(dom, analysis, inputs, page_inputs);
    let built = Instant::now();
    let types = model.page_probabilities(sample.page_features());
    let probs = score(&sample, model, flats, &types);
    let page_type = most_probable(&types);
    let detection = Detection {
        blocks: select(dom, &sample, &probs, model, page_type),
        page_type,
    };
    sample.time.scoring = built.elapsed();
    (detection, sample)
}

/// Each block's probability of being main content: the first pass on the
/// block's own features, then (when the model has one) the second pass on the
/// same features and the first pass's view of the block's surroundings. Of
/// the second pass, only which blocks reach the threshold is exact when some
/// do ([`crate::model::Forest::decide`]): that is all the selection reads.
pub(crate) fn score(
    sample: &Sample,
    model: &ContentModel,
    flats: &Flats,
    types: &[f32; 7],
) -> Vec<f32> {
    let n = sample.len();
    let x = sample.block_features(&model.tokens, types);
    let width = x.len().checked_div(n).unwrap_or(0);
    let mut p = vec![0f32; n];
    flats.blocks.probabilities(&x, width, &mut p);
    if model.context.trees.is_empty() {
        return p;
    }
    let x2 = sample.context_features(&x, width, &p);
    let width2 = x2.len().checked_div(n).unwrap_or(0);
    let mut p2 = vec![0f32; n];
    // Only which blocks reach the page type's threshold matters, unless none
    // does: then the fallback compares the scores themselves.
    let cut = model.thresholds[type_index(most_probable(types))];
    flats.context.decide(&x2, width2, cut, &mut p2);
    if p2.iter().all(|&q| q < cut) {
        flats.context.probabilities(&x2, width2, &mut p2);
    }
    p2
}

/// The index of `t` in [`PageType::ALL`].
pub(crate) fn type_index(t: PageType) -> usize {
    PageType::ALL.iter().position(|&x| x == t).unwrap_or(0)
}

impl Sample {
    /// The body the model picks from this page: what [`detect`] keeps, as
    /// `Article::body` joins it (blocks separated by blank lines).
    pub fn body_with(&self, model: &ContentModel) -> String {
        let types = model.page_probabilities(self.page_features());
        self.body_with_types(model, &types)
    }

    /// [`Sample::body_with`] with given page-type probabilities instead of
    /// the model's (the trainer measures what a right page type is worth).
    pub fn body_with_types(&self, model: &ContentModel, types: &[f32; 7]) -> String {
        let probs = score(self, model, &model.flats(), types);
        let mut out = String::new();
        for k in chosen(self, &probs, model, most_probable(types)) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(self.text(k));
        }
        out
    }
}
