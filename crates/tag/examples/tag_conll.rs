//! Runs the whole tag stage over a CoNLL file and writes it back with a predicted IOB2
//! column, so `score.py` can score what the tag stage adds to (or takes from) the NER
//! model: watch-list-free gazetteer spans, title cues, label repairs, surname recall.
//!
//! ```text
//! cargo run --release -p newsmill-tag --example tag_conll -- dev.txt > pred.txt
//! cargo run --release -p newsmill-tag --example tag_conll -- --ner-only dev.txt > ner.txt
//! ```
//!
//! Each document's sentences become paragraphs of space-joined tokens; a token takes
//! the type of the PER/ORG/LOC/MISC mention that covers it.

use std::io::{BufWriter, Write};

use newsmill_records::{Article, Label};
use newsmill_tag::{Tagger, Watchlist};

struct Doc {
    /// Lines of the document (including blank lines), in order.
    lines: Vec<String>,
    /// For each token line index: (char start, char end) in the body.
    tokens: Vec<(usize, usize, usize)>,
    paragraphs: Vec<String>,
}

fn read(text: &str) -> Vec<Doc> {
    let mut docs = vec![Doc {
        lines: Vec::new(),
        tokens: Vec::new(),
        paragraphs: Vec::new(),
    }];
    let mut sentence: Vec<String> = Vec::new();
    let mut chars = 0;
    let flush = |doc: &mut Doc, sentence: &mut Vec<String>, chars: &mut usize| {
        if !sentence.is_empty() {
            let p = sentence.join(" ");
            *chars += p.chars().count() + 2;
            doc.paragraphs.push(p);
            sentence.clear();
        }
    };
    for line in text.lines() {
        let word = line.split_whitespace().next();
        if word == Some("-DOCSTART-") {
            let doc = docs.last_mut().expect("one doc");
            flush(doc, &mut sentence, &mut chars);
            docs.push(Doc {
                lines: vec![line.to_string()],
                tokens: Vec::new(),
                paragraphs: Vec::new(),
            });
            chars = 0;
            continue;
        }
        let doc = docs.last_mut().expect("one doc");
        match word {
            Some(w) => {
                let start = chars
                    + sentence
                        .iter()
                        .map(|t| t.chars().count() + 1)
                        .sum::<usize>();
                doc.tokens
                    .push((doc.lines.len(), start, start + w.chars().count()));
                sentence.push(w.to_string());
            }
            None => flush(doc, &mut sentence, &mut chars),
        }
        doc.lines.push(line.to_string());
    }
    let doc = docs.last_mut().expect("one doc");
    flush(doc, &mut sentence, &mut chars);
    docs
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ner_only = args.iter().any(|a| a == "--ner-only");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: tag_conll [--ner-only] FILE")?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let tagger = Tagger::builtin(Watchlist::default()).map_err(|e| e.to_string())?;
    let model = newsmill_ner::Model::builtin().map_err(|e| e.to_string())?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for doc in read(&text) {
        let body = doc.paragraphs.join("\n\n");
        let spans: Vec<(usize, usize, &str)> = if ner_only {
            ner_spans(&model, &body)
        } else {
            let article = article(&doc.paragraphs);
            tagger
                .tag(&article)
                .mentions
                .iter()
                .filter_map(|m| {
                    let kind = match m.label {
                        Label::Per => "PER",
                        Label::Org => "ORG",
                        Label::Loc => "LOC",
                        Label::Misc => "MISC",
                        _ => return None,
                    };
                    Some((m.start, m.end, kind))
                })
                .collect()
        };
        let mut tags = vec![String::from("O"); doc.lines.len()];
        let mut previous: Option<usize> = None;
        for &(line, start, end) in &doc.tokens {
            let covering = spans.iter().position(|&(s, e, _)| s <= start && end <= e);
            if let Some(at) = covering {
                let prefix = if previous == Some(at) { "I" } else { "B" };
                tags[line] = format!("{prefix}-{}", spans[at].2);
            }
            previous = covering;
        }
        for (line, tag) in doc.lines.iter().zip(&tags) {
            if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            } else {
                writeln!(out, "{line} {tag}").map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

/// The model's own spans, in character offsets, for comparison.
fn ner_spans(model: &newsmill_ner::Model, body: &str) -> Vec<(usize, usize, &'static str)> {
    let tagged = model.tag_text(body);
    let chars = |b: usize| body[..b].chars().count();
    let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
    for (range, tags) in tagged.sentences.iter().zip(tagged.tags) {
        let mut last_kind = None;
        for (t, tag) in tagged.tokens[range.clone()].iter().zip(tags) {
            let (kind, begin) = match tag {
                newsmill_ner::Tag::O => {
                    last_kind = None;
                    continue;
                }
                newsmill_ner::Tag::B(k) => (k, true),
                newsmill_ner::Tag::I(k) => (k, false),
            };
            let name = kind.as_str();
            match out.last_mut() {
                Some(last) if !begin && last_kind == Some(name) => last.1 = chars(t.end),
                _ => out.push((chars(t.start), chars(t.end), name)),
            }
            last_kind = Some(name);
        }
    }
    out
}

fn article(paragraphs: &[String]) -> Article {
    Article {
        id: String::new(),
        published: chrono::DateTime::parse_from_rfc3339("1996-08-30T12:00:00Z").ok(),
        ..Article::from_paragraphs("conll", "", paragraphs.iter().cloned())
    }
}
