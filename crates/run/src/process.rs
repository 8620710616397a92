//! One lead → one outcome: fetch the page ([`fetch_lead`], async, network), then
//! extract and tag it ([`extract_page`], sync, CPU). [`process_lead`] does both, the
//! second on a blocking thread. Nothing here touches the state store: the outcome
//! goes to a [`Ledger`](crate::Ledger), in this process or another.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use newsmill_fetch::{Fetched, Fetcher};
use newsmill_records::{Failure, Lead, Page, Record, RunId, Stage};
use newsmill_scrape::{Extractor, ScrapeError};
use newsmill_tag::{StepTimes, Tagger};
use serde::{Deserialize, Serialize};
use tracing::debug;

use crate::discover::Job;
use crate::state::{UrlStatus, Visit};
use crate::usage::timed;

/// What became of one URL (or, for a failure without a visit, of one source entry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// An article, extracted and tagged, to store.
    Article(Visit, Box<Record>),
    /// The page is an index, tag or listing page.
    NotArticle(Visit),
    /// The server said 304: the stored version stands.
    NotModified(Visit),
    /// A failure; with the visit and how it leaves the URL when a URL was reached.
    Failed(Failure, Option<(Visit, UrlStatus)>),
}

impl Outcome {
    /// True when the outcome finishes a URL (everything except a failure that
    /// reached no URL, such as a source that could not be read).
    pub fn finishes_url(&self) -> bool {
        !matches!(self, Outcome::Failed(_, None))
    }

    /// The HTTP status the URL ended with, when a response came back.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Outcome::Article(visit, _)
            | Outcome::NotArticle(visit)
            | Outcome::NotModified(visit) => visit.http_status,
            Outcome::Failed(_, Some((visit, _))) => visit.http_status,
            Outcome::Failed(_, None) => None,
        }
    }

    /// The visit, when a page was fetched (or read from an archive) and reached
    /// extraction: an article, a page that is not one, or a page extraction or
    /// tagging failed on.
    pub fn fetched_page(&self) -> Option<&Visit> {
        match self {
            Outcome::Article(visit, _) | Outcome::NotArticle(visit) => Some(visit),
            Outcome::Failed(failure, Some((visit, _)))
                if matches!(failure.stage, Stage::Scrape | Stage::Tag) =>
            {
                Some(visit)
            }
            _ => None,
        }
    }
}

/// A page on its way to extraction, and what to remember about its URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FetchedPage {
    /// The page.
    pub page: Page,
    /// Its visit, stored with the outcome.
    pub visit: Visit,
}

impl FetchedPage {
    /// A page read from an archive (no lead: its URL and hints are the page's own).
    pub fn from_archive(page: Page) -> FetchedPage {
        let visit = visit_for(&page, None);
        FetchedPage { page, visit }
    }
}

/// What fetching a lead gave.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per URL and moved straight on; boxing buys nothing"
)]
pub enum Fetch {
    /// A page to extract.
    Page(FetchedPage),
    /// Nothing to extract: not modified, an HTTP error or a failed fetch.
    Done(Outcome),
}

/// Fetches one lead (politeness is the [`Fetcher`]'s job). HTTP 404 and 410 leave
/// the URL gone, other errors failed (retried by the next run).
pub async fn fetch_lead(fetcher: &Fetcher, job: &Job) -> Fetch {
    let lead = &job.lead;
    let visit_without_page = |http_status: Option<u16>| Visit {
        url: lead.url.clone(),
        source: lead.source.clone(),
        http_status,
        etag: None,
        last_modified: None,
        source_modified: lead.hints.modified.or(lead.hints.published),
    };
    match fetcher.fetch(lead, &job.validators()).await {
        Ok(Fetched::Page(page)) if page.status >= 400 => {
            let reason = format!("HTTP {}", page.status);
            let visit = visit_without_page(Some(page.status));
            let f = failure(&lead.url, &lead.source, Stage::Fetch, &reason);
            let status = if matches!(page.status, 404 | 410) {
                UrlStatus::Gone
            } else {
                UrlStatus::Failed
            };
            Fetch::Done(Outcome::Failed(f, Some((visit, status))))
        }
        Ok(Fetched::Page(page)) => {
            debug!(status = page.status, bytes = page.body.len(), "Fetched.");
            let visit = visit_for(&page, Some(lead));
            Fetch::Page(FetchedPage { page, visit })
        }
        Ok(Fetched::NotModified) => {
            debug!("Not modified.");
            Fetch::Done(Outcome::NotModified(visit_without_page(Some(304))))
        }
        Err(err) => {
            // Logged once, by the ledger that records it.
            let status = if err.is_gone() {
                UrlStatus::Gone
            } else {
                UrlStatus::Failed
            };
            let f = failure(&lead.url, &lead.source, Stage::Fetch, &err);
            Fetch::Done(Outcome::Failed(f, Some((visit_without_page(None), status))))
        }
    }
}

/// Extracts and tags one page (CPU-bound: call it off the async reactor). A panic
/// in the extractor or tagger becomes a failure of this page, not of the run.
pub fn extract_page(
    extractor: &Extractor,
    tagger: &Tagger,
    run_id: &RunId,
    item: FetchedPage,
) -> Outcome {
    extract_page_metered(extractor, tagger, run_id, item, &mut PageCpu::default())
}

/// [`extract_page`], also giving the CPU time extraction and tagging took (on
/// the calling thread): `(outcome, extract, tag)`.
pub fn extract_page_timed(
    extractor: &Extractor,
    tagger: &Tagger,
    run_id: &RunId,
    item: FetchedPage,
) -> (Outcome, Duration, Duration) {
    let mut cpu = PageCpu::default();
    let outcome = extract_page_metered(extractor, tagger, run_id, item, &mut cpu);
    (outcome, cpu.extract, cpu.tag)
}

/// CPU time of the calling thread spent on pages, step by step.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageCpu {
    pub extract: Duration,
    pub tag: Duration,
    /// The tag time split by tagging step: each step's share of the tagger's own
    /// (wall-clock) step times, applied to the thread's CPU time for the article.
    pub tag_steps: [Duration; TAG_STEPS],
}

/// How many steps [`StepTimes::steps`] names.
pub(crate) const TAG_STEPS: usize = 10;

/// The names of the tagging steps, in [`PageCpu::tag_steps`] order.
pub(crate) fn tag_step_names() -> [&'static str; TAG_STEPS] {
    StepTimes::default().steps().map(|(name, _)| name)
}

impl PageCpu {
    /// Charges `cpu` of tagging to the steps in proportion to their times.
    fn charge_tag(&mut self, cpu: Duration, steps: &StepTimes) {
        self.tag += cpu;
        let total = steps.total().as_secs_f64();
        if total <= 0.0 {
            return;
        }
        for (slot, (_, d)) in self.tag_steps.iter_mut().zip(steps.steps()) {
            *slot += cpu.mul_f64(d.as_secs_f64() / total);
        }
    }
}

/// [`extract_page`], adding the CPU time each step took to `cpu`.
pub(crate) fn extract_page_metered(
    extractor: &Extractor,
    tagger: &Tagger,
    run_id: &RunId,
    item: FetchedPage,
    cpu: &mut PageCpu,
) -> Outcome {
    let FetchedPage { page, visit } = item;
    let fail = |stage, reason: String| {
        let f = failure(&visit.url, &visit.source, stage, &reason);
        Outcome::Failed(f, Some((visit.clone(), UrlStatus::Failed)))
    };
    let (extracted, spent) =
        timed(|| std::panic::catch_unwind(AssertUnwindSafe(|| extractor.extract(&page))));
    cpu.extract += spent;
    drop(page);
    let article = match extracted {
        Ok(Ok(article)) => article,
        Ok(Err(ScrapeError::NotArticle { reason, .. })) => {
            debug!(%reason, "Not an article.");
            return Outcome::NotArticle(visit);
        }
        Ok(Err(err)) => return fail(Stage::Scrape, err.to_string()),
        Err(panic) => {
            return fail(
                Stage::Scrape,
                format!("extractor panicked: {}", panic_text(&panic)),
            )
        }
    };
    let mut steps = StepTimes::default();
    let (tagged, spent) = timed(|| {
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            tagger.tag_profiled(&article, &mut steps)
        }))
    });
    cpu.charge_tag(spent, &steps);
    match tagged {
        Ok(tagged) => Outcome::Article(
            visit,
            Box::new(Record {
                run_id: run_id.clone(),
                article,
                tagged,
            }),
        ),
        Err(panic) => fail(
            Stage::Tag,
            format!("tagger panicked: {}", panic_text(&panic)),
        ),
    }
}

/// Fetches one lead, then extracts and tags it on a blocking thread: what a worker
/// does with a job.
pub async fn process_lead(
    fetcher: &Fetcher,
    extractor: Arc<Extractor>,
    tagger: Arc<Tagger>,
    run_id: RunId,
    job: &Job,
) -> Outcome {
    let page = match fetch_lead(fetcher, job).await {
        Fetch::Page(page) => page,
        Fetch::Done(outcome) => return outcome,
    };
    let visit = page.visit.clone();
    let extract = move || extract_page(&extractor, &tagger, &run_id, page);
    match tokio::task::spawn_blocking(extract).await {
        Ok(outcome) => outcome,
        Err(err) => {
            let f = failure(&visit.url, &visit.source, Stage::Scrape, &err);
            Outcome::Failed(f, Some((visit, UrlStatus::Failed)))
        }
    }
}

/// The visit of a fetched page: the lead's URL and hints when there is a lead, else
/// the page's own (archives).
pub(crate) fn visit_for(page: &Page, lead: Option<&Lead>) -> Visit {
    let hints = lead.map_or(&page.hints, |l| &l.hints);
    Visit {
        url: lead.map_or_else(|| page.url.clone(), |l| l.url.clone()),
        source: page.source.clone(),
        http_status: Some(page.status),
        etag: page.etag.clone(),
        last_modified: page.last_modified.clone(),
        source_modified: hints.modified.or(hints.published),
    }
}

pub(crate) fn failure(
    item: &str,
    source: &str,
    stage: Stage,
    err: &dyn std::fmt::Display,
) -> Failure {
    Failure {
        item: item.to_string(),
        source: source.to_string(),
        stage,
        reason: err.to_string(),
        at: Utc::now(),
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
