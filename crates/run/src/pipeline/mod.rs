//! The crawl: discover → fetch → scrape + tag → store, joined by bounded channels.
//!
//! ```text
//! discover (one task, sources in order) ─jobs─► fetch (fetch.rs) ─pages─► scrape+tag
//! read_archive (blocking) ─────────────────────────────────────pages─►  (blocking pool)
//!                                    every stage ─events─► store (one thread, owns SQLite)
//! ```
//!
//! Each stage is one of the crate's public steps: [`discover`](crate::discover) and
//! [`Triage`], [`fetch_lead`](crate::fetch_lead), [`extract_page`](crate::extract_page),
//! and a [`Ledger`] in the store thread, which writes whatever has arrived in one
//! transaction.
//!
//! Every `send().await` waits when the channel is full, so a slow stage slows the
//! ones before it and memory stays bounded. The [`CancellationToken`] stops
//! discovery and the start of new fetches; fetches in flight get
//! [`STOP_GRACE`](fetch::STOP_GRACE) to finish, and the later stages drain until
//! their input closes, so everything fetched is stored. Politeness (robots.txt,
//! per-host delays) is the [`Fetcher`]'s job.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use newsmill_fetch::{Fetcher, SourceConfig, WarcRecorder};
use newsmill_records::RunId;
use newsmill_scrape::Extractor;
use newsmill_tag::{TagError, Tagger};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{info_span, warn};

use crate::discover::{Job, Triage};
use crate::error::{Result, RunError};
use crate::ledger::{Crawl, Ledger};
use crate::process::TAG_STEPS;
use crate::process::{extract_page_metered, tag_step_names, FetchedPage, Outcome, PageCpu};
use crate::progress::Progress;
use crate::staging::Staging;
use crate::state::State;
use crate::usage::thread_cpu;

mod fetch;
mod sources;

pub use fetch::STOP_GRACE;

/// Capacity of the channel of URLs to fetch (small items: a long queue lets the
/// fetch stage run ahead of a slow discovery).
const CHANNEL: usize = 128;
/// Capacity of the channel of fetched pages waiting for extraction, at least: a page
/// body is tens of kilobytes, and extraction is the slower side, so a long queue only
/// holds memory. A fetch takes its place in the queue before it starts
/// ([`fetch`](self::fetch)), so the capacity is also the most fetches in flight: it
/// grows to the fetcher's `global_concurrency` when that is larger.
const PAGES: usize = 16;
/// Capacity of the channel of events to the store thread (an outcome holds a whole
/// tagged record, tens of kilobytes: the store keeps up, so a long queue only holds
/// memory).
const EVENTS: usize = 8;
/// Most outcomes the store thread writes in one transaction (a batch is held whole
/// until written).
const BATCH: usize = 32;

/// The built stages a crawl uses.
pub struct Stages {
    /// Fetching (web sources only).
    pub fetcher: Arc<Fetcher>,
    /// Extraction.
    pub extractor: Arc<Extractor>,
    /// Tagging, still loading: its model and gazetteers load while the first
    /// sources are discovered and fetched.
    pub tagger: tokio::task::JoinHandle<Result<Arc<Tagger>, TagError>>,
}

/// Settings of one crawl.
pub struct CrawlOptions {
    /// This run's id, stamped on every stored record.
    pub run_id: RunId,
    /// Conditional GET for every known URL.
    pub revalidate: bool,
    /// Stops the crawl gracefully.
    pub cancel: CancellationToken,
    /// Keep every fetched page in this WARC file.
    pub warc: Option<PathBuf>,
    /// Told of every URL found and done.
    pub progress: Arc<dyn Progress>,
}

type Recorder = Option<Arc<std::sync::Mutex<WarcRecorder>>>;

/// What the stages tell the store thread.
enum Event {
    Discovered(String, u64),
    Known(String),
    Outcome(Outcome),
}

/// Counters the stages share (nanoseconds for CPU times).
#[derive(Default)]
struct Meter {
    bytes: AtomicU64,
    abandoned: AtomicU64,
    extract_ns: AtomicU64,
    tag_ns: AtomicU64,
    tag_step_ns: [AtomicU64; TAG_STEPS],
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Runs the crawl over `sources`, storing into `state` (which a blocking thread owns
/// until the crawl ends).
pub async fn crawl(
    sources: &[SourceConfig],
    stages: Stages,
    state: State,
    options: CrawlOptions,
) -> Result<Crawl> {
    crawl_with(sources, stages, state, options, None).await
}

/// [`crawl`], writing every article it stores into `staging` as well (the run's
/// export, written as the crawl goes: [`Crawl::staging`], finished by
/// [`export_staged`](crate::export_staged)).
pub async fn crawl_staged(
    sources: &[SourceConfig],
    stages: Stages,
    state: State,
    options: CrawlOptions,
    staging: Staging,
) -> Result<Crawl> {
    crawl_with(sources, stages, state, options, Some(staging)).await
}

async fn crawl_with(
    sources: &[SourceConfig],
    stages: Stages,
    state: State,
    options: CrawlOptions,
    staging: Option<Staging>,
) -> Result<Crawl> {
    let reader = State::open(state.path())?;
    let recorder: Recorder = match &options.warc {
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| RunError::io("create folder", dir, e))?;
            }
            let recorder = WarcRecorder::create(path).map_err(|source| RunError::Warc {
                path: path.clone(),
                source: Box::new(source),
            })?;
            Some(Arc::new(std::sync::Mutex::new(recorder)))
        }
        None => None,
    };
    let meter = Arc::new(Meter::default());
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>(CHANNEL);
    let pages_queue = PAGES.max(stages.fetcher.config().global_concurrency);
    let (pages_tx, pages_rx) = mpsc::channel::<FetchedPage>(pages_queue);
    let (events_tx, events_rx) = mpsc::channel::<Event>(EVENTS);

    let mut ledger = Ledger::new(
        state,
        options.run_id.clone(),
        sources,
        options.progress.clone(),
    );
    if let Some(staging) = staging {
        ledger = ledger.with_staging(staging);
    }
    let store = tokio::task::spawn_blocking(move || store_events(ledger, events_rx));

    let mut producers = JoinSet::new();
    let mut web = Vec::new();
    for source in sources.iter().cloned() {
        if source.kind.is_archive() {
            let span = info_span!("source", source = %source.name);
            let pages = pages_tx.clone();
            let events = events_tx.clone();
            let cancel = options.cancel.clone();
            let progress = options.progress.clone();
            producers.spawn_blocking(move || {
                let _entered = span.enter();
                sources::read_archive_source(&source, &pages, &events, &cancel, &*progress);
            });
        } else {
            web.push(source);
        }
    }
    // Web sources are discovered one after the other, in config order: a URL listed
    // by two sources belongs to the first (and keeps that source's hints), and the
    // fetch stage starts on the first source's URLs while the next is discovered.
    let discover = sources::Discover {
        fetcher: stages.fetcher.clone(),
        triage: Triage::new(reader, options.revalidate),
        jobs: jobs_tx.clone(),
        events: events_tx.clone(),
        cancel: options.cancel.clone(),
        progress: options.progress.clone(),
    };
    producers.spawn(discover.run_all(web));
    drop(jobs_tx);

    let fetch = tokio::spawn(fetch::fetch_jobs(
        stages.fetcher.clone(),
        jobs_rx,
        fetch::Outputs {
            pages: pages_tx,
            events: events_tx.clone(),
            recorder: recorder.clone(),
            meter: meter.clone(),
        },
        options.cancel.clone(),
    ));
    let process = tokio::spawn(process_pages(
        stages.extractor,
        stages.tagger,
        options.run_id.clone(),
        pages_rx,
        events_tx,
        meter.clone(),
    ));

    while let Some(joined) = producers.join_next().await {
        joined.map_err(|e| RunError::stage("discovery", e))?;
    }
    fetch.await.map_err(|e| RunError::stage("fetch", e))?;
    if let Some(recorder) = recorder.and_then(Arc::into_inner) {
        let recorder = recorder.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Err(err) = recorder.finish() {
            warn!(%err, "Cannot finish the WARC file.");
        }
    }
    process
        .await
        .map_err(|e| RunError::stage("extraction", e))??;
    let mut crawl = store.await.map_err(|e| RunError::stage("store", e))??;
    let stats = &mut crawl.stats;
    stats.bytes = meter.bytes.load(Ordering::Relaxed);
    stats.abandoned = meter.abandoned.load(Ordering::Relaxed);
    stats.extract_cpu = Duration::from_nanos(meter.extract_ns.load(Ordering::Relaxed));
    stats.tag_cpu = Duration::from_nanos(meter.tag_ns.load(Ordering::Relaxed));
    for (name, ns) in tag_step_names().into_iter().zip(&meter.tag_step_ns) {
        let d = Duration::from_nanos(ns.load(Ordering::Relaxed));
        *stats.tag_steps.entry(name.to_string()).or_default() += d;
    }
    Ok(crawl)
}

/// The store stage: hands the events to the ledger, writing whatever has arrived
/// (up to [`BATCH`] outcomes) in one transaction.
fn store_events(mut ledger: Ledger, mut events: mpsc::Receiver<Event>) -> Result<Crawl> {
    let start = thread_cpu();
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(first) = events.blocking_recv() {
        let mut next = Some(first);
        while let Some(event) = next.take() {
            match event {
                Event::Discovered(source, n) => ledger.discovered(&source, n),
                Event::Known(source) => ledger.known(&source),
                Event::Outcome(outcome) => batch.push(outcome),
            }
            if batch.len() < BATCH {
                next = events.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            ledger.record_all(batch.drain(..))?;
        }
    }
    let mut crawl = ledger.finish();
    let export = crawl.staging.as_ref().map_or(Duration::ZERO, Staging::cpu);
    crawl.stats.export_cpu = export;
    crawl.stats.store_cpu = thread_cpu().saturating_sub(start).saturating_sub(export);
    Ok(crawl)
}

async fn process_pages(
    extractor: Arc<Extractor>,
    tagger: tokio::task::JoinHandle<Result<Arc<Tagger>, TagError>>,
    run_id: RunId,
    pages: mpsc::Receiver<FetchedPage>,
    events: mpsc::Sender<Event>,
    meter: Arc<Meter>,
) -> Result<()> {
    let tagger = tagger
        .await
        .map_err(|e| RunError::stage("tagger loading", e))??;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Pages are extracted and tagged on `workers` blocking threads that last the whole
    // crawl, each taking the next page, not on a blocking task per page: the blocking
    // pool would hand pages to whichever of its threads are idle, and every regex of
    // the extractor and the tagger grows a lazy-DFA cache (up to megabytes) for each
    // thread that uses it, so a changing set of threads holds caches for nothing.
    let pages = Arc::new(std::sync::Mutex::new(pages));
    let mut tasks = JoinSet::new();
    for _ in 0..workers {
        let (pages, extractor, tagger, events, run_id, meter) = (
            pages.clone(),
            extractor.clone(),
            tagger.clone(),
            events.clone(),
            run_id.clone(),
            meter.clone(),
        );
        tasks.spawn_blocking(move || loop {
            let next = pages
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .blocking_recv();
            let Some(item) = next else {
                break;
            };
            let _span = info_span!("page", url = %item.page.url).entered();
            let mut cpu = PageCpu::default();
            let outcome = extract_page_metered(&extractor, &tagger, &run_id, item, &mut cpu);
            meter
                .extract_ns
                .fetch_add(nanos(cpu.extract), Ordering::Relaxed);
            meter.tag_ns.fetch_add(nanos(cpu.tag), Ordering::Relaxed);
            for (total, d) in meter.tag_step_ns.iter().zip(cpu.tag_steps) {
                total.fetch_add(nanos(d), Ordering::Relaxed);
            }
            let _ = events.blocking_send(Event::Outcome(outcome));
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
