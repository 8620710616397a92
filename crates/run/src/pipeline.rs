//! The crawl: discover → fetch → scrape + tag → store, joined by bounded channels.
//!
//! ```text
//! discover (task per source) ─jobs─► fetch (≤ IN_FLIGHT tasks) ─pages─► scrape+tag
//! read_archive (blocking) ───────────────────────────────────pages─►  (blocking pool)
//!                                    every stage ─events─► store (one thread, owns SQLite)
//! ```
//!
//! Each stage is one of the crate's public steps: [`discover`] and [`Triage`],
//! [`fetch_lead`], [`extract_page`], and a [`Ledger`] in the store thread.
//!
//! Every `send().await` waits when the channel is full, so a slow stage slows the
//! ones before it and memory stays bounded. The [`CancellationToken`] stops
//! discovery and keeps queued URLs from being fetched; fetches in flight finish,
//! and the later stages drain until their input closes, so everything fetched is
//! stored. Politeness (robots.txt, per-host delays) is the [`Fetcher`]'s job.

use std::path::PathBuf;
use std::sync::Arc;

use newsmill_fetch::{read_archive, Fetcher, SourceConfig, WarcRecorder};
use newsmill_records::{RunId, Stage};
use newsmill_scrape::Extractor;
use newsmill_tag::{TagError, Tagger};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{info, info_span, warn, Instrument};

use crate::discover::{discover, Job, Triage, Verdict};
use crate::error::{Result, RunError};
use crate::ledger::{Crawl, Ledger};
use crate::process::{extract_page, failure, fetch_lead, Fetch, FetchedPage, Outcome};
use crate::progress::Progress;
use crate::state::State;

/// Fetches awaiting a response at once (the fetcher's own per-host and global
/// limits decide how many are actually on the wire).
const IN_FLIGHT: usize = 64;
/// Capacity of each channel between stages.
const CHANNEL: usize = 128;

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

/// Runs the crawl over `sources`, storing into `state` (which a blocking thread owns
/// until the crawl ends).
pub async fn crawl(
    sources: &[SourceConfig],
    stages: Stages,
    state: State,
    options: CrawlOptions,
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
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>(CHANNEL);
    let (pages_tx, pages_rx) = mpsc::channel::<FetchedPage>(CHANNEL);
    let (events_tx, events_rx) = mpsc::channel::<Event>(CHANNEL);

    let ledger = Ledger::new(
        state,
        options.run_id.clone(),
        sources,
        options.progress.clone(),
    );
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
                read_archive_source(&source, &pages, &events, &cancel, &*progress);
            });
        } else {
            web.push(source);
        }
    }
    // Web sources are discovered one after the other, in config order: a URL listed
    // by two sources belongs to the first (and keeps that source's hints), and the
    // fetch stage starts on the first source's URLs while the next is discovered.
    let discover = Discover {
        fetcher: stages.fetcher.clone(),
        triage: Triage::new(reader, options.revalidate),
        jobs: jobs_tx.clone(),
        events: events_tx.clone(),
        cancel: options.cancel.clone(),
        progress: options.progress.clone(),
    };
    producers.spawn(discover.run_all(web));
    drop(jobs_tx);

    let fetch = tokio::spawn(fetch_jobs(
        stages.fetcher.clone(),
        recorder.clone(),
        jobs_rx,
        pages_tx,
        events_tx.clone(),
        options.cancel.clone(),
    ));
    let process = tokio::spawn(process_pages(
        stages.extractor,
        stages.tagger,
        options.run_id.clone(),
        pages_rx,
        events_tx,
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
    store.await.map_err(|e| RunError::stage("store", e))?
}

/// The store stage: hands every event to the ledger, one transaction each.
fn store_events(mut ledger: Ledger, mut events: mpsc::Receiver<Event>) -> Result<Crawl> {
    while let Some(event) = events.blocking_recv() {
        match event {
            Event::Discovered(source, n) => ledger.discovered(&source, n),
            Event::Known(source) => ledger.known(&source),
            Event::Outcome(outcome) => {
                ledger.record(outcome)?;
            }
        }
    }
    Ok(ledger.finish())
}

struct Discover {
    fetcher: Arc<Fetcher>,
    triage: Triage,
    jobs: mpsc::Sender<Job>,
    events: mpsc::Sender<Event>,
    cancel: CancellationToken,
    progress: Arc<dyn Progress>,
}

impl Discover {
    async fn run_all(mut self, sources: Vec<SourceConfig>) {
        for source in sources {
            let span = info_span!("source", source = %source.name);
            self.run(&source).instrument(span).await;
        }
    }

    async fn run(&mut self, source: &SourceConfig) {
        if self.cancel.is_cancelled() {
            return;
        }
        let found = tokio::select! {
            found = discover(&self.fetcher, source) => found,
            () = self.cancel.cancelled() => return,
        };
        for f in found.failures {
            let _ = self
                .events
                .send(Event::Outcome(Outcome::Failed(f, None)))
                .await;
        }
        let total = found.leads.len() as u64;
        let _ = self
            .events
            .send(Event::Discovered(source.name.clone(), total))
            .await;
        for lead in found.leads {
            if self.cancel.is_cancelled() {
                info!("Cancelled: no more URLs from this source.");
                return;
            }
            let verdict = self.triage.triage(&source.name, lead);
            if !matches!(verdict, Verdict::Repeated) {
                self.progress.on_found(1);
            }
            match verdict {
                Verdict::Repeated => {}
                Verdict::Known => {
                    let _ = self.events.send(Event::Known(source.name.clone())).await;
                }
                Verdict::Fetch(job) => {
                    if self.jobs.send(job).await.is_err() {
                        return;
                    }
                }
                Verdict::Failed(f) => {
                    let _ = self
                        .events
                        .send(Event::Outcome(Outcome::Failed(f, None)))
                        .await;
                }
            }
        }
    }
}

fn read_archive_source(
    source: &SourceConfig,
    pages: &mpsc::Sender<FetchedPage>,
    events: &mpsc::Sender<Event>,
    cancel: &CancellationToken,
    progress: &dyn Progress,
) {
    let failed = |f| Event::Outcome(Outcome::Failed(f, None));
    let iter = match read_archive(source) {
        Ok(iter) => iter,
        Err(err) => {
            warn!(%err, "Cannot read the archive.");
            let f = failure(&source.name, &source.name, Stage::Discover, &err);
            let _ = events.blocking_send(failed(f));
            return;
        }
    };
    let mut count = 0;
    for item in iter {
        if cancel.is_cancelled() {
            info!("Cancelled: no more pages from this archive.");
            break;
        }
        count += 1;
        match item {
            Ok(page) => {
                progress.on_found(1);
                if pages
                    .blocking_send(FetchedPage::from_archive(page))
                    .is_err()
                {
                    break;
                }
            }
            Err(err) => {
                let f = failure(&source.name, &source.name, Stage::Fetch, &err);
                let _ = events.blocking_send(failed(f));
            }
        }
    }
    let _ = events.blocking_send(Event::Discovered(source.name.clone(), count));
}

async fn fetch_jobs(
    fetcher: Arc<Fetcher>,
    recorder: Recorder,
    mut jobs: mpsc::Receiver<Job>,
    pages: mpsc::Sender<FetchedPage>,
    events: mpsc::Sender<Event>,
    cancel: CancellationToken,
) {
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    while let Some(job) = jobs.recv().await {
        if cancel.is_cancelled() {
            continue; // Discovered again next run.
        }
        let permit = permits
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore open");
        let (fetcher, pages, events) = (fetcher.clone(), pages.clone(), events.clone());
        let recorder = recorder.clone();
        let span = info_span!("page", url = %job.lead.url);
        tasks.spawn(
            async move {
                let _permit = permit;
                fetch_one(&fetcher, recorder, job, &pages, &events).await;
            }
            .instrument(span),
        );
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
}

async fn fetch_one(
    fetcher: &Fetcher,
    recorder: Recorder,
    job: Job,
    pages: &mpsc::Sender<FetchedPage>,
    events: &mpsc::Sender<Event>,
) {
    match fetch_lead(fetcher, &job).await {
        Fetch::Page(item) => {
            if let Some(recorder) = recorder {
                let written = recorder
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .write_page(&item.page);
                if let Err(err) = written {
                    warn!(%err, "Cannot write the page to the WARC file.");
                }
            }
            let _ = pages.send(item).await;
        }
        Fetch::Done(outcome) => {
            let _ = events.send(Event::Outcome(outcome)).await;
        }
    }
}

async fn process_pages(
    extractor: Arc<Extractor>,
    tagger: tokio::task::JoinHandle<Result<Arc<Tagger>, TagError>>,
    run_id: RunId,
    mut pages: mpsc::Receiver<FetchedPage>,
    events: mpsc::Sender<Event>,
) -> Result<()> {
    let tagger = tagger
        .await
        .map_err(|e| RunError::stage("tagger loading", e))??;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let permits = Arc::new(Semaphore::new(workers));
    let mut tasks = JoinSet::new();
    while let Some(item) = pages.recv().await {
        let permit = permits
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore open");
        let (extractor, tagger, events, run_id) = (
            extractor.clone(),
            tagger.clone(),
            events.clone(),
            run_id.clone(),
        );
        tasks.spawn_blocking(move || {
            let _permit = permit;
            let _span = info_span!("page", url = %item.page.url).entered();
            let outcome = extract_page(&extractor, &tagger, &run_id, item);
            let _ = events.blocking_send(Event::Outcome(outcome));
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
