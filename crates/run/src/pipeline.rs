//! The crawl: discover → fetch → scrape + tag → store, joined by bounded channels.
//!
//! ```text
//! discover (task per source) ─jobs─► fetch (≤ IN_FLIGHT tasks) ─pages─► scrape+tag
//! read_archive (blocking) ───────────────────────────────────pages─►  (blocking pool)
//!                                    every stage ─events─► store (one thread, owns SQLite)
//! ```
//!
//! Every `send().await` waits when the channel is full, so a slow stage slows the
//! ones before it and memory stays bounded. The [`CancellationToken`] stops
//! discovery and keeps queued URLs from being fetched; fetches in flight finish,
//! and the later stages drain until their input closes, so everything fetched is
//! stored. Politeness (robots.txt, per-host delays) is the [`Fetcher`]'s job.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Utc;
use newsmill_fetch::{read_archive, Fetched, Fetcher, SourceConfig, Validators, WarcRecorder};
use newsmill_records::{Failure, Lead, Page, Record, RunId, SourceSummary, Stage};
use newsmill_scrape::{Extractor, ScrapeError};
use newsmill_tag::Tagger;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, info_span, warn, Instrument};

mod store;

use crate::progress::Progress;
use crate::state::{Decision, State, UrlStatus, Visit};

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
    pub tagger: tokio::task::JoinHandle<Result<Tagger>>,
}

/// What the crawl did.
pub struct Crawl {
    /// Per-source totals, in config order.
    pub sources: Vec<SourceSummary>,
    /// Every failure, in the order they happened.
    pub failures: Vec<Failure>,
    /// The state store, handed back for the export.
    pub state: State,
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

struct Job {
    lead: Lead,
    validators: Validators,
}

/// A page on its way to extraction, and what to remember about its URL.
struct FetchedPage {
    page: Page,
    visit: Visit,
}

enum Event {
    Discovered(String, u64),
    Known(String),
    Fetched(String),
    NotModified(Visit),
    Failed(Failure, Option<(Visit, UrlStatus)>),
    NotArticle(Visit),
    Article(Visit, Box<Record>),
}

/// Runs the crawl over `sources`, storing into `state` (which a blocking thread owns
/// until the crawl ends).
pub async fn crawl(
    sources: &[SourceConfig],
    stages: Stages,
    state: State,
    options: CrawlOptions,
) -> Result<Crawl> {
    let reader = State::open(state.path()).context("cannot open a reader on the state store")?;
    let recorder: Recorder = match &options.warc {
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create folder {}", dir.display()))?;
            }
            let recorder = WarcRecorder::create(path)
                .with_context(|| format!("cannot create WARC file {}", path.display()))?;
            Some(Arc::new(std::sync::Mutex::new(recorder)))
        }
        None => None,
    };
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>(CHANNEL);
    let (pages_tx, pages_rx) = mpsc::channel::<FetchedPage>(CHANNEL);
    let (events_tx, events_rx) = mpsc::channel::<Event>(CHANNEL);

    let summaries: Vec<SourceSummary> = sources.iter().map(summary_for).collect();
    let store = {
        let run_id = options.run_id.clone();
        let progress = options.progress.clone();
        tokio::task::spawn_blocking(move || {
            store::store_events(state, run_id, events_rx, summaries, &*progress)
        })
    };

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
        reader,
        seen: HashSet::new(),
        jobs: jobs_tx.clone(),
        events: events_tx.clone(),
        cancel: options.cancel.clone(),
        revalidate: options.revalidate,
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
        joined.context("a discovery task failed")?;
    }
    fetch.await.context("the fetch stage failed")?;
    if let Some(recorder) = recorder.and_then(Arc::into_inner) {
        let recorder = recorder.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Err(err) = recorder.finish() {
            warn!(%err, "Cannot finish the WARC file.");
        }
    }
    process.await.context("the extraction stage failed")??;
    store.await.context("the store stage failed")?
}

fn summary_for(source: &SourceConfig) -> SourceSummary {
    let kind = source.kind.as_str().to_string();
    let location = source
        .url
        .clone()
        .or_else(|| source.path.as_ref().map(|p| p.display().to_string()))
        .unwrap_or_default();
    SourceSummary {
        name: source.name.clone(),
        kind,
        location,
        ..SourceSummary::default()
    }
}

struct Discover {
    fetcher: Arc<Fetcher>,
    reader: State,
    seen: HashSet<String>,
    jobs: mpsc::Sender<Job>,
    events: mpsc::Sender<Event>,
    cancel: CancellationToken,
    revalidate: bool,
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
        let discovery = tokio::select! {
            d = self.fetcher.discover(source) => d,
            () = self.cancel.cancelled() => return,
        };
        let discovery = match discovery {
            Ok(d) => d,
            Err(err) => {
                warn!(%err, "Discovery failed.");
                let failure = failure(&source.name, &source.name, Stage::Discover, &err);
                let _ = self.events.send(Event::Failed(failure, None)).await;
                return;
            }
        };
        for err in discovery.errors {
            warn!(%err, "Discovery skipped an entry.");
            let f = failure(&source.name, &source.name, Stage::Discover, &err);
            let _ = self.events.send(Event::Failed(f, None)).await;
        }
        let total = discovery.leads.len() as u64;
        debug!(leads = total, "Discovered.");
        let _ = self
            .events
            .send(Event::Discovered(source.name.clone(), total))
            .await;
        for lead in discovery.leads {
            if self.cancel.is_cancelled() {
                info!("Cancelled: no more URLs from this source.");
                return;
            }
            if !self.seen.insert(lead.url.clone()) {
                continue;
            }
            self.progress.on_found(1);
            let modified = lead.hints.modified.or(lead.hints.published);
            let decision = self.reader.decide(&lead.url, modified, self.revalidate);
            match decision {
                Ok(Decision::Skip) => {
                    let _ = self.events.send(Event::Known(source.name.clone())).await;
                }
                Ok(Decision::Fetch(validators)) => {
                    if self.jobs.send(Job { lead, validators }).await.is_err() {
                        return;
                    }
                }
                Err(err) => {
                    let reason = format!("{err:#}");
                    let f = Failure {
                        item: lead.url,
                        source: source.name.clone(),
                        stage: Stage::Discover,
                        reason,
                        at: Utc::now(),
                    };
                    let _ = self.events.send(Event::Failed(f, None)).await;
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
    let iter = match read_archive(source) {
        Ok(iter) => iter,
        Err(err) => {
            warn!(%err, "Cannot read the archive.");
            let f = failure(&source.name, &source.name, Stage::Discover, &err);
            let _ = events.blocking_send(Event::Failed(f, None));
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
                let _ = events.blocking_send(Event::Fetched(source.name.clone()));
                let visit = visit_for(&page, None);
                if pages.blocking_send(FetchedPage { page, visit }).is_err() {
                    break;
                }
            }
            Err(err) => {
                let f = failure(&source.name, &source.name, Stage::Fetch, &err);
                let _ = events.blocking_send(Event::Failed(f, None));
            }
        }
    }
    let _ = events.blocking_send(Event::Discovered(source.name.clone(), count));
}

fn visit_for(page: &Page, lead: Option<&Lead>) -> Visit {
    let hints = lead.map_or(&page.hints, |l| &l.hints);
    Visit {
        url: lead.map_or_else(|| page.url.clone(), |l| l.url.clone()),
        source: page.source.clone(),
        http_status: Some(page.status),
        etag: page.etag.clone(),
        last_modified: page.last_modified.clone(),
        source_modified: hints.modified.or(hints.published),
    }
}

fn failure(item: &str, source: &str, stage: Stage, err: &dyn std::fmt::Display) -> Failure {
    Failure {
        item: item.to_string(),
        source: source.to_string(),
        stage,
        reason: err.to_string(),
        at: Utc::now(),
    }
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
    let Job { lead, validators } = job;
    let visit_without_page = || Visit {
        url: lead.url.clone(),
        source: lead.source.clone(),
        http_status: None,
        etag: None,
        last_modified: None,
        source_modified: lead.hints.modified.or(lead.hints.published),
    };
    match fetcher.fetch(&lead, &validators).await {
        Ok(Fetched::Page(page)) if page.status >= 400 => {
            let reason = format!("HTTP {}", page.status);
            let mut visit = visit_without_page();
            visit.http_status = Some(page.status);
            let f = failure(&lead.url, &lead.source, Stage::Fetch, &reason);
            let status = if matches!(page.status, 404 | 410) {
                UrlStatus::Gone
            } else {
                UrlStatus::Failed
            };
            let _ = events.send(Event::Failed(f, Some((visit, status)))).await;
        }
        Ok(Fetched::Page(page)) => {
            debug!(status = page.status, bytes = page.body.len(), "Fetched.");
            let _ = events.send(Event::Fetched(lead.source.clone())).await;
            if let Some(recorder) = recorder {
                let written = recorder
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .write_page(&page);
                if let Err(err) = written {
                    warn!(%err, "Cannot write the page to the WARC file.");
                }
            }
            let visit = visit_for(&page, Some(&lead));
            let _ = pages.send(FetchedPage { page, visit }).await;
        }
        Ok(Fetched::NotModified) => {
            debug!("Not modified.");
            let mut visit = visit_without_page();
            visit.http_status = Some(304);
            let _ = events.send(Event::NotModified(visit)).await;
        }
        Err(err) => {
            debug!(%err, "Fetch failed.");
            let status = if err.is_gone() {
                UrlStatus::Gone
            } else {
                UrlStatus::Failed
            };
            let f = failure(&lead.url, &lead.source, Stage::Fetch, &err);
            let _ = events
                .send(Event::Failed(f, Some((visit_without_page(), status))))
                .await;
        }
    }
}

async fn process_pages(
    extractor: Arc<Extractor>,
    tagger: tokio::task::JoinHandle<Result<Tagger>>,
    run_id: RunId,
    mut pages: mpsc::Receiver<FetchedPage>,
    events: mpsc::Sender<Event>,
) -> Result<()> {
    let tagger = Arc::new(tagger.await.context("loading the tagger failed")??);
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
            let event = scrape_and_tag(&extractor, &tagger, run_id, item);
            let _ = events.blocking_send(event);
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}

fn scrape_and_tag(
    extractor: &Extractor,
    tagger: &Tagger,
    run_id: RunId,
    item: FetchedPage,
) -> Event {
    let FetchedPage { page, visit } = item;
    let fail = |stage, reason: String| {
        let f = failure(&visit.url, &visit.source, stage, &reason);
        Event::Failed(f, Some((visit.clone(), UrlStatus::Failed)))
    };
    let extracted = std::panic::catch_unwind(AssertUnwindSafe(|| extractor.extract(&page)));
    let article = match extracted {
        Ok(Ok(article)) => article,
        Ok(Err(ScrapeError::NotArticle { reason, .. })) => {
            debug!(%reason, "Not an article.");
            return Event::NotArticle(visit);
        }
        Ok(Err(err)) => return fail(Stage::Scrape, err.to_string()),
        Err(panic) => {
            return fail(
                Stage::Scrape,
                format!("extractor panicked: {}", panic_text(&panic)),
            )
        }
    };
    let tagged = std::panic::catch_unwind(AssertUnwindSafe(|| tagger.tag(&article)));
    match tagged {
        Ok(tagged) => Event::Article(
            visit,
            Box::new(Record {
                run_id,
                article,
                tagged,
            }),
        ),
        Err(panic) => fail(
            Stage::Tag,
            format!("tagger panicked: {}", panic_text(&panic)),
        ),
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
