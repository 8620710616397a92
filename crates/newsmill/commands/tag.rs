//! `newsmill tag --conll FILE`: CoNLL tokens in, the same lines with a predicted
//! IOB2 tag appended as the last column out (stdout), for `bench/ner/score.py`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::args::TagArgs;

/// Runs the command.
pub fn run(args: TagArgs) -> Result<ExitCode> {
    let model = newsmill_ner::Model::builtin().context("cannot load the NER model")?;
    let name = args.conll.display().to_string();
    let input: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(&args.conll).with_context(|| format!("cannot open {name}"))?;
        Box::new(BufReader::new(file))
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    newsmill_ner::tag_conll(&model, input, &mut out).with_context(|| name.clone())?;
    out.flush().context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
