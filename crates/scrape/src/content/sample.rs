//! One page as the content model sees it: its text blocks with their dense
//! features, the class/id tokens above each block, and the page features.
//! Built the same way at inference and by the trainer, so both compute the
//! same numbers.

use std::time::{Duration, Instant};

use super::context::{context_features, CONTEXT_FEATURES};
use super::features::{self, Family, Inputs, Links, DENSE};
use super::heuristic::Analysis;
use super::pagetype::{self, PageInputs, PAGE};
use super::segment::{segment, Seg};
use super::structure::Structure;
use super::tokens::{element_tokens, TokenTable};
use crate::html::dom::Dom;

/// The token features, appended after [`DENSE`].
pub const TOKEN_FEATURES: &[&str] = &[
    "tok_own_max",
    "tok_own_min",
    "tok_anc_max",
    "tok_anc_min",
    "tok_anc_sum",
    "tok_near_max",
    "tok_near_min",
    "tok_nearest",
    "tok_nearest_distance",
    "tok_log_known",
];

/// The page-type probabilities, appended last.
pub const PAGE_TYPE_FEATURES: &[&str] = &[
    "pt_article",
    "pt_forum",
    "pt_product",
    "pt_collection",
    "pt_listing",
    "pt_documentation",
    "pt_service",
];

/// Every block feature name, in the order of a feature vector.
pub fn block_feature_names() -> impl Iterator<Item = &'static str> {
    DENSE
        .iter()
        .map(|d| d.0)
        .chain(TOKEN_FEATURES.iter().copied())
        .chain(PAGE_TYPE_FEATURES.iter().copied())
}

/// Every feature name of the second pass: the block features, then the
/// context features.
pub fn context_feature_names() -> impl Iterator<Item = &'static str> {
    block_feature_names().chain(CONTEXT_FEATURES.iter().copied())
}

/// The family of every block feature, in the order of a feature vector.
pub fn block_families() -> Vec<Family> {
    DENSE
        .iter()
        .map(|d| d.1)
        .chain(TOKEN_FEATURES.iter().map(|_| Family::ClassId))
        .chain(PAGE_TYPE_FEATURES.iter().map(|_| Family::PageType))
        .collect()
}

/// How far up a block's ancestors count as "near" for the token features.
const NEAR: u16 = 3;

/// An element carrying class/id/itemprop/role tokens.
#[derive(Clone, Copy, Debug)]
struct TokenNode {
    depth: u16,
    /// The nearest tokened proper ancestor (`u32::MAX` for none).
    parent: u32,
    start: u32,
    end: u32,
    /// Visible characters of the element's blocks.
    chars: u32,
}

/// One page, ready for the model.
pub struct Sample {
    pub(crate) segs: Vec<Seg>,
    dense: Vec<f32>,
    page: Vec<f32>,
    tokens: Vec<u32>,
    nodes: Vec<TokenNode>,
    /// Per block: the nearest tokened ancestor-or-self of its element, and the
    /// element's depth.
    first: Vec<(u32, u16)>,
    links: Vec<Links>,
    /// The block range `[lo, hi)` of every element holding blocks.
    spans: Vec<(u32, u32)>,
    /// Time the model took on this page: building the features, then scoring
    /// and selecting the blocks ([`Sample::model_time`]).
    pub(crate) time: ModelTime,
}

/// Where the content model's time went on one page (wall-clock time of the
/// extracting thread), for the speed bench (`examples/content_speed`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ModelTime {
    /// Cutting the page into blocks.
    pub blocks: Duration,
    /// Per-element structure (ancestor tags, subtree statistics, repetition).
    pub structure: Duration,
    /// The dense block features.
    pub dense: Duration,
    /// The page features and the class/id tokens.
    pub page: Duration,
    /// The page-type forests, both block passes and the selection.
    pub scoring: Duration,
}

impl ModelTime {
    /// Building the features: everything but the scoring.
    pub fn features(&self) -> Duration {
        self.blocks + self.structure + self.dense + self.page
    }
}

impl Sample {
    pub(crate) fn build(
        dom: &Dom<'_>,
        analysis: &Analysis,
        inputs: &Inputs<'_>,
        page_inputs: &PageInputs<'_>,
    ) -> Sample {
        let t0 = Instant::now();
        let segs = segment(dom);
        let t1 = Instant::now();
        let st = Structure::build(dom, &segs, analysis);
        let t2 = Instant::now();
        let mut dense = Vec::with_capacity(segs.len() * DENSE.len());
        let mut links = Vec::with_capacity(segs.len());
        features::dense(dom, &segs, analysis, &st, inputs, &mut dense, &mut links);
        let t3 = Instant::now();
        // Blocks are in document order, so an element's blocks are a range.
        let starts: Vec<u32> = segs.iter().map(|s| s.first).collect();
        let mut spans = Vec::new();
        for (i, node) in dom.nodes.iter().enumerate() {
            if node.el.is_none() || node.tag == crate::html::dom::Tag::Text {
                continue;
            }
            let lo = starts.partition_point(|&f| f < i as u32) as u32;
            let hi = starts.partition_point(|&f| f < node.end) as u32;
            if hi > lo {
                spans.push((lo, hi));
            }
        }
        let mut page = Vec::with_capacity(PAGE.len());
        pagetype::page_features(dom, &segs, &st, page_inputs, &mut page);

        // Tokened elements, and for every element its nearest tokened
        // ancestor-or-self, in one pass in document order.
        let n = dom.nodes.len();
        let mut nearest = vec![u32::MAX; n];
        let mut depth = vec![0u16; n];
        let mut tokens = Vec::new();
        let mut nodes = Vec::new();
        for (i, node) in dom.nodes.iter().enumerate() {
            let (up, d) = match node.parent {
                u32::MAX => (u32::MAX, 0),
                p => (nearest[p as usize], depth[p as usize].saturating_add(1)),
            };
            depth[i] = d;
            nearest[i] = up;
            if node.el.is_none() {
                continue;
            }
            let start = tokens.len() as u32;
            element_tokens(dom, i as u32, &mut tokens);
            if tokens.len() as u32 > start {
                nodes.push(TokenNode {
                    depth: d,
                    parent: up,
                    start,
                    end: tokens.len() as u32,
                    chars: st.chars_of(i),
                });
                nearest[i] = nodes.len() as u32 - 1;
            }
        }
        let first = segs
            .iter()
            .map(|s| (nearest[s.owner as usize], depth[s.owner as usize]))
            .collect();
        Sample {
            segs,
            dense,
            page,
            tokens,
            nodes,
            first,
            links,
            spans,
            time: ModelTime {
                blocks: t1 - t0,
                structure: t2 - t1,
                dense: t3 - t2,
                page: t3.elapsed(),
                scoring: Duration::ZERO,
            },
        }
    }

    /// Where the content model's time went when the extractor built this
    /// sample.
    pub fn model_time(&self) -> ModelTime {
        self.time
    }

    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.segs.len()
    }

    /// True when the page has no text block.
    pub fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }

    /// The text of block `k`, whitespace folded.
    pub fn text(&self, k: usize) -> &str {
        &self.segs[k].text
    }

    /// Visible characters of block `k`.
    pub fn chars(&self, k: usize) -> u32 {
        self.segs[k].chars
    }

    /// The dense feature `name` ([`DENSE`]) of block `k`.
    pub fn dense_value(&self, k: usize, name: &str) -> f32 {
        self.dense_at(k, features::dense_index(name))
    }

    /// The dense feature at index `feature` of [`DENSE`] of block `k`.
    pub(crate) fn dense_at(&self, k: usize, feature: usize) -> f32 {
        self.dense[k * DENSE.len() + feature]
    }

    /// The page features ([`PAGE`]).
    pub fn page_features(&self) -> &[f32] {
        &self.page
    }

    /// The tokened elements above block `k`, nearest first, as (element index
    /// in [`Sample::element_tokens`] terms, levels up from the block's element).
    pub fn token_chain(&self, k: usize) -> impl Iterator<Item = (usize, u16)> + '_ {
        let (mut t, d) = self.first[k];
        std::iter::from_fn(move || {
            if t == u32::MAX {
                return None;
            }
            let node = self.nodes[t as usize];
            let item = (t as usize, d.saturating_sub(node.depth));
            t = node.parent;
            Some(item)
        })
    }

    /// Number of tokened elements.
    pub fn token_elements(&self) -> usize {
        self.nodes.len()
    }

    /// The hashed tokens of tokened element `t` and its visible characters.
    pub fn element_tokens(&self, t: usize) -> (&[u32], u32) {
        let n = self.nodes[t];
        (&self.tokens[n.start as usize..n.end as usize], n.chars)
    }

    /// The second pass's features of every block: each block's row of `x`
    /// (the first-pass features, `width` values) followed by its context
    /// features computed from the first-pass probabilities `p`.
    pub fn context_features(&self, x: &[f32], width: usize, p: &[f32]) -> Vec<f32> {
        let chars: Vec<u32> = self.segs.iter().map(|s| s.chars).collect();
        let mut ctx = Vec::with_capacity(self.len() * CONTEXT_FEATURES.len());
        context_features(p, &chars, &self.links, &self.spans, &mut ctx);
        let c = CONTEXT_FEATURES.len();
        let mut out = Vec::with_capacity(self.len() * (width + c));
        for k in 0..self.len() {
            out.extend_from_slice(&x[k * width..(k + 1) * width]);
            out.extend_from_slice(&ctx[k * c..(k + 1) * c]);
        }
        out
    }

    /// The full feature vectors of every block, `block_feature_names().count()`
    /// values each, one block after the other.
    pub fn block_features(&self, table: &TokenTable, page_types: &[f32; 7]) -> Vec<f32> {
        // Per tokened element: (max, min, sum, known) over its known tokens.
        let per_node: Vec<(f32, f32, f32, u32)> = self
            .nodes
            .iter()
            .map(|n| {
                let mut s = (f32::MIN, f32::MAX, 0.0, 0u32);
                for &tok in &self.tokens[n.start as usize..n.end as usize] {
                    if let Some(v) = table.get(tok) {
                        s.0 = s.0.max(v);
                        s.1 = s.1.min(v);
                        s.2 += v;
                        s.3 += 1;
                    }
                }
                s
            })
            .collect();
        let width = DENSE.len() + TOKEN_FEATURES.len() + PAGE_TYPE_FEATURES.len();
        let mut out = Vec::with_capacity(self.len() * width);
        for k in 0..self.len() {
            out.extend_from_slice(&self.dense[k * DENSE.len()..(k + 1) * DENSE.len()]);
            let (mut own_max, mut own_min) = (0f32, 0f32);
            let (mut anc_max, mut anc_min, mut anc_sum) = (0f32, 0f32, 0f32);
            let (mut near_max, mut near_min) = (0f32, 0f32);
            let (mut nearest, mut nearest_d, mut known) = (0f32, -1f32, 0u32);
            for (t, d) in self.token_chain(k) {
                let (mx, mn, sum, n) = per_node[t];
                if n == 0 {
                    continue;
                }
                if d == 0 {
                    own_max = mx;
                    own_min = mn;
                }
                if d <= NEAR {
                    near_max = near_max.max(mx);
                    near_min = near_min.min(mn);
                }
                anc_max = anc_max.max(mx);
                anc_min = anc_min.min(mn);
                anc_sum += sum;
                if nearest_d < 0.0 {
                    nearest = sum / n as f32;
                    nearest_d = f32::from(d);
                }
                known += n;
            }
            out.extend([
                own_max,
                own_min,
                anc_max,
                anc_min,
                anc_sum.clamp(-30.0, 30.0),
                near_max,
                near_min,
                nearest,
                nearest_d,
                (1.0 + known as f32).ln(),
            ]);
            out.extend_from_slice(page_types);
        }
        out
    }
}
