//! One coordinator at a time, and the crawl's job generation.
//!
//! The **lease** is the `coordinator` key of the lease bucket, whose entries lapse
//! `lease_secs` after their last write: the coordinator creates it (failing when
//! another live coordinator holds it) and rewrites it every third of that time
//! with compare-and-set. A coordinator killed with `kill -9` stops writing and its
//! lease lapses; a restarted one on the same machine and state store takes it over
//! at once (its run lock proves the old process is gone).
//!
//! The **epoch** (`epoch` key of the run bucket) numbers job generations: job ids
//! carry it, so within one epoch a URL is enqueued once however many times a
//! coordinator restarts. It is opened by a coordinator that finds it closed, and
//! closed only when a run drained the queue; a coordinator that finds it open
//! resumes it, and the jobs and results the last one left are consumed by this one.

use std::time::Duration;

use async_nats::jetstream::kv;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::connect::Cluster;
use crate::error::{ClusterError, Result};

const LEASE_KEY: &str = "coordinator";
const EPOCH_KEY: &str = "epoch";

/// The lease bucket's value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct LeaseValue {
    /// `host:pid` of the coordinator.
    pub holder: String,
    /// Host and state store: the same identity means the same coordinator restarted.
    pub identity: String,
    /// Its run.
    pub run_id: String,
    /// When it took the lease.
    pub since: DateTime<Utc>,
}

/// The run bucket's `epoch` value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EpochValue {
    /// The generation.
    pub epoch: u64,
    /// True until a run drains the queue.
    pub open: bool,
    /// The run that opened or last resumed it.
    pub run_id: String,
}

/// A held lease; dropping it without [`Lease::release`] lets it lapse.
pub(crate) struct Lease {
    store: kv::Store,
    stop: CancellationToken,
    lost: CancellationToken,
    heartbeat: JoinHandle<Option<u64>>,
    holder: String,
}

impl Lease {
    /// Takes the lease for `value`, or fails naming the live holder.
    pub async fn take(cluster: &Cluster, value: LeaseValue) -> Result<Lease> {
        let store = cluster.layout.lease.clone();
        let bytes = Bytes::from(serde_json::to_vec(&value).expect("lease serialises"));
        let mut revision = None;
        for _ in 0..5 {
            match store.create(LEASE_KEY, bytes.clone()).await {
                Ok(rev) => {
                    revision = Some(rev);
                    break;
                }
                Err(err) if err.kind() == kv::CreateErrorKind::AlreadyExists => {
                    let entry = store
                        .entry(LEASE_KEY)
                        .await
                        .map_err(|e| ClusterError::js("read the coordinator lease", e))?;
                    let Some(entry) = entry else { continue };
                    let held: Option<LeaseValue> = serde_json::from_slice(&entry.value).ok();
                    match held {
                        Some(held) if held.identity != value.identity => {
                            return Err(ClusterError::CoordinatorActive {
                                holder: held.holder,
                                run: held.run_id,
                                lease_secs: cluster.config.lease_secs,
                            })
                        }
                        _ => {
                            info!(previous = ?held.map(|h| h.holder), "Taking over the lease of this coordinator's previous process.");
                            if let Ok(rev) =
                                store.update(LEASE_KEY, bytes.clone(), entry.revision).await
                            {
                                revision = Some(rev);
                                break;
                            }
                        }
                    }
                }
                Err(err) => return Err(ClusterError::js("take the coordinator lease", err)),
            }
        }
        let revision =
            revision.ok_or_else(|| ClusterError::js("take the coordinator lease", "contended"))?;
        let stop = CancellationToken::new();
        let lost = CancellationToken::new();
        let heartbeat = tokio::spawn(beat(
            store.clone(),
            bytes,
            revision,
            cluster.config.lease() / 3,
            stop.clone(),
            lost.clone(),
        ));
        Ok(Lease {
            store,
            stop,
            lost,
            heartbeat,
            holder: value.holder,
        })
    }

    /// Cancelled when another coordinator took the lease.
    pub fn lost(&self) -> CancellationToken {
        self.lost.clone()
    }

    /// Stops the heartbeat and deletes the lease (when still ours).
    pub async fn release(self) {
        self.stop.cancel();
        let revision = self.heartbeat.await.ok().flatten();
        if let Some(revision) = revision {
            if let Err(err) = self
                .store
                .delete_expect_revision(LEASE_KEY, Some(revision))
                .await
            {
                warn!(%err, holder = %self.holder, "Cannot release the coordinator lease; it lapses by itself.");
            }
        }
    }
}

/// Rewrites the lease every `every`; returns the last revision written, or None
/// when the lease was lost.
async fn beat(
    store: kv::Store,
    value: Bytes,
    mut revision: u64,
    every: Duration,
    stop: CancellationToken,
    lost: CancellationToken,
) -> Option<u64> {
    loop {
        tokio::select! {
            () = stop.cancelled() => return Some(revision),
            () = tokio::time::sleep(every) => {}
        }
        match store.update(LEASE_KEY, value.clone(), revision).await {
            Ok(rev) => revision = rev,
            Err(err) if err.kind() == kv::UpdateErrorKind::WrongLastRevision => {
                // Lapsed (NATS was away longer than the lease) or taken.
                match store.create(LEASE_KEY, value.clone()).await {
                    Ok(rev) => {
                        warn!("The coordinator lease had lapsed; taken again.");
                        revision = rev;
                    }
                    Err(err) if err.kind() == kv::CreateErrorKind::AlreadyExists => {
                        let holder = match store.get(LEASE_KEY).await {
                            Ok(Some(v)) => serde_json::from_slice::<LeaseValue>(&v)
                                .map(|v| v.holder)
                                .unwrap_or_default(),
                            _ => String::new(),
                        };
                        warn!(%holder, "The coordinator lease was taken by another coordinator.");
                        lost.cancel();
                        return None;
                    }
                    Err(err) => warn!(%err, "Cannot renew the coordinator lease; retrying."),
                }
            }
            Err(err) => warn!(%err, "Cannot renew the coordinator lease; retrying."),
        }
    }
}

/// Opens a new epoch, or resumes the open one. Returns the epoch and whether it
/// was resumed.
pub(crate) async fn open_epoch(cluster: &Cluster, run_id: &str) -> Result<(u64, bool)> {
    let store = &cluster.layout.run;
    let fail = |e: &dyn std::fmt::Display| ClusterError::js("open the crawl epoch", e);
    for _ in 0..5 {
        let entry = store.entry(EPOCH_KEY).await.map_err(|e| fail(&e))?;
        let current = entry
            .as_ref()
            .filter(|e| e.operation == kv::Operation::Put)
            .and_then(|e| serde_json::from_slice::<EpochValue>(&e.value).ok());
        let (next, resumed) = match &current {
            Some(v) if v.open => (v.epoch, true),
            Some(v) => (v.epoch + 1, false),
            None => (1, false),
        };
        let value = EpochValue {
            epoch: next,
            open: true,
            run_id: run_id.to_string(),
        };
        let bytes = Bytes::from(serde_json::to_vec(&value).expect("epoch serialises"));
        let written = match &entry {
            Some(e) => store.update(EPOCH_KEY, bytes, e.revision).await.is_ok(),
            None => store.create(EPOCH_KEY, bytes).await.is_ok(),
        };
        if written {
            return Ok((next, resumed));
        }
    }
    Err(fail(&"the epoch kept changing under this coordinator"))
}

/// Closes the epoch: the queue is drained, the next run starts a new one.
pub(crate) async fn close_epoch(cluster: &Cluster, epoch: u64, run_id: &str) -> Result<()> {
    let value = EpochValue {
        epoch,
        open: false,
        run_id: run_id.to_string(),
    };
    let bytes = Bytes::from(serde_json::to_vec(&value).expect("epoch serialises"));
    cluster
        .layout
        .run
        .put(EPOCH_KEY, bytes)
        .await
        .map(|_| ())
        .map_err(|e| ClusterError::js("close the crawl epoch", e))
}

/// The current epoch, for status reports.
pub(crate) async fn read_epoch(cluster: &Cluster) -> Option<EpochValue> {
    let bytes = cluster.layout.run.get(EPOCH_KEY).await.ok()??;
    serde_json::from_slice(&bytes).ok()
}

/// The current lease, for status reports.
pub(crate) async fn read_lease(cluster: &Cluster) -> Option<LeaseValue> {
    let bytes = cluster.layout.lease.get(LEASE_KEY).await.ok()??;
    serde_json::from_slice(&bytes).ok()
}
