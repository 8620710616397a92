//! One job: decode, process, publish the outcome under the job's id, acknowledge.
//! A job delivered more than `max_attempts` times is not tried again: it goes to
//! the dead-letter stream and its failure to the coordinator.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use async_nats::jetstream::{AckKind, Message};
use bytes::Bytes;
use newsmill_fetch::read_archive;
use newsmill_records::{Failure, RunId, Stage};
use newsmill_run::{extract_page_timed, fetch_lead, Fetch, FetchedPage, Outcome, UrlStatus};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info_span, warn, Instrument};

use super::meter::Tally;
use super::Shared;
use crate::coordinator::publish::publish_until_acked;
use crate::message::{DeadLetter, JobFigures, JobMessage, ResultMessage, Work};

/// Handles one delivered job, from decoding to acknowledgement.
pub(crate) async fn handle(shared: &Arc<Shared>, message: Message) {
    let (delivered, sequence) = message
        .info()
        .map(|i| (i.delivered, i.stream_sequence))
        .unwrap_or((1, 0));
    let id = message
        .headers
        .as_ref()
        .and_then(|h| h.get("Nats-Msg-Id"))
        .map(|v| v.to_string())
        .unwrap_or_else(|| format!("seq-{sequence}"));
    shared.counters.in_flight.fetch_add(1, Ordering::Relaxed);
    let progress = tokio::spawn(report_progress(
        message.clone(),
        shared.cluster.config.ack_wait() / 3,
    ));
    let max = i64::from(shared.cluster.config.max_attempts);
    let tally = Tally::default();
    let mut figures = JobFigures::default();
    let outcome = if delivered > max {
        give_up(
            shared,
            &id,
            &message.payload,
            delivered,
            format!(
                "job failed {max} times (each worker that took it died, hung or could not report)"
            ),
        )
        .await
    } else {
        match serde_json::from_slice::<JobMessage>(&message.payload) {
            Ok(job) => {
                let span = info_span!("job", %id, delivered);
                tally
                    .scope(process(shared, job, &mut figures))
                    .instrument(span)
                    .await
            }
            Err(err) => {
                give_up(
                    shared,
                    &id,
                    &message.payload,
                    delivered,
                    format!("unreadable job: {err}"),
                )
                .await
            }
        }
    };
    let failed = matches!(outcome, Outcome::Failed(..));
    figures.requests = tally.requests();
    let published = publish_outcome(shared, &id, outcome, figures).await;
    progress.abort();
    if published {
        if let Err(err) = message.ack().await {
            warn!(%id, %err, "Cannot acknowledge the job; it will be redelivered and its result dropped as a duplicate.");
        }
        shared.counters.done.fetch_add(1, Ordering::Relaxed);
        if failed {
            shared.counters.failed.fetch_add(1, Ordering::Relaxed);
        }
    }
    shared.counters.in_flight.fetch_sub(1, Ordering::Relaxed);
}

/// Tells JetStream the job is still being worked on, every `every`.
async fn report_progress(message: Message, every: std::time::Duration) {
    loop {
        tokio::time::sleep(every).await;
        if let Err(err) = message.ack_with(AckKind::Progress).await {
            debug!(%err, "Cannot report progress on a job.");
        }
    }
}

/// Fetches (or reads), extracts and tags one job's page, adding the bytes
/// fetched and the CPU time spent to `figures`.
async fn process(shared: &Shared, job: JobMessage, figures: &mut JobFigures) -> Outcome {
    let JobMessage {
        run_id,
        source,
        work,
    } = job;
    match work {
        Work::Fetch(job) => {
            shared.register(&source);
            let span = info_span!("page", url = %job.lead.url);
            match fetch_lead(&shared.fetcher, &job).instrument(span).await {
                Fetch::Page(page) => {
                    figures.bytes += page.page.body.len() as u64;
                    extract(shared, run_id, page, figures).await
                }
                Fetch::Done(outcome) => outcome,
            }
        }
        Work::Page(page) => extract(shared, run_id, page, figures).await,
        Work::Record(n) => {
            let read = tokio::task::spawn_blocking(move || {
                let item = read_archive(&source)
                    .map_err(|e| (source.name.clone(), e.to_string()))?
                    .nth(n);
                match item {
                    Some(Ok(page)) => Ok(FetchedPage::from_archive(page)),
                    Some(Err(err)) => Err((source.name.clone(), err.to_string())),
                    None => Err((
                        source.name.clone(),
                        format!("record {n} is not in the archive any more"),
                    )),
                }
            })
            .await;
            match read {
                Ok(Ok(page)) => extract(shared, run_id, page, figures).await,
                Ok(Err((source, reason))) => failed(&source, &source, Stage::Fetch, reason),
                Err(err) => failed("archive", "", Stage::Fetch, err.to_string()),
            }
        }
    }
}

/// Extraction and tagging on a blocking thread, one per core at a time.
async fn extract(
    shared: &Shared,
    run_id: RunId,
    page: FetchedPage,
    figures: &mut JobFigures,
) -> Outcome {
    let _cpu = shared
        .cpu
        .clone()
        .acquire_owned()
        .await
        .expect("the CPU semaphore is never closed");
    let (extractor, tagger) = (shared.extractor.clone(), shared.tagger.clone());
    let visit = page.visit.clone();
    let span = info_span!("page", url = %visit.url);
    let work = move || {
        let _entered = span.enter();
        extract_page_timed(&extractor, &tagger, &run_id, page)
    };
    match tokio::task::spawn_blocking(work).await {
        Ok((outcome, extract, tag)) => {
            figures.extract_ns += nanos(extract);
            figures.tag_ns += nanos(tag);
            outcome
        }
        Err(err) => {
            let f = failure(&visit.url, &visit.source, Stage::Scrape, err.to_string());
            Outcome::Failed(f, Some((visit, UrlStatus::Failed)))
        }
    }
}

/// Dead-letters a job and returns its failure.
async fn give_up(
    shared: &Shared,
    id: &str,
    payload: &Bytes,
    deliveries: i64,
    reason: String,
) -> Outcome {
    warn!(%id, deliveries, %reason, "Job given up: dead-lettered.");
    let letter = DeadLetter {
        id: id.to_string(),
        deliveries,
        reason: reason.clone(),
        job: String::from_utf8_lossy(payload).into_owned(),
    };
    let bytes = Bytes::from(serde_json::to_vec(&letter).unwrap_or_default());
    let layout = &shared.cluster.layout;
    publish_until_acked(
        &shared.cluster.js,
        &layout.dead_subject,
        id,
        bytes,
        &CancellationToken::new(),
    )
    .await;
    Outcome::Failed(
        crate::coordinator::drain::failure_for(payload, &reason),
        None,
    )
}

/// Publishes the outcome under the job's id; one too large for a message
/// becomes a failure naming the size.
async fn publish_outcome(shared: &Shared, id: &str, outcome: Outcome, figures: JobFigures) -> bool {
    let max = shared
        .cluster
        .client
        .server_info()
        .max_payload
        .saturating_sub(4096);
    let mut result = ResultMessage {
        worker: shared.id.clone(),
        outcome,
        figures,
    };
    let mut payload = serde_json::to_vec(&result).unwrap_or_default();
    if payload.len() > max {
        let (url, source, visit) = match &result.outcome {
            Outcome::Article(v, _) | Outcome::NotArticle(v) | Outcome::NotModified(v) => (
                v.url.clone(),
                v.source.clone(),
                Some((v.clone(), UrlStatus::Failed)),
            ),
            Outcome::Failed(f, v) => (f.item.clone(), f.source.clone(), v.clone()),
        };
        let reason = format!(
            "record of {} bytes is larger than the NATS server's max_payload ({} bytes); raise max_payload",
            payload.len(),
            max + 4096
        );
        warn!(%url, %reason, "Result too large.");
        result.outcome = Outcome::Failed(failure(&url, &source, Stage::Tag, reason), visit);
        payload = serde_json::to_vec(&result).unwrap_or_default();
    }
    let layout = &shared.cluster.layout;
    // Never abandoned: NATS away only delays the result (the job's progress
    // reports stop meanwhile, so it may be redelivered; its result is then a
    // duplicate and dropped).
    publish_until_acked(
        &shared.cluster.js,
        &layout.results_subject,
        id,
        Bytes::from(payload),
        &CancellationToken::new(),
    )
    .await
}

fn nanos(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn failure(item: &str, source: &str, stage: Stage, reason: String) -> Failure {
    Failure {
        item: item.to_string(),
        source: source.to_string(),
        stage,
        reason,
        at: chrono::Utc::now(),
    }
}

fn failed(item: &str, source: &str, stage: Stage, reason: String) -> Outcome {
    Outcome::Failed(failure(item, source, stage, reason), None)
}
