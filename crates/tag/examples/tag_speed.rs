//! Times the tag stage on article texts: tagger load time, the NER model alone
//! (tokenize, split, tag) and the whole tag stage, best of R runs. Prints JSON.
//!
//! ```text
//! cargo run --release -p newsmill-tag --example tag_speed -- ../shared/bench/ner/conll2003/dev.txt 5
//! cargo run --release -p newsmill-tag --example tag_speed -- ../shared/bench/wcxb/ground-truth.json 3
//! ```
//!
//! A `.json` file is read as a WCXB ground-truth file (`{id: {page_type, main_content,
//! publish_date}}`): the `main_content` of its article pages, paragraphs split at blank
//! lines. Any other file is read as CoNLL (tokens re-joined with spaces, one paragraph
//! per sentence). Words are whitespace-separated words of the bodies. Rates are given
//! per second of wall time and per second of this thread's CPU time (which a busy
//! machine inflates less), best of the runs. `steps` is the share of tagging time per
//! step ([`StepTimes`], one extra profiled pass).

use std::time::Instant;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::cpu_s;

use newsmill_records::Article;
use newsmill_tag::{StepTimes, Tagger, Watchlist};

fn conll_documents(conll: &str) -> Vec<Vec<String>> {
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

fn article(paragraphs: Vec<String>, published: &str) -> Article {
    Article {
        id: String::new(),
        published: chrono::DateTime::parse_from_rfc3339(published).ok(),
        ..Article::from_paragraphs("bench", "", paragraphs)
    }
}

fn conll_articles(text: &str) -> Vec<Article> {
    conll_documents(text)
        .into_iter()
        .map(|d| article(d, "1996-08-30T12:00:00Z"))
        .collect()
}

fn wcxb_articles(text: &str) -> Result<Vec<Article>, String> {
    let pages: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("ground truth: {e}"))?;
    let mut out = Vec::new();
    for page in pages.values() {
        if page["page_type"] != "article" {
            continue;
        }
        let Some(body) = page["main_content"].as_str() else {
            continue;
        };
        let paragraphs: Vec<String> = body
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        let published = page["publish_date"]
            .as_str()
            .map(|d| format!("{}T12:00:00Z", d.get(..10).unwrap_or(d)))
            .unwrap_or_default();
        out.push(article(paragraphs, &published));
    }
    Ok(out)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: tag_speed CONLL_FILE|GROUND_TRUTH.json [RUNS]")?;
    let runs: usize = args
        .get(1)
        .map_or(Ok(3), |r| r.parse())
        .map_err(|e| format!("runs: {e}"))?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let articles = if path.ends_with(".json") {
        wcxb_articles(&text)?
    } else {
        conll_articles(&text)
    };
    let bodies: Vec<String> = articles.iter().map(Article::body).collect();
    let words: usize = bodies.iter().map(|b| b.split_whitespace().count()).sum();
    let bytes: usize = bodies.iter().map(String::len).sum();

    let t = Instant::now();
    let tagger = Tagger::builtin(Watchlist::default()).map_err(|e| e.to_string())?;
    let load_s = t.elapsed().as_secs_f64();
    let model = newsmill_ner::Model::builtin().map_err(|e| e.to_string())?;

    let mut tokens = 0;
    let (mut ner_s, mut tag_s) = (f64::MAX, f64::MAX);
    let (mut ner_cpu, mut tag_cpu) = (f64::MAX, f64::MAX);
    let (mut mentions, mut entities) = (0, 0);
    let mut steps = StepTimes::default();
    let origin = Instant::now();
    for _ in 0..runs.max(1) {
        tokens = 0;
        let (t, c) = (Instant::now(), cpu_s(origin));
        for body in &bodies {
            let tagged = std::hint::black_box(model.tag_text(body));
            tokens += tagged.tokens.len();
        }
        ner_s = ner_s.min(t.elapsed().as_secs_f64());
        ner_cpu = ner_cpu.min(cpu_s(origin) - c);
        let (t, c) = (Instant::now(), cpu_s(origin));
        (mentions, entities) = (0, 0);
        for a in &articles {
            let tagged = tagger.tag(a);
            mentions += tagged.mentions.len();
            entities += tagged.entities.len();
        }
        tag_s = tag_s.min(t.elapsed().as_secs_f64());
        tag_cpu = tag_cpu.min(cpu_s(origin) - c);
    }
    // One more pass with the step clock on (it reads the clock some ten times per
    // article, so it is kept out of the timed runs).
    for a in &articles {
        std::hint::black_box(tagger.tag_profiled(a, &mut steps));
    }
    let total = steps.total().as_secs_f64();
    let breakdown: Vec<String> = steps
        .steps()
        .iter()
        .map(|(name, d)| format!("\"{name}\": {:.4}", d.as_secs_f64() / total))
        .collect();
    println!(
        "{{\"documents\": {}, \"words\": {words}, \"bytes\": {bytes}, \"tokens\": {tokens}, \"load_s\": {load_s:.3}, \
         \"ner_words_per_s\": {:.0}, \"tag_words_per_s\": {:.0}, \"ner_tokens_per_s\": {:.0}, \
         \"tag_tokens_per_s\": {:.0}, \"tag_over_ner\": {:.2}, \
         \"ner_words_per_cpu_s\": {:.0}, \"tag_words_per_cpu_s\": {:.0}, \"tag_over_ner_cpu\": {:.2}, \
         \"mentions\": {mentions}, \"entities\": {entities}, \"steps\": {{{}}}}}",
        articles.len(),
        words as f64 / ner_s,
        words as f64 / tag_s,
        tokens as f64 / ner_s,
        tokens as f64 / tag_s,
        tag_s / ner_s,
        words as f64 / ner_cpu,
        words as f64 / tag_cpu,
        tag_cpu / ner_cpu,
        breakdown.join(", ")
    );
    Ok(())
}
