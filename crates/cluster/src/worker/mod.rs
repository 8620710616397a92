//! The worker: `newsmill worker`. Pulls jobs from the shared `workers` consumer,
//! up to `worker_jobs` at once (extraction and tagging on one blocking thread per
//! core), and for each: fetches, extracts and tags ([`job`]), publishes the
//! outcome with the job's message id (a redelivered job's result is dropped by
//! the results stream's de-duplication), then acknowledges the job. While a job
//! is worked on, the worker reports progress so its ack wait does not run out;
//! a killed worker stops reporting and its jobs go to another after the ack wait.

pub(crate) mod heartbeat;
mod job;
mod meter;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::AckKind;
use futures_util::StreamExt;
use newsmill_fetch::{FetchConfig, Fetcher, Pacer};
use newsmill_scrape::Extractor;
use newsmill_tag::Tagger;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::connect::Cluster;
use crate::error::{ClusterError, Result};
use crate::layout::WORKERS;
use crate::pacer::KvPacer;

/// Settings of one worker.
pub struct WorkerOptions {
    /// Its name in heartbeats and results (default `host-pid`).
    pub id: Option<String>,
    /// Jobs at once (default `[cluster] worker_jobs`).
    pub jobs: Option<usize>,
    /// Stops taking jobs; the jobs in hand are finished first.
    pub cancel: CancellationToken,
}

/// What a worker did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkerReport {
    /// Jobs finished (acknowledged).
    pub jobs: u64,
    /// Of which ended in a failure (fetch, extraction, or given up).
    pub failed: u64,
}

/// The counters a worker's heartbeat reports.
#[derive(Default)]
pub(crate) struct Counters {
    pub done: AtomicU64,
    pub failed: AtomicU64,
    pub in_flight: AtomicU64,
}

/// Everything a job needs, shared by the worker's tasks.
pub(crate) struct Shared {
    pub cluster: Cluster,
    pub id: String,
    pub fetcher: Fetcher,
    pub extractor: Arc<Extractor>,
    pub tagger: Arc<Tagger>,
    pub cpu: Arc<Semaphore>,
    pub counters: Counters,
    registered: Mutex<HashSet<String>>,
}

impl Shared {
    /// Makes a job's source known to the fetcher (its private hosts), once.
    pub fn register(&self, source: &newsmill_fetch::SourceConfig) {
        let mut seen = self.registered.lock().unwrap_or_else(|p| p.into_inner());
        if seen.insert(source.name.clone()) {
            self.fetcher.register_source(source);
        }
    }
}

/// Works until `options.cancel`, then finishes the jobs in hand.
pub async fn work(
    cluster: &Cluster,
    fetch: FetchConfig,
    extractor: Arc<Extractor>,
    tagger: Arc<Tagger>,
    options: WorkerOptions,
) -> Result<WorkerReport> {
    let id = options
        .id
        .unwrap_or_else(|| format!("{}-{}", crate::whoami::host_name(), std::process::id()));
    let id = crate::whoami::key_safe(&id);
    let lease = Duration::from_secs_f64(fetch.total_timeout_secs + 5.0);
    // Every request asks the pacer for its turn, which counts it for its job.
    let shared_pacer = cluster.config.shared_politeness.then(|| {
        Arc::new(KvPacer::new(cluster.layout.hosts.clone(), &id, lease)) as Arc<dyn Pacer>
    });
    let fetcher = Fetcher::new(fetch)
        .map_err(|e| ClusterError::Stage(format!("invalid [fetch] settings: {e}")))?
        .with_pacer(Arc::new(meter::CountingPacer {
            inner: shared_pacer,
        }));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shared = Arc::new(Shared {
        cluster: cluster.clone(),
        id: id.clone(),
        fetcher,
        extractor,
        tagger,
        cpu: Arc::new(Semaphore::new(cores)),
        counters: Counters::default(),
        registered: Mutex::new(HashSet::new()),
    });
    let slots = options.jobs.unwrap_or(cluster.config.worker_jobs).max(1);
    info!(worker = %id, jobs = slots, cores, "Worker started.");
    let beat_stop = CancellationToken::new();
    let beat = tokio::spawn(heartbeat::beat(shared.clone(), beat_stop.clone()));

    let permits = Arc::new(Semaphore::new(slots));
    let refill = (slots / 4).max(1);
    let mut tasks = JoinSet::new();
    let consumer = consumer(cluster, &options.cancel).await;
    while let Some(consumer) = consumer.as_ref() {
        if options.cancel.is_cancelled() {
            break;
        }
        while tasks.try_join_next().is_some() {}
        // Pulls when a quarter of the slots are free (or none is busy): one
        // pull request for several jobs, the others still in hand meanwhile.
        let free = permits.available_permits();
        if free < refill && !tasks.is_empty() {
            tokio::select! {
                () = options.cancel.cancelled() => break,
                _ = tasks.join_next() => continue,
            }
        }
        let batch = consumer
            .batch()
            .max_messages(free)
            .expires(Duration::from_secs(2))
            .messages()
            .await;
        let mut batch = match batch {
            Ok(b) => b,
            Err(err) => {
                warn!(%err, "Cannot pull jobs; retrying.");
                tokio::select! {
                    () = options.cancel.cancelled() => break,
                    () = tokio::time::sleep(Duration::from_millis(500)) => continue,
                }
            }
        };
        while let Some(message) = batch.next().await {
            let Ok(message) = message else { break };
            if options.cancel.is_cancelled() {
                // Not started: hand it back at once rather than after the ack wait.
                let _ = message.ack_with(AckKind::Nak(None)).await;
                continue;
            }
            let permit = permits
                .clone()
                .acquire_owned()
                .await
                .expect("the job semaphore is never closed");
            let shared = shared.clone();
            tasks.spawn(async move {
                let _permit = permit;
                job::handle(&shared, message).await;
            });
        }
    }
    info!(
        in_flight = tasks.len(),
        "Worker stopping: finishing the jobs in hand."
    );
    while tasks.join_next().await.is_some() {}
    beat_stop.cancel();
    let _ = beat.await;
    let report = WorkerReport {
        jobs: shared.counters.done.load(Ordering::Relaxed),
        failed: shared.counters.failed.load(Ordering::Relaxed),
    };
    info!(
        jobs = report.jobs,
        failed = report.failed,
        "Worker stopped."
    );
    Ok(report)
}

async fn consumer(cluster: &Cluster, cancel: &CancellationToken) -> Option<PullConsumer> {
    loop {
        match cluster.layout.jobs.get_consumer(WORKERS).await {
            Ok(c) => return Some(c),
            Err(err) => warn!(%err, "Cannot open the jobs consumer; retrying."),
        }
        tokio::select! {
            () = cancel.cancelled() => return None,
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}
