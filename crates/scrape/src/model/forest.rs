//! Gradient-boosted decision trees: evaluation and a compact binary form.
//!
//! A forest is a list of binary trees whose leaf values add up to a log-odds
//! score. Nodes are stored flat, children next to each other, so evaluation is a
//! few comparisons per tree and no allocation.

use super::bytes::{Reader, Writer};
use crate::ScrapeError;

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
    /// values). Tree by tree over all rows: a tree's nodes stay in cache.
    pub fn probabilities(&self, x: &[f32], width: usize, out: &mut [f32]) {
        out.iter_mut().for_each(|o| *o = self.base);
        for tree in &self.trees {
            for (k, o) in out.iter_mut().enumerate() {
                let row = &x[k * width..(k + 1) * width];
                let mut i = 0usize;
                loop {
                    let n = tree[i];
                    if n.feature == LEAF {
                        *o += n.value;
                        break;
                    }
                    i = n.child as usize + usize::from(row[n.feature as usize] > n.value);
                }
            }
        }
        out.iter_mut().for_each(|o| *o = sigmoid(*o));
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
