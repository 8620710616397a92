use super::*;
use chrono::TimeZone;
use newsmill_records::{Failure, RunId, SourceSummary};

fn run(sources: Vec<SourceSummary>, failures: Vec<Failure>) -> Run {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
    Run {
        sources,
        failures,
        ..Run::begin(RunId::at(t0), "c.toml", t0)
    }
}

fn source(name: &str, discovered: u64, fetched: u64) -> SourceSummary {
    SourceSummary {
        name: name.into(),
        discovered,
        fetched,
        ..SourceSummary::default()
    }
}

fn failure(source: &str, stage: Stage) -> Failure {
    Failure {
        item: format!("{source}-item"),
        source: source.into(),
        stage,
        reason: "broken".into(),
        at: Utc::now(),
    }
}

#[test]
fn status_follows_sources_and_failed_share() {
    let ok = run(vec![source("a", 10, 10)], vec![]);
    assert_eq!(RunStatus::judge(&ok, false, 0.1), RunStatus::Finished);
    assert_eq!(RunStatus::judge(&ok, true, 0.1), RunStatus::Interrupted);

    let dead = run(
        vec![source("a", 0, 0), source("b", 0, 0)],
        vec![failure("a", Stage::Discover), failure("b", Stage::Discover)],
    );
    assert_eq!(RunStatus::judge(&dead, false, 0.1), RunStatus::Failed);
    assert_eq!(unread_sources(&dead), ["a", "b"]);

    let one_dead = run(
        vec![source("a", 0, 0), source("b", 5, 5)],
        vec![failure("a", Stage::Discover)],
    );
    assert_eq!(RunStatus::judge(&one_dead, false, 0.1), RunStatus::Partial);

    // 2 of 10 pages tried failed (8 fetched, 2 fetch failures): 20%.
    let flaky = run(
        vec![source("a", 10, 8)],
        vec![failure("a", Stage::Fetch), failure("a", Stage::Fetch)],
    );
    assert!((failed_share(&flaky) - 0.2).abs() < 1e-9);
    assert_eq!(RunStatus::judge(&flaky, false, 0.1), RunStatus::Partial);
    assert_eq!(RunStatus::judge(&flaky, false, 0.25), RunStatus::Finished);
    // A source that listed nothing but did not fail was read.
    let empty = run(vec![source("a", 0, 0)], vec![]);
    assert_eq!(RunStatus::judge(&empty, false, 0.1), RunStatus::Finished);
}

/// A report with every optional part filled, as a run writes it.
fn full_report() -> RunReport {
    let mut report = RunReport::new(
        run(vec![source("a", 3, 2)], vec![failure("a", Stage::Fetch)]),
        RunStatus::Partial,
    );
    let mut stats = CrawlStats {
        bytes: 1234,
        tagged: 2,
        ..CrawlStats::default()
    };
    stats.status_codes.insert(200, 2);
    stats
        .tag_steps
        .insert("ner".into(), Duration::from_millis(5));
    report.add_crawl(&stats, &[]);
    report.hosts.push(HostSummary {
        host: "example.org:443".into(),
        requests: 4,
        failures: 3,
        backoffs: 1,
        backed_off: true,
        reason: Some("3 of 4 requests failed".into()),
        until: Some(Utc::now()),
    });
    report.settle();
    report
}

/// Dotted paths of every key in a JSON value: objects' keys, array elements under
/// `[]`; the keys of `totals.status_codes` and `cpu.tag_steps` are data, not names.
fn paths(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.push(path.clone());
                if path != "totals.status_codes" && path != "cpu.tag_steps" {
                    paths(v, &path, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            if let Some(first) = items.first() {
                paths(first, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_run_json_key_is_documented_in_schema_md() {
    let schema =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../SCHEMA.md")).unwrap();
    let start = schema
        .find("\n## run.json\n")
        .expect("SCHEMA.md has a `## run.json` section");
    let section = &schema[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let documented: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let json = serde_json::to_value(full_report()).unwrap();
    let mut keys = Vec::new();
    paths(&json, "", &mut keys);
    for key in &keys {
        assert!(
            documented.contains(&key.as_str()),
            "run.json key `{key}` is not documented in SCHEMA.md's run.json section"
        );
    }
    for key in &documented {
        assert!(
            keys.iter().any(|k| k == key),
            "SCHEMA.md documents run.json key `{key}`, which run.json does not have"
        );
    }
}

#[test]
fn report_round_trips_and_reads_in_words() {
    let report = full_report();
    let json = serde_json::to_string(&report).unwrap();
    let back: RunReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back.status, RunStatus::Partial);
    assert_eq!(back.run, report.run);
    assert_eq!(back.totals, report.totals);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["status"], "partial");
    assert_eq!(value["totals"]["status_codes"]["200"], 2);
    assert_eq!(value["newsmill"]["version"], env!("CARGO_PKG_VERSION"));
    let words = report.describe(std::path::Path::new("out/20260102T030405Z"));
    assert!(
        words.starts_with("Run 20260102T030405Z partial in "),
        "{words}"
    );
    assert!(words.contains("2 pages fetched"), "{words}");
    assert!(words.contains("1 failed"), "{words}");
    assert!(words.contains("HTTP 200: 2"), "{words}");
    assert!(words.contains("out/20260102T030405Z"), "{words}");
}
