//! Context features: what the first-pass block scores say about a block's
//! surroundings. The second pass of the model reads them next to the block's
//! own features, so that a block is judged with its neighbours, the boxes
//! around it and the group of repeated siblings it belongs to (every post of a
//! thread, every item of a list), not alone.

use std::collections::HashMap;

use super::features::Links;

/// The context features, appended after the first-pass features.
pub const CONTEXT_FEATURES: &[&str] = &[
    "c_score",
    "c_prev",
    "c_next",
    "c_prev2",
    "c_next2",
    "c_parent_mean",
    "c_parent_log_blocks",
    "c_grand_mean",
    "c_grand_log_blocks",
    "c_group_mean",
    "c_group_min",
    "c_group_log_blocks",
    "c_kind_mean",
    "c_kind_log_blocks",
    "c_page_max",
    "c_page_mean",
    "c_page_share",
    "c_in_core",
    "c_core_share",
    "c_core_mean",
    "c_rank",
    "c_log_distance",
    "c_between",
];

/// A block's probability counts as content above this in the aggregates.
const HIGH: f32 = 0.5;
/// The core is the smallest element holding this share of the content mass.
const CORE_MASS: f32 = 0.8;

/// Appends the context features of every block to `out`.
/// `p` are the first-pass probabilities, `chars` the blocks' visible characters,
/// `spans` the block range `[lo, hi)` of every element that holds blocks.
pub(crate) fn context_features(
    p: &[f32],
    chars: &[u32],
    links: &[Links],
    spans: &[(u32, u32)],
    out: &mut Vec<f32>,
) {
    let n = p.len();
    let weight = |k: usize| chars[k].max(1) as f32;
    let mut by_parent: HashMap<u32, (f32, f32, u32), foldhash::fast::FixedState> =
        HashMap::default();
    let mut by_grand: HashMap<u32, (f32, f32, u32), foldhash::fast::FixedState> =
        HashMap::default();
    let mut by_group: HashMap<u64, (f32, f32, u32, f32), foldhash::fast::FixedState> =
        HashMap::default();
    let mut by_kind: HashMap<u64, (f32, f32, u32), foldhash::fast::FixedState> = HashMap::default();
    let (mut mass, mut total, mut high_chars, mut max) = (0f32, 0f32, 0f32, 0f32);
    for k in 0..n {
        let w = weight(k);
        let e = by_parent.entry(links[k].parent).or_default();
        e.0 += p[k] * w;
        e.1 += w;
        e.2 += 1;
        let e = by_grand.entry(links[k].grand).or_default();
        e.0 += p[k] * w;
        e.1 += w;
        e.2 += 1;
        let e = by_kind.entry(links[k].kind).or_default();
        e.0 += p[k] * w;
        e.1 += w;
        e.2 += 1;
        if links[k].group != 0 {
            let e = by_group.entry(links[k].group).or_insert((0.0, 0.0, 0, 1.0));
            e.0 += p[k] * w;
            e.1 += w;
            e.2 += 1;
            e.3 = e.3.min(p[k]);
        }
        mass += p[k] * w;
        total += w;
        max = max.max(p[k]);
        if p[k] >= HIGH {
            high_chars += w;
        }
    }
    // The core: the element with the fewest blocks that holds most of the mass.
    let mut prefix = vec![0f32; n + 1];
    for k in 0..n {
        prefix[k + 1] = prefix[k] + p[k] * weight(k);
    }
    let mut core = (0u32, n as u32);
    for &(lo, hi) in spans {
        let m = prefix[hi as usize] - prefix[lo as usize];
        if m >= CORE_MASS * mass && hi - lo < core.1 - core.0 {
            core = (lo, hi);
        }
    }
    let core_chars: f32 = (core.0..core.1).map(|k| weight(k as usize)).sum();
    let core_mean = (prefix[core.1 as usize] - prefix[core.0 as usize]) / core_chars.max(1.0);
    let first_high = p.iter().position(|&x| x >= HIGH);
    let last_high = p.iter().rposition(|&x| x >= HIGH);
    // Characters with a higher score than each block: sort once.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    let mut above = vec![0f32; n];
    let mut acc = 0f32;
    for &k in &order {
        above[k] = acc;
        acc += weight(k);
    }
    let mut next_high = vec![usize::MAX; n];
    let mut seen = usize::MAX;
    for k in (0..n).rev() {
        if p[k] >= HIGH {
            seen = k;
        }
        next_high[k] = seen;
    }
    let mut prev_high = usize::MAX;
    for k in 0..n {
        let at = |j: Option<usize>| j.and_then(|j| p.get(j)).copied().unwrap_or(-1.0);
        out.push(logit(p[k]));
        out.push(at(k.checked_sub(1)));
        out.push(at(Some(k + 1)));
        out.push(at(k.checked_sub(2)));
        out.push(at(Some(k + 2)));
        let (s, w, c) = by_parent[&links[k].parent];
        out.push(s / w);
        out.push(ln(c));
        let (s, w, c) = by_grand[&links[k].grand];
        out.push(s / w);
        out.push(ln(c));
        match by_group.get(&links[k].group) {
            Some(&(s, w, c, lo)) if links[k].group != 0 => {
                out.push(s / w);
                out.push(lo);
                out.push(ln(c));
            }
            _ => out.extend([-1.0, -1.0, 0.0]),
        }
        let (s, w, c) = by_kind[&links[k].kind];
        out.push(s / w);
        out.push(ln(c));
        out.push(max);
        out.push(mass / total.max(1.0));
        out.push(high_chars / total.max(1.0));
        let k32 = k as u32;
        out.push(if k32 >= core.0 && k32 < core.1 {
            1.0
        } else {
            0.0
        });
        out.push(core_chars / total.max(1.0));
        out.push(core_mean);
        out.push(above[k] / total.max(1.0));
        let near = [prev_high, next_high[k]]
            .into_iter()
            .filter(|&j| j != usize::MAX)
            .map(|j| j.abs_diff(k))
            .min();
        out.push(near.map_or(-1.0, |d| ln(d as u32)));
        out.push(
            if first_high.is_some_and(|f| f <= k) && last_high.is_some_and(|l| k <= l) {
                1.0
            } else {
                0.0
            },
        );
        if p[k] >= HIGH {
            prev_high = k;
        }
    }
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

fn ln(x: u32) -> f32 {
    (1.0 + x as f32).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_core_follow_the_scores() {
        let links = |parent, group| Links {
            parent,
            grand: 0,
            group,
            kind: group,
        };
        // A nav block, then three list items of one group, two of them sure.
        let p = [0.1, 0.9, 0.9, 0.3];
        let chars = [10, 100, 100, 100];
        let l = [links(1, 0), links(2, 7), links(2, 7), links(2, 7)];
        let spans = [(0, 4), (1, 4), (0, 1)];
        let mut out = Vec::new();
        context_features(&p, &chars, &l, &spans, &mut out);
        let w = CONTEXT_FEATURES.len();
        assert_eq!(out.len(), 4 * w);
        let f = |k: usize, name: &str| {
            out[k * w + CONTEXT_FEATURES.iter().position(|n| *n == name).unwrap()]
        };
        assert!((f(3, "c_group_mean") - 0.7).abs() < 1e-5);
        assert_eq!(f(3, "c_group_min"), 0.3);
        assert_eq!(f(0, "c_group_mean"), -1.0);
        assert_eq!(f(3, "c_in_core"), 1.0);
        assert_eq!(f(0, "c_in_core"), 0.0);
        assert_eq!(f(3, "c_between"), 0.0);
        assert_eq!(f(2, "c_between"), 1.0);
    }
}
