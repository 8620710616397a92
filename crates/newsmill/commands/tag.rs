//! `newsmill tag --conll FILE [--stats]`: CoNLL tokens in, the same lines with a
//! predicted IOB2 tag appended as the last column out (stdout), for
//! `bench/ner/score.py`. `--stats` adds one JSON line on stderr with the counts,
//! the model's load time and the tagging time (reading, tagging and writing
//! everything after the model is loaded), for benchmarks.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::json;

use crate::args::TagArgs;

/// Runs the command.
pub fn run(args: TagArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let model = newsmill_ner::Model::builtin().context("cannot load the NER model")?;
    let load_s = started.elapsed().as_secs_f64();
    let name = args.conll.display().to_string();
    let input: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(&args.conll).with_context(|| format!("cannot open {name}"))?;
        Box::new(BufReader::new(file))
    };
    let tagging = Instant::now();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let counts = newsmill_ner::tag_conll(&model, input, &mut out).with_context(|| name.clone())?;
    out.flush().context("cannot write to stdout")?;
    let tag_s = tagging.elapsed().as_secs_f64();
    if args.stats {
        let stats = json!({
            "documents": counts.documents,
            "sentences": counts.sentences,
            "tokens": counts.tokens,
            "load_s": round(load_s),
            "tag_s": round(tag_s),
            "tokens_per_s": (counts.tokens as f64 / tag_s.max(1e-9)).round() as u64,
        });
        eprintln!("{stats}");
    }
    Ok(ExitCode::SUCCESS)
}

fn round(secs: f64) -> f64 {
    (secs * 1e4).round() / 1e4
}
