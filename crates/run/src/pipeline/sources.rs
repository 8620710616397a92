//! The producers of a crawl: discovery of the web sources, one after the other
//! (leads triaged into jobs for the fetch stage; a large source's leads wait in the
//! store's frontier, not in memory), and archive sources read page by page on a
//! blocking thread.

use std::sync::Arc;

use newsmill_fetch::{read_archive, Fetcher, SourceConfig};
use newsmill_records::{Lead, Stage};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{info, info_span, warn, Instrument};

use super::Event;
use crate::discover::{discover, Job, Triage, Verdict};
use crate::error::{chain, Result, RunError};
use crate::process::{failure, FetchedPage, Outcome};
use crate::progress::Progress;
use crate::state::State;

/// Leads of one source kept in memory; more go to the store's frontier.
const FRONTIER: usize = 1024;
/// Leads read back from the frontier at a time.
const FRONTIER_BATCH: usize = 256;

pub(super) struct Discover {
    pub fetcher: Arc<Fetcher>,
    pub triage: Triage,
    pub jobs: mpsc::Sender<Job>,
    pub events: mpsc::Sender<Event>,
    pub cancel: CancellationToken,
    pub progress: Arc<dyn Progress>,
}

impl Discover {
    pub async fn run_all(mut self, sources: Vec<SourceConfig>) {
        for source in sources {
            let span = info_span!("source", source = %source.name);
            self.run(&source).instrument(span).await;
        }
    }

    async fn run(&mut self, source: &SourceConfig) {
        if self.cancel.is_cancelled() {
            return;
        }
        let found = tokio::select! {
            found = discover(&self.fetcher, source) => found,
            () = self.cancel.cancelled() => return,
        };
        for f in found.failures {
            let _ = self
                .events
                .send(Event::Outcome(Outcome::Failed(f, None)))
                .await;
        }
        let total = found.leads.len() as u64;
        let _ = self
            .events
            .send(Event::Discovered(source.name.clone(), total))
            .await;
        let mut pending = Pending::new(found.leads, self.triage.store(), FRONTIER);
        loop {
            if self.cancel.is_cancelled() {
                info!("Cancelled: no more URLs from this source.");
                break;
            }
            let lead = match pending.next(self.triage.store()) {
                Ok(Some(lead)) => lead,
                Ok(None) => break,
                Err(err) => {
                    let f = failure(&source.name, &source.name, Stage::Discover, &chain(&err));
                    let _ = self
                        .events
                        .send(Event::Outcome(Outcome::Failed(f, None)))
                        .await;
                    break;
                }
            };
            let verdict = self.triage.triage(&source.name, lead);
            if !matches!(verdict, Verdict::Repeated) {
                self.progress.on_found(1);
            }
            match verdict {
                Verdict::Repeated => {}
                Verdict::Known => {
                    let _ = self.events.send(Event::Known(source.name.clone())).await;
                }
                Verdict::Fetch(job) => {
                    if self.jobs.send(job).await.is_err() {
                        break;
                    }
                }
                Verdict::Failed(f) => {
                    let _ = self
                        .events
                        .send(Event::Outcome(Outcome::Failed(f, None)))
                        .await;
                }
            }
        }
        pending.finish(self.triage.store());
    }
}

/// A source's leads not yet triaged: in memory for a small source; for one
/// listing more than [`FRONTIER`], in the store's frontier, read back
/// [`FRONTIER_BATCH`] at a time, so a large site's leads do not all wait in memory
/// for as long as its pages take to fetch.
struct Pending {
    batch: std::vec::IntoIter<Lead>,
    /// In the store: the number of the next lead to read, and how many there are.
    spilled: Option<(u64, u64)>,
}

impl Pending {
    /// Keeps `leads` in memory when there are at most `keep`, else in `store`.
    fn new(leads: Vec<Lead>, store: &mut State, keep: usize) -> Pending {
        if leads.len() <= keep {
            return Pending::in_memory(leads);
        }
        match store.spill_frontier(&leads) {
            Ok(total) => Pending {
                batch: Vec::new().into_iter(),
                spilled: Some((0, total)),
            },
            Err(err) => {
                warn!(leads = leads.len(), err = %chain(&err), "Cannot keep the leads in the store; keeping them in memory.");
                Pending::in_memory(leads)
            }
        }
    }

    fn in_memory(leads: Vec<Lead>) -> Pending {
        Pending {
            batch: leads.into_iter(),
            spilled: None,
        }
    }

    /// The next lead, reading the next batch from the store when needed.
    fn next(&mut self, store: &State) -> Result<Option<Lead>> {
        if let Some(lead) = self.batch.next() {
            return Ok(Some(lead));
        }
        let Some((from, total)) = self.spilled.as_mut() else {
            return Ok(None);
        };
        if *from >= *total {
            return Ok(None);
        }
        let batch = store.frontier_batch(*from, FRONTIER_BATCH)?;
        if batch.is_empty() {
            return Err(RunError::stage(
                "discovery",
                format!("the frontier ends at lead {from} of {total}"),
            ));
        }
        *from += batch.len() as u64;
        self.batch = batch.into_iter();
        Ok(self.batch.next())
    }

    /// Empties the frontier this source filled.
    fn finish(self, store: &mut State) {
        if self.spilled.is_some() {
            if let Err(err) = store.clear_frontier() {
                warn!(err = %chain(&err), "Cannot empty the frontier; the next source empties it.");
            }
        }
    }
}

pub(super) fn read_archive_source(
    source: &SourceConfig,
    pages: &mpsc::Sender<FetchedPage>,
    events: &mpsc::Sender<Event>,
    cancel: &CancellationToken,
    progress: &dyn Progress,
) {
    let failed = |f| Event::Outcome(Outcome::Failed(f, None));
    let iter = match read_archive(source) {
        Ok(iter) => iter,
        Err(err) => {
            // Logged once, by the ledger that records the failure.
            let f = failure(&source.name, &source.name, Stage::Discover, &err);
            let _ = events.blocking_send(failed(f));
            return;
        }
    };
    let mut count = 0;
    for item in iter {
        if cancel.is_cancelled() {
            info!("Cancelled: no more pages from this archive.");
            break;
        }
        count += 1;
        match item {
            Ok(page) => {
                progress.on_found(1);
                if pages
                    .blocking_send(FetchedPage::from_archive(page))
                    .is_err()
                {
                    break;
                }
            }
            Err(err) => {
                let f = failure(&source.name, &source.name, Stage::Fetch, &err);
                let _ = events.blocking_send(failed(f));
            }
        }
    }
    let _ = events.blocking_send(Event::Discovered(source.name.clone(), count));
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_records::Hints;

    fn leads(n: usize) -> Vec<Lead> {
        (0..n)
            .map(|i| Lead {
                source: "s".into(),
                url: format!("https://example.com/{i}"),
                hints: Hints {
                    title: Some(format!("Title {i}")),
                    published: chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00+02:00")
                        .ok(),
                    tags: vec!["a".into(), "b".into()],
                    ..Hints::default()
                },
            })
            .collect()
    }

    fn drain(pending: &mut Pending, store: &State) -> Vec<Lead> {
        let mut out = Vec::new();
        while let Some(lead) = pending.next(store).unwrap() {
            out.push(lead);
        }
        out
    }

    #[test]
    fn a_large_source_waits_in_the_store_and_comes_back_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = State::open(&dir.path().join("state.sqlite")).unwrap();
        let all = leads(FRONTIER_BATCH * 2 + 7);
        let mut pending = Pending::new(all.clone(), &mut store, 10);
        assert!(pending.spilled.is_some());
        assert_eq!(drain(&mut pending, &store), all);
        pending.finish(&mut store);
        assert!(store.frontier_batch(0, 10).unwrap().is_empty());
    }

    #[test]
    fn a_small_source_stays_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = State::open(&dir.path().join("state.sqlite")).unwrap();
        let all = leads(5);
        let mut pending = Pending::new(all.clone(), &mut store, 10);
        assert!(pending.spilled.is_none());
        assert!(store.frontier_batch(0, 10).unwrap().is_empty());
        assert_eq!(drain(&mut pending, &store), all);
    }

    #[test]
    fn a_killed_runs_frontier_is_replaced_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = State::open(&dir.path().join("state.sqlite")).unwrap();
        // A run killed mid-source leaves its frontier behind.
        let left = Pending::new(leads(30), &mut store, 10);
        drop(left);
        let fresh: Vec<Lead> = leads(40).into_iter().skip(25).collect();
        let mut pending = Pending::new(fresh.clone(), &mut store, 10);
        assert_eq!(drain(&mut pending, &store), fresh);
    }
}
