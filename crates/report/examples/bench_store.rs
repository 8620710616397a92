//! Makes the state store `bench/report.sh` reports on: `bench_store STORE [ARTICLES]`
//! writes ARTICLES (100,000 by default) synthetic articles into a new store at
//! STORE, as a run would have stored and exported them: five sources over two
//! years, ~3 KB of body, 8 entities from pools of 3,000 people, 800
//! organisations, 400 GeoNames places and 300 other names (a few on the
//! watch-list), 24 mentions and 2 quotations each, some articles paywalled,
//! truncated, needing JavaScript or with disagreeing dates; one finished run and
//! 1,000 failures. Deterministic. The rows go in with one transaction through the
//! store's documented schema (SCHEMA.md), which `State::open` creates.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Duration, TimeZone, Utc};
use newsmill_records::{
    Article, Candidate, Choice, Entity, Failure, Geo, Label, Mention, Provenance, Quote, Record,
    Run, RunId, SourceSummary, Stage, Tagged,
};
use newsmill_run::State;
use rusqlite::params;

const SOURCES: [&str; 5] = [
    "wire",
    "ledger-feed",
    "ledger-sitemap",
    "gazette",
    "archive",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Skewed towards 0, as names in the news are: a few very often, most rarely.
    fn skewed(&mut self, n: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) - 1.0) as u64 % n
    }
}

fn entity(label: Label, k: u64) -> Entity {
    let (prefix, name) = match label {
        Label::Per => ("per", format!("Person {k}")),
        Label::Org => ("org", format!("Organisation {k}")),
        Label::Loc => ("geonames", format!("Place {k}")),
        _ => ("misc", format!("Name {k}")),
    };
    let geo = (label == Label::Loc).then(|| {
        let mut r = Rng(k);
        Geo {
            geonames_id: 100_000 + k,
            country_code: ["BY", "LT", "PL", "LV", "UA", "MD", "DE"][(k % 7) as usize].into(),
            latitude: 35.0 + r.below(300) as f64 / 10.0,
            longitude: -10.0 + r.below(600) as f64 / 10.0,
        }
    });
    Entity {
        id: match label {
            Label::Loc => format!("{prefix}:{}", 100_000 + k),
            _ => format!("{prefix}:{k}"),
        },
        name: name.clone(),
        label,
        mentions: 0,
        aliases: vec![name],
        country_code: geo.as_ref().map(|g| g.country_code.clone()),
        geo,
        watched: k < 3,
        labels: if k < 3 { vec!["watch".into()] } else { vec![] },
    }
}

fn record(i: u64, run_id: &RunId) -> Record {
    let mut r = Rng(i.wrapping_mul(7919));
    let source = SOURCES[r.below(5) as usize];
    let url = format!("https://{source}.example.com/{}/article-{i}", 2023 + i % 2);
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 6, 0, 0).unwrap();
    let published = start + Duration::minutes((i * 730 * 24 * 60 / 100_000) as i64);
    let sentence = "Officials met on Tuesday to discuss the border, trade and the budget. ";
    let body: Vec<String> = (0..8)
        .map(|p| format!("Paragraph {p} of article {i}. {}", sentence.repeat(5)))
        .collect();
    let mut article = Article {
        title: Some(format!("Article {i}: border trade and politics")),
        published: (i % 50 != 7).then(|| published.fixed_offset()),
        fetched_at: published + Duration::hours(3),
        ..Article::from_paragraphs(source, &url, body)
    };
    article.flags.paywalled = r.below(100) < 3;
    article.flags.truncated = r.below(100) < 2;
    article.flags.needs_js = r.below(100) < 1;
    let agreed = r.below(100) >= 5;
    article.provenance = Provenance {
        published: Choice {
            rule: "json-ld".into(),
            agreed,
            candidates: vec![
                Candidate {
                    value: published.to_rfc3339(),
                    origin: "json-ld".into(),
                };
                if agreed { 1 } else { 2 }
            ],
        },
        authors: Choice::default(),
    };
    let mut entities: Vec<Entity> = Vec::new();
    for (label, pool, n) in [
        (Label::Per, 3000, 3),
        (Label::Org, 800, 2),
        (Label::Loc, 400, 2),
        (Label::Misc, 300, 1),
    ] {
        for _ in 0..n {
            let e = entity(label, r.skewed(pool));
            if !entities.iter().any(|x| x.id == e.id) {
                entities.push(e);
            }
        }
    }
    let mut mentions = Vec::new();
    for m in 0..24 {
        let n = entities.len();
        let e = &mut entities[m % n];
        e.mentions += 1;
        mentions.push(Mention {
            entity_id: Some(e.id.clone()),
            label: e.label,
            text: e.name.clone(),
            start: m * 40,
            end: m * 40 + e.name.len(),
            value: None,
        });
    }
    let quotes = (0..2)
        .map(|q| Quote {
            speaker_entity_id: Some(entities[q].id.clone()),
            speaker: Some(entities[q].name.clone()),
            text: format!("We will keep the border open, said for the {i}th time"),
            start: 0,
            end: 10,
        })
        .collect();
    Record {
        run_id: run_id.clone(),
        article,
        tagged: Tagged {
            entities,
            mentions,
            quotes,
            tagging: String::new(),
        },
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench_store STORE [ARTICLES]";
    let Some(path) = args.first().map(PathBuf::from) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let Some(articles) = args
        .get(1)
        .map_or(Some(100_000), |s| s.replace('_', "").parse::<u64>().ok())
    else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    if path.exists() {
        eprintln!("{} exists: bench_store makes a new store", path.display());
        return ExitCode::from(2);
    }
    match make(&path, articles) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn make(path: &std::path::Path, articles: u64) -> Result<(), Box<dyn std::error::Error>> {
    let started = Utc.with_ymd_and_hms(2025, 1, 2, 8, 0, 0).unwrap();
    let run_id = RunId::at(started);
    let failures: Vec<Failure> = (0..1000)
        .map(|f| Failure {
            item: format!("https://wire.example.com/broken-{f}"),
            source: SOURCES[f % 5].into(),
            stage: if f % 4 == 0 {
                Stage::Scrape
            } else {
                Stage::Fetch
            },
            reason: [
                "HTTP 500 after 3 attempts",
                "timed out",
                "not an article page",
            ][f % 3]
                .into(),
            at: started + Duration::seconds(f as i64),
        })
        .collect();
    let run = Run {
        run_id: run_id.clone(),
        config: "bench.toml".into(),
        started,
        finished: started + Duration::hours(2),
        sources: SOURCES
            .iter()
            .map(|s| SourceSummary {
                name: s.to_string(),
                kind: "feed".into(),
                location: format!("https://{s}.example.com/feed"),
                discovered: articles / 5 + 300,
                fetched: articles / 5 + 200,
                new_articles: articles / 5,
                failed: 200,
                ..SourceSummary::default()
            })
            .collect(),
        exported: articles,
        failures: failures.clone(),
    };
    let mut state = State::open(path)?;
    state.begin_run(&run)?;
    for f in &failures {
        state.record_failure(&run_id.0, f, None)?;
    }
    state.finish_run(&run)?;
    drop(state);
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO articles (article_id, revision, content_hash, url, day, record, run_id, export_run)
             VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?;
        for i in 0..articles {
            let record = record(i, &run_id);
            let a = &record.article;
            let day = a
                .published
                .map_or(a.fetched_at.date_naive(), |p| p.date_naive());
            insert.execute(params![
                a.id,
                a.content_hash,
                a.url,
                day.format("%Y-%m-%d").to_string(),
                serde_json::to_string(&record)?,
                run_id.0,
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}
