//! Collecting results: pulls outcomes from the results stream in batches, hands
//! each batch to the store thread (one transaction) and acknowledges its
//! messages only once it is stored, so a
//! coordinator killed at any point loses no result (unacknowledged ones are
//! delivered again to the next coordinator; storing one twice changes nothing:
//! the state store keeps one revision per text).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use futures_util::StreamExt;
use newsmill_records::{Failure, Stage};
use newsmill_run::usage::thread_cpu;
use newsmill_run::Outcome;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use super::Event;
use crate::connect::Cluster;
use crate::layout::COORDINATOR;
use crate::message::{JobFigures, ResultMessage};

/// Results pulled at once (and stored in one transaction).
const BATCH: usize = 256;

/// Collects until `stop` (finishing the batch in hand). The CPU time spent
/// decoding results goes to `decode_ns`.
pub(crate) async fn collect(
    cluster: Cluster,
    events: mpsc::Sender<Event>,
    stop: CancellationToken,
    decode_ns: Arc<AtomicU64>,
) {
    let Some(consumer) = consumer(&cluster, &stop).await else {
        return;
    };
    while !stop.is_cancelled() {
        let batch = consumer
            .batch()
            .max_messages(BATCH)
            .expires(Duration::from_millis(500))
            .messages()
            .await;
        let mut batch = match batch {
            Ok(batch) => batch,
            Err(err) => {
                warn!(%err, "Cannot pull results; retrying.");
                pause(&stop).await;
                continue;
            }
        };
        let mut messages = Vec::new();
        while let Some(message) = batch.next().await {
            match message {
                Ok(m) => messages.push(m),
                Err(err) => {
                    debug!(%err, "Result batch ended.");
                    break;
                }
            }
        }
        if messages.is_empty() {
            continue;
        }
        let start = thread_cpu();
        let results: Vec<_> = messages.iter().map(decode).collect();
        let spent = thread_cpu().saturating_sub(start);
        decode_ns.fetch_add(
            u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        let (done, wait) = oneshot::channel();
        if events.send(Event::Results(results, done)).await.is_err() {
            return;
        }
        // Dropped sender: the store failed; the results stay unacknowledged.
        if wait.await.is_err() {
            return;
        }
        // One by one: a work-queue stream takes explicit acknowledgements only.
        for message in &messages {
            if let Err(err) = message.ack().await {
                warn!(%err, "Cannot acknowledge a stored result; it will be stored again (harmless).");
            }
        }
    }
}

async fn consumer(cluster: &Cluster, stop: &CancellationToken) -> Option<PullConsumer> {
    loop {
        match cluster.layout.results.get_consumer(COORDINATOR).await {
            Ok(consumer) => return Some(consumer),
            Err(err) => warn!(%err, "Cannot open the results consumer; retrying."),
        }
        pause(stop).await;
        if stop.is_cancelled() {
            return None;
        }
    }
}

async fn pause(stop: &CancellationToken) {
    tokio::select! {
        () = stop.cancelled() => {}
        () = tokio::time::sleep(Duration::from_millis(500)) => {}
    }
}

/// The outcome a result message carries, with its figures; one that cannot be
/// read becomes a failure naming the message.
fn decode(message: &async_nats::jetstream::Message) -> (Outcome, JobFigures) {
    match serde_json::from_slice::<ResultMessage>(&message.payload) {
        Ok(result) => (result.outcome, result.figures),
        Err(err) => {
            let id = message
                .headers
                .as_ref()
                .and_then(|h| h.get("Nats-Msg-Id"))
                .map(|v| v.to_string())
                .unwrap_or_else(|| "unknown".into());
            warn!(%id, %err, "Unreadable result.");
            let failure = Failure {
                item: id,
                source: String::new(),
                stage: Stage::Fetch,
                reason: format!("unreadable result from a worker: {err}"),
                at: chrono::Utc::now(),
            };
            (Outcome::Failed(failure, None), JobFigures::default())
        }
    }
}
