//! The learned choice among metadata candidates: a linear score over named
//! features, one weight table per field (title, authors, dates), the highest
//! score winning (the first in page order among equals).
//!
//! The weights live in `model.json` beside this file, written by
//! `cargo run --release -p newsmill-scrape --example train_metadata` (see
//! [`super::training`]); features the table does not know weigh nothing.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// The named features of one option (a candidate, or "none").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features(pub Vec<(Cow<'static, str>, f32)>);

impl Features {
    /// Sets binary feature `name`.
    pub(crate) fn on(&mut self, name: impl Into<Cow<'static, str>>) {
        self.0.push((name.into(), 1.0));
    }

    /// Sets `name` when `cond` holds.
    pub(crate) fn when(&mut self, cond: bool, name: impl Into<Cow<'static, str>>) {
        if cond {
            self.on(name);
        }
    }

    /// The feature names, for listing.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_ref())
    }
}

/// One field's scorer: a linear part (a weight per feature) plus boosted
/// decision trees over the same features.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Feature weights.
    pub linear: HashMap<String, f32, foldhash::fast::FixedState>,
    /// Trees whose leaf values add to the linear score.
    pub trees: Vec<Tree>,
    /// Column of every feature a tree tests, for the walks.
    index: HashMap<String, u32, foldhash::fast::FixedState>,
}

impl PartialEq for Weights {
    fn eq(&self, other: &Weights) -> bool {
        self.linear == other.linear && self.trees == other.trees
    }
}

/// A binary decision tree over feature presence, nodes in an array, the root
/// first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    /// The nodes.
    pub nodes: Vec<Node>,
}

/// A tree node: a test, or a leaf when `feature` is empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    /// The feature tested (empty for a leaf).
    pub feature: String,
    /// Next node when the option has the feature.
    pub yes: u32,
    /// Next node when it has not.
    pub no: u32,
    /// A leaf's value.
    pub value: f32,
    /// The feature's column in the scorer's index (set by [`Weights::new`]).
    pub col: u32,
}

impl Weights {
    /// A scorer from its parts.
    pub fn new(
        linear: HashMap<String, f32, foldhash::fast::FixedState>,
        trees: Vec<Tree>,
    ) -> Weights {
        let mut index: HashMap<String, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut trees = trees;
        for t in &mut trees {
            for n in &mut t.nodes {
                if !n.feature.is_empty() {
                    let next = index.len() as u32;
                    n.col = *index.entry(n.feature.clone()).or_insert(next);
                }
            }
        }
        Weights {
            linear,
            trees,
            index,
        }
    }

    /// The option's score.
    pub fn score(&self, f: &Features) -> f32 {
        let linear: f32 =
            f.0.iter()
                .map(|(n, v)| self.linear.get(n.as_ref()).copied().unwrap_or(0.0) * v)
                .sum();
        if self.trees.is_empty() {
            return linear;
        }
        // The option's features as tree columns: a bit set (a few hundred
        // columns at most), so that every test on a walk is one bit.
        let mut has = vec![0u64; self.index.len().div_ceil(64)];
        for (n, _) in &f.0 {
            if let Some(&c) = self.index.get(n.as_ref()) {
                has[c as usize / 64] |= 1 << (c % 64);
            }
        }
        let mut total = linear;
        for t in &self.trees {
            let mut at = 0usize;
            // A walk never takes more steps than the tree has nodes.
            for _ in 0..t.nodes.len() {
                let Some(n) = t.nodes.get(at) else { break };
                if n.feature.is_empty() {
                    total += n.value;
                    break;
                }
                let c = n.col as usize;
                let yes = has.get(c / 64).is_some_and(|w| w & (1 << (c % 64)) != 0);
                at = if yes { n.yes } else { n.no } as usize;
            }
        }
        total
    }

    /// The index of the best option; the first among equals. `None` when there
    /// are no options.
    pub fn best(&self, options: &[Features]) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (i, f) in options.iter().enumerate() {
            let s = self.score(f);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// The scorers of every field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// Title candidates.
    pub title: Weights,
    /// Author candidates.
    pub author: Weights,
    /// Publication-date options (days and "no date").
    pub date: Weights,
}

/// Why a model file did not load.
#[derive(Debug, thiserror::Error)]
#[error("metadata model: {0}")]
pub struct ModelError(String);

impl Model {
    /// Reads the JSON form: `{"title": {"linear": {feature: weight}, "trees":
    /// [[[feature, yes, no, value], ...], ...]}, "author": .., "date": ..}`
    /// (other top-level keys, such as notes on how it was trained, are ignored).
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ModelError(e.to_string()))?;
        let field = |key: &str| -> Result<Weights, ModelError> {
            let err = |what: &str| ModelError(format!("{key}: {what}"));
            let Some(obj) = v.get(key).and_then(|t| t.as_object()) else {
                return Err(err("missing"));
            };
            let linear = obj
                .get("linear")
                .and_then(|l| l.as_object())
                .ok_or_else(|| err("no linear table"))?
                .iter()
                .map(|(k, w)| {
                    w.as_f64()
                        .map(|w| (k.clone(), w as f32))
                        .ok_or_else(|| err(&format!("{k}: not a number")))
                })
                .collect::<Result<_, _>>()?;
            let mut trees = Vec::new();
            for t in obj
                .get("trees")
                .and_then(|t| t.as_array())
                .into_iter()
                .flatten()
            {
                let mut nodes = Vec::new();
                for n in t.as_array().ok_or_else(|| err("a tree is not a list"))? {
                    let parts = n.as_array().filter(|p| p.len() == 4);
                    let node = parts.and_then(|p| {
                        Some(Node {
                            feature: p[0].as_str()?.to_string(),
                            yes: u32::try_from(p[1].as_u64()?).ok()?,
                            no: u32::try_from(p[2].as_u64()?).ok()?,
                            value: p[3].as_f64()? as f32,
                            col: 0,
                        })
                    });
                    nodes.push(node.ok_or_else(|| err("a node is not [feature, yes, no, value]"))?);
                }
                trees.push(Tree { nodes });
            }
            Ok(Weights::new(linear, trees))
        };
        Ok(Model {
            title: field("title")?,
            author: field("author")?,
            date: field("date")?,
        })
    }

    /// The JSON form, keys sorted, values rounded to 4 decimals, with `notes`.
    pub fn to_json(&self, notes: &[String]) -> String {
        let round = |v: f32| (f64::from(v) * 1e4).round() / 1e4;
        let field = |w: &Weights| -> serde_json::Value {
            let linear: BTreeMap<String, f64> = w
                .linear
                .iter()
                .map(|(k, v)| (k.clone(), round(*v)))
                .filter(|(_, v)| *v != 0.0)
                .collect();
            let trees: Vec<serde_json::Value> = w
                .trees
                .iter()
                .map(|t| {
                    t.nodes
                        .iter()
                        .map(|n| serde_json::json!([n.feature, n.yes, n.no, round(n.value)]))
                        .collect()
                })
                .collect();
            serde_json::json!({"linear": linear, "trees": trees})
        };
        // One line per tree keeps the file readable and its diffs small.
        let mut s = String::from("{\n");
        s.push_str(&format!("\"notes\": {},\n", serde_json::Value::from(notes)));
        for (i, (name, w)) in [
            ("title", &self.title),
            ("author", &self.author),
            ("date", &self.date),
        ]
        .into_iter()
        .enumerate()
        {
            let v = field(w);
            s.push_str(&format!("\"{name}\": {{\n  \"linear\": {{"));
            let linear = v["linear"].as_object().cloned().unwrap_or_default();
            for (k, (key, w)) in linear.iter().enumerate() {
                s.push_str(if k == 0 { "\n    " } else { ",\n    " });
                s.push_str(&format!("{}: {w}", serde_json::Value::from(key.as_str())));
            }
            s.push_str(if linear.is_empty() {
                "},\n  \"trees\": ["
            } else {
                "\n  },\n  \"trees\": ["
            });
            let trees = v["trees"].as_array().cloned().unwrap_or_default();
            for (k, t) in trees.iter().enumerate() {
                s.push_str(if k == 0 { "\n    " } else { ",\n    " });
                s.push_str(&t.to_string());
            }
            s.push_str(if trees.is_empty() { "]\n}" } else { "\n  ]\n}" });
            s.push_str(if i == 2 { "\n" } else { ",\n" });
        }
        s.push_str("}\n");
        s
    }
}

/// The committed model, read once.
pub(crate) static MODEL: LazyLock<Model> = LazyLock::new(|| {
    // The file is part of the source tree; the `model_file_loads` test keeps it valid.
    Model::from_json(include_str!("model.json")).expect("the committed metadata model is valid")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_file_loads() {
        let m = Model::from_json(include_str!("model.json")).unwrap();
        for w in [&m.title, &m.author, &m.date] {
            assert!(!w.linear.is_empty());
        }
    }

    #[test]
    fn best_is_the_first_among_equals_and_unknown_features_weigh_nothing() {
        let tree = Tree {
            nodes: vec![
                Node {
                    feature: "c".into(),
                    yes: 1,
                    no: 2,
                    value: 0.0,
                    col: 0,
                },
                Node {
                    value: 3.0,
                    ..Node::default()
                },
                Node::default(),
            ],
        };
        let w = Weights::new(
            [("a".to_string(), 1.0), ("b".to_string(), -2.0)]
                .into_iter()
                .collect(),
            vec![tree],
        );
        let mut x = Features::default();
        x.on("unknown");
        let mut y = Features::default();
        y.on("a");
        y.0.push(("b".into(), 0.25));
        let z = y.clone();
        assert_eq!(w.score(&x), 0.0);
        assert_eq!(w.score(&y), 0.5);
        assert_eq!(w.best(&[x.clone(), y, z]), Some(1));
        assert_eq!(w.best(&[]), None);
        let mut c = Features::default();
        c.on("c");
        assert_eq!(w.score(&c), 3.0);
        let round = Model::from_json(
            &Model {
                title: w.clone(),
                ..Model::default()
            }
            .to_json(&["n".into()]),
        )
        .unwrap();
        assert_eq!(round.title, w);
    }
}
