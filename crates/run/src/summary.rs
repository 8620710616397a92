//! What a run did, for whoever watches it: [`RunReport`] is `run.json` (documented
//! key by key in SCHEMA.md), [`RunStatus`] the verdict a scheduler acts on, and
//! [`RunReport::describe`] the same facts in one sentence for the last log line.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use chrono::{DateTime, Utc};
use newsmill_fetch::HostReport;
use newsmill_records::{Run, Stage};
use serde::{Deserialize, Serialize};

use crate::ledger::CrawlStats;
use crate::usage::{peak_rss, process_cpu};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Every source was read and no more than the allowed share of pages failed.
    Finished,
    /// The run finished, but a source could not be read at all or more than the
    /// allowed share of pages failed.
    Partial,
    /// A signal stopped the run early; what was done is stored and exported.
    Interrupted,
    /// No source could be read at all (or the run stopped on an error).
    Failed,
}

impl RunStatus {
    /// The word `run.json` and the state store use.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Finished => "finished",
            RunStatus::Partial => "partial",
            RunStatus::Interrupted => "interrupted",
            RunStatus::Failed => "failed",
        }
    }

    /// The verdict on a finished crawl: `interrupted` when it was cancelled,
    /// `failed` when no source could be read, `partial` when some source could not
    /// be read or more than `max_failed_share` (0 to 1) of the pages tried failed,
    /// else `finished`.
    pub fn judge(run: &Run, interrupted: bool, max_failed_share: f64) -> RunStatus {
        if interrupted {
            return RunStatus::Interrupted;
        }
        let unread = unread_sources(run);
        if !run.sources.is_empty() && unread.len() == run.sources.len() {
            return RunStatus::Failed;
        }
        if !unread.is_empty() || failed_share(run) > max_failed_share {
            return RunStatus::Partial;
        }
        RunStatus::Finished
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The sources that failed before yielding a single URL or page.
pub fn unread_sources(run: &Run) -> Vec<&str> {
    run.sources
        .iter()
        .filter(|s| {
            s.discovered == 0
                && run
                    .failures
                    .iter()
                    .any(|f| f.source == s.name && f.stage == Stage::Discover)
        })
        .map(|s| s.name.as_str())
        .collect()
}

/// The share of pages tried (fetched, answered 304, or failed fetching) that
/// failed at any stage; 0 when no page was tried.
pub fn failed_share(run: &Run) -> f64 {
    let page_failures = run
        .failures
        .iter()
        .filter(|f| f.stage != Stage::Discover)
        .count() as u64;
    let fetch_failures = run
        .failures
        .iter()
        .filter(|f| f.stage == Stage::Fetch)
        .count() as u64;
    let tried: u64 = run
        .sources
        .iter()
        .map(|s| s.fetched + s.not_modified)
        .sum::<u64>()
        + fetch_failures;
    if tried == 0 {
        0.0
    } else {
        page_failures as f64 / tried as f64
    }
}

/// The build that ran: the workspace version and the git commit it was built from
/// (stamped at build time; `unknown` when built outside a git checkout without
/// `NEWSMILL_GIT_COMMIT`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    /// The newsmill version.
    pub version: String,
    /// The git commit.
    pub commit: String,
}

impl Build {
    /// This build.
    pub fn current() -> Build {
        Build {
            version: env!("CARGO_PKG_VERSION").to_string(),
            commit: env!("NEWSMILL_GIT_COMMIT").to_string(),
        }
    }
}

/// Totals over the whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// HTTP requests sent (robots.txt, feeds, sitemaps, pages, retries).
    pub requests: u64,
    /// Bytes of page bodies received (after decompression).
    pub bytes: u64,
    /// Pages by the HTTP status they ended with (`"200"`, `"304"`, `"404"`, …).
    pub status_codes: BTreeMap<String, u64>,
    /// Pages at each stage.
    pub pages: PageTotals,
}

/// How many URLs or pages reached each stage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageTotals {
    /// URLs the sources listed (pages an archive held).
    pub discovered: u64,
    /// URLs skipped without a request: the store already had them.
    pub already_stored: u64,
    /// Pages fetched (or read from an archive) with a body.
    pub fetched: u64,
    /// Pages the server answered 304 Not Modified for.
    pub not_modified: u64,
    /// Pages judged not to be an article (index, tag and listing pages).
    pub not_article: u64,
    /// Articles extracted and tagged.
    pub tagged: u64,
    /// Of those, articles in a language the NER model was not trained on (their
    /// `tagging` says `partial: language <code>`): places, watch-list entities,
    /// dates, amounts and quotes, but no people or organisations from the model.
    pub tagged_partially: u64,
    /// Articles stored as new.
    pub new_articles: u64,
    /// Articles stored as a new revision.
    pub updated_articles: u64,
    /// Articles whose text the store already had (same URL or another).
    pub unchanged: u64,
    /// Items that failed, at any stage.
    pub failed: u64,
    /// Articles exported.
    pub exported: u64,
}

/// One host the run sent requests to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostSummary {
    /// `host:port`.
    pub host: String,
    /// Requests sent.
    pub requests: u64,
    /// Requests that failed (connection errors, timeouts, 5xx).
    pub failures: u64,
    /// Times the host was backed off for failing repeatedly.
    pub backoffs: u32,
    /// Still backed off when the run ended.
    pub backed_off: bool,
    /// Why it was backed off, when the fetcher says.
    pub reason: Option<String>,
    /// Until when it is backed off, when it still is.
    pub until: Option<DateTime<Utc>>,
}

impl HostSummary {
    /// From the fetcher's report on a host. The seam for the fetcher's back-off
    /// details: `newsmill_fetch::HostReport` does not say yet why or until when a
    /// host was backed off, so `reason` gives the failure count behind it and
    /// `until` stays empty.
    pub fn from_report(report: &HostReport) -> HostSummary {
        HostSummary {
            host: report.host.clone(),
            requests: report.requests,
            failures: report.failures,
            backoffs: report.backoffs,
            backed_off: report.backed_off,
            reason: (report.backoffs > 0)
                .then(|| format!("{} of {} requests failed", report.failures, report.requests)),
            until: None,
        }
    }
}

/// Where the run's CPU time went, in seconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CpuTimes {
    /// The whole process, from the start of the crawl to the end of the export
    /// (every thread, user + system).
    pub total_s: f64,
    /// Fetching and everything around it: discovery, HTTP, decompression, the
    /// async runtime, robots.txt (what the other stages do not account for).
    pub fetch_s: f64,
    /// Parsing pages and extracting articles.
    pub extract_s: f64,
    /// Tagging articles.
    pub tag_s: f64,
    /// Tagging, step by step, when the tagger reports its steps.
    pub tag_steps: BTreeMap<String, f64>,
    /// Writing to the state store.
    pub store_s: f64,
    /// Writing the run folder's tables.
    pub export_s: f64,
    /// The process's CPU time when the run started ([`CpuTimes::starting_now`]).
    #[serde(skip)]
    pub origin: Duration,
    /// CPU time other processes spent on the run (a cluster's workers), added to
    /// `total_s`.
    #[serde(skip)]
    pub remote: Duration,
}

impl CpuTimes {
    /// Times measured from now (the start of a run) on.
    pub fn starting_now() -> CpuTimes {
        CpuTimes {
            origin: process_cpu(),
            ..CpuTimes::default()
        }
    }

    /// Charges the export's CPU time and closes the books: `total_s` is the
    /// process's CPU time since [`CpuTimes::starting_now`], and `fetch_s` what the
    /// other stages do not account for.
    pub fn close(&mut self, export: Duration) {
        self.export_s += export.as_secs_f64();
        self.total_s = (process_cpu().saturating_sub(self.origin) + self.remote).as_secs_f64();
        let rest = self.total_s - self.extract_s - self.tag_s - self.store_s - self.export_s;
        self.fetch_s = rest.max(0.0);
    }
}

/// `ours` and `theirs` summed per host (`ours` first, in order; hosts only in
/// `theirs` after): one entry per host whichever fetchers contacted it.
fn merge_hosts(ours: &[HostReport], theirs: &[HostReport]) -> Vec<HostReport> {
    let mut all = ours.to_vec();
    for host in theirs {
        match all.iter_mut().find(|h| h.host == host.host) {
            Some(h) => {
                h.requests += host.requests;
                h.failures += host.failures;
                h.backoffs += host.backoffs;
                h.backed_off |= host.backed_off;
            }
            None => all.push(host.clone()),
        }
    }
    all
}

/// `run.json`: what one run did, for a monitor. SCHEMA.md documents every key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// How the run ended.
    pub status: RunStatus,
    /// The build that ran.
    pub newsmill: Build,
    /// The run: id, config, start and end, per-source totals, failures.
    #[serde(flatten)]
    pub run: Run,
    /// `finished - started`, in seconds.
    pub duration_s: f64,
    /// Totals over the run.
    pub totals: Totals,
    /// Every host the run sent requests to.
    pub hosts: Vec<HostSummary>,
    /// Where the CPU time went.
    pub cpu: CpuTimes,
    /// The process's peak resident set size, in MB.
    pub peak_rss_mb: f64,
}

impl RunReport {
    /// A report on `run` judged `status`, with no totals yet.
    pub fn new(run: Run, status: RunStatus) -> RunReport {
        RunReport {
            status,
            newsmill: Build::current(),
            run,
            duration_s: 0.0,
            totals: Totals::default(),
            hosts: Vec::new(),
            cpu: CpuTimes::default(),
            peak_rss_mb: 0.0,
        }
    }

    /// Adds what the crawl counted (bytes, status codes, CPU per stage) and the
    /// fetcher's hosts.
    pub fn add_crawl(&mut self, stats: &CrawlStats, hosts: &[HostReport]) {
        let totals = &mut self.totals;
        totals.bytes += stats.bytes;
        for (code, n) in &stats.status_codes {
            *totals.status_codes.entry(code.to_string()).or_default() += n;
        }
        totals.pages.tagged += stats.tagged;
        totals.pages.tagged_partially += stats.tagged_partially;
        totals.pages.unchanged += stats.unchanged;
        let hosts = merge_hosts(hosts, &stats.hosts);
        totals.requests += hosts.iter().map(|h| h.requests).sum::<u64>();
        self.hosts
            .extend(hosts.iter().map(HostSummary::from_report));
        self.cpu.remote += stats.remote_cpu;
        let cpu = &mut self.cpu;
        cpu.extract_s += stats.extract_cpu.as_secs_f64();
        cpu.tag_s += stats.tag_cpu.as_secs_f64();
        cpu.store_s += stats.store_cpu.as_secs_f64();
        // Closed by the export, which adds its own time.
        cpu.export_s += stats.export_cpu.as_secs_f64();
        for (step, d) in &stats.tag_steps {
            *cpu.tag_steps.entry(step.clone()).or_default() += d.as_secs_f64();
        }
    }

    /// Fills the totals that follow from the run's per-source summaries and the
    /// duration (call after the export set `run.exported` and `run.finished`).
    pub fn settle(&mut self) {
        let run = &self.run;
        let sum = |f: fn(&newsmill_records::SourceSummary) -> u64| run.sources.iter().map(f).sum();
        let pages = &mut self.totals.pages;
        pages.discovered = sum(|s| s.discovered);
        pages.already_stored = sum(|s| s.skipped);
        pages.fetched = sum(|s| s.fetched);
        pages.not_modified = sum(|s| s.not_modified);
        pages.not_article = sum(|s| s.not_article);
        pages.new_articles = sum(|s| s.new_articles);
        pages.updated_articles = sum(|s| s.updated_articles);
        pages.failed = run.failures.len() as u64;
        pages.exported = run.exported;
        self.duration_s = (run.finished - run.started).num_milliseconds() as f64 / 1000.0;
        self.peak_rss_mb = peak_rss() as f64 / 1e6;
    }

    /// The run in one sentence, Scrapy-stats style, for the last log line.
    pub fn describe(&self, folder: &std::path::Path) -> String {
        let p = &self.totals.pages;
        let mut text = format!(
            "Run {} {} in {:.1} s: {} URLs listed, {} already stored; {} pages fetched ({}), {} not modified, {} not articles; {} articles tagged ({} without the NER model for their language): {} new, {} updated, {} unchanged; {} failed",
            self.run.run_id,
            self.status,
            self.duration_s,
            p.discovered,
            p.already_stored,
            p.fetched,
            megabytes(self.totals.bytes),
            p.not_modified,
            p.not_article,
            p.tagged,
            p.tagged_partially,
            p.new_articles,
            p.updated_articles,
            p.unchanged,
            p.failed,
        );
        if !self.totals.status_codes.is_empty() {
            let codes: Vec<String> = self
                .totals
                .status_codes
                .iter()
                .map(|(code, n)| format!("{code}: {n}"))
                .collect();
            let _ = write!(text, " (HTTP {})", codes.join(", "));
        }
        let _ = write!(
            text,
            "; {} requests; {} exported to {}",
            self.totals.requests,
            p.exported,
            folder.display()
        );
        let unread = unread_sources(&self.run);
        if !unread.is_empty() {
            let _ = write!(text, "; sources not read: {}", unread.join(", "));
        }
        let share = failed_share(&self.run);
        if share > 0.0 {
            let _ = write!(text, "; {:.1}% of the pages tried failed", share * 100.0);
        }
        let backed_off: Vec<&str> = self
            .hosts
            .iter()
            .filter(|h| h.backoffs > 0)
            .map(|h| h.host.as_str())
            .collect();
        if !backed_off.is_empty() {
            let _ = write!(text, "; hosts backed off: {}", backed_off.join(", "));
        }
        let _ = write!(
            text,
            "; CPU {:.1} s (fetch {:.1}, extract {:.1}, tag {:.1}, store {:.1}, export {:.1}), peak RSS {:.0} MB.",
            self.cpu.total_s,
            self.cpu.fetch_s,
            self.cpu.extract_s,
            self.cpu.tag_s,
            self.cpu.store_s,
            self.cpu.export_s,
            self.peak_rss_mb
        );
        text
    }
}

fn megabytes(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

#[cfg(test)]
mod tests;
