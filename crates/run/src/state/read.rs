//! Read-only queries of the state store for readers other than a run (the HTML
//! report; open the store with `State::open_read_only`): the latest revision of each
//! article, or the articles one run exported, as stored JSON; the runs; the
//! failures. Nothing here changes the store.

use chrono::NaiveDate;
use newsmill_records::{Failure, Run};
use rusqlite::{params, types::Type};

use super::State;
use crate::error::{Result, RunError};

/// A run as the store keeps it: finished runs have their summary, a run that is
/// still going or was killed has none.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRun {
    /// The run id.
    pub run_id: String,
    /// The config file it used.
    pub config: String,
    /// When it started (RFC 3339).
    pub started: String,
    /// `running`, `finished` or `interrupted`.
    pub status: String,
    /// What it did, for a finished run.
    pub summary: Option<Run>,
}

impl State {
    /// Calls `read(article_id, json)` with the latest revision of every article
    /// whose day (publication date as the page wrote it, else fetch date) lies in
    /// `since..=until`, in the order they were stored. `json` is the stored
    /// [`Record`](newsmill_records::Record) as serde JSON, for readers that
    /// deserialise only the fields they need.
    pub fn for_each_latest_json<E: From<RunError>>(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        read: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let day = |d: Option<NaiveDate>, default: &str| {
            d.map_or(default.to_string(), |d| d.format("%Y-%m-%d").to_string())
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT article_id, record FROM articles a WHERE day >= ?1 AND day <= ?2
                 AND revision = (SELECT max(revision) FROM articles b
                                 WHERE b.article_id = a.article_id)
                 ORDER BY rowid",
            )
            .map_err(RunError::from)?;
        let rows = stmt
            .query(params![day(since, ""), day(until, "~")])
            .map_err(RunError::from)?;
        each_json(rows, read)
    }

    /// Calls `read(article_id, json)` with every revision the run `run_id`
    /// exported (the articles of its folder), in the order they were stored.
    pub fn for_each_exported_json<E: From<RunError>>(
        &self,
        run_id: &str,
        read: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT article_id, record FROM articles WHERE export_run = ?1 ORDER BY rowid")
            .map_err(RunError::from)?;
        let rows = stmt.query(params![run_id]).map_err(RunError::from)?;
        each_json(rows, read)
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<StoredRun>> {
        let mut stmt = self.conn.prepare(
            "SELECT run_id, config, started, status, summary FROM runs ORDER BY started, run_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut runs = Vec::new();
        for row in rows {
            let (run_id, config, started, status, summary) = row?;
            let summary = match summary {
                Some(json) => Some(serde_json::from_str(&json).map_err(|source| {
                    RunError::UnreadableRecord {
                        path: self.path.clone(),
                        source,
                    }
                })?),
                None => None,
            };
            runs.push(StoredRun {
                run_id,
                config,
                started,
                status,
                summary,
            });
        }
        Ok(runs)
    }

    /// Every failure recorded, in the order recorded, with its run id.
    pub fn failures(&self) -> Result<Vec<(String, Failure)>> {
        let mut stmt = self.conn.prepare(
            "SELECT run_id, item, source, stage, reason, at FROM failures ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut failures = Vec::new();
        for row in rows {
            let (run_id, item, source, stage, reason, at) = row?;
            let unreadable = |source| RunError::UnreadableRecord {
                path: self.path.clone(),
                source,
            };
            let stage =
                serde_json::from_value(serde_json::Value::String(stage)).map_err(unreadable)?;
            let at = serde_json::from_value(serde_json::Value::String(at)).map_err(unreadable)?;
            failures.push((
                run_id,
                Failure {
                    item,
                    source,
                    stage,
                    reason,
                    at,
                },
            ));
        }
        Ok(failures)
    }
}

/// Calls `read` with each row's `(article_id, record)` text, borrowed from SQLite.
fn each_json<E: From<RunError>>(
    mut rows: rusqlite::Rows<'_>,
    mut read: impl FnMut(&str, &str) -> Result<(), E>,
) -> Result<(), E> {
    while let Some(row) = rows.next().map_err(RunError::from)? {
        let text = |i: usize| -> rusqlite::Result<&str> {
            row.get_ref(i)?
                .as_str()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
        };
        let (id, json) = (
            text(0).map_err(RunError::from)?,
            text(1).map_err(RunError::from)?,
        );
        read(id, json)?;
    }
    Ok(())
}
