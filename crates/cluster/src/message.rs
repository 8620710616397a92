//! What crosses the queues: a [`JobMessage`] (coordinator → workers) and a
//! [`ResultMessage`] (worker → coordinator), as JSON, and the message ids that
//! make publishing them twice harmless.

use newsmill_fetch::SourceConfig;
use newsmill_records::RunId;
use newsmill_run::{FetchedPage, Job, Outcome};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One job.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct JobMessage {
    /// The run that enqueued it (stamped on its record).
    pub run_id: RunId,
    /// The source the job comes from (its settings, e.g. private hosts).
    pub source: SourceConfig,
    /// The work.
    pub work: Work,
}

/// The work of one job.
#[derive(Debug, Serialize, Deserialize)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per job and moved straight on; boxing buys nothing"
)]
pub(crate) enum Work {
    /// Fetch a lead, extract and tag it.
    Fetch(Job),
    /// Extract and tag a page the coordinator read from an archive.
    Page(FetchedPage),
    /// Read record `n` (0-based) of the archive source, then extract and tag it:
    /// for a page too large to travel in a message (the worker needs the file).
    Record(usize),
}

/// One job's outcome.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ResultMessage {
    /// The worker that produced it.
    pub worker: String,
    /// What became of the job.
    pub outcome: Outcome,
    /// What the job cost, for the run's totals (absent from older workers).
    #[serde(default)]
    pub figures: JobFigures,
}

/// What one job cost the worker that did it: the figures a single-machine run
/// counts in `run.json` (requests per host, bytes, CPU per stage). They travel
/// with the job's result, so a redelivered job's figures are counted once, with
/// the one result the coordinator stores.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct JobFigures {
    /// Requests sent, per host (`host:port`): the page, its redirects and
    /// retries, and robots.txt when this job was the first to need it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<HostRequests>,
    /// Bytes of the page body fetched.
    #[serde(default)]
    pub bytes: u64,
    /// CPU nanoseconds extracting.
    #[serde(default)]
    pub extract_ns: u64,
    /// CPU nanoseconds tagging.
    #[serde(default)]
    pub tag_ns: u64,
}

/// Requests one job sent to one host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct HostRequests {
    /// `host:port`.
    pub host: String,
    /// Requests sent.
    pub requests: u64,
}

/// A dead letter: the job as it was, and why it was given up.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DeadLetter {
    /// The job's message id.
    pub id: String,
    /// Deliveries made.
    pub deliveries: i64,
    /// Why it was given up.
    pub reason: String,
    /// The job's payload (JSON text, or lossy text when it was not JSON).
    pub job: String,
}

/// The message id of the job for a web URL in crawl generation `epoch`: the
/// normalised URL, hashed (any coordinator computes the same id, so the stream's
/// de-duplication keeps one job per URL and generation).
pub(crate) fn url_job_id(epoch: u64, url: &str) -> String {
    let url = newsmill_fetch::normalize_url(url).unwrap_or_else(|_| url.to_string());
    format!("e{epoch}-u{}", digest(&url))
}

/// The message id of the job for record `n` of an archive source.
pub(crate) fn record_job_id(epoch: u64, source: &SourceConfig, n: usize) -> String {
    let path = source
        .path
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!(
        "e{epoch}-a{}-{n}",
        digest(&format!("{}\n{path}", source.name))
    )
}

fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash[..12].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids_follow_the_normalised_url_and_the_epoch() {
        let a = url_job_id(3, "https://Example.com/a?utm_source=x");
        assert_eq!(a, url_job_id(3, "https://example.com/a"));
        assert_ne!(a, url_job_id(4, "https://example.com/a"));
        assert_ne!(a, url_job_id(3, "https://example.com/b"));
        let s = SourceConfig::archive("w", newsmill_fetch::SourceKind::Warc, "/x.warc");
        assert_ne!(record_job_id(1, &s, 0), record_job_id(1, &s, 1));
    }
}
