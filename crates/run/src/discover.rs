//! Discovery: the leads of one web source ([`discover`]), and what the state store
//! says to do with each ([`Triage`]): fetch it (a [`Job`]), skip it as known, or
//! drop it as already listed by an earlier source of the same run.

use chrono::Utc;
use newsmill_fetch::{Fetcher, SourceConfig, UrlSet, Validators};
use newsmill_records::{Failure, Lead, Stage};
use serde::{Deserialize, Serialize};
use tracing::debug;

use crate::error::chain;
use crate::process::failure;
use crate::state::{Decision, State};

/// What one source listed.
#[derive(Debug, Default)]
pub struct Leads {
    /// The URLs, in the source's order.
    pub leads: Vec<Lead>,
    /// The source could not be read (one failure naming the source), or some of
    /// its entries could not (one failure each).
    pub failures: Vec<Failure>,
}

/// Reads one web source (feed, sitemap, listing, robots): its leads and failures.
/// Archive sources are read page by page instead (`newsmill_fetch::read_archive`).
pub async fn discover(fetcher: &Fetcher, source: &SourceConfig) -> Leads {
    let discovery = match fetcher.discover(source).await {
        Ok(d) => d,
        Err(err) => {
            // Logged once, by the ledger that records the failure.
            let failure = failure(&source.name, &source.name, Stage::Discover, &err);
            return Leads {
                leads: Vec::new(),
                failures: vec![failure],
            };
        }
    };
    let failures = discovery
        .errors
        .iter()
        .map(|err| failure(&source.name, &source.name, Stage::Discover, err))
        .collect();
    debug!(leads = discovery.leads.len(), "Discovered.");
    Leads {
        leads: discovery.leads,
        failures,
    }
}

/// A lead to fetch, with the validators of the last good fetch (none for a new URL).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// The URL and what its source said about it.
    pub lead: Lead,
    /// `ETag` of the last good fetch.
    pub etag: Option<String>,
    /// `Last-Modified` of the last good fetch.
    pub last_modified: Option<String>,
}

impl Job {
    /// A job for a lead, with these validators.
    pub fn new(lead: Lead, validators: Validators) -> Job {
        Job {
            lead,
            etag: validators.etag,
            last_modified: validators.last_modified,
        }
    }

    /// The validators for a conditional GET.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

/// What to do with a discovered lead.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Fetch it.
    Fetch(Job),
    /// The store has it and nothing says it changed.
    Known,
    /// An earlier source of this run listed the same URL: it belongs to that one.
    Repeated,
    /// The store could not be asked.
    Failed(Failure),
}

/// Decides, lead by lead, what a run fetches. Remembers the URLs seen in this run,
/// so a URL listed by two sources is fetched once, for the first.
pub struct Triage {
    reader: State,
    seen: UrlSet,
    revalidate: bool,
}

impl Triage {
    /// Decides with `reader` (a connection of its own on the run's state store);
    /// `revalidate` fetches every known URL again with a conditional GET.
    pub fn new(reader: State, revalidate: bool) -> Triage {
        Triage {
            reader,
            seen: UrlSet::new(),
            revalidate,
        }
    }

    /// The store the verdicts come from (the crawl also keeps a large source's
    /// leads there: its frontier).
    pub(crate) fn store(&mut self) -> &mut State {
        &mut self.reader
    }

    /// The verdict on one lead of `source`.
    pub fn triage(&mut self, source: &str, lead: Lead) -> Verdict {
        if !self.seen.insert(&lead.url) {
            return Verdict::Repeated;
        }
        let modified = lead.hints.modified.or(lead.hints.published);
        match self.reader.decide(&lead.url, modified, self.revalidate) {
            Ok(Decision::Skip) => Verdict::Known,
            Ok(Decision::Fetch(validators)) => Verdict::Fetch(Job::new(lead, validators)),
            Err(err) => Verdict::Failed(Failure {
                item: lead.url,
                source: source.to_string(),
                stage: Stage::Discover,
                reason: chain(&err),
                at: Utc::now(),
            }),
        }
    }
}
