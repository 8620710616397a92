//! Gradient-boosted decision trees: evaluation and a compact binary form.
//!
//! A forest is a list of binary trees whose leaf values add up to a log-odds
//! score. Nodes are stored flat, children next to each other, so evaluation is a
//! few comparisons per tree and no allocation.

use super::bytes::{Reader, Writer};
use crate::error::ScrapeError;

/// Marks a leaf in [`Node::feature`].
const LEAF: u16 = u16::MAX;

/// One tree node: a split (`x[feature] <= value` goes to `child`, otherwise to
/// `child + 1`) or a leaf (`feature == LEAF`, `value` is its score).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    feature: u16,
    child: u16,
    value: f32,
}

impl Node {
    /// A split on `feature` at `threshold`; the children sit at `child` (left,
    /// `x <= threshold`) and `child + 1` (right).
    pub fn split(feature: u16, threshold: f32, child: u16) -> Node {
        Node {
            feature,
            child,
            value: threshold,
        }
    }

    /// A leaf adding `value` to the score.
    pub fn leaf(value: f32) -> Node {
        Node {
            feature: LEAF,
            child: 0,
            value,
        }
    }
}

/// A tree ensemble scoring one feature vector.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Forest {
    /// Added to every score (the prior log-odds).
    pub base: f32,
    /// Trees, each a flat node list rooted at index 0.
    pub trees: Vec<Vec<Node>>,
}

impl Forest {
    /// The log-odds score of `x` (the sum of one leaf per tree).
    pub fn score(&self, x: &[f32]) -> f32 {
        let mut sum = self.base;
        for tree in &self.trees {
            let mut i = 0usize;
            loop {
                let n = tree[i];
                if n.feature == LEAF {
                    sum += n.value;
                    break;
                }
                i = n.child as usize + usize::from(x[n.feature as usize] > n.value);
            }
        }
        sum
    }

    /// The probabilities of many rows (`x` holds `out.len()` rows of `width`
    /// values). Tree by tree over all rows, so a tree's nodes stay in cache,
    /// and [`LANES`] rows at a time through a branch-free layout
    /// ([`Flat`]), so the rows' walks overlap instead of waiting on each
    /// other. Each row's leaves are added in tree order, as [`Forest::score`]
    /// adds them: the same sums to the last bit.
    pub fn probabilities(&self, x: &[f32], width: usize, out: &mut [f32]) {
        Flat::of(self).probabilities(x, width, out);
    }

    /// Which rows reach the probability `cut`: like [`Forest::probabilities`],
    /// but a row stops being walked as soon as the trees left cannot carry
    /// its score across `cut` (their largest or smallest leaves added up). A
    /// row that stopped gets a bound on its side of `cut` instead of its
    /// probability, so `out[k] >= cut` is exactly what the full sum says;
    /// rows that never stopped get their probability.
    pub fn decide(&self, x: &[f32], width: usize, cut: f32, out: &mut [f32]) {
        Flat::of(self).decide(x, width, cut, out);
    }

    /// The probability form of [`Forest::score`].
    pub fn probability(&self, x: &[f32]) -> f32 {
        sigmoid(self.score(x))
    }

    /// Checks that every split names a feature below `features` and every child
    /// index lies inside its tree, so evaluation can never index out of bounds.
    pub(crate) fn validate(&self, features: usize, what: &str) -> Result<(), ScrapeError> {
        for (t, tree) in self.trees.iter().enumerate() {
            if tree.is_empty() {
                return Err(bad(what, format!("tree {t} is empty")));
            }
            for (i, n) in tree.iter().enumerate() {
                if n.feature == LEAF {
                    continue;
                }
                if n.feature as usize >= features {
                    return Err(bad(
                        what,
                        format!("tree {t} splits on feature {} of {features}", n.feature),
                    ));
                }
                // Children come after their parent, so every path ends.
                if (n.child as usize) <= i || n.child as usize + 1 >= tree.len() {
                    return Err(bad(
                        what,
                        format!("tree {t} node {i} has child {}", n.child),
                    ));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.f32(self.base);
        w.u32(self.trees.len() as u32);
        for tree in &self.trees {
            w.u32(tree.len() as u32);
            for n in tree {
                w.u16(n.feature);
                w.u16(n.child);
                w.f32(n.value);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Forest, ScrapeError> {
        let base = r.f32()?;
        let count = r.len(8)?;
        let mut trees = Vec::with_capacity(count);
        for _ in 0..count {
            let nodes = r.len(8)?;
            let mut tree = Vec::with_capacity(nodes);
            for _ in 0..nodes {
                let feature = r.u16()?;
                let child = r.u16()?;
                let value = r.f32()?;
                tree.push(Node {
                    feature,
                    child,
                    value,
                });
            }
            trees.push(tree);
        }
        Ok(Forest { base, trees })
    }
}

/// Rows walked through a tree together by [`Forest::probabilities`].
const LANES: usize = 8;
/// [`Forest::decide`] checks which rows can stop after this many trees.
const STOP_EVERY: usize = 10;

/// A forest laid out for branch-free evaluation: a leaf becomes a split that
/// always goes to itself (on feature 0 at +∞: no value is above it, NaN
/// neither), so every row takes exactly its tree's depth in steps and no step
/// asks whether it reached a leaf.
pub(crate) struct Flat {
    /// The forest's base score.
    base: f32,
    nodes: Vec<FlatNode>,
    /// Leaf values by node (0 for splits).
    values: Vec<f32>,
    trees: Vec<FlatTree>,
}

#[derive(Clone, Copy)]
struct FlatNode {
    threshold: f32,
    feature: u16,
    /// Left child within the tree; the right child follows it.
    child: u16,
}

struct FlatTree {
    start: usize,
    end: usize,
    /// Most splits on a path from the root to a leaf.
    depth: u32,
    /// The largest and the smallest leaf value.
    most: f32,
    least: f32,
}

impl Flat {
    /// The branch-free layout of `forest`; evaluation with it adds the same
    /// numbers in the same order as [`Forest::score`].
    pub(crate) fn of(forest: &Forest) -> Flat {
        let total: usize = forest.trees.iter().map(Vec::len).sum();
        let mut flat = Flat {
            base: forest.base,
            nodes: Vec::with_capacity(total),
            values: Vec::with_capacity(total),
            trees: Vec::with_capacity(forest.trees.len()),
        };
        let mut depths = Vec::new();
        for tree in &forest.trees {
            let start = flat.nodes.len();
            depths.clear();
            depths.resize(tree.len(), 0u32);
            let (mut depth, mut most, mut least) = (0, f32::MIN, f32::MAX);
            for (i, n) in tree.iter().enumerate() {
                if n.feature == LEAF {
                    flat.nodes.push(FlatNode {
                        threshold: f32::INFINITY,
                        feature: 0,
                        child: i as u16,
                    });
                    flat.values.push(n.value);
                    depth = depth.max(depths[i]);
                    most = most.max(n.value);
                    least = least.min(n.value);
                } else {
                    // Children come after their parent ([`Forest::validate`]).
                    let c = n.child as usize;
                    depths[c] = depths[i] + 1;
                    depths[c + 1] = depths[i] + 1;
                    flat.nodes.push(FlatNode {
                        threshold: n.value,
                        feature: n.feature,
                        child: n.child,
                    });
                    flat.values.push(0.0);
                }
            }
            flat.trees.push(FlatTree {
                start,
                end: flat.nodes.len(),
                depth,
                most,
                least,
            });
        }
        flat
    }
}

impl Flat {
    /// [`Forest::probabilities`] with the layout built once.
    pub(crate) fn probabilities(&self, x: &[f32], width: usize, out: &mut [f32]) {
        out.iter_mut().for_each(|o| *o = self.base);
        let rows = out.len();
        for t in &self.trees {
            let nodes = &self.nodes[t.start..t.end];
            let values = &self.values[t.start..t.end];
            let mut k = 0;
            while k < rows {
                let lanes = LANES.min(rows - k);
                let mut at = [0usize; LANES];
                for _ in 0..t.depth {
                    for (l, i) in at.iter_mut().enumerate().take(lanes) {
                        let n = nodes[*i];
                        let v = x[(k + l) * width + n.feature as usize];
                        *i = n.child as usize + usize::from(v > n.threshold);
                    }
                }
                for (l, &i) in at.iter().enumerate().take(lanes) {
                    out[k + l] += values[i];
                }
                k += lanes;
            }
        }
        out.iter_mut().for_each(|o| *o = sigmoid(*o));
    }

    /// [`Forest::decide`] with the layout built once.
    pub(crate) fn decide(&self, x: &[f32], width: usize, cut: f32, out: &mut [f32]) {
        out.iter_mut().for_each(|o| *o = self.base);
        // What the trees from `t` on can still add, at most and at least.
        let n = self.trees.len();
        let (mut most, mut least) = (vec![0f32; n + 1], vec![0f32; n + 1]);
        for (t, tree) in self.trees.iter().enumerate().rev() {
            most[t] = most[t + 1] + tree.most;
            least[t] = least[t + 1] + tree.least;
        }
        // Sums are rounded; a margin keeps a stop on the right side of `cut`.
        let cut = cut.clamp(1e-6, 1.0 - 1e-6);
        let logit = (cut / (1.0 - cut)).ln();
        let margin = 1e-3 * (1.0 + most[0].abs() + least[0].abs());
        let mut live: Vec<u32> = (0..out.len() as u32).collect();
        for (t, tree) in self.trees.iter().enumerate() {
            let nodes = &self.nodes[tree.start..tree.end];
            let values = &self.values[tree.start..tree.end];
            for rows in live.chunks(LANES) {
                let mut at = [0usize; LANES];
                for _ in 0..tree.depth {
                    for (i, &k) in at.iter_mut().zip(rows) {
                        let n = nodes[*i];
                        let v = x[k as usize * width + n.feature as usize];
                        *i = n.child as usize + usize::from(v > n.threshold);
                    }
                }
                for (&i, &k) in at.iter().zip(rows) {
                    out[k as usize] += values[i];
                }
            }
            if t % STOP_EVERY == STOP_EVERY - 1 {
                live.retain(|&k| {
                    let o = &mut out[k as usize];
                    if *o + most[t + 1] < logit - margin {
                        *o += most[t + 1];
                        false
                    } else if *o + least[t + 1] > logit + margin {
                        *o += least[t + 1];
                        false
                    } else {
                        true
                    }
                });
            }
        }
        out.iter_mut().for_each(|o| *o = sigmoid(*o));
    }
}

fn bad(what: &str, reason: String) -> ScrapeError {
    ScrapeError::Model {
        what: what.to_string(),
        reason,
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stump() -> Forest {
        Forest {
            base: 0.5,
            trees: vec![
                vec![Node::split(1, 2.0, 1), Node::leaf(-1.0), Node::leaf(1.0)],
                vec![Node::leaf(0.25)],
            ],
        }
    }

    #[test]
    fn scores_sum_one_leaf_per_tree() {
        let f = stump();
        assert_eq!(f.score(&[0.0, 2.0]), 0.5 - 1.0 + 0.25);
        assert_eq!(f.score(&[0.0, 2.5]), 0.5 + 1.0 + 0.25);
        assert!((f.probability(&[0.0, 9.0]) - sigmoid(1.75)).abs() < 1e-6);
        let rows = [0.0, 2.0, 0.0, 9.0];
        let mut out = [0.0; 2];
        f.probabilities(&rows, 2, &mut out);
        assert_eq!(out, [f.probability(&rows[..2]), f.probability(&rows[2..])]);
    }

    #[test]
    fn many_rows_score_as_one_row_at_a_time() {
        // An uneven tree (leaves at depths 1 and 3) and a stump, over more
        // rows than are walked together, with a NaN among the values.
        let f = Forest {
            base: -0.25,
            trees: vec![
                vec![
                    Node::split(0, 0.5, 1),
                    Node::leaf(-2.0),
                    Node::split(1, 1.5, 3),
                    Node::split(2, -1.0, 5),
                    Node::leaf(3.0),
                    Node::leaf(0.125),
                    Node::leaf(-0.5),
                ],
                vec![Node::split(2, 0.0, 1), Node::leaf(0.75), Node::leaf(-0.75)],
            ],
        };
        assert!(f.validate(3, "t").is_ok());
        let rows: Vec<f32> = (0..3 * 21)
            .map(|i| match i {
                7 => f32::NAN,
                _ => ((i * 37 % 11) as f32 - 5.0) / 2.0,
            })
            .collect();
        let mut out = vec![0.0; 21];
        f.probabilities(&rows, 3, &mut out);
        for (k, p) in out.iter().enumerate() {
            assert_eq!(*p, f.probability(&rows[k * 3..k * 3 + 3]), "row {k}");
        }
    }

    #[test]
    fn decisions_match_the_full_sums() {
        // Thirty stumps on three features, some with large leaves, so rows
        // stop early on both sides of the cut.
        let trees: Vec<Vec<Node>> = (0..30)
            .map(|t| {
                let big = if t < 5 { 2.0 } else { 0.1 };
                vec![
                    Node::split((t % 3) as u16, (t % 7) as f32 - 3.0, 1),
                    Node::leaf(-big),
                    Node::leaf(big * 0.8),
                ]
            })
            .collect();
        let f = Forest { base: 0.1, trees };
        let rows: Vec<f32> = (0..3 * 50)
            .map(|i| ((i * 53 % 17) as f32 - 8.0) / 1.5)
            .collect();
        let mut exact = vec![0.0; 50];
        f.probabilities(&rows, 3, &mut exact);
        for cut in [0.1, 0.3, 0.5, 0.9] {
            let mut quick = vec![0.0; 50];
            f.decide(&rows, 3, cut, &mut quick);
            for k in 0..50 {
                assert_eq!(quick[k] >= cut, exact[k] >= cut, "row {k} at {cut}");
            }
            // Some rows stopped early (they hold a bound, not their score).
            assert!(quick.iter().zip(&exact).any(|(q, e)| q != e), "at {cut}");
        }
    }

    #[test]
    fn round_trips_and_rejects_bad_indices() {
        let f = stump();
        let mut w = Writer::default();
        f.write(&mut w);
        let bytes = w.into_bytes();
        let back = Forest::read(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(back, f);
        assert!(f.validate(2, "t").is_ok());
        assert!(f.validate(1, "t").is_err());
        let looped = Forest {
            base: 0.0,
            trees: vec![vec![Node::split(0, 1.0, 0), Node::leaf(0.0)]],
        };
        assert!(looped.validate(1, "t").is_err());
    }
}
