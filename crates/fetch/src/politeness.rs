//! Per-host politeness: a minimum delay between requests to one host (raised by
//! robots.txt `Crawl-delay` and by `Retry-After`), a cap on requests in flight per
//! host and overall, and a back-off for hosts that keep failing.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

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
    /// Failures in a row.
    failures: u32,
    /// Failures in total (for the report).
    total_failures: u64,
    /// Requests made (for the report).
    requests: u64,
    /// Left alone until then.
    backed_off_until: Option<Instant>,
    /// Times the host was backed off.
    backoffs: u32,
}

/// A host's record, for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostReport {
    /// `host:port`.
    pub host: String,
    /// Requests made.
    pub requests: u64,
    /// Requests that failed (connection errors, timeouts, 5xx).
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
    failure_limit: u32,
    backoff: Duration,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hosts {
    pub fn new(
        global: usize,
        per_host: usize,
        default_delay: Duration,
        failure_limit: u32,
        backoff: Duration,
    ) -> Hosts {
        Hosts {
            global: Arc::new(Semaphore::new(global)),
            per_host,
            default_delay,
            failure_limit,
            backoff,
            hosts: Mutex::new(HashMap::new()),
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
                        failures: 0,
                        total_failures: 0,
                        requests: 0,
                        backed_off_until: None,
                        backoffs: 0,
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

    /// `Err(failures)` when the host is backed off now.
    pub fn check(&self, key: &str) -> Result<(), u32> {
        let host = self.host(key);
        let mut st = lock(&host.state);
        match st.backed_off_until {
            Some(until) if Instant::now() < until => Err(st.failures),
            Some(_) => {
                // Half-open: one more failure backs it off again.
                st.backed_off_until = None;
                st.failures = self.failure_limit.saturating_sub(1);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Records the outcome of one request; returns true when this failure backed
    /// the host off.
    pub fn record(&self, key: &str, ok: bool) -> bool {
        let host = self.host(key);
        let mut st = lock(&host.state);
        if ok {
            st.failures = 0;
            return false;
        }
        st.failures += 1;
        st.total_failures += 1;
        if st.failures >= self.failure_limit && st.backed_off_until.is_none() {
            st.backed_off_until = Some(Instant::now() + self.backoff);
            st.backoffs += 1;
            return true;
        }
        false
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
                    failures: st.total_failures,
                    backoffs: st.backoffs,
                    backed_off: st.backed_off_until.is_some_and(|u| now < u),
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

    #[tokio::test(start_paused = true)]
    async fn requests_to_one_host_are_spaced() {
        let hosts = Hosts::new(4, 1, Duration::from_secs(1), 3, Duration::from_secs(60));
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
        let hosts = Hosts::new(4, 1, Duration::ZERO, 3, Duration::from_secs(60));
        assert!(!hosts.record("a:80", false));
        assert!(!hosts.record("a:80", false));
        assert!(hosts.record("a:80", false));
        assert_eq!(hosts.check("a:80"), Err(3));
        assert!(hosts.report()[0].backed_off);
        tokio::time::advance(Duration::from_secs(61)).await;
        assert_eq!(hosts.check("a:80"), Ok(()));
        assert!(
            hosts.record("a:80", false),
            "one failure after recovery backs off again"
        );
        assert_eq!(hosts.report()[0].backoffs, 2);
    }
}
