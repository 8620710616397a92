//! A small gradient-boosted tree trainer (logistic loss, histogram splits,
//! depth-wise growth, deterministic row sampling), writing the library's
//! [`Forest`] so that training and inference share one tree format.

use newsmill_scrape::train::{Forest, Node};
use rayon::prelude::*;

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    pub trees: usize,
    pub depth: usize,
    pub rate: f32,
    /// L2 penalty on leaf values.
    pub lambda: f64,
    /// Smallest hessian sum of a child.
    pub min_hess: f64,
    /// Share of rows each tree sees.
    pub row_sample: f64,
    /// Share of the allowed features each tree may split on.
    pub col_sample: f64,
    pub seed: u64,
}

/// Most bins per feature (one byte per value).
const MAX_BINS: usize = 255;

/// Feature values quantised to bins, one column per feature.
pub struct Binned {
    rows: usize,
    feats: usize,
    /// `bins[f * rows + r]`.
    bins: Vec<u8>,
    /// Per feature, the upper edge of each bin but the last (`x <= edges[b]`
    /// means bin `b` or lower).
    edges: Vec<Vec<f32>>,
}

impl Binned {
    /// Quantises a row-major matrix (`rows` × `feats`).
    pub fn new(x: &[f32], rows: usize, feats: usize) -> Binned {
        assert_eq!(x.len(), rows * feats);
        let edges: Vec<Vec<f32>> = (0..feats)
            .into_par_iter()
            .map(|f| {
                let step = (rows / 200_000).max(1);
                let mut v: Vec<f32> = (0..rows).step_by(step).map(|r| x[r * feats + f]).collect();
                v.sort_by(f32::total_cmp);
                v.dedup();
                if v.len() <= MAX_BINS {
                    // Every distinct value its own bin; the last edge is dropped
                    // (its bin is the open top bin).
                    v.pop();
                    return v;
                }
                let mut e: Vec<f32> = (1..MAX_BINS).map(|i| v[i * v.len() / MAX_BINS]).collect();
                e.dedup();
                e
            })
            .collect();
        let mut bins = vec![0u8; rows * feats];
        bins.par_chunks_mut(rows).enumerate().for_each(|(f, col)| {
            let e = &edges[f];
            for (r, b) in col.iter_mut().enumerate() {
                *b = e.partition_point(|&edge| edge < x[r * feats + f]) as u8;
            }
        });
        Binned {
            rows,
            feats,
            bins,
            edges,
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Cell {
    g: f64,
    h: f64,
}

/// A node being grown: its rows are `order[start..end]`, `hist` their histogram.
struct Grow {
    start: usize,
    end: usize,
    g: f64,
    h: f64,
    /// Index in the output tree.
    at: usize,
    hist: Vec<Cell>,
}

/// Trains a binary classifier on soft labels `y` in [0, 1] with weights `w`.
/// Features whose `allowed` entry is false are never split on.
pub fn train(b: &Binned, y: &[f32], w: &[f32], allowed: &[bool], p: &Params) -> Forest {
    let all: Vec<u32> = (0..b.rows as u32).collect();
    train_rows(b, y, w, allowed, p, &all)
}

/// [`train`] on the rows listed in `rows` only.
pub fn train_rows(
    b: &Binned,
    y: &[f32],
    w: &[f32],
    allowed: &[bool],
    p: &Params,
    rows: &[u32],
) -> Forest {
    let n = b.rows;
    let wsum: f64 = rows.iter().map(|&r| f64::from(w[r as usize])).sum();
    let ysum: f64 = rows
        .iter()
        .map(|&r| f64::from(y[r as usize] * w[r as usize]))
        .sum();
    let prior = (ysum / wsum.max(1e-12)).clamp(1e-4, 1.0 - 1e-4);
    let base = (prior / (1.0 - prior)).ln() as f32;
    let mut score = vec![base; n];
    let mut forest = Forest {
        base,
        trees: Vec::with_capacity(p.trees),
    };
    let mut g = vec![0f64; n];
    let mut h = vec![0f64; n];
    for t in 0..p.trees {
        for &r in rows {
            let r = r as usize;
            let q = f64::from(sigmoid(score[r]));
            let wr = f64::from(w[r]);
            g[r] = wr * (q - f64::from(y[r]));
            h[r] = wr * (q * (1.0 - q)).max(1e-6);
        }
        let mut order: Vec<u32> = rows
            .iter()
            .copied()
            .filter(|&r| unit(p.seed, t as u64, u64::from(r)) < p.row_sample)
            .collect();
        // Features this tree may split on (at least one).
        let mut cols: Vec<bool> = allowed
            .iter()
            .enumerate()
            .map(|(f, &a)| a && unit(p.seed ^ 0x5bd1_e995, t as u64, f as u64) < p.col_sample)
            .collect();
        if !cols.iter().any(|&c| c) {
            cols.clone_from_slice(allowed);
        }
        let tree = grow(b, &g, &h, &mut order, &cols, p);
        for &r in rows {
            score[r as usize] += leaf_binned(&tree, b, r as usize);
        }
        forest
            .trees
            .push(tree.into_iter().map(|n| n.node).collect());
    }
    forest
}

/// A node of a tree in training: the library node plus the split's bin.
#[derive(Clone, Copy)]
struct TrainNode {
    node: Node,
    feature: usize,
    bin: u8,
    leaf: Option<f32>,
    child: usize,
}

fn grow(
    b: &Binned,
    g: &[f64],
    h: &[f64],
    order: &mut [u32],
    allowed: &[bool],
    p: &Params,
) -> Vec<TrainNode> {
    let (g0, h0) = order.iter().fold((0.0, 0.0), |(a, c), &r| {
        (a + g[r as usize], c + h[r as usize])
    });
    let mut tree = vec![leaf_node(g0, h0, p)];
    let mut level = vec![Grow {
        start: 0,
        end: order.len(),
        g: g0,
        h: h0,
        at: 0,
        hist: histogram(b, g, h, order, allowed),
    }];
    for depth in 0..p.depth {
        let last = depth + 1 == p.depth;
        let mut next = Vec::new();
        for mut node in level {
            if node.h < 2.0 * p.min_hess || node.end - node.start < 2 {
                continue;
            }
            let Some((f, bin, gl, hl)) = best_split(b, &node.hist, node.g, node.h, allowed, p)
            else {
                continue;
            };
            let col = &b.bins[f * b.rows..(f + 1) * b.rows];
            let slice = &mut order[node.start..node.end];
            let mid = partition(slice, |r| col[r as usize] <= bin) + node.start;
            let child = tree.len();
            tree.push(leaf_node(gl, hl, p));
            tree.push(leaf_node(node.g - gl, node.h - hl, p));
            tree[node.at] = TrainNode {
                node: Node::split(f as u16, b.edges[f][bin as usize], child as u16),
                feature: f,
                bin,
                leaf: None,
                child,
            };
            // The smaller child's histogram is counted, the larger one's is the
            // parent's minus it.
            let (lh, rh) = if last {
                (Vec::new(), Vec::new())
            } else if mid - node.start <= node.end - mid {
                let small = histogram(b, g, h, &order[node.start..mid], allowed);
                subtract(&mut node.hist, &small);
                (small, node.hist)
            } else {
                let small = histogram(b, g, h, &order[mid..node.end], allowed);
                subtract(&mut node.hist, &small);
                (node.hist, small)
            };
            next.push(Grow {
                start: node.start,
                end: mid,
                g: gl,
                h: hl,
                at: child,
                hist: lh,
            });
            next.push(Grow {
                start: mid,
                end: node.end,
                g: node.g - gl,
                h: node.h - hl,
                at: child + 1,
                hist: rh,
            });
        }
        if next.is_empty() || last {
            break;
        }
        level = next;
    }
    tree
}

fn subtract(from: &mut [Cell], small: &[Cell]) {
    for (a, b) in from.iter_mut().zip(small) {
        a.g -= b.g;
        a.h -= b.h;
    }
}

fn leaf_node(g: f64, h: f64, p: &Params) -> TrainNode {
    let v = (-g / (h + p.lambda)) as f32 * p.rate;
    TrainNode {
        node: Node::leaf(v),
        feature: 0,
        bin: 0,
        leaf: Some(v),
        child: 0,
    }
}

fn histogram(b: &Binned, g: &[f64], h: &[f64], rows: &[u32], cols: &[bool]) -> Vec<Cell> {
    let mut hist = vec![Cell::default(); b.feats * 256];
    hist.par_chunks_mut(256).enumerate().for_each(|(f, hf)| {
        if !cols[f] {
            return;
        }
        let col = &b.bins[f * b.rows..(f + 1) * b.rows];
        for &r in rows {
            let c = &mut hf[col[r as usize] as usize];
            c.g += g[r as usize];
            c.h += h[r as usize];
        }
    });
    hist
}

fn best_split(
    b: &Binned,
    hist: &[Cell],
    g: f64,
    h: f64,
    allowed: &[bool],
    p: &Params,
) -> Option<(usize, u8, f64, f64)> {
    let parent = g * g / (h + p.lambda);
    let mut best: Option<(f64, usize, u8, f64, f64)> = None;
    for f in 0..b.feats {
        if !allowed[f] {
            continue;
        }
        let bins = b.edges[f].len(); // splits at bins 0..bins
        let (mut gl, mut hl) = (0.0, 0.0);
        for bin in 0..bins {
            let c = hist[f * 256 + bin];
            gl += c.g;
            hl += c.h;
            let (gr, hr) = (g - gl, h - hl);
            if hl < p.min_hess || hr < p.min_hess {
                continue;
            }
            let gain = gl * gl / (hl + p.lambda) + gr * gr / (hr + p.lambda) - parent;
            if gain > 1e-9 && best.is_none_or(|x| gain > x.0) {
                best = Some((gain, f, bin as u8, gl, hl));
            }
        }
    }
    best.map(|(_, f, bin, gl, hl)| (f, bin, gl, hl))
}

/// Moves the rows for which `left` holds to the front, keeping their order;
/// returns how many there are.
fn partition(rows: &mut [u32], left: impl Fn(u32) -> bool) -> usize {
    let (l, r): (Vec<u32>, Vec<u32>) = rows.iter().partition(|&&x| left(x));
    let n = l.len();
    rows[..n].copy_from_slice(&l);
    rows[n..].copy_from_slice(&r);
    n
}

fn leaf_binned(tree: &[TrainNode], b: &Binned, r: usize) -> f32 {
    let mut i = 0;
    loop {
        let n = tree[i];
        if let Some(v) = n.leaf {
            return v;
        }
        let bin = b.bins[n.feature * b.rows + r];
        i = n.child + usize::from(bin > n.bin);
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// A deterministic number in [0, 1) for (seed, tree, row): splitmix64.
fn unit(seed: u64, tree: u64, row: u64) -> f64 {
    let mut z = seed
        .wrapping_add(tree.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(row.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}
