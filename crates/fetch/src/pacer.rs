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
