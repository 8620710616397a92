//! Per-host politeness: a minimum delay between requests to one host (raised by
//! robots.txt `Crawl-delay` and by `Retry-After`), a cap on requests in flight per
//! host and overall, and a back-off for hosts that keep failing (decided by
//! [`crate::health`]).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::health::{Health, HostBackoff, Thresholds, Verdict};

/// What the scheduler knows about one host.
struct Host {
    slots: Arc<Semaphore>,
    state: Mutex<HostState>,
}

struct HostState {
    /// The earliest time the next request may start.
    next: Instant,
    /// Minimum gap between request starts.
    delay: Duration,
    /// Requests made (for the report).
    requests: u64,
    /// Failures and back-offs.
    health: Health,
}

/// A host's record, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostReport {
    /// `host:port`.
    pub host: String,
    /// Requests made.
    pub requests: u64,
    /// Requests that failed (connection errors, timeouts, 5xx), retries included.
    pub failures: u64,
    /// Times the host was backed off for failing repeatedly.
    pub backoffs: u32,
    /// Whether the host is backed off now.
    pub backed_off: bool,
    /// The delay between requests now in force.
    pub delay: Duration,
}

/// Permission to send one request; dropping it frees the slots.
pub(crate) struct Slot {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

/// The scheduler shared by all fetches of one [`crate::Fetcher`].
pub(crate) struct Hosts {
    global: Arc<Semaphore>,
    per_host: usize,
    default_delay: Duration,
    limits: Thresholds,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    /// Every back-off of the run, in order.
    history: Mutex<Vec<HostBackoff>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hosts {
    pub fn new(
        global: usize,
        per_host: usize,
        default_delay: Duration,
        limits: Thresholds,
    ) -> Hosts {
        Hosts {
            global: Arc::new(Semaphore::new(global)),
            per_host,
            default_delay,
            limits,
            hosts: Mutex::new(HashMap::new()),
            history: Mutex::new(Vec::new()),
        }
    }

    fn host(&self, key: &str) -> Arc<Host> {
        let mut map = lock(&self.hosts);
        map.entry(key.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    slots: Arc::new(Semaphore::new(self.per_host)),
                    state: Mutex::new(HostState {
                        next: Instant::now(),
                        delay: self.default_delay,
                        requests: 0,
                        health: Health::default(),
                    }),
                })
            })
            .clone()
    }

    /// Waits for a host slot, then for the host's next start time, then for a global
    /// slot (so a politeness wait never holds a global slot).
    pub async fn acquire(&self, key: &str) -> Slot {
        let host = self.host(key);
        let host_permit = host
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        let start = {
            let mut st = lock(&host.state);
            let now = Instant::now();
            let start = st.next.max(now);
            st.next = start + st.delay;
            st.requests += 1;
            start
        };
        tokio::time::sleep_until(start).await;
        let global = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("the global semaphore is never closed");
        Slot {
            _host: host_permit,
            _global: global,
        }
    }

    /// Raises the host's delay (robots.txt `Crawl-delay`); never lowers it below the
    /// configured one.
    pub fn set_delay(&self, key: &str, delay: Duration) {
        let host = self.host(key);
        let mut st = lock(&host.state);
        st.delay = delay.max(self.default_delay);
    }

    /// The delay between requests to the host now in force.
    pub fn delay(&self, key: &str) -> Duration {
        lock(&self.host(key).state).delay
    }

    /// Pushes the host's next start time at least `wait` into the future
    /// (`Retry-After`).
    pub fn defer(&self, key: &str, wait: Duration) {
        let host = self.host(key);
        let mut st = lock(&host.state);
        st.next = st.next.max(Instant::now() + wait);
    }

    /// `Err` with the back-off when the host is backed off now.
    pub fn check(&self, key: &str) -> Result<(), HostBackoff> {
        let host = self.host(key);
        let mut st = lock(&host.state);
        st.health.check(Instant::now())
    }

    /// Records how one request ended; returns the back-off it started, if any.
    pub fn record(&self, key: &str, verdict: Verdict<'_>) -> Option<HostBackoff> {
        let host = self.host(key);
        let started = {
            let mut st = lock(&host.state);
            st.health.record(key, verdict, self.limits, Instant::now())
        };
        if let Some(b) = &started {
            lock(&self.history).push(b.clone());
        }
        started
    }

    /// Every back-off so far, in the order they started.
    pub fn backoffs(&self) -> Vec<HostBackoff> {
        lock(&self.history).clone()
    }

    /// Every host seen, sorted by name.
    pub fn report(&self) -> Vec<HostReport> {
        let map = lock(&self.hosts);
        let now = Instant::now();
        let mut out: Vec<HostReport> = map
            .iter()
            .map(|(k, h)| {
                let st = lock(&h.state);
                HostReport {
                    host: k.clone(),
                    requests: st.requests,
                    failures: st.health.total_failures,
                    backoffs: st.health.backoffs,
                    backed_off: st.health.backed_off(now),
                    delay: st.delay,
                }
            })
            .collect();
        out.sort_by(|a, b| a.host.cmp(&b.host));
        out
    }
}

/// The politeness key of a URL: `host:port`.
pub(crate) fn host_key(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(urls: u32) -> Thresholds {
        Thresholds {
            urls,
            connects: 3,
            backoff: Duration::from_secs(60),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn requests_to_one_host_are_spaced() {
        let hosts = Hosts::new(4, 1, Duration::from_secs(1), limits(3));
        let t0 = Instant::now();
        drop(hosts.acquire("a:80").await);
        drop(hosts.acquire("a:80").await);
        drop(hosts.acquire("a:80").await);
        assert!(t0.elapsed() >= Duration::from_secs(2));
        let t1 = Instant::now();
        drop(hosts.acquire("b:80").await);
        assert!(
            t1.elapsed() < Duration::from_millis(10),
            "other hosts do not wait"
        );
        hosts.set_delay("b:80", Duration::from_secs(5));
        hosts.defer("b:80", Duration::from_secs(30));
        let t2 = Instant::now();
        drop(hosts.acquire("b:80").await);
        assert!(t2.elapsed() >= Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn failing_hosts_back_off_and_recover() {
        let hosts = Hosts::new(4, 1, Duration::ZERO, limits(3));
        let fail = |url| Verdict::Failed {
            url,
            reason: "HTTP 500".into(),
            connect: false,
        };
        assert!(hosts.record("a:80", fail("/1")).is_none());
        assert!(hosts.record("a:80", fail("/2")).is_none());
        let b = hosts.record("a:80", fail("/3")).unwrap();
        assert_eq!(hosts.check("a:80"), Err(b.clone()));
        assert_eq!(hosts.backoffs(), [b]);
        assert!(hosts.report()[0].backed_off);
        tokio::time::advance(Duration::from_secs(61)).await;
        assert_eq!(hosts.check("a:80"), Ok(()));
        assert!(
            hosts.record("a:80", fail("/4")).is_some(),
            "one failure after recovery backs off again"
        );
        assert_eq!(hosts.report()[0].backoffs, 2);
        assert_eq!(hosts.backoffs().len(), 2);
    }
}
