//! The producers of a crawl: discovery of the web sources, one after the other
//! (leads triaged into jobs for the fetch stage), and archive sources read page by
//! page on a blocking thread.

use std::sync::Arc;

use newsmill_fetch::{read_archive, Fetcher, SourceConfig};
use newsmill_records::Stage;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{info, info_span, Instrument};

use super::Event;
use crate::discover::{discover, Job, Triage, Verdict};
use crate::process::{failure, FetchedPage, Outcome};
use crate::progress::Progress;

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
        for lead in found.leads {
            if self.cancel.is_cancelled() {
                info!("Cancelled: no more URLs from this source.");
                return;
            }
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
                        return;
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
