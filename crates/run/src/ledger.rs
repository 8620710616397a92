//! The ledger: applies what happened to each URL to the state store, one
//! transaction each, and keeps the run's per-source totals and failures. In a crawl
//! it is the store stage, the one thread that owns the SQLite connection.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use newsmill_fetch::SourceConfig;
use newsmill_records::{Failure, RunId, SourceSummary};
use tracing::{debug, warn};

use crate::error::Result;
use crate::process::Outcome;
use crate::progress::Progress;
use crate::staging::Staging;
use crate::state::{Batch, State, Stored, UrlStatus};

/// What a crawl did.
pub struct Crawl {
    /// Per-source totals, in config order.
    pub sources: Vec<SourceSummary>,
    /// Every failure, in the order they happened.
    pub failures: Vec<Failure>,
    /// The state store, handed back for the export.
    pub state: State,
    /// Counts and CPU times a monitor wants (`run.json`'s `totals` and `cpu`).
    pub stats: CrawlStats,
    /// The export written as the crawl went, when it was
    /// ([`crawl_staged`](crate::crawl_staged)): finish it with
    /// [`export_staged`](crate::export_staged).
    pub staging: Option<Staging>,
}

/// What a crawl counted besides the per-source totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CrawlStats {
    /// Pages by the HTTP status they ended with.
    pub status_codes: BTreeMap<u16, u64>,
    /// Articles extracted and tagged.
    pub tagged: u64,
    /// Of those, articles tagged without the NER model (a language it was not
    /// trained on: `tagging` is not `full`).
    pub tagged_partially: u64,
    /// Articles whose text the store already had.
    pub unchanged: u64,
    /// Bytes of page bodies received.
    pub bytes: u64,
    /// URLs taken for fetching but left when the crawl was cancelled (the next run
    /// fetches them).
    pub abandoned: u64,
    /// CPU time spent extracting.
    pub extract_cpu: Duration,
    /// CPU time spent tagging.
    pub tag_cpu: Duration,
    /// CPU time per tagging step, when the tagger reports its steps.
    pub tag_steps: BTreeMap<String, Duration>,
    /// CPU time of the store thread (less what writing the export took).
    pub store_cpu: Duration,
    /// CPU time spent writing the export during the crawl.
    pub export_cpu: Duration,
    /// Hosts contacted by fetchers other than the one the report is given (a
    /// cluster's coordinator and workers), merged into `run.json`'s hosts and
    /// requests.
    pub hosts: Vec<newsmill_fetch::HostReport>,
    /// CPU time other processes spent on this crawl (a cluster's workers,
    /// extracting and tagging), counted in `run.json`'s `cpu.total_s`.
    pub remote_cpu: Duration,
}

/// Records one run's outcomes in the state store and tallies them per source.
pub struct Ledger {
    state: State,
    run_id: RunId,
    summaries: Vec<SourceSummary>,
    index: HashMap<String, usize>,
    failures: Vec<Failure>,
    progress: Arc<dyn Progress>,
    stats: CrawlStats,
    staging: Option<Staging>,
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
            stats: CrawlStats::default(),
            staging: None,
        }
    }

    /// Writes every article stored from now on into `staging` as well, right after
    /// storing it (the crawl's export, written as it goes).
    pub fn with_staging(mut self, staging: Staging) -> Ledger {
        self.staging = Some(staging);
        self
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
    /// URL's new status, or the failure, in one transaction. Returns what the store
    /// did with an article.
    pub fn record(&mut self, outcome: Outcome) -> Result<Option<Stored>> {
        let mut batch = self.state.batch()?;
        let stored = tally(
            &mut batch,
            &self.run_id,
            &mut self.summaries,
            &self.index,
            &mut self.stats,
            &mut self.failures,
            &*self.progress,
            self.staging.as_mut(),
            outcome,
        )?;
        batch.commit()?;
        Ok(stored)
    }

    /// Stores several outcomes in one transaction (what the crawl's store thread
    /// does with whatever has arrived): a kill loses the whole batch or none of it.
    pub fn record_all(&mut self, outcomes: impl IntoIterator<Item = Outcome>) -> Result<()> {
        let mut batch = self.state.batch()?;
        for outcome in outcomes {
            tally(
                &mut batch,
                &self.run_id,
                &mut self.summaries,
                &self.index,
                &mut self.stats,
                &mut self.failures,
                &*self.progress,
                self.staging.as_mut(),
                outcome,
            )?;
        }
        batch.commit()
    }

    /// The totals and failures so far, and the store back.
    pub fn finish(self) -> Crawl {
        Crawl {
            sources: self.summaries,
            failures: self.failures,
            state: self.state,
            stats: self.stats,
            staging: self.staging,
        }
    }
}

/// Applies one outcome to the store (in `batch`) and to the run's tallies.
#[allow(clippy::too_many_arguments)]
fn tally(
    batch: &mut Batch<'_>,
    run_id: &RunId,
    summaries: &mut [SourceSummary],
    index: &HashMap<String, usize>,
    stats: &mut CrawlStats,
    failures: &mut Vec<Failure>,
    progress: &dyn Progress,
    staging: Option<&mut Staging>,
    outcome: Outcome,
) -> Result<Option<Stored>> {
    let slot = |source: &str| index.get(source).copied();
    if outcome.finishes_url() {
        progress.on_done();
    }
    if let Some(page) = outcome.fetched_page() {
        if let Some(i) = slot(&page.source) {
            summaries[i].fetched += 1;
        }
    }
    if let Some(code) = outcome.http_status() {
        *stats.status_codes.entry(code).or_default() += 1;
    }
    match outcome {
        Outcome::NotModified(visit) => {
            batch.mark_url(&visit, UrlStatus::NotModified)?;
            if let Some(i) = slot(&visit.source) {
                summaries[i].not_modified += 1;
            }
            Ok(None)
        }
        Outcome::NotArticle(visit) => {
            batch.mark_url(&visit, UrlStatus::NotArticle)?;
            if let Some(i) = slot(&visit.source) {
                summaries[i].not_article += 1;
            }
            Ok(None)
        }
        Outcome::Failed(failure, visit) => {
            warn!(item = %failure.item, source = %failure.source, stage = ?failure.stage, reason = %failure.reason, "Failed.");
            let visit = visit.as_ref().map(|(v, status)| (v, *status));
            batch.record_failure(&run_id.0, &failure, visit)?;
            if let Some(i) = slot(&failure.source) {
                summaries[i].failed += 1;
            }
            failures.push(failure);
            Ok(None)
        }
        Outcome::Article(visit, mut record) => {
            let stored = batch.store_article(&visit, &mut record)?;
            debug!(url = %visit.url, ?stored, "Stored.");
            if let (Some(staging), Stored::New | Stored::Revised(_)) = (staging, &stored) {
                staging.write(&record)?;
            }
            stats.tagged += 1;
            if !record.tagged.tagging.is_empty() && record.tagged.tagging != "full" {
                stats.tagged_partially += 1;
            }
            if let Some(i) = slot(&visit.source) {
                let s = &mut summaries[i];
                match stored {
                    Stored::New => s.new_articles += 1,
                    Stored::Revised(_) => s.updated_articles += 1,
                    Stored::Unchanged | Stored::Duplicate(_) => stats.unchanged += 1,
                }
            }
            Ok(Some(stored))
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
