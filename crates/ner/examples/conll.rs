//! Tags a CoNLL file with the built-in model and writes it to stdout with the predicted
//! IOB2 tag appended: `cargo run --release -p newsmill-ner --example conll -- FILE [MODEL]`.
//! `NEWSMILL_NER_BEAM=N` sets the decoder's beam width (1 = greedy).
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: conll FILE [MODEL]");
        return ExitCode::from(2);
    };
    let model = match args.get(1) {
        Some(m) => std::fs::read(m)
            .map_err(|e| format!("{m}: {e}"))
            .and_then(|b| newsmill_ner::Model::from_bytes(&b).map_err(|e| format!("{m}: {e}"))),
        None => newsmill_ner::Model::builtin().map_err(|e| e.to_string()),
    };
    let beam = std::env::var("NEWSMILL_NER_BEAM")
        .ok()
        .and_then(|b| b.parse().ok());
    let model = model.map(|m| match beam {
        Some(width) => m.with_beam_width(width),
        None => m,
    });
    let result = model.and_then(|model| {
        let input = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let out = BufWriter::new(std::io::stdout().lock());
        newsmill_ner::tag_conll(&model, BufReader::new(input), out)
            .map(drop)
            .map_err(|e| format!("{path}: {e}"))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
