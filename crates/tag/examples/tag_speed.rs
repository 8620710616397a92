//! Times the tag stage on the documents of a CoNLL file (tokens re-joined with spaces,
//! one paragraph per sentence): tagger load time, the NER model alone (tokenize, split,
//! tag) and the whole tag stage, best of R runs. Prints JSON.
//!
//! ```text
//! cargo run --release -p newsmill-tag --example tag_speed -- ../shared/bench/ner/conll2003/dev.txt 5
//! ```

use std::time::Instant;

use newsmill_records::Article;
use newsmill_tag::{Tagger, Watchlist};

fn documents(conll: &str) -> Vec<Vec<String>> {
    let mut docs: Vec<Vec<String>> = Vec::new();
    let mut sentence: Vec<&str> = Vec::new();
    for line in conll.lines().chain(std::iter::once("")) {
        let word = line.split_whitespace().next();
        match word {
            Some("-DOCSTART-") => docs.push(Vec::new()),
            Some(w) => sentence.push(w),
            None if !sentence.is_empty() => {
                if docs.is_empty() {
                    docs.push(Vec::new());
                }
                if let Some(d) = docs.last_mut() {
                    d.push(sentence.join(" "));
                }
                sentence.clear();
            }
            None => {}
        }
    }
    docs.retain(|d| !d.is_empty());
    docs
}

fn article(paragraphs: &[String]) -> Article {
    Article {
        id: String::new(),
        published: chrono::DateTime::parse_from_rfc3339("1996-08-30T12:00:00Z").ok(),
        ..Article::from_paragraphs("bench", "", paragraphs.iter().cloned())
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: tag_speed CONLL_FILE [RUNS]")?;
    let runs: usize = args
        .get(1)
        .map_or(Ok(3), |r| r.parse())
        .map_err(|e| format!("runs: {e}"))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let articles: Vec<Article> = documents(&text).iter().map(|d| article(d)).collect();
    let bodies: Vec<String> = articles.iter().map(Article::body).collect();

    let t = Instant::now();
    let tagger = Tagger::builtin(Watchlist::default()).map_err(|e| e.to_string())?;
    let load_s = t.elapsed().as_secs_f64();
    let model = newsmill_ner::Model::builtin().map_err(|e| e.to_string())?;

    let mut tokens = 0;
    let (mut ner_s, mut tag_s) = (f64::MAX, f64::MAX);
    let (mut mentions, mut entities) = (0, 0);
    for _ in 0..runs.max(1) {
        tokens = 0;
        let t = Instant::now();
        for body in &bodies {
            let tagged = std::hint::black_box(model.tag_text(body));
            tokens += tagged.tokens.len();
        }
        ner_s = ner_s.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        (mentions, entities) = (0, 0);
        for a in &articles {
            let tagged = tagger.tag(a);
            mentions += tagged.mentions.len();
            entities += tagged.entities.len();
        }
        tag_s = tag_s.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{{\"documents\": {}, \"tokens\": {tokens}, \"load_s\": {load_s:.3}, \"ner_tokens_per_s\": {:.0}, \
         \"tag_tokens_per_s\": {:.0}, \"tag_over_ner\": {:.2}, \"mentions\": {mentions}, \"entities\": {entities}}}",
        articles.len(),
        tokens as f64 / ner_s,
        tokens as f64 / tag_s,
        tag_s / ner_s
    );
    Ok(())
}
