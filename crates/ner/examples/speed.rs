//! Measures model load time and tagging throughput on a CoNLL file (tokens from the first
//! column, documents tagged whole), single thread. Prints one JSON line.
//!
//! `cargo run --release -p newsmill-ner --example speed -- FILE [REPEATS] [BEAM] [MODEL]`
//! (BEAM: decoder beam width, 1 = greedy; MODEL: a model file instead of the built-in one)
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: speed FILE [REPEATS] [BEAM] [MODEL]");
        return ExitCode::from(2);
    };
    let repeats: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    let model = match args.get(3) {
        Some(m) => std::fs::read(m)
            .map_err(|e| format!("{m}: {e}"))
            .and_then(|b| newsmill_ner::Model::from_bytes(&b).map_err(|e| format!("{m}: {e}"))),
        None => newsmill_ner::Model::builtin().map_err(|e| e.to_string()),
    };
    let model = match model {
        Ok(m) => match args.get(2).and_then(|b| b.parse().ok()) {
            Some(beam) => m.with_beam_width(beam),
            None => m,
        },
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let load_s = t0.elapsed().as_secs_f64();
    // Documents of sentences of tokens.
    let mut docs: Vec<Vec<Vec<&str>>> = vec![Vec::new()];
    let mut sent = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !sent.is_empty() {
                docs.last_mut()
                    .expect("non-empty")
                    .push(std::mem::take(&mut sent));
            }
            if line.starts_with("-DOCSTART-") {
                docs.push(Vec::new());
            }
        } else {
            sent.push(line.split_whitespace().next().unwrap_or(line));
        }
    }
    if !sent.is_empty() {
        docs.last_mut().expect("non-empty").push(sent);
    }
    let tokens: usize = docs.iter().flatten().map(Vec::len).sum();
    let mut best = f64::MAX;
    let mut entities = 0;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        entities = 0;
        for d in &docs {
            let tags = model.tag_document(d);
            entities += tags
                .iter()
                .flatten()
                .filter(|t| matches!(t, newsmill_ner::Tag::B(_)))
                .count();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{{\"tokens\": {tokens}, \"entities\": {entities}, \"load_s\": {load_s:.4}, \"tag_s\": {best:.4}, \"tokens_per_s\": {:.0}}}",
        tokens as f64 / best
    );
    ExitCode::SUCCESS
}
