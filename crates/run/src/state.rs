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

use chrono::{DateTime, FixedOffset};
use newsmill_fetch::Validators;
use newsmill_records::Run;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Result, RunError};
use crate::summary::RunReport;

mod exports;
mod frontier;
mod lock;
mod read;
mod writes;

pub(crate) use exports::temp_dir;
pub use lock::RunLock;
pub use read::StoredRun;
pub use writes::Batch;

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

/// SQLite's page cache of the store, in KiB (SQLite takes a negative size as KiB).
const STORE_CACHE_KIB: i64 = -1024;

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
            // 1 MiB of page cache (SQLite's default is 2 MiB, and it fills as the
            // store grows): the operating system caches the file as well.
            conn.pragma_update(None, "cache_size", STORE_CACHE_KIB)?;
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

    /// Opens an existing store for reading only, creating and writing nothing (what
    /// `--dry-run` needs): `Ok(None)` when there is no store at `path`. A store no
    /// run has open (no `-wal` file beside it) is opened immutable, so SQLite does
    /// not create its `-wal` and `-shm` files either.
    pub fn open_read_only(path: &Path) -> Result<Option<State>> {
        if !path.is_file() {
            return Ok(None);
        }
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let in_use = Path::new(&wal).exists();
        let open = || -> rusqlite::Result<Connection> {
            use rusqlite::OpenFlags;
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = if in_use {
                Connection::open_with_flags(path, flags)?
            } else {
                Connection::open_with_flags(immutable_uri(path), flags)?
            };
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            Ok(conn)
        };
        let conn = open().map_err(|source| RunError::OpenStore {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Some(State {
            conn,
            path: path.to_path_buf(),
        }))
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
            .prepare_cached(
                "SELECT status, etag, last_modified, source_modified, last_fetched
                 FROM urls WHERE url = ?1",
            )?
            .query_row([url], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
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

    /// Records how a run ended (its status) with its report as the summary.
    pub fn end_run(&mut self, report: &RunReport) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished = ?2, status = ?3, summary = ?4 WHERE run_id = ?1",
            params![
                report.run.run_id.0,
                report.run.finished.to_rfc3339(),
                report.status.as_str(),
                serde_json::to_string(report)?
            ],
        )?;
        Ok(())
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

/// `file:<path>?immutable=1`, with the characters a URI gives meaning to escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests;
