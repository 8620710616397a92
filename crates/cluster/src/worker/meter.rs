//! What each job costs: the requests it sends, counted per host as the fetcher
//! asks the pacer for each request's turn (pages, redirect hops, retries and
//! robots.txt all ask), in a tally local to the job's task. The job's result
//! carries the tally to the coordinator, which adds it to the run's totals.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use newsmill_fetch::{Pacer, Turn};

use crate::message::HostRequests;

tokio::task_local! {
    static TALLY: Tally;
}

/// Requests per host of one job.
#[derive(Clone, Default)]
pub(crate) struct Tally(Arc<Mutex<BTreeMap<String, u64>>>);

impl Tally {
    /// Runs `job` counting the requests it sends into this tally.
    pub async fn scope<F: Future>(&self, job: F) -> F::Output {
        TALLY.scope(self.clone(), job).await
    }

    fn count(&self, host: &str) {
        let mut hosts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *hosts.entry(host.to_string()).or_default() += 1;
    }

    /// The requests counted, per host.
    pub fn requests(&self) -> Vec<HostRequests> {
        let hosts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .iter()
            .map(|(host, n)| HostRequests {
                host: host.clone(),
                requests: *n,
            })
            .collect()
    }
}

/// The worker's pacer: counts each request into the current job's tally, then
/// waits for the shared schedule when there is one (`inner`).
pub(crate) struct CountingPacer {
    pub inner: Option<Arc<dyn Pacer>>,
}

impl Pacer for CountingPacer {
    fn turn<'a>(
        &'a self,
        host: &'a str,
        delay: Duration,
        concurrency: usize,
    ) -> Pin<Box<dyn Future<Output = Turn> + Send + 'a>> {
        let _ = TALLY.try_with(|tally| tally.count(host));
        match &self.inner {
            Some(pacer) => pacer.turn(host, delay, concurrency),
            None => Box::pin(async { Turn::free() }),
        }
    }

    fn defer(&self, host: &str, wait: Duration) {
        if let Some(pacer) = &self.inner {
            pacer.defer(host, wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn turns_are_counted_into_the_job_they_belong_to() {
        let pacer = CountingPacer { inner: None };
        let (a, b) = (Tally::default(), Tally::default());
        a.scope(async {
            pacer.turn("x:80", Duration::ZERO, 1).await;
            pacer.turn("x:80", Duration::ZERO, 1).await;
            pacer.turn("y:443", Duration::ZERO, 1).await;
        })
        .await;
        b.scope(async {
            pacer.turn("x:80", Duration::ZERO, 1).await;
        })
        .await;
        // Outside any job: counted nowhere.
        pacer.turn("x:80", Duration::ZERO, 1).await;
        let counts = |t: &Tally| {
            t.requests()
                .into_iter()
                .map(|h| (h.host, h.requests))
                .collect::<Vec<_>>()
        };
        assert_eq!(counts(&a), [("x:80".into(), 2), ("y:443".into(), 1)]);
        assert_eq!(counts(&b), [("x:80".into(), 1)]);
    }
}
