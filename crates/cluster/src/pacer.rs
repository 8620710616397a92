//! Politeness across workers: [`KvPacer`] keeps, per host, the time the next
//! request may start and the requests in flight in one key of the hosts bucket,
//! updated with compare-and-set, so two workers never start requests to one host
//! closer than its delay or run more than its concurrency at once. Requests in
//! flight are leases that lapse after the fetch's total timeout, so a killed
//! worker's slot frees itself. Times are wall-clock milliseconds: the machines'
//! clocks must agree (NTP); a skew between two machines shortens the gap by at
//! most the skew.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_nats::jetstream::kv;
use bytes::Bytes;
use newsmill_fetch::{Pacer, Turn};
use serde::{Deserialize, Serialize};
use tracing::{debug, warn};

/// Longest sleep before looking again while the host is full.
const POLL: Duration = Duration::from_millis(50);

/// One host's schedule, as stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct HostSlot {
    /// `host:port`.
    pub host: String,
    /// Wall-clock milliseconds before which no request may start.
    pub next_ms: i64,
    /// The delay in force, milliseconds (for status reports).
    pub delay_ms: i64,
    /// Requests in flight: (token, lease end in wall-clock milliseconds).
    pub inflight: Vec<(String, i64)>,
}

impl HostSlot {
    /// Milliseconds to wait before a request may start at `now`, or 0 when it
    /// may start now (with at most `concurrency` in flight).
    fn wait(&mut self, now: i64, concurrency: usize) -> i64 {
        self.inflight.retain(|(_, until)| *until > now);
        if self.inflight.len() >= concurrency.max(1) {
            let first = self.inflight.iter().map(|(_, u)| *u).min().unwrap_or(now);
            return (first - now).clamp(1, POLL.as_millis() as i64);
        }
        (self.next_ms - now).max(0)
    }
}

/// The shared per-host schedule, in the hosts bucket.
pub(crate) struct KvPacer {
    store: kv::Store,
    owner: String,
    serial: AtomicU64,
    lease: Duration,
}

impl KvPacer {
    /// A pacer for worker `owner`; requests in flight lapse after `lease`.
    pub fn new(store: kv::Store, owner: &str, lease: Duration) -> KvPacer {
        KvPacer {
            store,
            owner: owner.to_string(),
            serial: AtomicU64::new(0),
            lease,
        }
    }

    async fn acquire(&self, host: &str, delay: Duration, concurrency: usize) -> Turn {
        let key = host_key(host);
        let token = format!(
            "{}-{}",
            self.owner,
            self.serial.fetch_add(1, Ordering::Relaxed)
        );
        let mut errors = 0u32;
        loop {
            let entry = match self.store.entry(&key).await {
                Ok(e) => e,
                Err(err) => {
                    errors += 1;
                    if errors % 20 == 1 {
                        warn!(%host, %err, "Cannot read the host's shared schedule; waiting.");
                    }
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    continue;
                }
            };
            let (mut slot, revision) = read(entry, host);
            let now = now_ms();
            let wait = slot.wait(now, concurrency);
            if wait > 0 {
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
                continue;
            }
            slot.next_ms = now + delay.as_millis() as i64;
            slot.delay_ms = delay.as_millis() as i64;
            slot.inflight
                .push((token.clone(), now + self.lease.as_millis() as i64));
            if write(&self.store, &key, &slot, revision).await {
                return Turn::new(Release {
                    store: self.store.clone(),
                    key,
                    token,
                });
            }
            debug!(%host, "Lost a race for the host's turn; trying again.");
        }
    }
}

impl Pacer for KvPacer {
    fn turn<'a>(
        &'a self,
        host: &'a str,
        delay: Duration,
        concurrency: usize,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Turn> + Send + 'a>> {
        Box::pin(self.acquire(host, delay, concurrency))
    }

    fn defer(&self, host: &str, wait: Duration) {
        let (store, key, host) = (self.store.clone(), host_key(host), host.to_string());
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            for _ in 0..10 {
                let Ok(entry) = store.entry(&key).await else {
                    return;
                };
                let (mut slot, revision) = read(entry, &host);
                slot.next_ms = slot.next_ms.max(now_ms() + wait.as_millis() as i64);
                if write(&store, &key, &slot, revision).await {
                    return;
                }
            }
        });
    }
}

/// Ends a request: removes its lease from the host's entry.
struct Release {
    store: kv::Store,
    key: String,
    token: String,
}

impl Drop for Release {
    fn drop(&mut self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (store, key, token) = (
            self.store.clone(),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.token),
        );
        runtime.spawn(async move {
            for _ in 0..10 {
                let Ok(Some(entry)) = store.entry(&key).await else {
                    return;
                };
                let revision = entry.revision;
                let Ok(mut slot) = serde_json::from_slice::<HostSlot>(&entry.value) else {
                    return;
                };
                slot.inflight.retain(|(t, _)| *t != token);
                if write(&store, &key, &slot, Some(revision)).await {
                    return;
                }
            }
        });
    }
}

fn read(entry: Option<kv::Entry>, host: &str) -> (HostSlot, Option<u64>) {
    match entry {
        Some(e) if e.operation == kv::Operation::Put => {
            let slot = serde_json::from_slice(&e.value).unwrap_or_else(|_| HostSlot {
                host: host.to_string(),
                ..HostSlot::default()
            });
            (slot, Some(e.revision))
        }
        Some(e) => (
            HostSlot {
                host: host.to_string(),
                ..HostSlot::default()
            },
            Some(e.revision),
        ),
        None => (
            HostSlot {
                host: host.to_string(),
                ..HostSlot::default()
            },
            None,
        ),
    }
}

async fn write(store: &kv::Store, key: &str, slot: &HostSlot, revision: Option<u64>) -> bool {
    let bytes = Bytes::from(serde_json::to_vec(slot).expect("host slot serialises"));
    match revision {
        Some(r) => store.update(key, bytes, r).await.is_ok(),
        None => store.create(key, bytes).await.is_ok(),
    }
}

/// The bucket key of a host: `h` and the host in hex (keys allow few characters).
pub(crate) fn host_key(host: &str) -> String {
    let hex: String = host.bytes().map(|b| format!("{b:02x}")).collect();
    format!("h{hex}")
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_waits_for_its_delay_and_its_free_slots() {
        let mut slot = HostSlot {
            host: "a:80".into(),
            next_ms: 1_000,
            delay_ms: 500,
            inflight: vec![],
        };
        assert_eq!(slot.wait(900, 1), 100);
        assert_eq!(slot.wait(1_000, 1), 0);
        slot.inflight.push(("w-1".into(), 5_000));
        assert!(slot.wait(1_200, 1) > 0, "one in flight, limit one");
        assert_eq!(slot.wait(1_200, 2), 0, "limit two");
        assert_eq!(slot.wait(6_000, 1), 0, "the lease lapsed");
        assert!(slot.inflight.is_empty());
    }

    #[test]
    fn host_keys_are_valid_bucket_keys() {
        let k = host_key("127.0.0.1:8080");
        assert!(k.chars().all(|c| c.is_ascii_alphanumeric()), "{k}");
        assert_ne!(k, host_key("127.0.0.1:8081"));
    }
}
