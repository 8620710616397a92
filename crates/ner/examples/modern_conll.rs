//! Turns hand-annotated raw texts into CoNLL training documents with this crate's own
//! tokenizer and sentence splitter (the ones `Model::tag_text` uses), so that the model
//! learns from the tokens it will see when tagging web text.
//!
//! Reads JSON lines `{"id", "text", "region_end", "entities": [[start, end, "KIND"], ...]}`
//! on stdin (offsets in characters, as Python indexes strings; `region_end` ends the
//! annotated part of the text) and writes one `-DOCSTART-` document per line to stdout: the
//! region's sentences, one `token TAG` line per token (IOB2). Tokens are cut at the region
//! end. An entity whose edges do not fall on token edges is reported on stderr (with the
//! page id) and tagged over the tokens it overlaps; the totals end the report.
//!
//! `python3 scripts/ner_modern.py jsonl | cargo run --release -p newsmill-ner --example modern_conll > modern.conll`
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use newsmill_ner::{split_sentences, tokenize, Kind, Tag};

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
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut docs, mut entities, mut misaligned, mut tokens_out) = (0, 0, 0, 0);
    for line in stdin_json::lines() {
        let (n, v) = line?;
        let id = v.get("id").and_then(|x| x.as_str()).unwrap_or("?");
        let where_ = format!("stdin line {n} (page {id})");
        let text = v
            .get("text")
            .and_then(|t| t.as_str())
            .ok_or_else(|| format!("{where_}: needs \"text\""))?;
        let region_end =
            v.get("region_end")
                .and_then(|t| t.as_u64())
                .ok_or_else(|| format!("{where_}: needs \"region_end\""))? as usize;
        // Character offset -> byte offset (one slot past the end).
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let byte_at = |c: usize| bytes.get(c).copied();
        let region =
            byte_at(region_end).ok_or_else(|| format!("{where_}: region_end past the text"))?;
        let mut spans = Vec::new();
        for e in v
            .get("entities")
            .and_then(|x| x.as_array())
            .ok_or_else(|| format!("{where_}: needs \"entities\""))?
        {
            let bad = || format!("{where_}: bad entity {e}");
            let s = e.get(0).and_then(|x| x.as_u64()).ok_or_else(bad)? as usize;
            let t = e.get(1).and_then(|x| x.as_u64()).ok_or_else(bad)? as usize;
            let k = e
                .get(2)
                .and_then(|x| x.as_str())
                .and_then(|l| l.parse::<Kind>().ok())
                .ok_or_else(bad)?;
            let (s, t) = (byte_at(s).ok_or_else(bad)?, byte_at(t).ok_or_else(bad)?);
            spans.push((s, t, k));
        }
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        for &(s, t, _) in &spans {
            let starts = tokens.iter().any(|tok| tok.start == s);
            let ends = tokens.iter().any(|tok| tok.end == t);
            if !(starts && ends) {
                misaligned += 1;
                eprintln!(
                    "{where_}: entity {:?} does not fall on token edges",
                    &text[s..t]
                );
            }
        }
        entities += spans.len();
        docs += 1;
        writeln!(out, "-DOCSTART- O\n").map_err(|e| e.to_string())?;
        for range in sentences {
            let toks: Vec<_> = tokens[range].iter().filter(|t| t.end <= region).collect();
            if toks.is_empty() {
                continue;
            }
            let mut prev: Option<(usize, Kind)> = None;
            for tok in toks {
                let hit = spans
                    .iter()
                    .enumerate()
                    .find(|(_, (s, t, _))| tok.start < *t && tok.end > *s);
                let tag = match hit {
                    Some((i, &(_, _, k))) if prev == Some((i, k)) => Tag::I(k),
                    Some((i, &(_, _, k))) => {
                        prev = Some((i, k));
                        Tag::B(k)
                    }
                    None => {
                        prev = None;
                        Tag::O
                    }
                };
                let word: String = tok
                    .text
                    .chars()
                    .map(|c| if c.is_whitespace() { '_' } else { c })
                    .collect();
                writeln!(out, "{word} {tag}").map_err(|e| e.to_string())?;
                tokens_out += 1;
            }
            writeln!(out).map_err(|e| e.to_string())?;
        }
    }
    out.flush().map_err(|e| format!("stdout: {e}"))?;
    eprintln!(
        "{docs} documents, {tokens_out} tokens, {entities} entities ({misaligned} not on token edges)"
    );
    Ok(())
}
