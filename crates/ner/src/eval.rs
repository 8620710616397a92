//! Entity-level scoring, decoded like `conlleval` (`I-X` after `O` or another type starts
//! an entity). Used for early stopping; the benchmark's `score.py` is the reference.

use crate::tags::{Kind, Tag};

/// Precision, recall and F1 counts for one entity type or for all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Exact matches (type, first and last token).
    pub correct: usize,
}

impl Counts {
    /// F1 (0 when nothing was predicted or expected).
    pub fn f1(&self) -> f64 {
        if self.gold == 0 || self.predicted == 0 {
            return 0.0;
        }
        let p = self.correct as f64 / self.predicted as f64;
        let r = self.correct as f64 / self.gold as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores over a corpus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// All types.
    pub all: Counts,
    /// Per type, in [`Kind::ALL`] order.
    pub per_kind: [Counts; 4],
}

fn spans(tags: &[Tag]) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, t) in tags.iter().enumerate() {
        let continues = matches!((t, open), (Tag::I(k), Some((_, o))) if *k == o);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            if let Some(k) = t.kind() {
                open = Some((i, k));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

/// Scores predicted sentences against gold sentences of the same lengths.
pub fn score(gold: &[Vec<Tag>], predicted: &[Vec<Tag>]) -> Scores {
    let mut sc = Scores::default();
    for (g, p) in gold.iter().zip(predicted) {
        let gs = spans(g);
        let ps = spans(p);
        for &(_, _, k) in &gs {
            sc.all.gold += 1;
            sc.per_kind[k as usize].gold += 1;
        }
        for span in &ps {
            sc.all.predicted += 1;
            sc.per_kind[span.2 as usize].predicted += 1;
            if gs.contains(span) {
                sc.all.correct += 1;
                sc.per_kind[span.2 as usize].correct += 1;
            }
        }
    }
    sc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_like_conlleval() {
        let t = |s: &str| {
            s.split(' ')
                .map(|x| x.parse::<Tag>().unwrap())
                .collect::<Vec<_>>()
        };
        let gold = vec![t("B-PER I-PER O B-LOC"), t("B-ORG O")];
        let pred = vec![t("B-PER I-PER O I-LOC"), t("B-ORG I-ORG")];
        let s = score(&gold, &pred);
        assert_eq!(
            s.all,
            Counts {
                gold: 3,
                predicted: 3,
                correct: 2
            }
        );
        assert_eq!(s.per_kind[Kind::Loc as usize].correct, 1);
        assert!((s.all.f1() - 2.0 / 3.0).abs() < 1e-9);
    }
}
