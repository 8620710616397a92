//! The store stage: the one thread that owns the SQLite connection during a crawl.

use std::collections::HashMap;

use anyhow::Result;
use newsmill_records::{RunId, SourceSummary};
use tokio::sync::mpsc;
use tracing::{debug, warn};

use super::{Crawl, Event};
use crate::progress::Progress;
use crate::state::{State, Stored, UrlStatus};

/// The store stage: applies every event to the state store, one transaction each,
/// and keeps the per-source totals.
pub(super) fn store_events(
    mut state: State,
    run_id: RunId,
    mut events: mpsc::Receiver<Event>,
    summaries: Vec<SourceSummary>,
    progress: &dyn Progress,
) -> Result<Crawl> {
    let index: HashMap<String, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let mut summaries = summaries;
    let mut failures = Vec::new();
    let slot = |name: &str| index.get(name).copied();
    while let Some(event) = events.blocking_recv() {
        if matches!(
            event,
            Event::Known(_)
                | Event::NotModified(_)
                | Event::NotArticle(_)
                | Event::Article(..)
                | Event::Failed(_, Some(_))
        ) {
            progress.on_done();
        }
        match event {
            Event::Discovered(source, n) => {
                if let Some(i) = slot(&source) {
                    summaries[i].discovered += n;
                }
            }
            Event::Known(source) => {
                if let Some(i) = slot(&source) {
                    summaries[i].skipped += 1;
                }
            }
            Event::Fetched(source) => {
                if let Some(i) = slot(&source) {
                    summaries[i].fetched += 1;
                }
            }
            Event::NotModified(visit) => {
                state.mark_url(&visit, UrlStatus::NotModified)?;
                if let Some(i) = slot(&visit.source) {
                    summaries[i].not_modified += 1;
                }
            }
            Event::NotArticle(visit) => {
                state.mark_url(&visit, UrlStatus::NotArticle)?;
                if let Some(i) = slot(&visit.source) {
                    summaries[i].skipped += 1;
                }
            }
            Event::Failed(failure, visit) => {
                warn!(item = %failure.item, stage = ?failure.stage, reason = %failure.reason, "Failed.");
                let visit = visit.as_ref().map(|(v, status)| (v, *status));
                state.record_failure(&run_id.0, &failure, visit)?;
                if let Some(i) = slot(&failure.source) {
                    summaries[i].failed += 1;
                }
                failures.push(failure);
            }
            Event::Article(visit, mut record) => {
                let stored = state.store_article(&visit, &mut record)?;
                debug!(url = %visit.url, ?stored, "Stored.");
                if let Some(i) = slot(&visit.source) {
                    match stored {
                        Stored::New => summaries[i].new_articles += 1,
                        Stored::Revised(_) => summaries[i].updated_articles += 1,
                        Stored::Unchanged | Stored::Duplicate(_) => {}
                    }
                }
            }
        }
    }
    Ok(Crawl {
        sources: summaries,
        failures,
        state,
    })
}
