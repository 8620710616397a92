//! The progress seam: what a crawl reports as it goes, to whoever shows it.

/// Observes a crawl's progress. Every method has a no-op default; implementations
/// must be cheap (they are called from the crawl's threads, once per URL).
pub trait Progress: Send + Sync {
    /// `n` more URLs to do: discovered by a web source (each URL once per run) or
    /// read from an archive.
    fn on_found(&self, n: u64) {
        let _ = n;
    }

    /// One URL done: stored, known and skipped, not modified, not an article, or
    /// failed.
    fn on_done(&self) {}
}

/// Reports nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
