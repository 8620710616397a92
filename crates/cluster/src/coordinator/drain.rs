//! Waiting for the end of a run: the run is over when the jobs stream is empty
//! (a job leaves it when a worker acknowledges it, after publishing its result)
//! and every result has been pulled and stored. Jobs the workers' consumer gave
//! up on (delivered `max_attempts + 1` times without an acknowledgement, e.g.
//! because each worker that took one died on it) are swept here into the
//! dead-letter stream and the run's failures.

use std::time::{Duration, Instant};

use bytes::Bytes;
use newsmill_records::{Failure, Stage};
use newsmill_run::Outcome;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::Event;
use crate::connect::Cluster;
use crate::coordinator::publish::publish_until_acked;
use crate::layout::{COORDINATOR, WORKERS};
use crate::message::{DeadLetter, JobMessage, Work};

/// How often the queue is looked at.
const POLL: Duration = Duration::from_millis(250);
/// How often the wait is reported.
const REPORT: Duration = Duration::from_secs(30);

/// Waits until the queue is drained (true) or `stop` (false).
pub(crate) async fn wait_until_drained(
    cluster: &Cluster,
    stop: &CancellationToken,
    events: &mpsc::Sender<Event>,
) -> bool {
    let mut last_report = Instant::now();
    let mut stuck_since: Option<Instant> = None;
    loop {
        tokio::select! {
            () = stop.cancelled() => return false,
            () = tokio::time::sleep(POLL) => {}
        }
        let jobs = match cluster.layout.jobs.get_info().await {
            Ok(info) => info.state,
            Err(err) => {
                warn!(%err, "Cannot read the queue; retrying.");
                continue;
            }
        };
        let Ok(workers) = cluster.layout.jobs.consumer_info(WORKERS).await else {
            continue;
        };
        if jobs.messages == 0 {
            match cluster.layout.results.consumer_info(COORDINATOR).await {
                Ok(r) if r.num_pending == 0 && r.num_ack_pending == 0 => return true,
                Ok(_) => {}
                Err(err) => warn!(%err, "Cannot read the results consumer; retrying."),
            }
            continue;
        }
        // Messages left that the consumer neither offers nor waits on: given up.
        if workers.num_pending == 0 && workers.num_ack_pending == 0 {
            let since = *stuck_since.get_or_insert_with(Instant::now);
            if since.elapsed() >= cluster.config.ack_wait() {
                sweep(cluster, events, stop, jobs.first_sequence).await;
                stuck_since = None;
            }
        } else {
            stuck_since = None;
        }
        if last_report.elapsed() >= REPORT {
            last_report = Instant::now();
            info!(
                queued = workers.num_pending,
                in_flight = workers.num_ack_pending,
                redelivered = workers.num_redelivered,
                "Waiting for the workers."
            );
        }
    }
}

/// Moves every job left in the stream to the dead-letter stream, recording each
/// as a failure.
async fn sweep(
    cluster: &Cluster,
    events: &mpsc::Sender<Event>,
    stop: &CancellationToken,
    first: u64,
) {
    let layout = &cluster.layout;
    let mut next = first;
    loop {
        let message = match layout
            .jobs
            .raw_message_builder()
            .sequence(next)
            .next_by_subject(layout.jobs_subject.clone())
            .send()
            .await
        {
            Ok(m) => m,
            Err(_) => return,
        };
        next = message.sequence + 1;
        let id = message
            .headers
            .get("Nats-Msg-Id")
            .map(|v| v.to_string())
            .unwrap_or_else(|| format!("seq-{}", message.sequence));
        let reason = format!(
            "job given up after {} deliveries without a result (each worker that took it died or hung)",
            cluster.config.max_attempts + 1
        );
        warn!(%id, "Job given up: dead-lettered.");
        let failure = failure_for(&message.payload, &reason);
        let letter = DeadLetter {
            id: id.clone(),
            deliveries: i64::from(cluster.config.max_attempts) + 1,
            reason,
            job: String::from_utf8_lossy(&message.payload).into_owned(),
        };
        let payload = Bytes::from(serde_json::to_vec(&letter).unwrap_or_default());
        if !publish_until_acked(&cluster.js, &layout.dead_subject, &id, payload, stop).await {
            return;
        }
        let _ = events
            .send(Event::Outcome(Outcome::Failed(failure, None)))
            .await;
        if let Err(err) = layout.jobs.delete_message(message.sequence).await {
            warn!(%id, %err, "Cannot remove a dead-lettered job.");
        }
    }
}

/// The run failure for a job given up: its URL (or archive record) and source.
pub(crate) fn failure_for(payload: &[u8], reason: &str) -> Failure {
    let (item, source) = match serde_json::from_slice::<JobMessage>(payload) {
        Ok(job) => {
            let item = match &job.work {
                Work::Fetch(j) => j.lead.url.clone(),
                Work::Page(p) => p.visit.url.clone(),
                Work::Record(n) => format!("{} record {n}", job.source.name),
            };
            (item, job.source.name)
        }
        Err(_) => ("unreadable job".to_string(), String::new()),
    };
    Failure {
        item,
        source,
        stage: Stage::Fetch,
        reason: reason.to_string(),
        at: chrono::Utc::now(),
    }
}
