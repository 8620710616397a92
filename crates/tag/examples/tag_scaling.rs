//! Tags one large body and prints how long it took, as JSON: the time-per-size figure
//! `bench/tag_scaling.sh` turns into seconds per MB.
//!
//! ```text
//! cargo run --release -p newsmill-tag --example tag_scaling -- 1.0 articles
//! ```
//!
//! The body is built from the project's own English test articles
//! (`tests/golden/*.txt`, the fixture), repeated until it reaches the size in MB:
//!
//! * `articles`: paragraphs as written: the same people, places, dates and quotes
//!   over and over, as in a page cut at the body cap (many mentions per entity);
//! * `one-sentence`: the same words with every sentence end and paragraph break
//!   removed: one sentence as long as the body;
//! * `names`: capitalised two-word names that never repeat, each in a short sentence
//!   with a title, a date and an amount: many distinct entities;
//! * `hostile`: text no article has: a number of endless digit groups
//!   (`$1,234,234,…`), a chunk without white space (`Smith,Smith,…`), an unclosed
//!   quotation and a surname repeated without end, in turn.
//!
//! With `--ner` the NER model alone (tokenize, split, tag) is timed too. `steps` gives
//! the wall seconds of each tagging step ([`StepTimes`]; reading the clock per step
//! costs nothing next to a body this size).

use std::time::Instant;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::cpu_s;

use newsmill_records::Article;
use newsmill_tag::{StepTimes, Tagger, Watchlist};

const WATCHLIST: &str = include_str!("../../../config/entities.toml");

fn corpus() -> Result<String, String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let manifest =
        std::fs::read_to_string(format!("{dir}/corpus.tsv")).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() == 4 && cols[3] == "en" && cols[0] != "odd" {
            let text = std::fs::read_to_string(format!("{dir}/{}", cols[1]))
                .map_err(|e| format!("{}: {e}", cols[1]))?;
            out.push_str(text.trim());
            out.push_str("\n\n");
        }
    }
    Ok(out)
}

/// A name that never repeats: syllables picked by the digits of `n`.
fn name(mut n: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ren", "ta", "vo", "shi", "dar", "nel", "pu",
    ];
    let mut s = String::new();
    loop {
        s.push_str(SYL[n % 10]);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn body(shape: &str, size: usize) -> Result<String, String> {
    let mut out = String::with_capacity(size + 4096);
    match shape {
        "articles" | "one-sentence" => {
            let mut text = corpus()?;
            if shape == "one-sentence" {
                text = text
                    .chars()
                    .map(|c| match c {
                        '.' | '!' | '?' | '\n' => ' ',
                        c => c,
                    })
                    .collect();
            }
            while out.len() < size {
                out.push_str(&text);
            }
        }
        "names" => {
            let mut n = 0;
            while out.len() < size {
                out.push_str(&format!(
                    "Minister {} {} said on March {} that {} percent of the ${} million had gone.\n\n",
                    name(n),
                    name(n + 7_000_000),
                    n % 28 + 1,
                    n % 90,
                    n % 1000
                ));
                n += 1;
            }
        }
        "hostile" => {
            let part = size / 4;
            out.push_str("$1");
            while out.len() < part {
                out.push_str(",234");
            }
            out.push_str(" million dollars.\n\n");
            while out.len() < 2 * part {
                out.push_str("Smith,");
            }
            out.push_str("\n\n“He said");
            while out.len() < 3 * part {
                out.push_str(" that Mr Smith said on March 3 that");
            }
            out.push_str("\n\nJohn Smith. ");
            while out.len() < size {
                out.push_str("Smith said. ");
            }
        }
        _ => {
            return Err(format!(
                "unknown shape {shape:?} (articles, one-sentence, names, hostile)"
            ))
        }
    }
    Ok(out)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mb), Some(shape)) = (args.first(), args.get(1)) else {
        return Err("usage: tag_scaling SIZE_MB SHAPE [--ner]".into());
    };
    let mb: f64 = mb.parse().map_err(|e| format!("size: {e}"))?;
    let text = body(shape, (mb * 1_048_576.0) as usize)?;
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let article = Article {
        published: chrono::DateTime::parse_from_rfc3339("2024-03-12T09:15:00+01:00").ok(),
        ..Article::from_paragraphs("bench", "https://example.org/big", paragraphs)
    };
    let watchlist =
        Watchlist::from_toml(WATCHLIST, "config/entities.toml").map_err(|e| e.to_string())?;
    let tagger = Tagger::builtin(watchlist).map_err(|e| e.to_string())?;
    let body = article.body();
    let origin = Instant::now();
    let (ner_s, ner_cpu) = if args.iter().any(|a| a == "--ner") {
        let model = newsmill_ner::Model::builtin().map_err(|e| e.to_string())?;
        let (t, c) = (Instant::now(), cpu_s(origin));
        std::hint::black_box(model.tag_text(&body));
        (t.elapsed().as_secs_f64(), cpu_s(origin) - c)
    } else {
        (-1.0, -1.0)
    };
    let mut steps = StepTimes::default();
    let (t, c) = (Instant::now(), cpu_s(origin));
    let tagged = tagger.tag_profiled(&article, &mut steps);
    let (tag_s, tag_cpu) = (t.elapsed().as_secs_f64(), cpu_s(origin) - c);
    let steps: Vec<String> = steps
        .steps()
        .iter()
        .map(|(name, d)| format!("\"{name}\": {:.3}", d.as_secs_f64()))
        .collect();
    println!(
        "{{\"shape\": \"{shape}\", \"bytes\": {}, \"words\": {}, \"tag_s\": {tag_s:.3}, \"ner_s\": {ner_s:.3}, \
         \"tag_cpu_s\": {tag_cpu:.2}, \"ner_cpu_s\": {ner_cpu:.2}, \
         \"mentions\": {}, \"entities\": {}, \"quotes\": {}, \"steps\": {{{}}}}}",
        body.len(),
        body.split_whitespace().count(),
        tagged.mentions.len(),
        tagged.entities.len(),
        tagged.quotes.len(),
        steps.join(", ")
    );
    Ok(())
}
