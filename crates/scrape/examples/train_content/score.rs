//! Block labels from a ground-truth text, and the two benchmarks' body metrics
//! computed as their score.py files compute them.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// Python's `\w+` on str patterns: letters, numbers and the underscore.
static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").expect("word pattern is valid"));

fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn mix(a: u64, b: u64) -> u64 {
    (a ^ b.rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (a >> 29)
}

/// Lower-cased word hashes, as WCXB's score.py tokenises.
pub fn words_lower(text: &str) -> Vec<u64> {
    let lower = text.to_lowercase();
    WORD.find_iter(&lower).map(|m| hash(m.as_str())).collect()
}

/// Word hashes with case kept, as the 2019 benchmark's score.py tokenises.
pub fn words_cased(text: &str) -> Vec<u64> {
    WORD.find_iter(text).map(|m| hash(m.as_str())).collect()
}

fn bag(items: impl Iterator<Item = u64>) -> HashMap<u64, u32> {
    let mut m = HashMap::new();
    for i in items {
        *m.entry(i).or_insert(0) += 1;
    }
    m
}

fn overlap(a: &HashMap<u64, u32>, b: &HashMap<u64, u32>) -> u32 {
    a.iter()
        .map(|(k, &n)| n.min(b.get(k).copied().unwrap_or(0)))
        .sum()
}

/// WCXB: per-page (precision, recall, F1) of lower-cased word bags.
pub fn wcxb_prf(pred: &str, truth: &str) -> (f64, f64, f64) {
    let (p, r) = (words_lower(pred), words_lower(truth));
    if r.is_empty() {
        return if p.is_empty() {
            (1.0, 1.0, 1.0)
        } else {
            (0.0, 0.0, 0.0)
        };
    }
    if p.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let m = f64::from(overlap(&bag(p.iter().copied()), &bag(r.iter().copied())));
    let (pp, rr) = (m / p.len() as f64, m / r.len() as f64);
    let f = if pp + rr > 0.0 {
        2.0 * pp * rr / (pp + rr)
    } else {
        0.0
    };
    (pp, rr, f)
}

/// The 2019 benchmark: one page's (matched, predicted, true) 4-shingle counts.
pub fn shingle_counts(pred: &str, truth: &str) -> (u32, u32, u32) {
    let shingles = |t: &[u64]| -> HashMap<u64, u32> {
        if t.is_empty() {
            return HashMap::new();
        }
        let last = t.len().saturating_sub(4);
        bag((0..=last).map(|s| t[s..(s + 4).min(t.len())].iter().fold(0, |a, &b| mix(a, b))))
    };
    let (p, t) = (shingles(&words_cased(pred)), shingles(&words_cased(truth)));
    (overlap(&p, &t), p.values().sum(), t.values().sum())
}

/// Corpus F1 of the 2019 benchmark from per-page shingle counts: precision
/// averaged over pages with a prediction, recall over pages with a truth.
pub fn shingle_f1(pages: &[(u32, u32, u32)]) -> f64 {
    let (mut ps, mut pn, mut rs, mut rn) = (0.0, 0, 0.0, 0);
    for &(m, np, nt) in pages {
        let perfect = m == np && m == nt;
        if np > 0 {
            ps += if perfect {
                1.0
            } else {
                f64::from(m) / f64::from(np)
            };
            pn += 1;
        }
        if nt > 0 {
            rs += if perfect {
                1.0
            } else {
                f64::from(m) / f64::from(nt)
            };
            rn += 1;
        }
    }
    let p = if pn > 0 { ps / f64::from(pn) } else { 0.0 };
    let r = if rn > 0 { rs / f64::from(rn) } else { 0.0 };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Soft labels for a page's blocks: the share of each block's words that the
/// true text holds at that place. Long blocks claim their trigrams of the true
/// text first; shorter blocks then only get what is left, so a menu word that
/// also occurs once in the text does not make every menu line content.
pub fn labels(blocks: &[&str], truth: &str) -> Vec<f32> {
    let t = words_lower(truth);
    let mut tri: HashMap<u64, u32> = HashMap::new();
    let mut bi: HashMap<u64, u32> = HashMap::new();
    let mut uni: HashMap<u64, u32> = HashMap::new();
    for w in t.windows(3) {
        *tri.entry(mix(mix(w[0], w[1]), w[2])).or_insert(0) += 1;
    }
    for w in t.windows(2) {
        *bi.entry(mix(w[0], w[1])).or_insert(0) += 1;
    }
    for &w in &t {
        *uni.entry(w).or_insert(0) += 1;
    }
    let toks: Vec<Vec<u64>> = blocks.iter().map(|b| words_lower(b)).collect();
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(toks[k].len()), k));
    let mut out = vec![0f32; blocks.len()];
    for k in order {
        let w = &toks[k];
        if w.is_empty() {
            continue;
        }
        let mut covered = vec![false; w.len()];
        if w.len() >= 3 {
            for s in 0..w.len() - 2 {
                let key = mix(mix(w[s], w[s + 1]), w[s + 2]);
                if let Some(c) = tri.get_mut(&key).filter(|c| **c > 0) {
                    *c -= 1;
                    covered[s..s + 3].iter_mut().for_each(|x| *x = true);
                }
            }
        } else if w.len() == 2 {
            if let Some(c) = bi.get_mut(&mix(w[0], w[1])).filter(|c| **c > 0) {
                *c -= 1;
                covered = vec![true; 2];
            }
        } else if let Some(c) = uni.get_mut(&w[0]).filter(|c| **c > 0) {
            *c -= 1;
            covered[0] = true;
        }
        // Words taken by this block are no longer free for shorter ones.
        for (s, &c) in covered.iter().enumerate() {
            if c {
                if let Some(u) = uni.get_mut(&w[s]) {
                    *u = u.saturating_sub(1);
                }
                if s + 1 < w.len() && covered[s + 1] && w.len() >= 3 {
                    if let Some(b) = bi.get_mut(&mix(w[s], w[s + 1])) {
                        *b = b.saturating_sub(1);
                    }
                }
            }
        }
        out[k] = covered.iter().filter(|&&c| c).count() as f32 / w.len() as f32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_true_text() {
        let truth = "The council voted to extend the tram line. Home owners were pleased.";
        let l = labels(
            &[
                "The council voted to extend the tram line.",
                "Home",
                "Home owners were pleased.",
                "Share on Facebook",
            ],
            truth,
        );
        assert_eq!(l, [1.0, 0.0, 1.0, 0.0]);
    }
}
