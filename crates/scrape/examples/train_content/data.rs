//! The benchmark pages: ground truth, folds, and each page as the content model
//! sees it, with block labels. Only ids, folds and labels are computed here;
//! every text is read from the benchmark folders when the trainer runs.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use newsmill_records::{Page, PageType};
use newsmill_scrape::train::{ContentModel, Forest, Sample};
use newsmill_scrape::{Extractor, ScrapeConfig};
use rayon::prelude::*;
use serde_json::Value;

use crate::score;

/// Which benchmark a page belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Set {
    /// `bench/wcxb`: seven page types, WCXB's metric.
    Wcxb,
    /// `bench/extraction`: news articles, 4-shingle metric.
    Extraction,
}

impl Set {
    pub fn name(self) -> &'static str {
        match self {
            Set::Wcxb => "wcxb",
            Set::Extraction => "extraction",
        }
    }
}

/// One page with its truth, fold and features.
pub struct PageData {
    pub set: Set,
    pub id: String,
    pub domain: String,
    pub fold: usize,
    pub path: PathBuf,
    pub url: String,
    pub truth: String,
    pub page_type: PageType,
    pub sample: Sample,
    pub labels: Vec<f32>,
    /// Visible characters of the blocks labelled content.
    pub content_chars: f32,
}

/// A model that scores nothing: features do not depend on the model.
fn blank_model() -> Arc<ContentModel> {
    Arc::new(ContentModel {
        page_types: vec![Forest::default(); 7],
        thresholds: [0.5; 7],
        fallback: 0.8,
        rules: 0,
        ..ContentModel::default()
    })
}

/// Reads one set: ground truth, folds and every page.
pub fn load(dir: &Path, set: Set) -> Result<Vec<PageData>, String> {
    let gt_path = dir.join("ground-truth.json");
    let gt: serde_json::Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(&gt_path).map_err(|e| format!("{}: {e}", gt_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let folds_path = dir.join("folds.tsv");
    let folds = std::fs::read_to_string(&folds_path)
        .map_err(|e| format!("{}: {e}", folds_path.display()))?;
    let mut rows = Vec::new();
    for line in folds.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, domain, fold] = cols[..] else {
            return Err(format!("{}: bad line {line:?}", folds_path.display()));
        };
        let fold: usize = fold
            .parse()
            .map_err(|_| format!("{}: bad fold in {line:?}", folds_path.display()))?;
        let item = gt
            .get(id)
            .ok_or_else(|| format!("{}: id {id} not in the ground truth", folds_path.display()))?;
        rows.push((id.to_string(), domain.to_string(), fold, item.clone()));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let extractor =
        Extractor::with_model(ScrapeConfig::default(), blank_model()).map_err(|e| e.to_string())?;
    rows.into_par_iter()
        .map(|(id, domain, fold, item)| {
            let path = dir.join("html").join(format!("{id}.html.gz"));
            let url = match item.get("url").and_then(Value::as_str) {
                Some(u) => u.to_string(),
                None => file_url(&path),
            };
            let (truth, page_type) = match set {
                Set::Wcxb => (
                    item["main_content"].as_str().unwrap_or("").to_string(),
                    item["page_type"]
                        .as_str()
                        .and_then(PageType::from_name)
                        .ok_or_else(|| format!("{id}: no page_type"))?,
                ),
                Set::Extraction => (
                    item["articleBody"].as_str().unwrap_or("").to_string(),
                    PageType::Article,
                ),
            };
            let page = read_page(&path, &url)?;
            let (_, _, sample) = extractor
                .extract_with_sample(&page)
                .map_err(|e| format!("{id}: {e}"))?;
            let texts: Vec<&str> = (0..sample.len()).map(|k| sample.text(k)).collect();
            let labels = score::labels(&texts, &truth);
            let content_chars = (0..sample.len())
                .map(|k| labels[k] * sample.chars(k) as f32)
                .sum();
            Ok(PageData {
                set,
                id,
                domain,
                fold,
                path,
                url,
                truth,
                page_type,
                sample,
                labels,
                content_chars,
            })
        })
        .collect()
}

/// The page as `newsmill extract` builds it from a file.
pub fn read_page(path: &Path, url: &str) -> Result<Page, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut body = Vec::with_capacity(raw.len() * 4);
    flate2::read::MultiGzDecoder::new(&raw[..])
        .read_to_end(&mut body)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Page::from_bytes("extract", url, body))
}

/// `newsmill extract`'s URL for a file with no URL of its own.
fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    url::Url::from_file_path(&abs)
        .map(String::from)
        .unwrap_or_else(|()| format!("file://{}", abs.display()))
}
