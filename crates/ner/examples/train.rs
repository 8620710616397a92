//! Trains the NER model on CoNLL-2003 and writes the model file.
//!
//! ```text
//! cargo run --release -p newsmill-ner --example train -- \
//!     --train ../shared/bench/ner/conll2003/train.txt --dev ../shared/bench/ner/conll2003/dev.txt \
//!     --out crates/ner/model/ner.bin [--train-weight 3] [--extra modern.conll --extra-weight 1]
//!     [--epochs 15] [--patience 3] [--max-features 400000] [--beam 8]
//!     [--no-gazetteer --no-wordfreq --no-document --no-affixes --no-shape --no-context --no-prevtags
//!      --no-clusters --no-namelists] [--seed 7]
//!     [--ablation]   # train once per family switched off and print a dev-F1 table
//! ```
//!
//! `--extra FILE` adds the documents of another CoNLL file to the training data, each
//! repeated `--extra-weight N` times (default 1): the modern-news training set written by
//! the `modern_conll` example (`scripts/ner_modern.py` runs both). The fit on it is printed
//! apart from the fit on `--train`. `--train-weight N` (default 1) repeats the `--train`
//! documents N times, so the extra set can grow without outweighing them. The documents are
//! listed as `--train` once, the extra set `--extra-weight` times, then `--train` the other
//! N - 1 times (the order the training shuffle starts from: with an extra weight of 1 this is
//! the same as one extra file holding the extra set followed by N - 1 copies of `--train`).
use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;
use std::time::Instant;

use newsmill_ner::{
    evaluate, read_documents, train, Document, Families, Kind, Model, Scores, TrainConfig,
};

fn load(path: &str) -> Result<Vec<Document>, String> {
    let f = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    read_documents(BufReader::new(f), path).map_err(|e| e.to_string())
}

fn per_kind(s: &Scores) -> String {
    Kind::ALL
        .iter()
        .map(|k| format!("{k} {:.4}", s.per_kind[*k as usize].f1()))
        .collect::<Vec<_>>()
        .join("  ")
}

fn run_one(
    train_docs: &[Document],
    dev: &[Document],
    cfg: &TrainConfig,
) -> Result<(Model, Scores), String> {
    let started = Instant::now();
    let model = train(train_docs, dev, cfg, |r| {
        eprintln!(
            "epoch {:2}  errors {:6}  features {:8}  dev F1 {:.4}  ({})  {:.0}s",
            r.epoch,
            r.train_errors,
            r.features,
            r.dev.all.f1(),
            per_kind(&r.dev),
            started.elapsed().as_secs_f64()
        );
    })
    .map_err(|e| e.to_string())?;
    let best = evaluate(&model, dev);
    Ok((model, best))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut train_path, mut dev_path, mut out) = (None, None, None);
    let (mut extra_path, mut extra_weight, mut train_weight) = (None, 1usize, 1usize);
    let mut cfg = TrainConfig::default();
    let mut ablation = false;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--train" => train_path = Some(value()?),
            "--dev" => dev_path = Some(value()?),
            "--out" => out = Some(value()?),
            "--extra" => extra_path = Some(value()?),
            "--extra-weight" => {
                extra_weight = value()?
                    .parse()
                    .map_err(|e| format!("--extra-weight: {e}"))?
            }
            "--train-weight" => {
                train_weight = value()?
                    .parse()
                    .map_err(|e| format!("--train-weight: {e}"))?
            }
            "--epochs" => {
                cfg.max_epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?
            }
            "--patience" => {
                cfg.patience = value()?.parse().map_err(|e| format!("--patience: {e}"))?
            }
            "--max-features" => {
                cfg.max_features = value()?
                    .parse()
                    .map_err(|e| format!("--max-features: {e}"))?
            }
            "--dropout" => cfg.dropout = value()?.parse().map_err(|e| format!("--dropout: {e}"))?,
            "--word-dropout" => {
                cfg.word_dropout = value()?
                    .parse()
                    .map_err(|e| format!("--word-dropout: {e}"))?
            }
            "--ensemble" => {
                cfg.ensemble = value()?.parse().map_err(|e| format!("--ensemble: {e}"))?
            }
            "--beam" => cfg.beam = value()?.parse().map_err(|e| format!("--beam: {e}"))?,
            "--seed" => cfg.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--pa" => cfg.margin_c = value()?.parse().map_err(|e| format!("--pa: {e}"))?,
            "--ablation" => ablation = true,
            flag => {
                let name = flag
                    .strip_prefix("--no-")
                    .ok_or_else(|| format!("unknown argument {flag}"))?;
                let fam = Families::NAMES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .ok_or_else(|| format!("unknown feature family {name}"))?
                    .1;
                cfg.families = cfg.families.without(fam);
            }
        }
    }
    let conll_train = load(&train_path.ok_or("--train is required")?)?;
    let dev = load(&dev_path.ok_or("--dev is required")?)?;
    let extra = match &extra_path {
        Some(p) => load(p)?,
        None => Vec::new(),
    };
    if train_weight == 0 {
        return Err("--train-weight must be at least 1".into());
    }
    let mut train_docs = conll_train.clone();
    for _ in 0..extra_weight {
        train_docs.extend(extra.iter().cloned());
    }
    for _ in 1..train_weight {
        train_docs.extend(conll_train.iter().cloned());
    }
    eprintln!(
        "train {} documents ({} x {train_weight} + {} extra x {extra_weight}), dev {} documents",
        train_docs.len(),
        conll_train.len(),
        extra.len(),
        dev.len()
    );
    if ablation {
        let mut rows = vec![(
            "all features".to_string(),
            run_one(&train_docs, &dev, &cfg)?.1,
        )];
        for (name, fam) in Families::NAMES {
            let mut c = cfg.clone();
            c.families = cfg.families.without(fam);
            eprintln!("--- without {name}");
            rows.push((format!("without {name}"), run_one(&train_docs, &dev, &c)?.1));
        }
        println!("| features | dev F1 | PER | ORG | LOC | MISC |");
        println!("|---|---|---|---|---|---|");
        for (name, s) in rows {
            let k = |k: Kind| s.per_kind[k as usize].f1();
            println!(
                "| {name} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} |",
                s.all.f1(),
                k(Kind::Per),
                k(Kind::Org),
                k(Kind::Loc),
                k(Kind::Misc)
            );
        }
        return Ok(());
    }
    let (model, best) = run_one(&train_docs, &dev, &cfg)?;
    let bytes = model.to_bytes().map_err(|e| e.to_string())?;
    let fit = evaluate(&model, &conll_train);
    eprintln!(
        "final model dev F1 {:.4} ({}), {} features, {} bytes",
        best.all.f1(),
        per_kind(&best),
        model.num_features(),
        bytes.len()
    );
    eprintln!(
        "fit (training split) F1 {:.4} ({})",
        fit.all.f1(),
        per_kind(&fit)
    );
    if !extra.is_empty() {
        let fit = evaluate(&model, &extra);
        eprintln!("fit (extra) F1 {:.4} ({})", fit.all.f1(), per_kind(&fit));
    }
    if let Some(out) = out {
        std::fs::write(&out, bytes).map_err(|e| format!("{out}: {e}"))?;
        eprintln!("wrote {out}");
    }
    Ok(())
}
