//! Fitting a [`Weights`] scorer: a conditional logit over each decision's options
//! (softmax of the scores), maximising the probability of the options that are
//! right (their summed probability, when several are).
//!
//! First the linear part, with an L2 penalty: full-batch Adam from zero weights
//! for a fixed number of steps. Then, optionally, boosted trees on top of it:
//! each round fits a shallow tree to the gradient of the same loss (Newton
//! steps on the diagonal of the Hessian), over feature presence. Feature columns
//! are numbered in sorted order and ties keep the first feature: the same
//! examples always give the same model.

use std::collections::BTreeMap;

use super::ranker::{Features, Node, Tree, Weights};

/// One decision to learn from: its options and which of them give the right value.
#[derive(Clone, Debug)]
pub struct Example {
    /// Every option, in page order ("none" included where the field has it).
    pub options: Vec<Features>,
    /// Whether choosing each option gives the right value.
    pub right: Vec<bool>,
    /// How much the decision counts (1 by default): errors on some decisions
    /// (a dated page given no date) can cost more than on others.
    pub weight: f64,
}

/// Fitting settings.
#[derive(Clone, Copy, Debug)]
pub struct Fit {
    /// L2 penalty on the weights, per example.
    pub l2: f64,
    /// Full-batch steps.
    pub steps: usize,
    /// Adam step size.
    pub rate: f64,
}

impl Default for Fit {
    fn default() -> Fit {
        Fit {
            l2: 1e-3,
            steps: 600,
            rate: 0.05,
        }
    }
}

/// Boosting settings.
#[derive(Clone, Copy, Debug)]
pub struct Boost {
    /// Trees to grow (0: linear only).
    pub rounds: usize,
    /// Depth of each tree.
    pub depth: usize,
    /// Shrinkage of each tree's values.
    pub rate: f64,
    /// L2 penalty on leaf values.
    pub lambda: f64,
    /// Fewest options a split may send either way.
    pub min_options: usize,
}

impl Default for Boost {
    fn default() -> Boost {
        Boost {
            rounds: 0,
            depth: 3,
            rate: 0.1,
            lambda: 1.0,
            min_options: 20,
        }
    }
}

/// Bagging settings: several scorers, each fitted on a bootstrap sample of the
/// examples (drawn with replacement by a fixed-seed generator), averaged.
#[derive(Clone, Copy, Debug)]
pub struct Bag {
    /// Scorers to average (1 with `fraction` 0: a single fit on all examples).
    pub models: usize,
    /// Sample size as a fraction of the examples (0: no sampling).
    pub fraction: f64,
    /// Seed of the sampling.
    pub seed: u64,
}

impl Default for Bag {
    fn default() -> Bag {
        Bag {
            models: 1,
            fraction: 0.0,
            seed: 1,
        }
    }
}

/// SplitMix64: a small, fixed pseudo-random sequence, the same on every platform.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fits `bag.models` boosted scorers on bootstrap samples and averages them:
/// the linear weights are averaged, the trees kept with their leaf values
/// divided by the number of scorers, so that the score is the mean score.
pub fn fit_bagged(examples: &[&Example], cfg: Fit, boost: Boost, bag: Bag) -> Weights {
    if bag.models <= 1 && bag.fraction <= 0.0 {
        return fit_boosted(examples, cfg, boost);
    }
    let n = bag.models.max(1);
    let mut state = bag.seed;
    let mut linear: BTreeMap<String, f64> = BTreeMap::new();
    let mut trees = Vec::new();
    let take = ((examples.len() as f64 * bag.fraction).round() as usize).max(1);
    for _ in 0..n {
        let sample: Vec<&Example> = (0..take)
            .map(|_| examples[(splitmix(&mut state) % examples.len() as u64) as usize])
            .collect();
        let w = fit_boosted(&sample, cfg, boost);
        // Sorted, so that the sums never depend on a hash order.
        let sorted: BTreeMap<&String, &f32> = w.linear.iter().collect();
        for (k, v) in sorted {
            *linear.entry(k.clone()).or_insert(0.0) += f64::from(*v) / n as f64;
        }
        for mut t in w.trees {
            t.nodes.iter_mut().for_each(|x| x.value /= n as f32);
            trees.push(t);
        }
    }
    Weights::new(
        linear.into_iter().map(|(k, v)| (k, v as f32)).collect(),
        trees,
    )
}

/// The examples as numbered columns.
struct Data<'e> {
    usable: Vec<&'e Example>,
    names: Vec<String>,
    /// Per example, per option, the (column, value) pairs, columns ascending.
    rows: Vec<Vec<Vec<(usize, f64)>>>,
}

impl<'e> Data<'e> {
    fn new(examples: &[&'e Example]) -> Data<'e> {
        let usable: Vec<&Example> = examples
            .iter()
            .copied()
            .filter(|e| e.right.iter().any(|&r| r) && e.options.len() == e.right.len())
            .collect();
        // Feature names to columns, in sorted order so the fit never depends on a
        // hash seed.
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &usable {
            for f in &e.options {
                for n in f.names() {
                    index.entry(n).or_insert(0);
                }
            }
        }
        for (i, v) in index.values_mut().enumerate() {
            *v = i;
        }
        let rows = usable
            .iter()
            .map(|e| {
                e.options
                    .iter()
                    .map(|f| {
                        let mut r: Vec<(usize, f64)> =
                            f.0.iter()
                                .map(|(n, v)| (index[n.as_ref()], f64::from(*v)))
                                .collect();
                        r.sort_by_key(|&(c, _)| c);
                        r.dedup_by_key(|&mut (c, _)| c);
                        r
                    })
                    .collect()
            })
            .collect();
        let names = index.keys().map(|k| k.to_string()).collect();
        Data {
            usable,
            names,
            rows,
        }
    }
}

/// Fits a linear scorer, then `boost.rounds` trees on top of it, on the examples
/// that have at least one right option.
pub fn fit_boosted(examples: &[&Example], cfg: Fit, boost: Boost) -> Weights {
    let linear = fit(examples, cfg);
    if boost.rounds == 0 {
        return linear;
    }
    let data = Data::new(examples);
    let base: Vec<Vec<f64>> = data
        .usable
        .iter()
        .map(|e| {
            e.options
                .iter()
                .map(|f| f64::from(linear.score(f)))
                .collect()
        })
        .collect();
    let trees = grow(&data, base, boost);
    Weights::new(linear.linear, trees)
}

/// Softmax gradient and diagonal Hessian of every option, given the scores
/// (summed, not averaged, over examples: `lambda` and `min_options` count in
/// options and examples).
fn gradients(data: &Data<'_>, scores: &[Vec<f64>]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let mut g = Vec::with_capacity(scores.len());
    let mut h = Vec::with_capacity(scores.len());
    for (e, s) in data.usable.iter().zip(scores) {
        let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let all: f64 = s.iter().map(|x| (x - max).exp()).sum();
        let right: f64 = s
            .iter()
            .zip(&e.right)
            .filter(|(_, &r)| r)
            .map(|(x, _)| (x - max).exp())
            .sum();
        let w = e.weight;
        let mut ge = Vec::with_capacity(s.len());
        let mut he = Vec::with_capacity(s.len());
        for (x, &r) in s.iter().zip(&e.right) {
            let p = (x - max).exp() / all;
            let q = if r { (x - max).exp() / right } else { 0.0 };
            ge.push(w * (p - q));
            he.push((w * p * (1.0 - p)).max(1e-12));
        }
        g.push(ge);
        h.push(he);
    }
    (g, h)
}

fn grow(data: &Data<'_>, mut scores: Vec<Vec<f64>>, boost: Boost) -> Vec<Tree> {
    // Every option as (example, option).
    let all: Vec<(u32, u32)> = data
        .rows
        .iter()
        .enumerate()
        .flat_map(|(e, opts)| (0..opts.len()).map(move |o| (e as u32, o as u32)))
        .collect();
    let mut trees = Vec::with_capacity(boost.rounds);
    for _ in 0..boost.rounds {
        let (g, h) = gradients(data, &scores);
        let mut nodes: Vec<Node> = Vec::new();
        split(data, &g, &h, &all, boost, boost.depth, &mut nodes);
        let tree = Tree { nodes };
        for (e, opts) in data.rows.iter().enumerate() {
            for (o, row) in opts.iter().enumerate() {
                scores[e][o] += f64::from(walk(&tree, &data.names, row));
            }
        }
        trees.push(tree);
    }
    trees
}

/// The leaf value a tree gives an option (its columns ascending).
fn walk(tree: &Tree, names: &[String], row: &[(usize, f64)]) -> f32 {
    let mut at = 0usize;
    loop {
        let n = &tree.nodes[at];
        if n.feature.is_empty() {
            return n.value;
        }
        let has = names
            .binary_search(&n.feature)
            .is_ok_and(|c| row.binary_search_by_key(&c, |&(k, _)| k).is_ok());
        at = if has { n.yes } else { n.no } as usize;
    }
}

/// Grows the subtree for `set` into `nodes`; returns its root's index.
fn split(
    data: &Data<'_>,
    g: &[Vec<f64>],
    h: &[Vec<f64>],
    set: &[(u32, u32)],
    boost: Boost,
    depth: usize,
    nodes: &mut Vec<Node>,
) -> u32 {
    let (mut gs, mut hs) = (0.0, 0.0);
    for &(e, o) in set {
        gs += g[e as usize][o as usize];
        hs += h[e as usize][o as usize];
    }
    let at = nodes.len() as u32;
    let leaf = Node {
        value: (-boost.rate * gs / (hs + boost.lambda)) as f32,
        ..Node::default()
    };
    nodes.push(leaf);
    if depth == 0 || set.len() < 2 * boost.min_options {
        return at;
    }
    // Per column: options that have it, their gradient and Hessian sums.
    let mut by_col: BTreeMap<usize, (usize, f64, f64)> = BTreeMap::new();
    for &(e, o) in set {
        for &(c, _) in &data.rows[e as usize][o as usize] {
            let s = by_col.entry(c).or_insert((0, 0.0, 0.0));
            s.0 += 1;
            s.1 += g[e as usize][o as usize];
            s.2 += h[e as usize][o as usize];
        }
    }
    let score = |g: f64, h: f64| g * g / (h + boost.lambda);
    let parent = score(gs, hs);
    let mut best: Option<(usize, f64)> = None;
    for (&c, &(n, gy, hy)) in &by_col {
        if n < boost.min_options || set.len() - n < boost.min_options {
            continue;
        }
        let gain = score(gy, hy) + score(gs - gy, hs - hy) - parent;
        if gain > 1e-12 && best.is_none_or(|(_, b)| gain > b) {
            best = Some((c, gain));
        }
    }
    let Some((col, _)) = best else {
        return at;
    };
    type Options = Vec<(u32, u32)>;
    let (yes, no): (Options, Options) = set.iter().partition(|&&(e, o)| {
        data.rows[e as usize][o as usize]
            .binary_search_by_key(&col, |&(k, _)| k)
            .is_ok()
    });
    let y = split(data, g, h, &yes, boost, depth - 1, nodes);
    let n = split(data, g, h, &no, boost, depth - 1, nodes);
    nodes[at as usize] = Node {
        feature: data.names[col].clone(),
        yes: y,
        no: n,
        value: 0.0,
        col: 0,
    };
    at
}

/// Fits the linear part on the examples that have at least one right option.
pub fn fit(examples: &[&Example], cfg: Fit) -> Weights {
    let data = Data::new(examples);
    let (usable, rows) = (&data.usable, &data.rows);
    let dim = data.names.len();
    let mut w = vec![0.0f64; dim];
    let (mut m, mut v) = (vec![0.0f64; dim], vec![0.0f64; dim]);
    let (b1, b2, eps) = (0.9f64, 0.999f64, 1e-8f64);
    let n: f64 = usable.iter().map(|e| e.weight).sum::<f64>().max(1e-9);
    let mut grad = vec![0.0f64; dim];
    let mut scores = Vec::new();
    for step in 1..=cfg.steps {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (e, opts) in usable.iter().zip(rows) {
            scores.clear();
            scores.extend(
                opts.iter()
                    .map(|x| x.iter().map(|&(j, val)| w[j] * val).sum::<f64>()),
            );
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let all: f64 = scores.iter().map(|s| (s - max).exp()).sum();
            let right: f64 = scores
                .iter()
                .zip(&e.right)
                .filter(|(_, &r)| r)
                .map(|(s, _)| (s - max).exp())
                .sum();
            for ((x, s), &r) in opts.iter().zip(&scores).zip(&e.right) {
                let p = (s - max).exp() / all;
                let q = if r { (s - max).exp() / right } else { 0.0 };
                let d = e.weight * (p - q) / n;
                if d != 0.0 {
                    for &(j, val) in x {
                        grad[j] += d * val;
                    }
                }
            }
        }
        let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
        for j in 0..dim {
            let g = grad[j] + cfg.l2 * w[j];
            m[j] = b1 * m[j] + (1.0 - b1) * g;
            v[j] = b2 * v[j] + (1.0 - b2) * g * g;
            w[j] -= cfg.rate * (m[j] / c1) / ((v[j] / c2).sqrt() + eps);
        }
    }
    Weights::new(
        data.names
            .iter()
            .zip(&w)
            .map(|(name, &wj)| (name.clone(), wj as f32))
            .collect(),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opt(names: &[&'static str]) -> Features {
        let mut f = Features::default();
        for n in names {
            f.on(*n);
        }
        f
    }

    #[test]
    fn learns_which_source_is_right_and_is_deterministic() {
        // "meta" is right three times out of four, "text" once.
        let mut examples = Vec::new();
        for k in 0..8 {
            examples.push(Example {
                options: vec![opt(&["src=meta"]), opt(&["src=text"])],
                right: vec![k % 4 != 0, k % 4 == 0],
                weight: 1.0,
            });
        }
        // A decision with no right option teaches nothing.
        examples.push(Example {
            options: vec![opt(&["src=text"])],
            right: vec![false],
            weight: 1.0,
        });
        let refs: Vec<&Example> = examples.iter().collect();
        let w = fit(&refs, Fit::default());
        assert!(w.score(&opt(&["src=meta"])) > w.score(&opt(&["src=text"])));
        assert_eq!(w, fit(&refs, Fit::default()));
    }

    #[test]
    fn bagging_averages_fits_on_samples_and_is_deterministic() {
        // "meta" is right on 3 of 4 decisions.
        let examples: Vec<Example> = (0..40)
            .map(|k| Example {
                options: vec![opt(&["src=meta"]), opt(&["src=text"])],
                right: vec![k % 4 != 0, k % 4 == 0],
                weight: 1.0,
            })
            .collect();
        let refs: Vec<&Example> = examples.iter().collect();
        let boost = Boost {
            rounds: 3,
            min_options: 2,
            ..Boost::default()
        };
        let bag = |seed| Bag {
            models: 3,
            fraction: 1.0,
            seed,
        };
        let w = fit_bagged(&refs, Fit::default(), boost, bag(1));
        assert!(w.score(&opt(&["src=meta"])) > w.score(&opt(&["src=text"])));
        // Three scorers' trees, averaged.
        assert_eq!(w.trees.len(), 9);
        assert_eq!(w, fit_bagged(&refs, Fit::default(), boost, bag(1)));
        assert_ne!(w, fit_bagged(&refs, Fit::default(), boost, bag(2)));
        // No bagging: the plain fit.
        assert_eq!(
            fit_bagged(&refs, Fit::default(), boost, Bag::default()),
            fit_boosted(&refs, Fit::default(), boost)
        );
    }

    #[test]
    fn trees_learn_an_interaction_the_linear_part_cannot() {
        // "text" is right on "forum" pages and wrong elsewhere; "meta" the reverse.
        // Forum pages are the majority: a linear scorer gets only them right.
        let mut examples = Vec::new();
        for k in 0..200 {
            let forum = k % 4 != 0;
            let page = if forum { "page=forum" } else { "page=article" };
            examples.push(Example {
                options: vec![opt(&["src=meta", page]), opt(&["src=text", page])],
                right: vec![!forum, forum],
                weight: 1.0,
            });
        }
        let refs: Vec<&Example> = examples.iter().collect();
        let boost = Boost {
            rounds: 30,
            depth: 2,
            rate: 0.3,
            min_options: 5,
            ..Boost::default()
        };
        let right_of = |w: &Weights| {
            examples
                .iter()
                .filter(|e| e.right[w.best(&e.options).unwrap()])
                .count()
        };
        assert_eq!(right_of(&fit(&refs, Fit::default())), 150);
        let w = fit_boosted(&refs, Fit::default(), boost);
        let right = examples
            .iter()
            .filter(|e| e.right[w.best(&e.options).unwrap()])
            .count();
        assert_eq!(right, 200);
        assert_eq!(w, fit_boosted(&refs, Fit::default(), boost));
    }
}
