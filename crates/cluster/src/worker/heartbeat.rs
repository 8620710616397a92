//! A worker's heartbeat: every few seconds its counters and backed-off hosts go
//! to its key in the workers bucket, whose entries lapse 30 s after the last
//! write, so `newsmill cluster status` lists the live workers.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use super::Shared;

/// How often a worker beats.
const EVERY: Duration = Duration::from_secs(5);

/// A worker's heartbeat, as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Heartbeat {
    /// The worker's id.
    pub id: String,
    /// Its machine.
    pub host: String,
    /// Its process.
    pub pid: u32,
    /// When it started.
    pub started: DateTime<Utc>,
    /// When it last beat.
    pub at: DateTime<Utc>,
    /// Jobs finished.
    pub done: u64,
    /// Of which failed.
    pub failed: u64,
    /// Jobs in hand.
    pub in_flight: u64,
    /// Hosts this worker has backed off: (host, failures, delay in ms).
    pub backed_off: Vec<(String, u64, u64)>,
}

pub(crate) async fn beat(shared: Arc<Shared>, stop: CancellationToken) {
    let started = Utc::now();
    let store = shared.cluster.layout.workers.clone();
    loop {
        let c = &shared.counters;
        let beat = Heartbeat {
            id: shared.id.clone(),
            host: crate::whoami::host_name(),
            pid: std::process::id(),
            started,
            at: Utc::now(),
            done: c.done.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            in_flight: c.in_flight.load(Ordering::Relaxed),
            backed_off: shared
                .fetcher
                .host_report()
                .into_iter()
                .filter(|h| h.backed_off)
                .map(|h| (h.host, h.failures, h.delay.as_millis() as u64))
                .collect(),
        };
        let bytes = Bytes::from(serde_json::to_vec(&beat).unwrap_or_default());
        if let Err(err) = store.put(&shared.id, bytes).await {
            debug!(%err, "Cannot send the heartbeat.");
        }
        tokio::select! {
            () = stop.cancelled() => break,
            () = tokio::time::sleep(EVERY) => {}
        }
    }
    let _ = store.delete(&shared.id).await;
}
