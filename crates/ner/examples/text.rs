//! Tokenizes, sentence-splits and tags plain text from stdin with the built-in model and
//! prints one entity per line (`KIND<TAB>text<TAB>byte start..end`).
//!
//! `cargo run --release -p newsmill-ner --example text < article.txt`
use std::io::Read;
use std::process::ExitCode;

use newsmill_ner::{split_sentences, tokenize, Model, Tag};

fn main() -> ExitCode {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: stdin: {e}");
        return ExitCode::from(2);
    }
    let model = match Model::builtin() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let tokens = tokenize(&text);
    let ranges = split_sentences(&text, &tokens);
    let sentences: Vec<Vec<&str>> = ranges
        .iter()
        .map(|r| tokens[r.clone()].iter().map(|t| t.text.as_str()).collect())
        .collect();
    let tags = model.tag_document(&sentences);
    for (range, tags) in ranges.iter().zip(&tags) {
        let toks = &tokens[range.clone()];
        let mut i = 0;
        while i < toks.len() {
            let (Tag::B(kind) | Tag::I(kind)) = tags[i] else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < toks.len() && tags[j] == Tag::I(kind) {
                j += 1;
            }
            let (s, e) = (toks[i].start, toks[j - 1].end);
            println!("{kind}\t{}\t{s}..{e}", &text[s..e]);
            i = j;
        }
    }
    ExitCode::SUCCESS
}
