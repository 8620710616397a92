//! The fetch stage: takes jobs from discovery and fetches them, at most
//! `per_host_concurrency` at a time per host (the fetcher's own limit, so a job is
//! started only when the fetcher can send it soon) and [`IN_FLIGHT`] in all, each
//! holding its place in the queue to extraction from the start ([`fetch_one`]). Jobs
//! a host cannot take yet wait here, up to [`WAITING`]; past that, discovery waits.
//!
//! Stopping: once the crawl is cancelled no job is started; the waiting ones are
//! dropped (the next run fetches them), and the fetches in flight get
//! [`STOP_GRACE`] to finish before they are abandoned, so a stop takes seconds
//! even when a server stalls.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use newsmill_fetch::Fetcher;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{info, info_span, warn, Instrument};

use super::{Event, Meter, Recorder};
use crate::discover::Job;
use crate::process::{fetch_lead, Fetch, FetchedPage};

/// Fetches started and not yet done, over every host.
const IN_FLIGHT: usize = 64;
/// Jobs held back because their host is busy.
const WAITING: usize = 1024;
/// How long fetches in flight may go on after the crawl is cancelled.
pub const STOP_GRACE: Duration = Duration::from_secs(5);

/// Where the fetch stage sends what it fetched.
pub(super) struct Outputs {
    pub pages: mpsc::Sender<FetchedPage>,
    pub events: mpsc::Sender<Event>,
    pub recorder: Recorder,
    pub meter: Arc<Meter>,
}

/// Jobs waiting for their host, and fetches running per host.
struct Hosts {
    per_host: usize,
    running: HashMap<String, usize>,
    waiting: HashMap<String, VecDeque<Job>>,
    queued: usize,
}

impl Hosts {
    /// The next job some host can take now, if the global limit allows one.
    fn next_ready(&mut self, in_flight: usize) -> Option<(String, Job)> {
        if in_flight >= IN_FLIGHT || self.queued == 0 {
            return None;
        }
        let host = self
            .waiting
            .iter()
            .find(|(host, jobs)| {
                !jobs.is_empty() && self.running.get(*host).copied().unwrap_or(0) < self.per_host
            })
            .map(|(host, _)| host.clone())?;
        let job = self.waiting.get_mut(&host)?.pop_front()?;
        self.queued -= 1;
        Some((host, job))
    }

    fn can_start(&self, host: &str, in_flight: usize) -> bool {
        in_flight < IN_FLIGHT && self.running.get(host).copied().unwrap_or(0) < self.per_host
    }
}

/// Runs the fetch stage until its input closes (or, cancelled, until the fetches
/// in flight finish or the grace period ends).
pub(super) async fn fetch_jobs(
    fetcher: Arc<Fetcher>,
    mut jobs: mpsc::Receiver<Job>,
    out: Outputs,
    cancel: CancellationToken,
) {
    let mut hosts = Hosts {
        per_host: fetcher.config().per_host_concurrency.max(1),
        running: HashMap::new(),
        waiting: HashMap::new(),
        queued: 0,
    };
    let mut tasks: JoinSet<String> = JoinSet::new();
    let mut open = true;
    let start = |tasks: &mut JoinSet<String>, hosts: &mut Hosts, host: String, job: Job| {
        *hosts.running.entry(host.clone()).or_default() += 1;
        let span = info_span!("page", url = %job.lead.url);
        let (fetcher, out) = (fetcher.clone(), out.clone());
        tasks.spawn(
            async move {
                fetch_one(&fetcher, &out, job).await;
                host
            }
            .instrument(span),
        );
    };
    loop {
        if !open && tasks.is_empty() && hosts.queued == 0 {
            return;
        }
        tokio::select! {
            biased;
            () = cancel.cancelled() => break,
            Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                if let Ok(host) = done {
                    if let Some(n) = hosts.running.get_mut(&host) {
                        *n = n.saturating_sub(1);
                    }
                }
                while let Some((host, job)) = hosts.next_ready(tasks.len()) {
                    start(&mut tasks, &mut hosts, host, job);
                }
            }
            job = jobs.recv(), if open && hosts.queued < WAITING => {
                let Some(job) = job else {
                    open = false;
                    continue;
                };
                let host = host_of(&job);
                if hosts.can_start(&host, tasks.len()) {
                    start(&mut tasks, &mut hosts, host, job);
                } else {
                    hosts.waiting.entry(host).or_default().push_back(job);
                    hosts.queued += 1;
                }
            }
        }
    }
    stop(tasks, hosts.queued as u64, jobs, open, &out.meter).await;
}

/// After a cancel: drops the waiting jobs and whatever discovery still sends, and
/// gives the fetches in flight [`STOP_GRACE`] before abandoning them.
async fn stop(
    mut tasks: JoinSet<String>,
    waiting: u64,
    mut jobs: mpsc::Receiver<Job>,
    mut open: bool,
    meter: &Meter,
) {
    let mut dropped = waiting;
    if !tasks.is_empty() {
        info!(
            in_flight = tasks.len(),
            grace_s = STOP_GRACE.as_secs(),
            "Stopping: waiting for the fetches in flight."
        );
    }
    let deadline = tokio::time::Instant::now() + STOP_GRACE;
    while !tasks.is_empty() {
        tokio::select! {
            Some(_) = tasks.join_next() => {}
            job = jobs.recv(), if open => match job {
                Some(_) => dropped += 1,
                None => open = false,
            },
            () = tokio::time::sleep_until(deadline) => break,
        }
    }
    // Whatever discovery still sends is refused once `jobs` is dropped here.
    let abandoned = tasks.len() as u64;
    if abandoned > 0 {
        warn!(
            abandoned,
            "Stopping: abandoned the fetches still in flight; the next run fetches them."
        );
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
    if dropped > 0 {
        info!(
            not_fetched = dropped,
            "Stopping: URLs not fetched; the next run fetches them."
        );
    }
    meter
        .abandoned
        .fetch_add(abandoned + dropped, Ordering::Relaxed);
}

impl Clone for Outputs {
    fn clone(&self) -> Self {
        Outputs {
            pages: self.pages.clone(),
            events: self.events.clone(),
            recorder: self.recorder.clone(),
            meter: self.meter.clone(),
        }
    }
}

/// Fetches one job. The page's place in the queue to extraction is taken before the
/// request is sent: when extraction is the slower side, fetches wait for room rather
/// than each holding a fetched body until there is some, so the bodies in memory are
/// at most the queue's capacity (plus the pages being extracted), not one per fetch
/// in flight.
async fn fetch_one(fetcher: &Fetcher, out: &Outputs, job: Job) {
    let Ok(place) = out.pages.reserve().await else {
        return;
    };
    match fetch_lead(fetcher, &job).await {
        Fetch::Page(item) => {
            out.meter
                .bytes
                .fetch_add(item.page.body.len() as u64, Ordering::Relaxed);
            if let Some(recorder) = &out.recorder {
                let written = recorder
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .write_page(&item.page);
                if let Err(err) = written {
                    warn!(%err, "Cannot write the page to the WARC file.");
                }
            }
            place.send(item);
        }
        Fetch::Done(outcome) => {
            drop(place);
            let _ = out.events.send(Event::Outcome(outcome)).await;
        }
    }
}

/// The host a job's URL is on, as the fetcher keys its politeness (`host:port`).
fn host_of(job: &Job) -> String {
    match url::Url::parse(&job.lead.url) {
        Ok(url) => format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        ),
        Err(_) => String::new(),
    }
}
