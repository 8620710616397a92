//! Checks that a run folder's `report.html` gives the same numbers as the run's CSV
//! tables: articles (in all and per source), entities, mentions, quotations,
//! failures, quality flags, and the mentions and articles of every entity and the
//! quotations of every identified speaker it lists. Shared with the end-to-end tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use scraper::{Html, Selector};

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .deserialize()
        .map(|r| r.unwrap())
        .collect()
}

fn n(doc: &Html, selector: &str) -> u64 {
    let sel = Selector::parse(selector).unwrap();
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no {selector} in the report"));
    el.value()
        .attr("data-n")
        .unwrap_or_else(|| panic!("{selector} has no data-n"))
        .parse()
        .unwrap()
}

/// What was compared, for the caller to assert it was not nothing.
#[derive(Debug, Default)]
pub struct Compared {
    pub articles: u64,
    pub entity_rows: usize,
    pub speakers: usize,
}

/// Panics with the first number that differs.
pub fn report_agrees_with_tables(dir: &Path) -> Compared {
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let doc = Html::parse_document(&html);
    let articles = rows(&dir.join("articles.csv"));
    let entities = rows(&dir.join("entities.csv"));
    let quotes = rows(&dir.join("quotes.csv"));
    let failures = rows(&dir.join("failures.csv"));

    assert_eq!(
        n(&doc, "#total-articles"),
        articles.len() as u64,
        "articles"
    );
    assert_eq!(n(&doc, "#total-quotes"), quotes.len() as u64, "quotations");
    assert_eq!(
        n(&doc, "#total-failures"),
        failures.len() as u64,
        "failures"
    );
    let mut per_entity: HashMap<&str, (u64, u64)> = HashMap::new();
    for e in &entities {
        let slot = per_entity.entry(e["entity_id"].as_str()).or_default();
        slot.0 += e["mentions"].parse::<u64>().unwrap();
        slot.1 += 1;
    }
    assert_eq!(
        n(&doc, "#total-entities"),
        per_entity.len() as u64,
        "entities"
    );
    assert_eq!(
        n(&doc, "#total-mentions"),
        per_entity.values().map(|v| v.0).sum::<u64>(),
        "mentions"
    );

    let mut per_source: HashMap<&str, u64> = HashMap::new();
    for a in &articles {
        *per_source.entry(a["source"].as_str()).or_default() += 1;
    }
    let source_rows = Selector::parse("#sources tbody tr[data-source]").unwrap();
    let mut listed = 0;
    for tr in doc.select(&source_rows) {
        let name = tr.value().attr("data-source").unwrap();
        let cell = tr
            .select(&Selector::parse("td[data-n]").unwrap())
            .next()
            .unwrap();
        let shown: u64 = cell.value().attr("data-n").unwrap().parse().unwrap();
        assert_eq!(
            Some(&shown),
            per_source.get(name),
            "articles of source {name}"
        );
        listed += shown;
    }
    assert!(listed <= articles.len() as u64);

    let truthy = |col: &str, v: &str| articles.iter().filter(|a| a[col] == v).count() as u64;
    assert_eq!(
        n(&doc, "tr[data-flag=paywalled] td[data-n]"),
        truthy("paywalled", "true")
    );
    assert_eq!(
        n(&doc, "tr[data-flag=truncated] td[data-n]"),
        truthy("truncated", "true")
    );
    assert_eq!(
        n(&doc, "tr[data-flag=needs-js] td[data-n]"),
        truthy("needs_js", "true")
    );
    assert_eq!(
        n(&doc, "tr[data-flag=dates-disagree] td[data-n]"),
        truthy("published_agreed", "false")
    );
    assert_eq!(
        n(&doc, "tr[data-flag=undated] td[data-n]"),
        truthy("published", "")
    );

    let entity_rows = Selector::parse("table.entities tbody tr[data-entity]").unwrap();
    let mut checked = 0;
    for tr in doc.select(&entity_rows) {
        let id = tr.value().attr("data-entity").unwrap();
        let get = |class: &str| -> u64 {
            tr.select(&Selector::parse(&format!("td.{class}")).unwrap())
                .next()
                .unwrap()
                .value()
                .attr("data-n")
                .unwrap()
                .parse()
                .unwrap()
        };
        let want = per_entity.get(id).copied().unwrap_or_default();
        assert_eq!((get("mentions"), get("articles")), want, "entity {id}");
        checked += 1;
    }

    let mut per_speaker: HashMap<&str, u64> = HashMap::new();
    for q in &quotes {
        *per_speaker
            .entry(q["speaker_entity_id"].as_str())
            .or_default() += 1;
    }
    let speakers = Selector::parse("div.speaker[data-speaker]").unwrap();
    let mut speakers_checked = 0;
    for div in doc.select(&speakers) {
        let id = div.value().attr("data-speaker").unwrap();
        let shown: u64 = div.value().attr("data-quotes").unwrap().parse().unwrap();
        assert_eq!(Some(&shown), per_speaker.get(id), "quotations of {id}");
        speakers_checked += 1;
    }
    Compared {
        articles: articles.len() as u64,
        entity_rows: checked,
        speakers: speakers_checked,
    }
}
