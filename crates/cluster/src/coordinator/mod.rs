//! The coordinator: `newsmill run` with `[cluster]`. It does what the
//! single-machine crawl does, except fetching, extraction and tagging, which the
//! workers do:
//!
//! ```text
//! discover + triage (state store) ─► jobs stream ─► workers ─► results stream
//!   archive pages (read here) ────►      ▲                          │
//!                                        │ de-duplicated by id      ▼
//!                     ledger (state store, one thread) ◄── collect (ack after storing)
//! ```
//!
//! It holds the cluster's lease for the whole run, publishes each job with a
//! message id made of the epoch and the normalised URL (or archive record), and
//! returns the same [`Crawl`] the single-machine crawl returns once the queue is
//! drained, so the run is exported exactly as a single-machine run is.

mod collect;
pub(crate) mod drain;
pub(crate) mod publish;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use newsmill_fetch::{Fetcher, HostReport, SourceConfig};
use newsmill_records::RunId;
use newsmill_run::usage::thread_cpu;
use newsmill_run::{Crawl, CrawlStats, Ledger, Outcome, Progress, Staging, State};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::connect::Cluster;
use crate::error::{ClusterError, Result};
use crate::lease::{close_epoch, open_epoch, Lease, LeaseValue};
use crate::message::JobFigures;
use crate::pacer::KvPacer;

/// Settings of one coordinated crawl (as [`newsmill_run::CrawlOptions`], without
/// the stages the workers own).
pub struct CoordinateOptions {
    /// This run's id, stamped on the records of the jobs it enqueues.
    pub run_id: RunId,
    /// Conditional GET for every known URL.
    pub revalidate: bool,
    /// Stops the run gracefully: no more jobs are enqueued, the results that are
    /// in are stored, and the jobs left in the queue are the next run's.
    pub cancel: CancellationToken,
    /// Told of every URL found and done.
    pub progress: Arc<dyn Progress>,
    /// The run's export, written as results are stored (handed back in
    /// [`Crawl::staging`]); `None` leaves the export to read the store at the end.
    pub staging: Option<Staging>,
}

/// What the coordinator's tasks tell the store thread.
pub(crate) enum Event {
    Discovered(String, u64),
    Known(String),
    /// An outcome found by the coordinator itself (discovery, dead letters).
    Outcome(Outcome),
    /// A batch of results from the workers, stored in one transaction, and who
    /// to tell once it is.
    Results(Vec<(Outcome, JobFigures)>, oneshot::Sender<()>),
}

/// Capacity of the channel to the store thread.
const EVENTS: usize = 512;

/// Runs a crawl over `sources` on the cluster, storing into `state`. `fetcher`
/// discovers the web sources (the coordinator fetches feeds, sitemaps and
/// listings itself; pages are the workers').
pub async fn coordinate(
    cluster: &Cluster,
    sources: &[SourceConfig],
    fetcher: Arc<Fetcher>,
    state: State,
    options: CoordinateOptions,
) -> Result<Crawl> {
    let run_id = options.run_id.clone();
    let lease = Lease::take(
        cluster,
        LeaseValue {
            holder: format!("{}:{}", crate::whoami::host_name(), std::process::id()),
            identity: identity(state.path()),
            run_id: run_id.0.clone(),
            since: chrono::Utc::now(),
        },
    )
    .await?;
    let (epoch, resumed) = open_epoch(cluster, &run_id.0).await?;
    if resumed {
        warn!(epoch, "The last coordinated run did not finish: its queued jobs and results are taken over by this run.");
    }
    info!(run = %run_id, epoch, url = %cluster.config.url, "Coordinating the run on the cluster.");

    // Discovery requests (robots.txt, feeds, sitemaps) keep the shared per-host
    // schedule too.
    // (Its requests are the run's: the caller reports the fetcher it passed, so
    // this one's hosts go into the crawl's stats.)
    let (fetcher, own) = if cluster.config.shared_politeness {
        let lease = std::time::Duration::from_secs_f64(fetcher.config().total_timeout_secs + 5.0);
        let pacer = KvPacer::new(cluster.layout.hosts.clone(), "coordinator", lease);
        let own = Fetcher::new(fetcher.config().clone())
            .map_err(|e| ClusterError::Stage(format!("invalid [fetch] settings: {e}")))?;
        (Arc::new(own.with_pacer(Arc::new(pacer))), true)
    } else {
        (fetcher, false)
    };
    let reader = State::open(state.path())?;
    let mut ledger = Ledger::new(state, run_id.clone(), sources, options.progress.clone());
    if let Some(staging) = options.staging {
        ledger = ledger.with_staging(staging);
    }
    let (events, events_rx) = mpsc::channel::<Event>(EVENTS);
    let store = {
        let run_id = run_id.clone();
        tokio::task::spawn_blocking(move || store_events(ledger, run_id, events_rx))
    };

    // Stop on an interrupt, or when another coordinator took the lease.
    let stop = CancellationToken::new();
    let lost = lease.lost();
    let watcher = {
        let (stop, cancel) = (stop.clone(), options.cancel.clone());
        tokio::spawn(async move {
            tokio::select! {
                () = cancel.cancelled() => {}
                () = lost.cancelled() => {}
                () = stop.cancelled() => {}
            }
            stop.cancel();
        })
    };
    let collector_stop = CancellationToken::new();
    let decode_cpu = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let collector = tokio::spawn(collect::collect(
        cluster.clone(),
        events.clone(),
        collector_stop.clone(),
        decode_cpu.clone(),
    ));

    let publisher = publish::Publisher::new(cluster, epoch, run_id.clone(), stop.clone());
    let published = publish::publish_sources(
        &publisher,
        sources,
        &fetcher,
        reader,
        options.revalidate,
        &events,
        &*options.progress,
    )
    .await;
    let drained = match published {
        Ok(()) => drain::wait_until_drained(cluster, &stop, &events).await,
        Err(err) => {
            stop.cancel();
            collector_stop.cancel();
            let _ = collector.await;
            drop(events);
            let _ = store.await;
            return Err(err);
        }
    };
    collector_stop.cancel();
    collector
        .await
        .map_err(|e| ClusterError::Stage(format!("result collector: {e}")))?;
    drop(events);
    stop.cancel();
    let _ = watcher.await;
    let (mut crawl, figures) = store
        .await
        .map_err(|e| ClusterError::Stage(format!("store: {e}")))??;
    let decode = Duration::from_nanos(decode_cpu.load(std::sync::atomic::Ordering::Relaxed));
    info!(
        results = figures.results,
        decode_s = decode.as_secs_f64(),
        store_s = crawl.stats.store_cpu.as_secs_f64(),
        export_s = crawl.stats.export_cpu.as_secs_f64(),
        "Results collected (coordinator CPU by step)."
    );
    let own_hosts = if own {
        fetcher.host_report()
    } else {
        Vec::new()
    };
    figures.add_to(&mut crawl.stats, own_hosts);
    if lease.lost().is_cancelled() {
        return Err(ClusterError::LeaseLost(
            "another coordinator (see `newsmill cluster status`)".into(),
        ));
    }
    if drained {
        close_epoch(cluster, epoch, &run_id.0).await?;
        info!(epoch, "Queue drained; the epoch is closed.");
    } else {
        warn!(
            epoch,
            "Stopped before the queue drained: the next run takes over the jobs left."
        );
    }
    lease.release().await;
    Ok(crawl)
}

/// The store stage, as in the single-machine crawl: every event to the ledger,
/// a batch of results in one transaction; their figures summed.
fn store_events(
    mut ledger: Ledger,
    run_id: RunId,
    mut events: mpsc::Receiver<Event>,
) -> Result<(Crawl, Figures)> {
    let start = thread_cpu();
    let mut figures = Figures::default();
    while let Some(event) = events.blocking_recv() {
        match event {
            Event::Discovered(source, n) => ledger.discovered(&source, n),
            Event::Known(source) => ledger.known(&source),
            Event::Outcome(outcome) => {
                ledger.record(outcome)?;
            }
            Event::Results(results, done) => {
                let outcomes = results.into_iter().map(|(mut outcome, job)| {
                    figures.add(job);
                    // The run that stores an article is its run, also when the
                    // job was queued by a run that was killed (whose unexported
                    // articles this run's export adds once, by their run).
                    if let Outcome::Article(_, record) = &mut outcome {
                        record.run_id = run_id.clone();
                    }
                    outcome
                });
                ledger.record_all(outcomes)?;
                let _ = done.send(());
            }
        }
    }
    let mut crawl = ledger.finish();
    let export = crawl.staging.as_ref().map_or(Duration::ZERO, Staging::cpu);
    crawl.stats.export_cpu = export;
    crawl.stats.store_cpu = thread_cpu().saturating_sub(start).saturating_sub(export);
    Ok((crawl, figures))
}

/// The workers' figures of the results stored, summed.
#[derive(Default)]
struct Figures {
    results: u64,
    requests: BTreeMap<String, u64>,
    bytes: u64,
    extract_ns: u64,
    tag_ns: u64,
}

impl Figures {
    fn add(&mut self, job: JobFigures) {
        self.results += 1;
        for host in job.requests {
            *self.requests.entry(host.host).or_default() += host.requests;
        }
        self.bytes += job.bytes;
        self.extract_ns += job.extract_ns;
        self.tag_ns += job.tag_ns;
    }

    /// Into the crawl's stats, with the hosts the coordinator's own fetcher
    /// contacted (`own`).
    fn add_to(self, stats: &mut CrawlStats, own: Vec<HostReport>) {
        let (extract, tag) = (
            Duration::from_nanos(self.extract_ns),
            Duration::from_nanos(self.tag_ns),
        );
        stats.bytes += self.bytes;
        stats.extract_cpu += extract;
        stats.tag_cpu += tag;
        stats.remote_cpu += extract + tag;
        stats.hosts.extend(own);
        stats.hosts.extend(
            self.requests
                .into_iter()
                .map(|(host, requests)| HostReport {
                    host,
                    requests,
                    failures: 0,
                    backoffs: 0,
                    backed_off: false,
                    delay: Duration::ZERO,
                }),
        );
    }
}

/// The same coordinator, restarted: this host and this state store.
fn identity(state: &Path) -> String {
    let path = std::path::absolute(state).unwrap_or_else(|_| state.to_path_buf());
    format!("{}:{}", crate::whoami::host_name(), path.display())
}
