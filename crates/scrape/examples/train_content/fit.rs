//! Fitting one content model on a set of pages: the token table, the page-type
//! forests and the two block forests.
//!
//! Out-of-fold inputs throughout: every training page's token scores and
//! page-type probabilities come from a table and a page-type model fitted
//! without the page's fold, and the first-pass probabilities the second pass
//! learns from come from first-pass forests fitted without the page's fold. So
//! each forest learns how far to trust its inputs on pages they have not seen.

use std::collections::BTreeSet;

use newsmill_records::PageType;
use newsmill_scrape::train::{
    block_families, block_feature_names, context_feature_names, ContentModel, Family, Forest,
    TokenTable, PAGE,
};
use rayon::prelude::*;

use crate::data::PageData;
use crate::gbdt::{self, Binned, Params};
use crate::table;

/// What to fit.
#[derive(Clone, Debug)]
pub struct Settings {
    pub blocks: Params,
    /// The second pass; `None` leaves it out.
    pub context: Option<Params>,
    pub page_types: Params,
    /// Block feature families left out (ablation).
    pub without: Vec<Family>,
    pub thresholds: [f32; 7],
    pub fallback: f32,
    pub rules: u8,
}

/// The page-type forests, one-vs-rest, in `PageType::ALL` order.
pub fn page_types(pages: &[&PageData], p: &Params) -> Vec<Forest> {
    let width = PAGE.len();
    let mut x = Vec::with_capacity(pages.len() * width);
    for page in pages {
        x.extend_from_slice(page.sample.page_features());
    }
    let b = Binned::new(&x, pages.len(), width);
    let allowed = vec![true; width];
    let w = vec![1.0f32; pages.len()];
    PageType::ALL
        .iter()
        .map(|&t| {
            let y: Vec<f32> = pages
                .iter()
                .map(|pg| if pg.page_type == t { 1.0 } else { 0.0 })
                .collect();
            gbdt::train(&b, &y, &w, &allowed, p)
        })
        .collect()
}

/// A page's block features with a given table and page-type model.
fn rows(page: &PageData, table: &TokenTable, types: &[Forest]) -> Vec<f32> {
    let model = ContentModel {
        page_types: types.to_vec(),
        ..ContentModel::default()
    };
    let probs = model.page_probabilities(page.sample.page_features());
    page.sample.block_features(table, &probs)
}

/// The weight of each block of a page: its share of the page's true text, so
/// that every page counts about the same, as in the per-page metrics.
fn weights(page: &PageData) -> impl Iterator<Item = f32> + '_ {
    let scale = page.content_chars.max(200.0);
    (0..page.sample.len()).map(move |k| (page.sample.chars(k) as f32 / scale).min(2.0))
}

/// Fits a whole model on `pages`.
pub fn fit(pages: &[&PageData], s: &Settings) -> ContentModel {
    let folds: BTreeSet<usize> = pages.iter().map(|p| p.fold).collect();
    let width = block_feature_names().count();
    // Rows grouped by inner fold, and each page's first row.
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut w = Vec::new();
    let mut fold_of_row = Vec::new();
    let mut order: Vec<(&PageData, usize)> = Vec::new();
    for &j in &folds {
        let inner: Vec<&PageData> = pages.iter().copied().filter(|p| p.fold != j).collect();
        let table = table::build(&inner);
        let types = page_types(&inner, &s.page_types);
        let held: Vec<&PageData> = pages.iter().copied().filter(|p| p.fold == j).collect();
        let feats: Vec<Vec<f32>> = held.par_iter().map(|p| rows(p, &table, &types)).collect();
        for (page, f) in held.into_iter().zip(feats) {
            order.push((page, y.len()));
            x.extend(f);
            y.extend_from_slice(&page.labels);
            w.extend(weights(page));
            fold_of_row.extend(std::iter::repeat_n(j, page.sample.len()));
        }
    }
    let allowed: Vec<bool> = block_families()
        .iter()
        .map(|f| !s.without.contains(f))
        .collect();
    let b = Binned::new(&x, y.len(), width);
    let blocks = gbdt::train(&b, &y, &w, &allowed, &s.blocks);

    let context = match &s.context {
        None => Forest::default(),
        Some(params) => {
            // First-pass probabilities out of fold.
            let mut p1 = vec![0f32; y.len()];
            for &j in &folds {
                let train: Vec<u32> = (0..y.len() as u32)
                    .filter(|&r| fold_of_row[r as usize] != j)
                    .collect();
                let f = gbdt::train_rows(&b, &y, &w, &allowed, &s.blocks, &train);
                p1.par_iter_mut().enumerate().for_each(|(r, p)| {
                    if fold_of_row[r] == j {
                        *p = f.probability(&x[r * width..(r + 1) * width]);
                    }
                });
            }
            drop(b);
            let width2 = context_feature_names().count();
            let x2: Vec<f32> = order
                .par_iter()
                .flat_map_iter(|&(page, at)| {
                    let n = page.sample.len();
                    page.sample.context_features(
                        &x[at * width..(at + n) * width],
                        width,
                        &p1[at..at + n],
                    )
                })
                .collect();
            let mut allowed2 = allowed.clone();
            allowed2.resize(width2, true);
            let b2 = Binned::new(&x2, y.len(), width2);
            gbdt::train(&b2, &y, &w, &allowed2, params)
        }
    };
    ContentModel {
        page_types: page_types(pages, &s.page_types),
        tokens: table::build(pages),
        blocks,
        context,
        thresholds: s.thresholds,
        fallback: s.fallback,
        rules: s.rules,
    }
}
