//! The state store: one SQLite file (WAL) that remembers, between runs, every URL
//! seen (with its validators for conditional GET), every stored article revision
//! with its tags, every run and every failure.
//!
//! Every write is one transaction, so a run killed at any point leaves the store
//! consistent, and the next run picks up where it stopped: a URL is marked done only
//! in the transaction that stores its article.
//!
//! Exports are made crash-safe in four steps: (1) one transaction claims the
//! unexported rows for the run and records the export as `pending`, (2) the files
//! are written to `<output>/.<run-id>.tmp`, (3) that folder is renamed to
//! `<output>/<run-id>`, (4) the export is marked `done`. On start-up
//! [`State::reconcile_exports`] finishes or rolls back any `pending` export: if the
//! final folder exists the rename happened and the export is marked done, otherwise
//! the temporary folder is removed and the rows are released for the next export.
//! No row is lost and none is exported twice.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use newsmill_fetch::Validators;
use newsmill_records::{Failure, Record, Run};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, RunError};

mod exports;
mod lock;

pub(crate) use exports::temp_dir;
pub use lock::RunLock;

const SCHEMA: &str = include_str!("state/schema.sql");

/// The SQLite state store (WAL): every URL seen with its validators, every article
/// revision with its tags, every run, failure and export. Every write is one
/// transaction, so a run killed at any point leaves it consistent. One connection
/// per thread: open a second one to read while another writes.
pub struct State {
    conn: Connection,
    path: PathBuf,
}

/// What to do with a discovered URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Fetch it, sending these validators (empty for a new URL).
    Fetch(Validators),
    /// The store has it and nothing says it changed.
    Skip,
}

/// How a URL ended in this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlStatus {
    /// Stored as (a revision of) an article.
    Article,
    /// Same text as an article stored under another URL.
    Duplicate,
    /// An index, tag or listing page.
    NotArticle,
    /// The server said 304; the stored version stands.
    NotModified,
    /// The server said 404 or 410: not retried unless its source dates it anew.
    Gone,
    /// Failed at some stage.
    Failed,
}

impl UrlStatus {
    fn as_str(self) -> &'static str {
        match self {
            UrlStatus::Article => "article",
            UrlStatus::Duplicate => "duplicate",
            UrlStatus::NotArticle => "not_article",
            UrlStatus::NotModified => "not_modified",
            UrlStatus::Gone => "gone",
            UrlStatus::Failed => "failed",
        }
    }
}

/// What the store did with an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stored {
    /// First revision of a new article.
    New,
    /// A new revision (the text changed since the last one).
    Revised(u32),
    /// The latest revision already has this text.
    Unchanged,
    /// Another article already has this text; nothing stored.
    Duplicate(String),
}

/// One visit to a URL: what to remember about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// The URL as discovered (normalised).
    pub url: String,
    /// Its source.
    pub source: String,
    /// HTTP status, when a response came back.
    pub http_status: Option<u16>,
    /// `ETag` of the response.
    pub etag: Option<String>,
    /// `Last-Modified` of the response.
    pub last_modified: Option<String>,
    /// The date the source (feed, sitemap) gave for the URL.
    pub source_modified: Option<DateTime<FixedOffset>>,
}

impl State {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<State> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| RunError::io("create folder", dir, e))?;
        }
        let open = || -> rusqlite::Result<Connection> {
            let conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.execute_batch(SCHEMA)?;
            Ok(conn)
        };
        let conn = open().map_err(|source| RunError::OpenStore {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(State {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Decides whether a discovered URL needs fetching.
    pub fn decide(
        &self,
        url: &str,
        source_modified: Option<DateTime<FixedOffset>>,
        revalidate: bool,
    ) -> Result<Decision> {
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT status, etag, last_modified, source_modified, last_fetched
                 FROM urls WHERE url = ?1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((status, etag, last_modified, stored_modified, last_fetched)) = row else {
            return Ok(Decision::Fetch(Validators::default()));
        };
        let validators = Validators {
            etag,
            last_modified,
        };
        if status == UrlStatus::Failed.as_str() || revalidate {
            return Ok(Decision::Fetch(validators));
        }
        let parse = |s: Option<String>| s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok());
        let changed = match (source_modified, parse(stored_modified), parse(last_fetched)) {
            (Some(new), Some(old), _) => new > old,
            (Some(new), None, Some(fetched)) => new > fetched,
            _ => false,
        };
        Ok(if changed {
            Decision::Fetch(validators)
        } else {
            Decision::Skip
        })
    }

    /// Records a run as started. Fails if the id is taken.
    pub fn begin_run(&mut self, run: &Run) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running'",
            [],
        )?;
        tx.execute(
            "INSERT INTO runs (run_id, config, started, status) VALUES (?1, ?2, ?3, 'running')",
            params![run.run_id.0, run.config, run.started.to_rfc3339()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// True when a run with this id exists.
    pub fn has_run(&self, run_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM runs WHERE run_id = ?1", [run_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Records a run as finished, with its summary.
    pub fn finish_run(&mut self, run: &Run) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished = ?2, status = 'finished', summary = ?3 WHERE run_id = ?1",
            params![
                run.run_id.0,
                run.finished.to_rfc3339(),
                serde_json::to_string(run)?
            ],
        )?;
        Ok(())
    }

    /// Stores an article with its tags, and marks its URL done, in one transaction.
    /// Sets the record's revision.
    pub fn store_article(&mut self, visit: &Visit, record: &mut Record) -> Result<Stored> {
        let tx = self.conn.transaction()?;
        let article = &record.article;
        let latest: Option<(u32, String)> = tx
            .query_row(
                "SELECT revision, content_hash FROM articles WHERE article_id = ?1
                 ORDER BY revision DESC LIMIT 1",
                [&article.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let stored = match &latest {
            Some((_, hash)) if *hash == article.content_hash => Stored::Unchanged,
            _ => {
                let other: Option<String> = tx
                    .query_row(
                        "SELECT article_id FROM articles WHERE content_hash = ?1
                         AND article_id <> ?2 LIMIT 1",
                        params![article.content_hash, article.id],
                        |r| r.get(0),
                    )
                    .optional()?;
                match other {
                    Some(id) => Stored::Duplicate(id),
                    None => {
                        let revision = latest.as_ref().map_or(1, |(r, _)| r + 1);
                        record.article.revision = revision;
                        insert_article(&tx, record)?;
                        if revision == 1 {
                            Stored::New
                        } else {
                            Stored::Revised(revision)
                        }
                    }
                }
            }
        };
        let (status, article_id) = match &stored {
            Stored::Duplicate(id) => (UrlStatus::Duplicate, id.clone()),
            _ => (UrlStatus::Article, record.article.id.clone()),
        };
        upsert_url(
            &tx,
            visit,
            status,
            Some(&record.article.content_hash),
            Some(&article_id),
            None,
        )?;
        tx.commit()?;
        Ok(stored)
    }

    /// Marks a URL visited without storing an article (not an article, 304).
    pub fn mark_url(&mut self, visit: &Visit, status: UrlStatus) -> Result<()> {
        let tx = self.conn.transaction()?;
        upsert_url(&tx, visit, status, None, None, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Records a failure (and, for a URL, marks it failed so the next run retries it).
    pub fn record_failure(
        &mut self,
        run_id: &str,
        failure: &Failure,
        visit: Option<(&Visit, UrlStatus)>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO failures (run_id, item, source, stage, reason, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                run_id,
                failure.item,
                failure.source,
                serde_json::to_value(failure.stage)?
                    .as_str()
                    .unwrap_or("unknown"),
                failure.reason,
                failure.at.to_rfc3339()
            ],
        )?;
        if let Some((visit, status)) = visit {
            upsert_url(&tx, visit, status, None, None, Some(&failure.reason))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Number of stored article revisions (all, and not yet exported).
    pub fn counts(&self) -> Result<(u64, u64)> {
        let (all, unexported): (i64, i64) = self.conn.query_row(
            "SELECT count(*), count(*) - count(export_run) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((all as u64, unexported as u64))
    }
}

fn insert_article(tx: &Transaction<'_>, record: &Record) -> Result<()> {
    let article = &record.article;
    let day = match article.published {
        Some(p) => p.date_naive(),
        None => article.fetched_at.date_naive(),
    };
    tx.execute(
        "INSERT INTO articles (article_id, revision, content_hash, url, day, record, run_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            article.id,
            article.revision,
            article.content_hash,
            article.url,
            day.format("%Y-%m-%d").to_string(),
            serde_json::to_string(record)?,
            record.run_id.0
        ],
    )?;
    Ok(())
}

fn upsert_url(
    tx: &Transaction<'_>,
    visit: &Visit,
    status: UrlStatus,
    content_hash: Option<&str>,
    article_id: Option<&str>,
    error: Option<&str>,
) -> Result<()> {
    let now = Utc::now().to_rfc3339();
    let failed = matches!(status, UrlStatus::Failed | UrlStatus::Gone);
    // A 304 or a failure keeps the validators and content of the last good fetch.
    tx.execute(
        "INSERT INTO urls (url, source, status, http_status, etag, last_modified,
             source_modified, content_hash, article_id, first_seen, last_fetched,
             last_error, attempts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)
         ON CONFLICT (url) DO UPDATE SET
             status = excluded.status,
             http_status = coalesce(excluded.http_status, http_status),
             etag = CASE WHEN ?13 THEN etag ELSE coalesce(excluded.etag, etag) END,
             last_modified = CASE WHEN ?13 THEN last_modified
                                  ELSE coalesce(excluded.last_modified, last_modified) END,
             source_modified = CASE WHEN ?13 THEN source_modified
                                    ELSE coalesce(excluded.source_modified, source_modified) END,
             content_hash = coalesce(excluded.content_hash, content_hash),
             article_id = coalesce(excluded.article_id, article_id),
             last_fetched = excluded.last_fetched,
             last_error = excluded.last_error,
             attempts = CASE WHEN ?13 THEN attempts + 1 ELSE 0 END",
        params![
            visit.url,
            visit.source,
            status.as_str(),
            visit.http_status,
            visit.etag,
            visit.last_modified,
            visit.source_modified.map(|d| d.to_rfc3339()),
            content_hash,
            article_id,
            now,
            error,
            i64::from(failed),
            failed,
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
