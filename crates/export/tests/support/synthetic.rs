//! Records and runs for tests, the sample run and the benchmark. Shared by unit tests
//! (`#[path]` module in the library), integration tests and examples.
#![allow(dead_code)]

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use newsmill_records::{
    article_id, content_hash, Article, Block, BlockKind, Candidate, Choice, Entity, Failure, Geo,
    Image, Label, Mention, PageType, Provenance, QualityFlags, Quote, Record, Run, RunId,
    SourceSummary, Stage, Tagged,
};

/// The run id every fixture uses.
pub fn run_id() -> RunId {
    RunId::at(t0())
}

/// 2019-12-20T08:00:00Z.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2019, 12, 20, 8, 0, 0).unwrap()
}

fn minsk() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).unwrap()
}

/// A realistic record with every field set: two entities (one a linked place), four
/// mentions (one a date), one quote.
pub fn record(url: &str, title: &str) -> Record {
    let paragraphs = [
        "U.S. Secretary of State Mike Pompeo is expected to visit Minsk in January.",
        "\"We want a sovereign Belarus,\" Pompeo said on 20 December 2019.",
    ];
    record_with_body(url, title, &paragraphs)
}

/// Like [`record`] with the given body paragraphs; mention offsets point into the
/// first paragraph only when it is the standard one.
pub fn record_with_body(url: &str, title: &str, paragraphs: &[&str]) -> Record {
    let blocks: Vec<Block> = paragraphs
        .iter()
        .map(|p| Block {
            kind: BlockKind::Paragraph,
            text: p.to_string(),
        })
        .collect();
    let body: String = paragraphs.join("\n\n");
    let published = minsk().with_ymd_and_hms(2019, 12, 20, 11, 30, 0).unwrap();
    let article = Article {
        id: article_id(url),
        source: "belarus-digest".into(),
        url: url.into(),
        canonical_url: Some(url.into()),
        title: Some(title.into()),
        authors: vec!["Ryhor Astapenia".into(), "Лукашенко Аляксандр".into()],
        published: Some(published),
        modified: Some(published + Duration::hours(2)),
        language: Some("en".into()),
        description: Some("Pompeo is coming to Minsk.".into()),
        section: Some("Politics".into()),
        tags: vec!["Belarus".into(), "USA".into()],
        word_count: body.split_whitespace().count(),
        lead_image: Some("https://example.com/img/lead.jpg".into()),
        images: vec![Image {
            url: "https://example.com/img/1.jpg".into(),
            caption: Some("Minsk, December".into()),
            credit: Some("Photo: BelTA".into()),
            alt: None,
        }],
        fetched_at: t0(),
        content_hash: content_hash(&body),
        revision: 1,
        flags: QualityFlags {
            paywalled: false,
            truncated: false,
            needs_js: false,
            charset_confidence: 0.9,
            charset: "UTF-8".into(),
        },
        provenance: Provenance {
            published: Choice {
                rule: "json-ld".into(),
                agreed: true,
                candidates: vec![Candidate {
                    value: "2019-12-20T11:30:00+03:00".into(),
                    origin: "json-ld".into(),
                }],
            },
            authors: Choice {
                rule: "byline".into(),
                agreed: false,
                candidates: vec![],
            },
        },
        blocks,
        page_type: PageType::Article,
    };
    let tagged = Tagged {
        entities: vec![
            Entity {
                id: "per:mike-pompeo".into(),
                name: "Mike Pompeo".into(),
                label: Label::Per,
                mentions: 2,
                aliases: vec!["Mike Pompeo".into(), "Pompeo".into()],
                geo: None,
                country_code: Some("US".into()),
                watched: true,
                labels: vec!["us-officials".into()],
            },
            Entity {
                id: "geonames:625144".into(),
                name: "Minsk".into(),
                label: Label::Loc,
                mentions: 1,
                aliases: vec!["Minsk".into()],
                geo: Some(Geo {
                    geonames_id: 625_144,
                    country_code: "BY".into(),
                    latitude: 53.9,
                    longitude: 27.56667,
                }),
                country_code: None,
                watched: false,
                labels: vec![],
            },
        ],
        mentions: vec![
            mention(Some("per:mike-pompeo"), Label::Per, "Mike Pompeo", 24, None),
            mention(Some("geonames:625144"), Label::Loc, "Minsk", 57, None),
            mention(Some("per:mike-pompeo"), Label::Per, "Pompeo", 107, None),
            mention(
                None,
                Label::Date,
                "20 December 2019",
                122,
                Some("2019-12-20"),
            ),
        ],
        quotes: vec![Quote {
            speaker_entity_id: Some("per:mike-pompeo".into()),
            speaker: Some("Mike Pompeo".into()),
            text: "We want a sovereign Belarus,".into(),
            start: 77,
            end: 105,
        }],
        tagging: "full".into(),
    };
    Record {
        run_id: run_id(),
        article,
        tagged,
    }
}

fn mention(
    entity: Option<&str>,
    label: Label,
    text: &str,
    start: usize,
    value: Option<&str>,
) -> Mention {
    Mention {
        entity_id: entity.map(str::to_string),
        label,
        text: text.into(),
        start,
        end: start + text.chars().count(),
        value: value.map(str::to_string),
    }
}

/// Titles a spreadsheet would execute or mangle.
pub const HOSTILE_TITLES: &[&str] = &[
    "=HYPERLINK(\"http://x\",\"y\")",
    "@SUM(A1)",
    "+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "line one\nline two, \"quoted\"; semi",
    "Лукашенко встретился с Помпео 🇧🇾🤝🇺🇸",
    "-5",
];

/// One record per hostile title; the first also carries a 100 KB body with emoji
/// and Cyrillic, and hostile entity names and quotes.
pub fn hostile() -> Vec<Record> {
    HOSTILE_TITLES
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let url = format!("https://example.com/hostile/{i}");
            let mut record = record(&url, title);
            if i == 0 {
                let unit = "Мінск 🇧🇾 =SUM(A1) \"q\" ;, ";
                let mut body = String::new();
                while body.len() < 100 * 1024 {
                    body.push_str(unit);
                }
                record.article.blocks = vec![Block {
                    kind: BlockKind::Paragraph,
                    text: body,
                }];
                record.article.authors = vec!["=cmd|' /C calc'!A0".into(), "@evil".into()];
                record.tagged.quotes[0].text = "+HYPERLINK(\"http://evil\")".into();
                record.tagged.entities[0].name = "-Pompeo".into();
            }
            record
        })
        .collect()
}

/// A deterministic synthetic record number `i` with `mentions` mentions, for the
/// benchmark: a ~3 KB body, 5 entities, `mentions` mentions, 2 quotes.
pub fn synthetic(i: usize, mentions: usize) -> Record {
    let url = format!("https://news.example.com/{}/article-{i}", 2019 + i % 6);
    let mut record = record(&url, &format!("Synthetic article number {i}"));
    let sentence = "Officials in Minsk and Vilnius discussed the border on Tuesday. ";
    record.article.blocks = (0..8)
        .map(|p| Block {
            kind: BlockKind::Paragraph,
            text: format!("Paragraph {p}. {}", sentence.repeat(6)),
        })
        .collect();
    record.article.word_count = 8 * 60;
    record.article.published = record
        .article
        .published
        .map(|t| t + Duration::minutes(i as i64));
    record.tagged.entities = (0..5)
        .map(|e| Entity {
            id: format!("per:person-{}", (i + e) % 1000),
            name: format!("Person {}", (i + e) % 1000),
            label: Label::Per,
            mentions: (mentions / 5) as u32,
            aliases: vec![format!("Person {}", (i + e) % 1000)],
            geo: None,
            country_code: None,
            watched: e == 0,
            labels: vec![],
        })
        .collect();
    record.tagged.mentions = (0..mentions)
        .map(|m| Mention {
            entity_id: Some(format!("per:person-{}", (i + m % 5) % 1000)),
            label: Label::Per,
            text: format!("Person {}", (i + m % 5) % 1000),
            start: m * 20,
            end: m * 20 + 10,
            value: None,
        })
        .collect();
    record.tagged.quotes = vec![record.tagged.quotes[0].clone(); 2];
    record
}

/// A run that exported `records`, with two sources and one failure.
pub fn run(records: &[Record]) -> Run {
    let n = records.len() as u64;
    Run {
        run_id: run_id(),
        config: "config/demo.toml".into(),
        started: t0(),
        finished: t0() + Duration::seconds(42) + Duration::milliseconds(500),
        sources: vec![
            SourceSummary {
                name: "belarus-digest".into(),
                kind: "feed".into(),
                location: "https://belarus.example.com/feed".into(),
                discovered: n + 3,
                fetched: n + 1,
                not_modified: 1,
                skipped: 1,
                new_articles: n,
                updated_articles: 0,
                failed: 1,
                not_article: 1,
            },
            SourceSummary {
                name: "archive".into(),
                kind: "folder".into(),
                location: "fixtures/site".into(),
                ..SourceSummary::default()
            },
        ],
        exported: n,
        failures: vec![Failure {
            item: "https://belarus.example.com/broken".into(),
            source: "belarus-digest".into(),
            stage: Stage::Fetch,
            reason: "HTTP 500 after 3 attempts".into(),
            at: t0() + Duration::seconds(10),
        }],
    }
}
