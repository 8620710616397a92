//! Discovery and publishing: each web source is discovered and triaged against
//! the state store in config order (as the single-machine crawl does), each URL
//! to fetch becomes a job; each archive source is read here, page by page, and
//! each page becomes a job (a page too large for a message becomes a job naming
//! its record, which the worker reads from the shared file).
//!
//! Publishing waits for JetStream's acknowledgement (up to [`IN_FLIGHT`] at a
//! time) and retries with the same message id while NATS is away, so nothing is
//! lost and nothing is enqueued twice.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::message::PublishMessage;
use bytes::Bytes;
use newsmill_fetch::{read_archive, Fetcher, SourceConfig};
use newsmill_records::{RunId, Stage};
use newsmill_run::{discover, FetchedPage, Outcome, Progress, State, Triage, Verdict};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, info_span, warn, Instrument};

use super::Event;
use crate::connect::Cluster;
use crate::error::{ClusterError, Result};
use crate::message::{record_job_id, url_job_id, JobMessage, Work};

/// Publishes awaiting JetStream's acknowledgement at once.
const IN_FLIGHT: usize = 256;
/// Bytes kept free under the server's largest message for headers.
const HEADROOM: usize = 4096;

/// Publishes jobs: ids from the epoch, retries until acknowledged or stopped.
pub(crate) struct Publisher {
    cluster: Cluster,
    epoch: u64,
    run_id: RunId,
    stop: CancellationToken,
    acks: tokio::sync::Mutex<JoinSet<bool>>,
}

impl Publisher {
    pub fn new(cluster: &Cluster, epoch: u64, run_id: RunId, stop: CancellationToken) -> Publisher {
        Publisher {
            cluster: cluster.clone(),
            epoch,
            run_id,
            stop,
            acks: tokio::sync::Mutex::new(JoinSet::new()),
        }
    }

    fn max_payload(&self) -> usize {
        self.cluster
            .client
            .server_info()
            .max_payload
            .saturating_sub(HEADROOM)
    }

    /// Queues one job; waits only when [`IN_FLIGHT`] publishes are unacknowledged.
    async fn send(&self, id: String, job: &JobMessage) -> Result<()> {
        let payload = encode(&id, job)?;
        self.send_payload(id, payload).await
    }

    /// [`Publisher::send`] with the job already encoded.
    async fn send_payload(&self, id: String, payload: Vec<u8>) -> Result<()> {
        let payload = Bytes::from(payload);
        let mut acks = self.acks.lock().await;
        while acks.len() >= IN_FLIGHT {
            acks.join_next().await;
        }
        let js = self.cluster.js.clone();
        let subject = self.cluster.layout.jobs_subject.clone();
        let stop = self.stop.clone();
        acks.spawn(async move { publish_until_acked(&js, &subject, &id, payload, &stop).await });
        Ok(())
    }

    /// Waits for every publish to be acknowledged (or stopped).
    async fn flush(&self) {
        let mut acks = self.acks.lock().await;
        while acks.join_next().await.is_some() {}
    }
}

fn encode(id: &str, job: &JobMessage) -> Result<Vec<u8>> {
    serde_json::to_vec(job).map_err(|e| ClusterError::Stage(format!("job {id}: {e}")))
}

/// Publishes until JetStream acknowledges (a duplicate counts: the job is there).
/// Returns false when stopped first.
pub(crate) async fn publish_until_acked(
    js: &async_nats::jetstream::Context,
    subject: &str,
    id: &str,
    payload: Bytes,
    stop: &CancellationToken,
) -> bool {
    let mut wait = Duration::from_millis(100);
    loop {
        let publish = PublishMessage::build()
            .payload(payload.clone())
            .message_id(id);
        let outcome = match js.send_publish(subject.to_string(), publish).await {
            Ok(ack) => ack.await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match outcome {
            Ok(ack) => {
                if ack.duplicate {
                    debug!(%id, "Already queued.");
                }
                return true;
            }
            Err(err) => {
                warn!(%id, %err, "Cannot publish to NATS yet; retrying.");
                tokio::select! {
                    () = stop.cancelled() => return false,
                    () = tokio::time::sleep(wait) => {}
                }
                wait = (wait * 2).min(Duration::from_secs(2));
            }
        }
    }
}

/// Discovers and publishes every source, then waits for every acknowledgement.
pub(crate) async fn publish_sources(
    publisher: &Publisher,
    sources: &[SourceConfig],
    fetcher: &Arc<Fetcher>,
    reader: State,
    revalidate: bool,
    events: &mpsc::Sender<Event>,
    progress: &dyn Progress,
) -> Result<()> {
    let mut triage = Triage::new(reader, revalidate);
    for source in sources {
        if publisher.stop.is_cancelled() {
            break;
        }
        let span = info_span!("source", source = %source.name);
        if source.kind.is_archive() {
            publish_archive(publisher, source, events, progress)
                .instrument(span)
                .await?;
        } else {
            publish_web(publisher, source, fetcher, &mut triage, events, progress)
                .instrument(span)
                .await?;
        }
    }
    publisher.flush().await;
    Ok(())
}

async fn publish_web(
    publisher: &Publisher,
    source: &SourceConfig,
    fetcher: &Fetcher,
    triage: &mut Triage,
    events: &mpsc::Sender<Event>,
    progress: &dyn Progress,
) -> Result<()> {
    let found = tokio::select! {
        found = discover(fetcher, source) => found,
        () = publisher.stop.cancelled() => return Ok(()),
    };
    for f in found.failures {
        let _ = events.send(Event::Outcome(Outcome::Failed(f, None))).await;
    }
    let total = found.leads.len() as u64;
    let _ = events
        .send(Event::Discovered(source.name.clone(), total))
        .await;
    let (mut queued, mut known) = (0u64, 0u64);
    for lead in found.leads {
        if publisher.stop.is_cancelled() {
            info!("Stopped: no more URLs from this source.");
            break;
        }
        let verdict = triage.triage(&source.name, lead);
        if !matches!(verdict, Verdict::Repeated) {
            progress.on_found(1);
        }
        match verdict {
            Verdict::Repeated => {}
            Verdict::Known => {
                known += 1;
                let _ = events.send(Event::Known(source.name.clone())).await;
            }
            Verdict::Fetch(job) => {
                let id = url_job_id(publisher.epoch, &job.lead.url);
                let message = JobMessage {
                    run_id: publisher.run_id.clone(),
                    source: source.clone(),
                    work: Work::Fetch(job),
                };
                publisher.send(id, &message).await?;
                queued += 1;
            }
            Verdict::Failed(f) => {
                let _ = events.send(Event::Outcome(Outcome::Failed(f, None))).await;
            }
        }
    }
    info!(discovered = total, queued, known, "Source queued.");
    Ok(())
}

/// An archive page or an unreadable record, from the reading thread.
enum Read {
    Page(usize, Box<FetchedPage>),
    Failed(newsmill_records::Failure),
}

async fn publish_archive(
    publisher: &Publisher,
    source: &SourceConfig,
    events: &mpsc::Sender<Event>,
    progress: &dyn Progress,
) -> Result<()> {
    let (tx, mut rx) = mpsc::channel::<Read>(64);
    let reading = {
        let source = source.clone();
        let stop = publisher.stop.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            read_pages(&source, &tx, &stop)
        })
    };
    let max = publisher.max_payload();
    let mut queued = 0u64;
    while let Some(read) = rx.recv().await {
        match read {
            Read::Page(n, page) => {
                progress.on_found(1);
                let id = record_job_id(publisher.epoch, source, n);
                let mut message = JobMessage {
                    run_id: publisher.run_id.clone(),
                    source: source.clone(),
                    work: Work::Page(*page),
                };
                let mut payload = encode(&id, &message)?;
                if payload.len() > max {
                    debug!(
                        record = n,
                        size = payload.len(),
                        max,
                        "Page too large for a message: the worker reads it from the archive."
                    );
                    message.work = Work::Record(n);
                    payload = encode(&id, &message)?;
                }
                publisher.send_payload(id, payload).await?;
                queued += 1;
            }
            Read::Failed(f) => {
                let _ = events.send(Event::Outcome(Outcome::Failed(f, None))).await;
            }
        }
    }
    let count = reading
        .await
        .map_err(|e| ClusterError::Stage(format!("archive reader: {e}")))?;
    let _ = events
        .send(Event::Discovered(source.name.clone(), count))
        .await;
    info!(records = count, queued, "Archive queued.");
    Ok(())
}

/// Reads an archive on a blocking thread; returns the number of items read.
fn read_pages(source: &SourceConfig, tx: &mpsc::Sender<Read>, stop: &CancellationToken) -> u64 {
    let failure = |err: &dyn std::fmt::Display, stage| newsmill_records::Failure {
        item: source.name.clone(),
        source: source.name.clone(),
        stage,
        reason: err.to_string(),
        at: chrono::Utc::now(),
    };
    let pages = match read_archive(source) {
        Ok(pages) => pages,
        Err(err) => {
            warn!(%err, "Cannot read the archive.");
            let _ = tx.blocking_send(Read::Failed(failure(&err, Stage::Discover)));
            return 0;
        }
    };
    let mut count = 0u64;
    for (n, item) in pages.enumerate() {
        if stop.is_cancelled() {
            info!("Stopped: no more pages from this archive.");
            break;
        }
        count += 1;
        let read = match item {
            Ok(page) => Read::Page(n, Box::new(FetchedPage::from_archive(page))),
            Err(err) => Read::Failed(failure(&err, Stage::Fetch)),
        };
        if tx.blocking_send(read).is_err() {
            break;
        }
    }
    count
}
