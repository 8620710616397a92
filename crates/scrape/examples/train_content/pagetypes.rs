//! Cross-validated page-type accuracy for several forest settings, and what a
//! right page type is worth to the body (gold types given to the fold models).

use newsmill_records::PageType;
use newsmill_scrape::train::{most_probable, ContentModel};
use rayon::prelude::*;

use crate::data::{PageData, Set};
use crate::fit;
use crate::gbdt::Params;
use crate::report::{self, Prediction};

/// The held-out page type of every page: page-type forests fitted with `p`
/// on four folds, applied to the fifth.
pub fn held_out(pages: &[PageData], p: &Params) -> Vec<PageType> {
    let mut out = vec![PageType::Article; pages.len()];
    for fold in 0..5 {
        let train: Vec<&PageData> = pages.iter().filter(|x| x.fold != fold).collect();
        let model = ContentModel {
            page_types: fit::page_types(&train, p),
            ..ContentModel::default()
        };
        for (i, page) in pages.iter().enumerate().filter(|(_, x)| x.fold == fold) {
            out[i] = most_probable(&model.page_probabilities(page.sample.page_features()));
        }
    }
    out
}

/// Page-type accuracy on WCXB (cv, and fit on every page) for each setting,
/// with the recall of each type.
pub fn sweep(pages: &[PageData], settings: &[(&str, Params)]) {
    println!("page types: wcxb accuracy cv (fit), recall per type cv");
    print!("  {:<28}{:>7}{:>7}", "setting", "cv", "fit");
    for t in PageType::ALL {
        print!("{:>7}", &t.as_str()[..t.as_str().len().min(6)]);
    }
    println!();
    let all: Vec<&PageData> = pages.iter().collect();
    for (label, p) in settings {
        let cv = held_out(pages, p);
        let model = ContentModel {
            page_types: fit::page_types(&all, p),
            ..ContentModel::default()
        };
        let fitted: Vec<PageType> = pages
            .iter()
            .map(|x| most_probable(&model.page_probabilities(x.sample.page_features())))
            .collect();
        let acc = |pred: &[PageType]| {
            let wcxb: Vec<(&PageData, &PageType)> = pages
                .iter()
                .zip(pred)
                .filter(|(x, _)| x.set == Set::Wcxb)
                .collect();
            let right = wcxb.iter().filter(|(x, t)| x.page_type == **t).count();
            right as f64 / wcxb.len().max(1) as f64
        };
        print!("  {label:<28}{:>7.3}{:>7.3}", acc(&cv), acc(&fitted));
        for t in PageType::ALL {
            let of_t: Vec<bool> = pages
                .iter()
                .zip(&cv)
                .filter(|(x, _)| x.set == Set::Wcxb && x.page_type == t)
                .map(|(_, &p)| p == t)
                .collect();
            let r = of_t.iter().filter(|&&b| b).count() as f64 / of_t.len().max(1) as f64;
            print!("{r:>7.3}");
        }
        println!();
    }
}

/// The body figures with the fold models given each page's true type
/// (probability one), next to the figures with their own types.
pub fn oracle(pages: &[PageData], models: &[ContentModel]) {
    let own: Vec<Prediction> = pages
        .par_iter()
        .map(|p| Prediction::body_only(p.sample.body_with(&models[p.fold])))
        .collect();
    let gold: Vec<Prediction> = pages
        .par_iter()
        .map(|p| {
            let mut types = [0f32; 7];
            types[PageType::ALL
                .iter()
                .position(|&t| t == p.page_type)
                .unwrap_or(0)] = 1.0;
            Prediction::body_only(p.sample.body_with_types(&models[p.fold], &types))
        })
        .collect();
    report::print(
        "oracle: fold models, their own page types (cv)",
        pages,
        &own,
    );
    report::print("oracle: fold models, the true page types", pages, &gold);
}
