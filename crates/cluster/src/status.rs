//! `newsmill cluster status`: what the cluster is doing, read from JetStream and
//! the buckets: queue depth, jobs in flight, the coordinator, the live workers and
//! the hosts' shared schedule and back-offs.

use std::fmt;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::Serialize;

use crate::connect::Cluster;
use crate::error::{ClusterError, Result};
use crate::layout::{COORDINATOR, WORKERS};
use crate::pacer::HostSlot;
use crate::worker::heartbeat::Heartbeat;

/// A snapshot of the cluster.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// Jobs waiting for a worker.
    pub queued: u64,
    /// Jobs a worker holds and has not finished.
    pub in_flight: u64,
    /// Jobs delivered more than once so far.
    pub redelivered: u64,
    /// Results waiting for the coordinator.
    pub results_waiting: u64,
    /// Jobs in the dead-letter stream (kept 7 days).
    pub dead_letters: u64,
    /// The coordinator holding the lease, if any.
    pub coordinator: Option<CoordinatorStatus>,
    /// The job generation and whether it is open (a run is going on or was
    /// interrupted).
    pub epoch: Option<(u64, bool)>,
    /// Workers that beat in the last 30 s.
    pub workers: Vec<WorkerStatus>,
    /// Hosts with a shared schedule (requests in the last hour).
    pub hosts: Vec<HostStatus>,
}

/// The coordinator.
#[derive(Clone, Debug, Serialize)]
pub struct CoordinatorStatus {
    /// `host:pid`.
    pub holder: String,
    /// Its run.
    pub run_id: String,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// One live worker.
#[derive(Clone, Debug, Serialize)]
pub struct WorkerStatus {
    /// Its id.
    pub id: String,
    /// When it last beat.
    pub seen: DateTime<Utc>,
    /// Jobs finished.
    pub done: u64,
    /// Of which failed.
    pub failed: u64,
    /// Jobs in hand.
    pub in_flight: u64,
}

/// One host's politeness state.
#[derive(Clone, Debug, Serialize)]
pub struct HostStatus {
    /// `host:port`.
    pub host: String,
    /// Delay between requests, milliseconds.
    pub delay_ms: i64,
    /// Milliseconds until the next request may start (0: now).
    pub next_in_ms: i64,
    /// Requests in flight, cluster-wide.
    pub in_flight: usize,
    /// Workers that have backed the host off for failing, with its failures.
    pub backed_off_by: Vec<(String, u64)>,
}

/// Reads the cluster's state.
pub async fn status(cluster: &Cluster) -> Result<Status> {
    let layout = &cluster.layout;
    let fail = |what: &str, e: &dyn fmt::Display| ClusterError::js(what.to_string(), e);
    let workers_consumer = layout
        .jobs
        .consumer_info(WORKERS)
        .await
        .map_err(|e| fail("read the jobs consumer", &e))?;
    let results = layout
        .results
        .consumer_info(COORDINATOR)
        .await
        .map_err(|e| fail("read the results consumer", &e))?;
    let dead = layout
        .dead
        .get_info()
        .await
        .map_err(|e| fail("read the dead-letter stream", &e))?;
    let mut workers = Vec::new();
    let mut backed_off: Vec<(String, String, u64)> = Vec::new();
    if let Ok(mut keys) = layout.workers.keys().await {
        while let Some(Ok(key)) = keys.next().await {
            let Ok(Some(bytes)) = layout.workers.get(&key).await else {
                continue;
            };
            let Ok(beat) = serde_json::from_slice::<Heartbeat>(&bytes) else {
                continue;
            };
            for (host, failures, _) in &beat.backed_off {
                backed_off.push((host.clone(), beat.id.clone(), *failures));
            }
            workers.push(WorkerStatus {
                id: beat.id,
                seen: beat.at,
                done: beat.done,
                failed: beat.failed,
                in_flight: beat.in_flight,
            });
        }
    }
    workers.sort_by(|a, b| a.id.cmp(&b.id));
    let now = Utc::now().timestamp_millis();
    let mut hosts = Vec::new();
    if let Ok(mut keys) = layout.hosts.keys().await {
        while let Some(Ok(key)) = keys.next().await {
            let Ok(Some(bytes)) = layout.hosts.get(&key).await else {
                continue;
            };
            let Ok(slot) = serde_json::from_slice::<HostSlot>(&bytes) else {
                continue;
            };
            hosts.push(HostStatus {
                backed_off_by: backed_off
                    .iter()
                    .filter(|(h, _, _)| *h == slot.host)
                    .map(|(_, w, f)| (w.clone(), *f))
                    .collect(),
                host: slot.host,
                delay_ms: slot.delay_ms,
                next_in_ms: (slot.next_ms - now).max(0),
                in_flight: slot.inflight.iter().filter(|(_, u)| *u > now).count(),
            });
        }
    }
    for (host, worker, failures) in &backed_off {
        if !hosts.iter().any(|h| h.host == *host) {
            hosts.push(HostStatus {
                host: host.clone(),
                delay_ms: 0,
                next_in_ms: 0,
                in_flight: 0,
                backed_off_by: vec![(worker.clone(), *failures)],
            });
        }
    }
    hosts.sort_by(|a, b| a.host.cmp(&b.host));
    Ok(Status {
        queued: workers_consumer.num_pending,
        in_flight: workers_consumer.num_ack_pending as u64,
        redelivered: workers_consumer.num_redelivered as u64,
        results_waiting: results.num_pending + results.num_ack_pending as u64,
        dead_letters: dead.state.messages,
        coordinator: crate::lease::read_lease(cluster)
            .await
            .map(|l| CoordinatorStatus {
                holder: l.holder,
                run_id: l.run_id,
                since: l.since,
            }),
        epoch: crate::lease::read_epoch(cluster)
            .await
            .map(|e| (e.epoch, e.open)),
        workers,
        hosts,
    })
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "queue:        {} queued, {} in flight, {} redelivered so far",
            self.queued, self.in_flight, self.redelivered
        )?;
        writeln!(
            f,
            "results:      {} waiting for the coordinator",
            self.results_waiting
        )?;
        writeln!(f, "dead letters: {}", self.dead_letters)?;
        match &self.coordinator {
            Some(c) => writeln!(
                f,
                "coordinator:  {} (run {}, since {})",
                c.holder,
                c.run_id,
                c.since.format("%Y-%m-%d %H:%M:%S UTC")
            )?,
            None => writeln!(f, "coordinator:  none")?,
        }
        match self.epoch {
            Some((e, true)) => writeln!(
                f,
                "epoch:        {e} (open: a run is going on or was interrupted)"
            )?,
            Some((e, false)) => writeln!(
                f,
                "epoch:        {e} (closed: the last run drained the queue)"
            )?,
            None => writeln!(f, "epoch:        none (no run yet)")?,
        }
        writeln!(f, "workers:      {}", self.workers.len())?;
        for w in &self.workers {
            writeln!(
                f,
                "  {}  seen {}  done {}  failed {}  in flight {}",
                w.id,
                w.seen.format("%H:%M:%S"),
                w.done,
                w.failed,
                w.in_flight
            )?;
        }
        writeln!(f, "hosts:        {}", self.hosts.len())?;
        for h in &self.hosts {
            write!(
                f,
                "  {}  delay {} ms  next in {} ms  in flight {}",
                h.host, h.delay_ms, h.next_in_ms, h.in_flight
            )?;
            if h.backed_off_by.is_empty() {
                writeln!(f)?;
            } else {
                let by: Vec<String> = h
                    .backed_off_by
                    .iter()
                    .map(|(w, n)| format!("{w} after {n} failures"))
                    .collect();
                writeln!(f, "  backed off by {}", by.join(", "))?;
            }
        }
        Ok(())
    }
}
