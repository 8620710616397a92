//! Tags texts given as JSON lines `{"id": ..., "text": ...}` on stdin and writes one line
//! `{"id": ..., "entities": [[start, end, "KIND"], ...]}` per text to stdout, with offsets
//! in characters (Unicode scalar values) of `text`, as Python indexes strings. What the
//! modern-news bench (`bench/ner-modern/score.py`) scores.
//!
//! `cargo run --release -p newsmill-ner --example spans [MODEL] < texts.jsonl`
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use newsmill_ner::{Model, Tag};

#[path = "support/stdin_json.rs"]
mod stdin_json;

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
    let model = match std::env::args().nth(1) {
        Some(m) => std::fs::read(&m)
            .map_err(|e| format!("{m}: {e}"))
            .and_then(|b| Model::from_bytes(&b).map_err(|e| format!("{m}: {e}")))?,
        None => Model::builtin().map_err(|e| e.to_string())?,
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin_json::lines() {
        let (n, v) = line?;
        let (Some(id), Some(text)) = (v.get("id"), v.get("text").and_then(|t| t.as_str())) else {
            return Err(format!("stdin line {n}: needs \"id\" and \"text\""));
        };
        let tagged = model.tag_text(text);
        // Byte offset -> character offset.
        let mut chars = vec![0usize; text.len() + 1];
        let mut c = 0;
        for (b, ch) in text.char_indices() {
            for slot in &mut chars[b..b + ch.len_utf8()] {
                *slot = c;
            }
            c += 1;
        }
        chars[text.len()] = c;
        let mut entities = Vec::new();
        for (range, tags) in tagged.sentences.iter().zip(&tagged.tags) {
            let toks = &tagged.tokens[range.clone()];
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
                let (s, e) = (chars[toks[i].start], chars[toks[j - 1].end]);
                entities.push(serde_json::json!([s, e, kind.to_string()]));
                i = j;
            }
        }
        let row = serde_json::json!({"id": id, "entities": entities});
        writeln!(out, "{row}").map_err(|e| format!("stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("stdout: {e}"))
}
