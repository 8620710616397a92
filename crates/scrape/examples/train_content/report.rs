//! Predictions, their scores per set and page type, and the files
//! bench/quality.sh scores with the official score.py.

use std::io::Write;
use std::path::Path;

use newsmill_records::{Article, PageType};
use newsmill_scrape::train::Family;

use crate::data::{PageData, Set};
use crate::score;

/// What the extractor predicted for one page.
pub struct Prediction {
    pub body: String,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub page_type: Option<PageType>,
}

impl Prediction {
    pub fn of(a: &Article) -> Prediction {
        Prediction {
            body: a.body(),
            title: a.title.clone(),
            authors: a.authors.clone(),
            published: a.published.map(|d| d.to_rfc3339()),
            page_type: Some(a.page_type),
        }
    }

    pub fn body_only(body: String) -> Prediction {
        Prediction {
            body,
            title: None,
            authors: Vec::new(),
            published: None,
            page_type: None,
        }
    }
}

/// The feature families ablated, in print order.
pub const FAMILIES: [Family; 11] = [
    Family::Text,
    Family::Tag,
    Family::Hint,
    Family::Heuristic,
    Family::Position,
    Family::Neighbours,
    Family::Context,
    Family::Repetition,
    Family::Page,
    Family::ClassId,
    Family::PageType,
];

/// Mean WCXB F1 per page type (in `PageType::ALL` order) and over all pages,
/// and the 2019 benchmark's corpus F1.
pub struct Figures {
    pub per_type: Vec<(PageType, usize, f64)>,
    pub wcxb_all: f64,
    pub extraction: f64,
}

pub fn figures(pages: &[PageData], preds: &[Prediction]) -> Figures {
    let mut sums = [(0usize, 0f64); 7];
    let mut shingles = Vec::new();
    for (p, pred) in pages.iter().zip(preds) {
        match p.set {
            Set::Wcxb => {
                let (_, _, f) = score::wcxb_prf(&pred.body, &p.truth);
                let t = PageType::ALL
                    .iter()
                    .position(|&t| t == p.page_type)
                    .unwrap_or(0);
                sums[t].0 += 1;
                sums[t].1 += f;
            }
            Set::Extraction => shingles.push(score::shingle_counts(&pred.body, &p.truth)),
        }
    }
    let n: usize = sums.iter().map(|s| s.0).sum();
    let total: f64 = sums.iter().map(|s| s.1).sum();
    Figures {
        per_type: PageType::ALL
            .iter()
            .zip(sums)
            .map(|(&t, (c, f))| (t, c, if c > 0 { f / c as f64 } else { 0.0 }))
            .collect(),
        wcxb_all: total / n.max(1) as f64,
        extraction: score::shingle_f1(&shingles),
    }
}

/// Prints the body figures and, when predicted, the page-type accuracy.
pub fn print(label: &str, pages: &[PageData], preds: &[Prediction]) {
    let f = figures(pages, preds);
    println!("{label}");
    println!("  wcxb body F1");
    for (t, n, v) in &f.per_type {
        println!("    {:<14}{n:>5}  {v:.3}", t.as_str());
    }
    let n: usize = f.per_type.iter().map(|x| x.1).sum();
    println!("    {:<14}{n:>5}  {:.3}", "all", f.wcxb_all);
    println!("  extraction body F1 (4-shingles)  {:.3}", f.extraction);
    let typed: Vec<(&PageData, PageType)> = pages
        .iter()
        .zip(preds)
        .filter(|(p, _)| p.set == Set::Wcxb)
        .filter_map(|(p, pr)| pr.page_type.map(|t| (p, t)))
        .collect();
    if !typed.is_empty() {
        let right = typed.iter().filter(|(p, t)| p.page_type == *t).count();
        println!(
            "  wcxb page type accuracy  {:.3} ({right} of {})",
            right as f64 / typed.len() as f64,
            typed.len()
        );
        print!("    confusion (rows truth, columns predicted):");
        for t in PageType::ALL {
            print!(" {:>5}", &t.as_str()[..5.min(t.as_str().len())]);
        }
        println!();
        for truth in PageType::ALL {
            print!("    {:<40}", truth.as_str());
            for pred in PageType::ALL {
                let c = typed
                    .iter()
                    .filter(|(p, t)| p.page_type == truth && *t == pred)
                    .count();
                print!(" {c:>5}");
            }
            println!();
        }
    }
    article_filter(pages, preds);
}

/// What exporting only the pages classified as articles would keep: recall
/// and precision of the article class on each set (every 2019 page is an
/// article).
fn article_filter(pages: &[PageData], preds: &[Prediction]) {
    for set in [Set::Wcxb, Set::Extraction] {
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for (p, pr) in pages.iter().zip(preds).filter(|(p, _)| p.set == set) {
            let Some(t) = pr.page_type else { continue };
            let truth = p.page_type == PageType::Article;
            let said = t == PageType::Article;
            tp += usize::from(truth && said);
            fp += usize::from(!truth && said);
            fn_ += usize::from(truth && !said);
        }
        if tp + fp + fn_ == 0 {
            continue;
        }
        println!(
            "  {} articles only: recall {:.3} ({fn_} of {} true articles dropped), precision {:.3} ({fp} other pages kept)",
            set.name(),
            tp as f64 / (tp + fn_).max(1) as f64,
            tp + fn_,
            tp as f64 / (tp + fp).max(1) as f64,
        );
    }
}

pub fn ablation_header() {
    println!("ablation (cv, first pass only, each feature family left out)");
    println!(
        "  {:<14}{:>10}{:>10}{:>12}",
        "without", "wcxb all", "article", "extraction"
    );
}

pub fn ablation_row(label: &str, pages: &[PageData], preds: &[Prediction]) {
    let f = figures(pages, preds);
    println!(
        "  {label:<14}{:>10.3}{:>10.3}{:>12.3}",
        f.wcxb_all, f.per_type[0].2, f.extraction
    );
}

/// Writes `wcxb.jsonl` and `extraction.jsonl` in `newsmill extract`'s field names.
pub fn write_predictions(
    dir: &Path,
    pages: &[PageData],
    preds: &[Prediction],
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for set in [Set::Wcxb, Set::Extraction] {
        let path = dir.join(format!("{}.jsonl", set.name()));
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?,
        );
        for (p, pred) in pages.iter().zip(preds).filter(|(p, _)| p.set == set) {
            let line = serde_json::json!({
                "id": p.id,
                "body": pred.body,
                "title": pred.title,
                "authors": pred.authors,
                "published": pred.published,
                "page_type": pred.page_type.map(PageType::as_str),
            });
            writeln!(f, "{line}").map_err(|e| format!("{}: {e}", path.display()))?;
        }
        f.flush().map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
