//! The public steps, split the way a coordinator and its workers split them: the
//! coordinator discovers and triages with its store, each job crosses a queue as
//! JSON, a worker with no store processes it, and the outcome crosses back to the
//! coordinator's ledger. The result must be the crawl's, row for row.

use std::collections::BTreeMap;
use std::sync::Arc;

use newsmill_fetch::Fetcher;
use newsmill_records::Run;
use newsmill_run::{
    discover, export_run, fresh_run_id, open_for_run, process_lead, Job, Ledger, NoProgress,
    Outcome, State, Stored, Triage, Verdict,
};
use newsmill_scrape::Extractor;

use crate::support::runner::{csv_rows, fetch_config, site_sources, tagger, Finished, Runner};
use crate::support::site::{Server, Site};

/// One run through the public steps, every job and outcome serialised in between.
async fn run_split(runner: &Runner) -> (Finished, Vec<Stored>) {
    let opened = open_for_run(&runner.state_path(), &runner.output).unwrap();
    let mut state = opened.state;
    let run_id = fresh_run_id(&state, &runner.output.dir).await.unwrap();
    let mut run = Run::begin(run_id.clone(), "split", chrono::Utc::now());
    state.begin_run(&run).unwrap();

    // Coordinator: discover and triage.
    let fetcher = Fetcher::new(fetch_config()).unwrap();
    let mut triage = Triage::new(State::open(&runner.state_path()).unwrap(), false);
    let mut ledger = Ledger::new(state, run_id.clone(), &runner.sources, Arc::new(NoProgress));
    let mut queue = Vec::new();
    for source in &runner.sources {
        let found = discover(&fetcher, source).await;
        assert!(found.failures.is_empty(), "{:#?}", found.failures);
        ledger.discovered(&source.name, found.leads.len() as u64);
        for lead in found.leads {
            match triage.triage(&source.name, lead) {
                Verdict::Fetch(job) => queue.push(serde_json::to_string(&job).unwrap()),
                Verdict::Known => ledger.known(&source.name),
                Verdict::Repeated => {}
                Verdict::Failed(f) => panic!("{f:?}"),
            }
        }
    }

    // Worker: a fetcher, extractor and tagger of its own, no store.
    let worker = Fetcher::new(fetch_config()).unwrap();
    // A worker reads the same config: it knows each source's private hosts.
    for source in &runner.sources {
        worker.register_source(source);
    }
    let extractor = Arc::new(Extractor::new(Default::default()).unwrap());
    let mut results = Vec::new();
    for message in &queue {
        let job: Job = serde_json::from_str(message).unwrap();
        let outcome =
            process_lead(&worker, extractor.clone(), tagger(), run_id.clone(), &job).await;
        results.push(serde_json::to_string(&outcome).unwrap());
    }

    // Coordinator: record the outcomes, export.
    let mut stored = Vec::new();
    for message in &results {
        let outcome: Outcome = serde_json::from_str(message).unwrap();
        stored.extend(ledger.record(outcome).unwrap());
    }
    let crawl = ledger.finish();
    run.sources = crawl.sources;
    run.failures = crawl.failures;
    let mut state = crawl.state;
    let dir = export_run(&mut state, &runner.output, &mut run, false).unwrap();
    state.finish_run(&run).unwrap();
    let report = std::fs::read_to_string(dir.join("run.json")).unwrap();
    let finished = Finished {
        run,
        report: serde_json::from_str(&report).unwrap(),
        dir,
        rolled_back: opened.rolled_back,
    };
    (finished, stored)
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn split_steps_give_what_the_crawl_gives() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let crawl_runner = Runner::new(site_sources(&server));
    let crawled = crawl_runner.run();
    let split_runner = Runner::new(site_sources(&server));
    let (split, stored) = block_on(run_split(&split_runner));

    assert_eq!(stored, vec![Stored::New; site.articles.len()]);
    assert_eq!(split.run.sources, crawled.run.sources, "per-source totals");
    assert!(split.run.failures.is_empty(), "{:#?}", split.run.failures);
    for table in ["articles.csv", "entities.csv", "mentions.csv", "quotes.csv"] {
        // Row order follows completion order; the fetch time and run differ.
        let rows = |dir: &std::path::Path| {
            let mut rows: Vec<BTreeMap<String, String>> = csv_rows(&dir.join(table))
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .filter(|(k, _)| k != "fetched_at" && k != "run_id")
                        .collect()
                })
                .collect();
            rows.sort();
            rows
        };
        let (a, b) = (rows(&crawled.dir), rows(&split.dir));
        assert_eq!(a, b, "{table} differs");
        match table {
            "articles.csv" => assert_eq!(a.len(), site.articles.len()),
            "entities.csv" | "mentions.csv" => assert!(!a.is_empty(), "no {table} rows"),
            _ => {}
        }
    }

    // A second pass: every URL the sources list is known.
    let (again, stored) = block_on(run_split(&split_runner));
    assert!(stored.is_empty(), "{stored:?}");
    assert_eq!(
        again.total(|s| s.skipped),
        site.articles.len() as u64 + 2,
        "{:#?}",
        again.run.sources
    );
    assert_eq!(again.total(|s| s.fetched), 0);
}

#[test]
fn triage_fetches_new_urls_once_and_skips_known_ones() {
    let server = Server::start();
    let site = Site::standard();
    server.serve_site(&site);
    let runner = Runner::new(site_sources(&server));
    let lead = |n: usize| newsmill_records::Lead {
        url: site.articles[n].url(server.base()),
        source: "feed".into(),
        hints: Default::default(),
    };
    std::fs::create_dir_all(&runner.output.dir).unwrap();
    let mut triage = Triage::new(runner.state(), false);
    let first = triage.triage("feed", lead(0));
    let Verdict::Fetch(job) = first else {
        panic!("new URL not fetched: {first:?}");
    };
    assert_eq!((job.etag, job.last_modified), (None, None));
    assert_eq!(triage.triage("sitemap", lead(0)), Verdict::Repeated);

    runner.run();
    let mut triage = Triage::new(runner.state(), false);
    assert_eq!(triage.triage("feed", lead(0)), Verdict::Known);
    // Revalidation fetches it again, with the validators of the last fetch.
    let mut triage = Triage::new(runner.state(), true);
    let Verdict::Fetch(job) = triage.triage("feed", lead(0)) else {
        panic!("not revalidated");
    };
    assert!(job.etag.is_some(), "{job:?}");
}
