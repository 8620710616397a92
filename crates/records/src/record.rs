//! The unit export writes, and run bookkeeping.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{article::Article, entity::Tagged};

/// An article with everything the tagger found in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The run that produced this record.
    pub run_id: RunId,
    /// The article.
    pub article: Article,
    /// Its entities, mentions and quotes.
    #[serde(flatten)]
    pub tagged: Tagged,
}

/// A run id: the UTC start time, `YYYYMMDDTHHMMSSZ`, sortable and usable as a folder
/// name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunId(pub String);

impl RunId {
    /// The id of a run started at `t`.
    pub fn at(t: DateTime<Utc>) -> RunId {
        RunId(t.format("%Y%m%dT%H%M%SZ").to_string())
    }
}

impl std::fmt::Display for RunId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The stage at which an item failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Discovering URLs from a source.
    Discover,
    /// Fetching a page.
    Fetch,
    /// Extracting an article.
    Scrape,
    /// Tagging an article.
    Tag,
    /// Writing outputs.
    Export,
}

/// An item that could not be processed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The URL, feed or file that failed.
    pub item: String,
    /// The source it came from.
    pub source: String,
    /// The stage that failed.
    pub stage: Stage,
    /// The reason, as a one-line message.
    pub reason: String,
    /// When it failed.
    pub at: DateTime<Utc>,
}

/// Totals for one source in one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// The source's configured name.
    pub name: String,
    /// The source's kind (`feed`, `sitemap`, `listing`, `folder`, `warc`).
    pub kind: String,
    /// The source's URL or path.
    pub location: String,
    /// URLs discovered.
    pub discovered: u64,
    /// Pages fetched (status 200 with a body).
    pub fetched: u64,
    /// Pages skipped because the server said 304 Not Modified.
    pub not_modified: u64,
    /// URLs skipped because the state store already had them (already stored).
    pub skipped: u64,
    /// New articles (first revision).
    pub new_articles: u64,
    /// Articles whose text changed since the last run (new revision).
    pub updated_articles: u64,
    /// Items that failed, at any stage.
    pub failed: u64,
    /// Pages fetched that were judged not to be an article (index, tag and
    /// listing pages).
    #[serde(default)]
    pub not_article: u64,
}

/// What one run did: written as `run.json` and as a row of the `runs` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The run id.
    pub run_id: RunId,
    /// The config file the run used.
    pub config: String,
    /// When the run started.
    pub started: DateTime<Utc>,
    /// When the run finished.
    pub finished: DateTime<Utc>,
    /// Per-source totals.
    pub sources: Vec<SourceSummary>,
    /// Articles exported by this run.
    pub exported: u64,
    /// Every item that failed, with its reason.
    pub failures: Vec<Failure>,
}

impl Run {
    /// A run that started at `started`, with nothing found, exported or failed yet.
    pub fn begin(run_id: RunId, config: impl Into<String>, started: DateTime<Utc>) -> Run {
        Run {
            run_id,
            config: config.into(),
            started,
            finished: started,
            sources: Vec::new(),
            exported: 0,
            failures: Vec::new(),
        }
    }
}
