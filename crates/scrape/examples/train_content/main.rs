//! Trains newsmill's content model and prints its cross-validated figures.
//!
//! ```sh
//! cargo run --release -p newsmill-scrape --example train_content -- ../shared/bench
//! ```
//!
//! Data: `bench/wcxb` (the WCXB development split, 1,497 pages of 2025 in seven
//! page types, CC-BY-4.0, Murrough Foley) and `bench/extraction` (88 news pages
//! of the Scrapinghub/Zyte article-extraction benchmark, MIT licence). Labels:
//! a text block is main content to the extent its words are in the page's true
//! text ([`score::labels`]); the page type comes from WCXB (the 2019 pages are
//! articles). Nothing from the benchmarks is copied into the repository: the
//! model holds tree thresholds, leaf values and hashed class-name tokens only.
//!
//! Protocol: each set's `folds.tsv` groups pages by domain into five folds. For
//! each fold, a model is fitted on the other four and the fold's pages are
//! extracted with it by the real extractor (`Extractor::with_model`); the
//! held-out predictions are scored as the sets' score.py files score them and
//! printed as "cv". The committed model is then fitted on every page; its
//! figures on the same pages are printed as "fit". The gap between the two is
//! what the model fits to pages it has seen.
//!
//! Options:
//!   --cv-predictions DIR  write the held-out predictions (wcxb.jsonl,
//!                         extraction.jsonl) for bench/quality.sh to score with
//!                         the official score.py
//!   --fit-predictions DIR write the committed model's predictions on every
//!                         page (wcxb.jsonl, extraction.jsonl), as `newsmill
//!                         extract` gives them, for score.py
//!   --no-write            do not overwrite crates/scrape/model/content.bin
//!   --ablation            also print the cv figure with each feature family left
//!                         out (first pass only), and with the second pass added
//!   --sweep               also print the cv figure for other thresholds and
//!                         with each rule after the scores left out
//!   --trees-sweep         also print the cv figure with each forest cut to its
//!                         first trees (cheaper models; the first pass cut
//!                         shifts what the second pass reads, so that row is an
//!                         estimate until the model is refitted with fewer trees)
//!   --save-models DIR     keep the five fold models (fold-0.bin, ...) and the
//!                         model fitted on every page (full.bin)
//!   --load-models DIR     use saved fold models (and full.bin, when there)
//!                         instead of fitting them, with the current settings
//!                         after the scores (to measure such a change without
//!                         refitting)
//!   --no-fit              stop after the cross-validation
//!   --page-type-sweep     print the cross-validated page-type accuracy of
//!                         several page-type forest settings and stop
//!   --oracle              also print the cv body figures with every page
//!                         given its true page type (what a right page type
//!                         is worth)

mod data;
mod fit;
mod gbdt;
mod pagetypes;
mod report;
mod score;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use newsmill_records::PageType;
use newsmill_scrape::train::{most_probable, rules, ContentModel};
use newsmill_scrape::{Extractor, ScrapeConfig};
use rayon::prelude::*;

use crate::data::{PageData, Set};
use crate::fit::Settings;
use crate::gbdt::Params;
use crate::report::Prediction;

struct Args {
    bench: PathBuf,
    cv_predictions: Option<PathBuf>,
    fit_predictions: Option<PathBuf>,
    write: bool,
    ablation: bool,
    sweep: bool,
    trees_sweep: bool,
    fit: bool,
    save_models: Option<PathBuf>,
    load_models: Option<PathBuf>,
    page_type_sweep: bool,
    oracle: bool,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        bench: PathBuf::new(),
        cv_predictions: None,
        fit_predictions: None,
        write: true,
        ablation: false,
        sweep: false,
        trees_sweep: false,
        fit: true,
        save_models: None,
        load_models: None,
        page_type_sweep: false,
        oracle: false,
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cv-predictions" => {
                a.cv_predictions = Some(it.next().ok_or("--cv-predictions needs a folder")?.into())
            }
            "--fit-predictions" => {
                a.fit_predictions =
                    Some(it.next().ok_or("--fit-predictions needs a folder")?.into())
            }
            "--no-write" => a.write = false,
            "--ablation" => a.ablation = true,
            "--no-fit" => a.fit = false,
            "--sweep" => a.sweep = true,
            "--trees-sweep" => a.trees_sweep = true,
            "--page-type-sweep" => a.page_type_sweep = true,
            "--oracle" => a.oracle = true,
            "--save-models" => {
                a.save_models = Some(it.next().ok_or("--save-models needs a folder")?.into())
            }
            "--load-models" => {
                a.load_models = Some(it.next().ok_or("--load-models needs a folder")?.into())
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => a.bench = s.into(),
        }
    }
    if a.bench.as_os_str().is_empty() {
        return Err("usage: train_content BENCH_DIR [--cv-predictions DIR] [--fit-predictions DIR] [--no-write] [--ablation] [--sweep] [--trees-sweep] [--save-models DIR] [--load-models DIR] [--no-fit] [--page-type-sweep] [--oracle]".into());
    }
    Ok(a)
}

fn settings() -> Settings {
    let blocks = Params {
        trees: 100,
        depth: 6,
        rate: 0.1,
        lambda: 1.0,
        min_hess: 0.5,
        row_sample: 0.4,
        col_sample: 0.6,
        seed: 7,
    };
    Settings {
        blocks,
        // The second pass trains as the first, from another seed.
        context: Some(Params { seed: 13, ..blocks }),
        page_types: Params {
            trees: 80,
            depth: 3,
            rate: 0.1,
            lambda: 1.0,
            min_hess: 1.0,
            row_sample: 0.8,
            col_sample: 1.0,
            seed: 11,
        },
        without: Vec::new(),
        // Per page type, in PageType::ALL order; chosen with --sweep on the
        // held-out predictions, with the duplicates rule in place (lists want
        // more of their items than articles want of their asides).
        thresholds: [0.4, 0.4, 0.3, 0.15, 0.25, 0.25, 0.25],
        fallback: 0.5,
        // The stock-line rule is left out: with the stock-line feature in the
        // model it changes no cross-validated figure (--sweep).
        rules: rules::HEADLINE | rules::EDGES | rules::DUPLICATES,
    }
}

/// The page-type forest settings `--page-type-sweep` compares with `base`.
fn page_type_settings(base: &Params) -> Vec<(&'static str, Params)> {
    vec![
        ("current", *base),
        ("40 trees", Params { trees: 40, ..*base }),
        (
            "160 trees rate 0.05",
            Params {
                trees: 160,
                rate: 0.05,
                ..*base
            },
        ),
        ("depth 2", Params { depth: 2, ..*base }),
        (
            "depth 2, 160 trees",
            Params {
                depth: 2,
                trees: 160,
                ..*base
            },
        ),
        ("depth 4", Params { depth: 4, ..*base }),
        (
            "min hess 3",
            Params {
                min_hess: 3.0,
                ..*base
            },
        ),
        (
            "min hess 6",
            Params {
                min_hess: 6.0,
                ..*base
            },
        ),
        (
            "lambda 10",
            Params {
                lambda: 10.0,
                ..*base
            },
        ),
        (
            "cols 0.5",
            Params {
                col_sample: 0.5,
                ..*base
            },
        ),
        (
            "rows 0.5 cols 0.5",
            Params {
                row_sample: 0.5,
                col_sample: 0.5,
                ..*base
            },
        ),
        (
            "cols 0.5 min hess 3",
            Params {
                col_sample: 0.5,
                min_hess: 3.0,
                ..*base
            },
        ),
        (
            "cols 0.3 160 trees",
            Params {
                col_sample: 0.3,
                trees: 160,
                ..*base
            },
        ),
    ]
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train_content: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    let start = Instant::now();
    let mut pages = data::load(&a.bench.join("wcxb"), Set::Wcxb)?;
    pages.extend(data::load(&a.bench.join("extraction"), Set::Extraction)?);
    let blocks: usize = pages.iter().map(|p| p.sample.len()).sum();
    eprintln!(
        "{} pages, {blocks} text blocks, read in {:.1}s",
        pages.len(),
        start.elapsed().as_secs_f32()
    );
    let s = settings();
    if a.page_type_sweep {
        pagetypes::sweep(&pages, &page_type_settings(&s.page_types));
        return Ok(());
    }

    let (cv, models) = match &a.load_models {
        Some(dir) => {
            // The fold models get the current settings after the scores
            // (thresholds, fallback, rules), so such a change is measured
            // without refitting.
            let mut models = load_models(dir)?;
            for m in &mut models {
                m.thresholds = s.thresholds;
                m.fallback = s.fallback;
                m.rules = s.rules;
            }
            (extract_with_folds(&pages, &models)?, models)
        }
        None => cross_validate(&pages, &s, true)?,
    };
    if let Some(dir) = &a.save_models {
        save_models(dir, &models, "fold")?;
    }
    report::print("cv (5 folds by domain)", &pages, &cv);
    if a.sweep {
        sweep(&pages, &models);
        rules_sweep(&pages, &models);
    }
    if a.trees_sweep {
        trees_sweep(&pages, &models);
    }
    if a.oracle {
        pagetypes::oracle(&pages, &models);
    }
    if let Some(dir) = &a.cv_predictions {
        report::write_predictions(dir, &pages, &cv)?;
    }
    eprintln!("cross-validated in {:.0}s", start.elapsed().as_secs_f32());

    if a.ablation {
        // On the first pass alone, to keep twelve cross-validations affordable;
        // the last row is the two-pass model.
        let mut base = s.clone();
        base.context = None;
        report::ablation_header();
        let (preds, _) = cross_validate(&pages, &base, false)?;
        report::ablation_row("nothing", &pages, &preds);
        for family in report::FAMILIES {
            let mut without = base.clone();
            without.without = vec![family];
            let (preds, _) = cross_validate(&pages, &without, false)?;
            report::ablation_row(&format!("{family:?}"), &pages, &preds);
        }
        let (preds, _) = cross_validate(&pages, &s, false)?;
        report::ablation_row("(second pass)", &pages, &preds);
    }

    if a.fit {
        // With --load-models, a saved full model (full.bin) stands for the
        // fit, with the current settings after the scores.
        let saved = a.load_models.as_ref().map(|d| d.join("full.bin"));
        let model = match saved.filter(|p| p.exists()) {
            Some(path) => {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let mut m = ContentModel::from_bytes(&bytes)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                m.thresholds = s.thresholds;
                m.fallback = s.fallback;
                m.rules = s.rules;
                m
            }
            None => {
                let all: Vec<&PageData> = pages.iter().collect();
                fit::fit(&all, &s)
            }
        };
        if let Some(dir) = &a.save_models {
            save_models(dir, std::slice::from_ref(&model), "full")?;
        }
        let fitted = extract(&pages, &model)?;
        report::print("fit (trained on every page)", &pages, &fitted);
        if let Some(dir) = &a.fit_predictions {
            report::write_predictions(dir, &pages, &fitted)?;
        }
        println!(
            "model: {} + {} block trees, {} page-type trees, {} tokens",
            model.blocks.trees.len(),
            model.context.trees.len(),
            model
                .page_types
                .iter()
                .map(|f| f.trees.len())
                .sum::<usize>(),
            model.tokens.len()
        );
        if a.write {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/content.bin");
            let bytes = model.to_bytes();
            std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
    }
    eprintln!("done in {:.0}s", start.elapsed().as_secs_f32());
    Ok(())
}

/// Held-out predictions for every page: a model fitted without the page's fold.
/// `full` runs the whole extractor (body, metadata, page type); otherwise only
/// the body is computed, from the stored blocks (the same selection).
fn cross_validate(
    pages: &[PageData],
    s: &Settings,
    full: bool,
) -> Result<(Vec<Prediction>, Vec<ContentModel>), String> {
    let mut out: Vec<Option<Prediction>> = (0..pages.len()).map(|_| None).collect();
    let mut models = Vec::new();
    for fold in 0..5 {
        let train: Vec<&PageData> = pages.iter().filter(|p| p.fold != fold).collect();
        let t = Instant::now();
        let model = fit::fit(&train, s);
        eprintln!("  fold {fold}: fitted in {:.0}s", t.elapsed().as_secs_f32());
        let held: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].fold == fold)
            .collect();
        let preds = if full {
            extract_some(pages, &held, &model)?
        } else {
            held.par_iter()
                .map(|&i| Prediction::body_only(pages[i].sample.body_with(&model)))
                .collect()
        };
        for (i, p) in held.into_iter().zip(preds) {
            out[i] = Some(p);
        }
        models.push(model);
    }
    let preds = out
        .into_iter()
        .map(|p| p.expect("every page is in a fold"))
        .collect();
    Ok((preds, models))
}

/// Writes `models` as `{prefix}-0.bin`, ... (or `{prefix}.bin` for "full").
fn save_models(dir: &std::path::Path, models: &[ContentModel], prefix: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (k, m) in models.iter().enumerate() {
        let path = match prefix {
            "full" => dir.join("full.bin"),
            _ => dir.join(format!("{prefix}-{k}.bin")),
        };
        std::fs::write(&path, m.to_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn load_models(dir: &std::path::Path) -> Result<Vec<ContentModel>, String> {
    (0..5)
        .map(|k| {
            let path = dir.join(format!("fold-{k}.bin"));
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            ContentModel::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

/// Held-out predictions from given fold models.
fn extract_with_folds(
    pages: &[PageData],
    models: &[ContentModel],
) -> Result<Vec<Prediction>, String> {
    let mut out: Vec<Option<Prediction>> = (0..pages.len()).map(|_| None).collect();
    for (fold, model) in models.iter().enumerate() {
        let held: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].fold == fold)
            .collect();
        for (i, p) in held.iter().zip(extract_some(pages, &held, model)?) {
            out[*i] = Some(p);
        }
    }
    Ok(out
        .into_iter()
        .map(|p| p.expect("every page is in a fold"))
        .collect())
}

/// The cross-validated figure with each rule after the scores left out.
fn rules_sweep(pages: &[PageData], models: &[ContentModel]) {
    println!("rules (cv): without -> wcxb all, article, extraction");
    for (name, rule) in [
        ("none", 0),
        ("headline", rules::HEADLINE),
        ("stock lines", rules::STOCK_LINES),
        ("edges", rules::EDGES),
        ("duplicates", rules::DUPLICATES),
        ("all rules", rules::ALL),
    ] {
        let preds: Vec<Prediction> = pages
            .par_iter()
            .map(|p| {
                let mut m = models[p.fold].clone();
                m.rules &= !rule;
                Prediction::body_only(p.sample.body_with(&m))
            })
            .collect();
        report::ablation_row(name, pages, &preds);
    }
}

/// The cross-validated figure with the block forests cut to their first trees.
fn trees_sweep(pages: &[PageData], models: &[ContentModel]) {
    println!("trees (cv): first pass + second pass -> wcxb all, article, extraction");
    for (first, second) in [
        (100, 100),
        (100, 60),
        (100, 40),
        (100, 20),
        (60, 60),
        (60, 40),
        (40, 40),
    ] {
        let preds: Vec<Prediction> = pages
            .par_iter()
            .map(|p| {
                let mut m = models[p.fold].clone();
                m.blocks.trees.truncate(first);
                m.context.trees.truncate(second);
                Prediction::body_only(p.sample.body_with(&m))
            })
            .collect();
        report::ablation_row(&format!("{first} + {second}"), pages, &preds);
    }
}

/// The cross-validated figures for other thresholds, per predicted page type
/// (the fold models are the same; only the cut changes).
fn sweep(pages: &[PageData], models: &[ContentModel]) {
    let predicted: Vec<usize> = pages
        .iter()
        .map(|p| {
            let t = most_probable(&models[p.fold].page_probabilities(p.sample.page_features()));
            PageType::ALL.iter().position(|&x| x == t).unwrap_or(0)
        })
        .collect();
    println!(
        "sweep (cv): wcxb body F1 of the pages predicted as each type, by threshold; extraction F1"
    );
    print!("  {:<10}", "threshold");
    for t in PageType::ALL {
        print!("{:>9}", &t.as_str()[..t.as_str().len().min(8)]);
    }
    println!("{:>11}", "extraction");
    print!("  {:<10}", "pages");
    for t in 0..7 {
        let n = pages
            .iter()
            .zip(&predicted)
            .filter(|(p, &x)| x == t && p.set == Set::Wcxb)
            .count();
        print!("{n:>9}");
    }
    println!();
    for threshold in [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] {
        let preds: Vec<Prediction> = pages
            .par_iter()
            .map(|p| {
                let mut m = models[p.fold].clone();
                m.thresholds = [threshold; 7];
                Prediction::body_only(p.sample.body_with(&m))
            })
            .collect();
        let mut sums = [(0usize, 0f64); 7];
        let mut shingles = Vec::new();
        for ((p, pred), &t) in pages.iter().zip(&preds).zip(&predicted) {
            match p.set {
                Set::Wcxb => {
                    sums[t].0 += 1;
                    sums[t].1 += score::wcxb_prf(&pred.body, &p.truth).2;
                }
                Set::Extraction => shingles.push(score::shingle_counts(&pred.body, &p.truth)),
            }
        }
        print!("  {threshold:<10.2}");
        for (n, f) in sums {
            print!("{:>9.3}", if n > 0 { f / n as f64 } else { 0.0 });
        }
        println!("{:>11.3}", score::shingle_f1(&shingles));
    }
}

fn extract(pages: &[PageData], model: &ContentModel) -> Result<Vec<Prediction>, String> {
    let all: Vec<usize> = (0..pages.len()).collect();
    extract_some(pages, &all, model)
}

fn extract_some(
    pages: &[PageData],
    which: &[usize],
    model: &ContentModel,
) -> Result<Vec<Prediction>, String> {
    let extractor = Extractor::with_model(ScrapeConfig::default(), Arc::new(model.clone()))
        .map_err(|e| e.to_string())?;
    which
        .par_iter()
        .map(|&i| {
            let p = &pages[i];
            let page = data::read_page(&p.path, &p.url)?;
            let (article, _) = extractor
                .extract_lenient(&page)
                .map_err(|e| format!("{}: {e}", p.id))?;
            Ok(Prediction::of(&article))
        })
        .collect()
}
