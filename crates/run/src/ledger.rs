//! The ledger: applies what happened to each URL to the state store, one
//! transaction each, and keeps the run's per-source totals and failures. In a crawl
//! it is the store stage, the one thread that owns the SQLite connection.

use std::collections::HashMap;
use std::sync::Arc;

use newsmill_fetch::SourceConfig;
use newsmill_records::{Failure, RunId, SourceSummary};
use tracing::{debug, warn};

use crate::error::Result;
use crate::process::Outcome;
use crate::progress::Progress;
use crate::state::{State, Stored, UrlStatus};

/// What a crawl did.
pub struct Crawl {
    /// Per-source totals, in config order.
    pub sources: Vec<SourceSummary>,
    /// Every failure, in the order they happened.
    pub failures: Vec<Failure>,
    /// The state store, handed back for the export.
    pub state: State,
}

/// Records one run's outcomes in the state store and tallies them per source.
pub struct Ledger {
    state: State,
    run_id: RunId,
    summaries: Vec<SourceSummary>,
    index: HashMap<String, usize>,
    failures: Vec<Failure>,
    progress: Arc<dyn Progress>,
}

impl Ledger {
    /// A ledger for run `run_id` over `sources` (their totals start at zero, in this
    /// order); `progress` hears of every URL done.
    pub fn new(
        state: State,
        run_id: RunId,
        sources: &[SourceConfig],
        progress: Arc<dyn Progress>,
    ) -> Ledger {
        let summaries: Vec<SourceSummary> = sources.iter().map(summary_for).collect();
        let index = summaries
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        Ledger {
            state,
            run_id,
            summaries,
            index,
            failures: Vec::new(),
            progress,
        }
    }

    fn slot(&mut self, source: &str) -> Option<&mut SourceSummary> {
        let i = *self.index.get(source)?;
        self.summaries.get_mut(i)
    }

    /// A source listed `n` URLs (or an archive held `n` pages).
    pub fn discovered(&mut self, source: &str, n: u64) {
        if let Some(s) = self.slot(source) {
            s.discovered += n;
        }
    }

    /// A URL of `source` is known and unchanged: skipped without fetching.
    pub fn known(&mut self, source: &str) {
        self.progress.on_done();
        if let Some(s) = self.slot(source) {
            s.skipped += 1;
        }
    }

    /// Stores an outcome: the article (deduplicated, revised) and its URL, or the
    /// URL's new status, or the failure. Returns what the store did with an article.
    pub fn record(&mut self, outcome: Outcome) -> Result<Option<Stored>> {
        if outcome.finishes_url() {
            self.progress.on_done();
        }
        if let Some(page) = outcome.fetched_page() {
            if let Some(s) = self.slot(&page.source) {
                s.fetched += 1;
            }
        }
        match outcome {
            Outcome::NotModified(visit) => {
                self.state.mark_url(&visit, UrlStatus::NotModified)?;
                if let Some(s) = self.slot(&visit.source) {
                    s.not_modified += 1;
                }
                Ok(None)
            }
            Outcome::NotArticle(visit) => {
                self.state.mark_url(&visit, UrlStatus::NotArticle)?;
                if let Some(s) = self.slot(&visit.source) {
                    s.skipped += 1;
                }
                Ok(None)
            }
            Outcome::Failed(failure, visit) => {
                warn!(item = %failure.item, stage = ?failure.stage, reason = %failure.reason, "Failed.");
                let visit = visit.as_ref().map(|(v, status)| (v, *status));
                self.state.record_failure(&self.run_id.0, &failure, visit)?;
                if let Some(s) = self.slot(&failure.source) {
                    s.failed += 1;
                }
                self.failures.push(failure);
                Ok(None)
            }
            Outcome::Article(visit, mut record) => {
                let stored = self.state.store_article(&visit, &mut record)?;
                debug!(url = %visit.url, ?stored, "Stored.");
                if let Some(s) = self.slot(&visit.source) {
                    match stored {
                        Stored::New => s.new_articles += 1,
                        Stored::Revised(_) => s.updated_articles += 1,
                        Stored::Unchanged | Stored::Duplicate(_) => {}
                    }
                }
                Ok(Some(stored))
            }
        }
    }

    /// The totals and failures so far, and the store back.
    pub fn finish(self) -> Crawl {
        Crawl {
            sources: self.summaries,
            failures: self.failures,
            state: self.state,
        }
    }
}

fn summary_for(source: &SourceConfig) -> SourceSummary {
    let kind = source.kind.as_str().to_string();
    let location = source
        .url
        .clone()
        .or_else(|| source.path.as_ref().map(|p| p.display().to_string()))
        .unwrap_or_default();
    SourceSummary {
        name: source.name.clone(),
        kind,
        location,
        ..SourceSummary::default()
    }
}
