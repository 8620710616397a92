//! A fixed state store for the report's tests (and the end-to-end browser test):
//! 24 articles from three sources over six weeks, people, organisations, places
//! linked to GeoNames, watch-list entities, quotations, quality flags, disagreeing
//! dates, two runs and three failures, and hostile strings where scraped text
//! goes (titles, names, aliases, quotations, URLs, source names).
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use newsmill_records::{
    Article, Candidate, Choice, Entity, Failure, Geo, Label, Provenance, Quote, Record, Run, RunId,
    SourceSummary, Stage, Tagged,
};
use newsmill_run::{State, Visit};

/// Scraped strings that would run script if they reached the page unescaped.
pub const HOSTILE_TITLE_SCRIPT: &str = "<script>alert(1)</script>";
/// Breaks out of an attribute and adds an element.
pub const HOSTILE_TITLE_IMG: &str = "\"><img src=x onerror=alert(1)>";
/// An organisation's name with markup.
pub const HOSTILE_NAME: &str = "<b onmouseover=alert(1)>Evil</b> Corp";
/// A quotation closing its element.
pub const HOSTILE_QUOTE: &str = "</q><script>alert(2)</script>";
/// An alias opening an SVG.
pub const HOSTILE_ALIAS: &str = "\"><svg onload=alert(3)>";
/// A URL that runs script when followed.
pub const HOSTILE_URL: &str = "javascript:alert(4)";
/// A source name closing the stylesheet.
pub const HOSTILE_SOURCE: &str = "</style><script>alert(5)</script>";

/// The sources, in order.
pub const SOURCES: [&str; 3] = ["ledger-feed", "ledger-sitemap", "wire"];

fn minsk_tz() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).unwrap()
}

/// 2024-03-04T09:00:00+03:00, the first article's publication time.
pub fn t0() -> DateTime<FixedOffset> {
    minsk_tz().with_ymd_and_hms(2024, 3, 4, 9, 0, 0).unwrap()
}

fn run_id(n: usize) -> RunId {
    RunId(format!("2024041{n}T080000Z"))
}

struct E {
    id: &'static str,
    name: &'static str,
    label: Label,
    watched: bool,
    labels: &'static [&'static str],
    geo: Option<(u64, &'static str, f64, f64)>,
}

const fn e(id: &'static str, name: &'static str, label: Label) -> E {
    E {
        id,
        name,
        label,
        watched: false,
        labels: &[],
        geo: None,
    }
}

const fn place(id: &'static str, name: &'static str, geo: (u64, &'static str, f64, f64)) -> E {
    E {
        id,
        name,
        label: Label::Loc,
        watched: false,
        labels: &[],
        geo: Some(geo),
    }
}

const ENTITIES: [E; 17] = [
    E {
        watched: true,
        labels: &["belarus", "head-of-state"],
        ..e("wd:Q39803", "Alyaksandr Lukashenka", Label::Per)
    },
    E {
        watched: true,
        labels: &["opposition"],
        ..e("wd:Q63865286", "Sviatlana Tsikhanouskaya", Label::Per)
    },
    e("per:ryhor-astapenia", "Ryhor Astapenia", Label::Per),
    e("per:anna-kowalska", "Anna Kowalska", Label::Per),
    e("per:jonas-petrauskas", "Jonas Petrauskas", Label::Per),
    E {
        watched: true,
        labels: &["eu"],
        ..e("wd:Q458", "European Union", Label::Org)
    },
    e("org:belaruskali", "Belaruskali", Label::Org),
    e("org:lithuanian-railways", "Lithuanian Railways", Label::Org),
    e("org:evil-corp", HOSTILE_NAME, Label::Org),
    place("geonames:625144", "Minsk", (625_144, "BY", 53.9, 27.56667)),
    place(
        "geonames:593116",
        "Vilnius",
        (593_116, "LT", 54.68916, 25.2798),
    ),
    place(
        "geonames:756135",
        "Warsaw",
        (756_135, "PL", 52.22977, 21.01178),
    ),
    place(
        "geonames:598098",
        "Klaipėda",
        (598_098, "LT", 55.7068, 21.1391),
    ),
    place(
        "geonames:618426",
        "Chișinău",
        (618_426, "MD", 47.00556, 28.8575),
    ),
    place("geonames:456172", "Riga", (456_172, "LV", 56.946, 24.10589)),
    e("misc:belarusian", "Belarusian", Label::Misc),
    e("misc:baltic", "Baltic", Label::Misc),
];

/// The entity indices of article `i`: a deterministic mix, every article with a
/// person and a place.
fn entities_of(i: usize) -> Vec<usize> {
    let mut list = vec![i % 5, 9 + i % 6];
    if i.is_multiple_of(2) {
        list.push(5);
    }
    if i.is_multiple_of(3) {
        list.push(6 + (i / 3) % 2);
    }
    if i % 4 == 1 {
        list.push((i + 2) % 5);
        list.push(15);
    }
    if i % 7 == 3 {
        list.push(16);
        list.push(8);
    }
    list.sort_unstable();
    list.dedup();
    list
}

/// The fixture's articles with their tags, in the order they are stored.
pub fn records() -> Vec<Record> {
    (0..24).map(record).collect()
}

fn record(i: usize) -> Record {
    let source = SOURCES[[0, 0, 1, 2][i % 4]];
    let url = match i {
        7 => HOSTILE_URL.to_string(),
        _ => format!("https://ledger.example/2024/article-{i}"),
    };
    let title = match i {
        5 => HOSTILE_TITLE_SCRIPT.to_string(),
        6 => HOSTILE_TITLE_IMG.to_string(),
        _ => format!("Article {i}: border trade and politics"),
    };
    let published = t0() + Duration::days(((i * 37) % 42) as i64) + Duration::hours(i as i64 % 5);
    let chosen = entities_of(i);
    let mut body = vec![format!("Report number {i} from the border.")];
    for &k in &chosen {
        body.push(format!("{} was named here.", ENTITIES[k].name));
    }
    let mut article = Article {
        title: Some(title),
        published: (i != 9).then_some(published),
        fetched_at: Utc.with_ymd_and_hms(2024, 4, 15, 8, 0, i as u32).unwrap(),
        ..Article::from_paragraphs(if i == 11 { HOSTILE_SOURCE } else { source }, &url, body)
    };
    article.flags.paywalled = i == 2;
    article.flags.truncated = i == 3 || i == 13;
    article.flags.needs_js = i == 4;
    article.provenance = Provenance {
        published: if i == 8 {
            Choice {
                rule: "json-ld".into(),
                agreed: false,
                candidates: vec![
                    Candidate {
                        value: published.to_rfc3339(),
                        origin: "json-ld".into(),
                    },
                    Candidate {
                        value: "2023-12-31".into(),
                        origin: "url".into(),
                    },
                ],
            }
        } else {
            Choice {
                rule: "meta".into(),
                agreed: true,
                candidates: vec![Candidate {
                    value: published.to_rfc3339(),
                    origin: "meta".into(),
                }],
            }
        },
        authors: Choice::default(),
    };
    let entities: Vec<Entity> = chosen
        .iter()
        .map(|&k| {
            let x = &ENTITIES[k];
            let mut aliases = vec![x.name.to_string()];
            if k == 0 {
                aliases.push(
                    if i.is_multiple_of(2) {
                        "Lukashenko"
                    } else {
                        "Лукашенко"
                    }
                    .into(),
                );
            }
            if k == 8 {
                aliases.push(HOSTILE_ALIAS.into());
            }
            Entity {
                id: x.id.into(),
                name: x.name.into(),
                label: x.label,
                mentions: 1 + ((i + k) % 3) as u32,
                aliases,
                geo: x.geo.map(|(id, cc, lat, lon)| Geo {
                    geonames_id: id,
                    country_code: cc.into(),
                    latitude: lat,
                    longitude: lon,
                }),
                country_code: x.geo.map(|g| g.1.to_string()),
                watched: x.watched,
                labels: x.labels.iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect();
    let mut quotes = Vec::new();
    let person = chosen[0];
    if i.is_multiple_of(2) {
        quotes.push(Quote {
            speaker_entity_id: Some(ENTITIES[person].id.into()),
            speaker: Some(ENTITIES[person].name.into()),
            text: if i == 10 {
                HOSTILE_QUOTE.into()
            } else {
                format!("We will keep the border open, said for the {i}th time")
            },
            start: 0,
            end: 10,
        });
    }
    if i % 6 == 1 {
        quotes.push(Quote {
            speaker_entity_id: None,
            speaker: Some("a customs officer".into()),
            text: "Queues are longer than last year".into(),
            start: 0,
            end: 10,
        });
    }
    if i == 15 {
        quotes.push(Quote {
            speaker_entity_id: None,
            speaker: None,
            text: "Nobody knows who said this".into(),
            start: 0,
            end: 10,
        });
    }
    let run = if i < 16 { run_id(1) } else { run_id(2) };
    Record {
        run_id: run,
        article,
        tagged: Tagged {
            entities,
            mentions: Vec::new(),
            quotes,
            tagging: String::new(),
        },
    }
}

fn failure(n: usize) -> Failure {
    let (item, stage, reason) = [
        (
            "https://ledger.example/broken",
            Stage::Fetch,
            "HTTP 500 from https://ledger.example/broken after 3 attempts",
        ),
        (
            "https://ledger.example/also-broken",
            Stage::Fetch,
            "HTTP 500 from https://ledger.example/also-broken after 3 attempts",
        ),
        (
            "https://ledger.example/feed.xml",
            Stage::Discover,
            "not a feed: <html><script>alert(6)</script>",
        ),
    ][n];
    Failure {
        item: item.into(),
        source: SOURCES[n % 2].into(),
        stage,
        reason: reason.into(),
        at: Utc
            .with_ymd_and_hms(2024, 4, 10 + n as u32, 8, 0, 30)
            .unwrap(),
    }
}

/// The two runs the fixture's store records (run 1 finished, run 2 started).
pub fn run(n: usize, records: &[Record]) -> Run {
    let id = run_id(n);
    let mine = records.iter().filter(|r| r.run_id == id).count() as u64;
    let started = Utc
        .with_ymd_and_hms(2024, 4, 10 + n as u32, 8, 0, 0)
        .unwrap();
    Run {
        run_id: id,
        config: "config/demo.toml".into(),
        started,
        finished: started + Duration::seconds(42),
        sources: SOURCES
            .iter()
            .map(|s| SourceSummary {
                name: s.to_string(),
                kind: "feed".into(),
                location: format!("https://ledger.example/{s}"),
                discovered: mine + 2,
                fetched: mine,
                new_articles: mine / 3,
                ..SourceSummary::default()
            })
            .collect(),
        exported: mine,
        failures: (0..3).filter(|f| f % 2 + 1 == n).map(failure).collect(),
    }
}

/// Writes the fixture into a new store at `path`: run 1 finished with its articles
/// and failures; run 2 begun, its articles and failure stored but not exported.
/// Returns the store and run 2's summary (for `export_run`).
pub fn store(path: &Path) -> (State, Run) {
    let mut state = State::open(path).unwrap();
    let mut records = records();
    let runs = [run(1, &records), run(2, &records)];
    state.begin_run(&runs[0]).unwrap();
    for record in records.iter_mut() {
        if record.run_id == runs[1].run_id {
            continue;
        }
        store_one(&mut state, record);
    }
    for f in &runs[0].failures {
        state.record_failure(&runs[0].run_id.0, f, None).unwrap();
    }
    state.claim_export(&runs[0].run_id.0, false).unwrap();
    state.finish_export(&runs[0].run_id.0).unwrap();
    state.finish_run(&runs[0]).unwrap();
    state.begin_run(&runs[1]).unwrap();
    for record in records.iter_mut() {
        if record.run_id == runs[1].run_id {
            store_one(&mut state, record);
        }
    }
    for f in &runs[1].failures {
        state.record_failure(&runs[1].run_id.0, f, None).unwrap();
    }
    let run2 = runs[1].clone();
    (state, run2)
}

fn store_one(state: &mut State, record: &mut Record) {
    let visit = Visit {
        url: record.article.url.clone(),
        source: record.article.source.clone(),
        http_status: Some(200),
        etag: None,
        last_modified: None,
        source_modified: None,
    };
    state.store_article(&visit, record).unwrap();
}
