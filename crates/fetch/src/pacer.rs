//! A seam for politeness shared between processes: a [`Pacer`] spaces the requests
//! to one host across every fetcher that uses it (the workers of a cluster), on top
//! of the per-process scheduling each [`Fetcher`](crate::Fetcher) does anyway.

use std::{future::Future, pin::Pin, time::Duration};

/// Paces requests to each host across processes. [`Fetcher::with_pacer`]
/// (crate::Fetcher::with_pacer) makes every request (pages, feeds, robots.txt,
/// each redirect hop and retry) wait for a [`Turn`] after the fetcher's own
/// per-host slot.
pub trait Pacer: Send + Sync {
    /// Waits until a request to `host` (`host:port`) may start: at least `delay`
    /// after the last request to it started anywhere, with fewer than
    /// `concurrency` requests to it in flight anywhere. The request lasts as long
    /// as the returned [`Turn`].
    fn turn<'a>(
        &'a self,
        host: &'a str,
        delay: Duration,
        concurrency: usize,
    ) -> Pin<Box<dyn Future<Output = Turn> + Send + 'a>>;

    /// The host asked for a pause (`Retry-After`): no request to it anywhere
    /// before `wait` from now.
    fn defer(&self, host: &str, wait: Duration);
}

/// Permission from a [`Pacer`] for one request; dropping it ends the request.
pub struct Turn {
    _guard: Option<Box<dyn Send + Sync>>,
}

impl Turn {
    /// A turn that releases its slot when `guard` is dropped.
    pub fn new(guard: impl Send + Sync + 'static) -> Turn {
        Turn {
            _guard: Some(Box::new(guard)),
        }
    }

    /// A turn with nothing to release.
    pub fn free() -> Turn {
        Turn { _guard: None }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::config::FetchConfig;
    use crate::fetcher::{Fetcher, Validators};

    /// Records every turn asked for.
    #[derive(Default)]
    struct Recorder {
        turns: Mutex<Vec<(String, Duration, usize)>>,
    }

    impl Pacer for Recorder {
        fn turn<'a>(
            &'a self,
            host: &'a str,
            delay: Duration,
            concurrency: usize,
        ) -> Pin<Box<dyn Future<Output = Turn> + Send + 'a>> {
            self.turns
                .lock()
                .unwrap()
                .push((host.to_string(), delay, concurrency));
            Box::pin(async { Turn::free() })
        }

        fn defer(&self, _host: &str, _wait: Duration) {}
    }

    #[tokio::test]
    async fn every_request_waits_for_a_turn() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().fallback(|| async {
            (
                [("content-type", "text/html")],
                "<html><body>hi</body></html>",
            )
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        let recorder = Arc::new(Recorder::default());
        let config = FetchConfig {
            per_host_delay_secs: 0.2,
            per_host_concurrency: 2,
            // Leads fetched without a registered source: the test server is
            // admitted by name (allow_private only admits a source's own host).
            allow_private_hosts: vec![addr.to_string()],
            ..FetchConfig::default()
        };
        let fetcher = Fetcher::new(config).unwrap().with_pacer(recorder.clone());
        for path in ["a", "b"] {
            let lead = newsmill_records::Lead {
                source: "s".into(),
                url: format!("http://{addr}/{path}"),
                hints: Default::default(),
            };
            fetcher.fetch(&lead, &Validators::default()).await.unwrap();
        }
        let turns = recorder.turns.lock().unwrap().clone();
        // robots.txt, then the two pages: each asked for a turn, with the delay and
        // concurrency in force.
        assert_eq!(turns.len(), 3, "{turns:?}");
        let host = format!("127.0.0.1:{}", addr.port());
        assert!(turns
            .iter()
            .all(|t| *t == (host.clone(), Duration::from_millis(200), 2)));
    }
}
