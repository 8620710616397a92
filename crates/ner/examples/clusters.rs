//! Learns the word classes of `data/clusters.tsv.gz` (see `src/wordclass.rs`) from plain
//! texts and CoNLL token columns, and writes `word<TAB>path` lines, most frequent word
//! first. `scripts/ner_clusters.py` gathers the texts and calls this.
//!
//! ```text
//! cargo run --release -p newsmill-ner --example clusters -- --text corpus.txt \
//!     [--conll train.txt] [--depth 12] [--min-count 3] --out clusters.tsv
//! ```
//! In `--text` files a line holding only a form feed (`\x0c`) separates documents.
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use newsmill_ner::{read_documents, word_classes, ClassConfig, ClassCorpus};

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
    let (mut texts, mut conlls, mut out) = (Vec::new(), Vec::new(), None);
    let mut cfg = ClassConfig::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--text" => texts.push(value()?),
            "--conll" => conlls.push(value()?),
            "--out" => out = Some(value()?),
            "--depth" => cfg.depth = value()?.parse().map_err(|e| format!("--depth: {e}"))?,
            "--min-count" => {
                cfg.min_count = value()?.parse().map_err(|e| format!("--min-count: {e}"))?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out is required")?;
    let started = Instant::now();
    let mut corpus = ClassCorpus::default();
    let mut n_docs = 0;
    for path in &texts {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        for doc in text.split("\n\x0c\n") {
            corpus.add_text(doc);
            n_docs += 1;
        }
    }
    for path in &conlls {
        let f = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        for doc in read_documents(BufReader::new(f), path).map_err(|e| e.to_string())? {
            for sent in doc.words() {
                corpus.add_sentence(sent);
            }
            n_docs += 1;
        }
    }
    eprintln!(
        "{n_docs} documents, {} tokens read in {:.1}s",
        corpus.num_tokens(),
        started.elapsed().as_secs_f64()
    );
    let classes = word_classes(&corpus, &cfg);
    let f = File::create(&out).map_err(|e| format!("{out}: {e}"))?;
    let mut w = BufWriter::new(f);
    for (word, path) in &classes {
        writeln!(w, "{word}\t{path}").map_err(|e| format!("{out}: {e}"))?;
    }
    w.flush().map_err(|e| format!("{out}: {e}"))?;
    eprintln!(
        "{} words in classes of depth {}, {:.1}s in all",
        classes.len(),
        cfg.depth,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
