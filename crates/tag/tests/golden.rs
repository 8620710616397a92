//! Golden test: tags a fixed corpus of the project's own article texts
//! (`tests/golden/corpus.tsv`) with the project's watch-list and compares every record
//! field by field against `tests/golden/expected.json`.
//!
//! The expected file was generated before the tag stage's speed work and guards
//! "same output" across refactors. When a change is meant to alter the output, run
//!
//! ```text
//! NEWSMILL_BLESS=1 cargo test -p newsmill-tag --test golden
//! ```
//!
//! and explain each difference in the commit that updates the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use newsmill_records::{Article, Tagged};
use newsmill_tag::{Tagger, Watchlist};
use serde_json::Value;

const WATCHLIST: &str = include_str!("../../../config/entities.toml");

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// (id, article) for every corpus line.
fn corpus() -> Vec<(String, Article)> {
    let dir = folder();
    let manifest = std::fs::read_to_string(dir.join("corpus.tsv")).expect("corpus.tsv");
    let mut out = Vec::new();
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, file, published, language] = cols[..] else {
            panic!("corpus.tsv: expected 4 columns in {line:?}");
        };
        let text =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let paragraphs = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let mut article =
            Article::from_paragraphs("golden", &format!("https://example.org/{id}"), paragraphs);
        article.published = Some(DateTime::parse_from_rfc3339(published).expect("published"));
        article.language = Some(language.to_string());
        out.push((id.to_string(), article));
    }
    out
}

/// The first few differences between two JSON values, as paths.
fn differences(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    if out.len() >= 12 {
        return;
    }
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => differences(&format!("{path}.{k}"), v, w, out),
                    None => out.push(format!("{path}.{k}: missing (want {v})")),
                }
            }
            for (k, w) in b {
                if !a.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {w}"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), v, w, out);
            }
            if a.len() != b.len() {
                let extra: Vec<&Value> = if a.len() > b.len() {
                    a[b.len()..].iter().collect()
                } else {
                    b[a.len()..].iter().collect()
                };
                out.push(format!(
                    "{path}: length {} wanted, {} got; tail {:?}",
                    a.len(),
                    b.len(),
                    extra
                ));
            }
        }
        _ if want != got => out.push(format!("{path}: want {want}, got {got}")),
        _ => {}
    }
}

#[test]
fn the_corpus_tags_as_recorded() {
    let tagger =
        Tagger::builtin(Watchlist::from_toml(WATCHLIST, "config/entities.toml").unwrap()).unwrap();
    let got: BTreeMap<String, Tagged> = corpus()
        .into_iter()
        .map(|(id, a)| (id, tagger.tag(&a)))
        .collect();
    let got = serde_json::to_value(&got).unwrap();
    let path = folder().join("expected.json");
    if std::env::var_os("NEWSMILL_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&got).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("expected.json"))
        .expect("expected.json is JSON");
    let mut diffs = Vec::new();
    differences("", &want, &got, &mut diffs);
    assert!(
        diffs.is_empty(),
        "tagging output changed (NEWSMILL_BLESS=1 rewrites the expected file):\n{}",
        diffs.join("\n")
    );
}
