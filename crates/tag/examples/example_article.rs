//! Tags a plain-text article body and prints its entities, mentions and quotations.
//!
//! ```text
//! cargo run --release -p newsmill-tag --example example_article -- BODY.txt 2020-01-29 [config/entities.toml] [--language ru]
//! ```
//!
//! BODY.txt holds the body paragraphs separated by blank lines; the date is the
//! publication date (`YYYY-MM-DD` or RFC 3339); `--language` the declared language
//! (default `en`). Output is tab-separated, one section
//! after another, so the lead can eyeball or diff it.

use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate};
use newsmill_records::Article;
use newsmill_tag::{Tagger, Watchlist};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_date(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| {
                d.and_hms_opt(12, 0, 0)
                    .unwrap_or_default()
                    .and_utc()
                    .fixed_offset()
            })
        })
        .map_err(|e| format!("publication date {s:?}: {e}"))
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--language CODE`: the article's declared language (default `en`).
    let language = match args.iter().position(|a| a == "--language") {
        Some(at) if at + 1 < args.len() => {
            let code = args.remove(at + 1);
            args.remove(at);
            code
        }
        Some(_) => return Err("--language needs a code (ru, de, …)".into()),
        None => "en".to_string(),
    };
    let [body_path, date, rest @ ..] = &args[..] else {
        return Err(
            "usage: example_article BODY.txt YYYY-MM-DD [entities.toml] [--language CODE]".into(),
        );
    };
    let text = std::fs::read_to_string(body_path).map_err(|e| format!("{body_path}: {e}"))?;
    let watchlist = match rest.first() {
        Some(path) => {
            let toml = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            Watchlist::from_toml(&toml, path).map_err(|e| e.to_string())?
        }
        None => Watchlist::default(),
    };
    let paragraphs = text
        .split(
            "

",
        )
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty());
    let article = Article {
        id: "example".into(),
        published: Some(parse_date(date)?),
        language: Some(language),
        ..Article::from_paragraphs("example", &format!("file://{body_path}"), paragraphs)
    };
    let started = std::time::Instant::now();
    let tagger = Tagger::builtin(watchlist).map_err(|e| e.to_string())?;
    let loaded = started.elapsed();
    let started = std::time::Instant::now();
    let tagged = tagger.tag(&article);
    let tagged_in = started.elapsed();

    println!("# tagging: {}\n", tagged.tagging);
    println!("# entities ({})", tagged.entities.len());
    for e in &tagged.entities {
        let geo = e
            .geo
            .as_ref()
            .map(|g| {
                format!(
                    "{}\t{}\t{:.4}\t{:.4}",
                    g.geonames_id, g.country_code, g.latitude, g.longitude
                )
            })
            .unwrap_or_else(|| format!("\t{}\t\t", e.country_code.as_deref().unwrap_or("")));
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            e.id,
            e.label,
            e.name,
            e.mentions,
            geo,
            e.aliases.join(" | ")
        );
    }
    println!("\n# mentions ({})", tagged.mentions.len());
    for m in &tagged.mentions {
        println!(
            "{}..{}\t{}\t{}\t{}",
            m.start,
            m.end,
            m.label,
            m.text,
            m.value.as_deref().or(m.entity_id.as_deref()).unwrap_or("")
        );
    }
    println!("\n# quotes ({})", tagged.quotes.len());
    for q in &tagged.quotes {
        println!(
            "{}..{}\t{}\t{}\t{}",
            q.start,
            q.end,
            q.speaker_entity_id.as_deref().unwrap_or("-"),
            q.speaker.as_deref().unwrap_or("-"),
            q.text
        );
    }
    eprintln!("tagger loaded in {loaded:?}, article tagged in {tagged_in:?}");
    Ok(())
}
