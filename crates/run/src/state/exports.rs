//! The export side of the state store: which rows an export claims, reading them
//! back, and finishing or rolling back an export a crash left pending (the protocol
//! is described in [`super`]).

use std::path::{Path, PathBuf};

use newsmill_records::Record;
use rusqlite::params;

use super::State;
use crate::error::{Result, RunError};

impl State {
    /// Finishes or rolls back exports a crashed run left `pending`. Returns how many
    /// were rolled back.
    pub fn reconcile_exports(&mut self, output_dir: &Path) -> Result<usize> {
        let pending: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT run_id FROM exports WHERE state = 'pending'")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut rolled_back = 0;
        for run_id in pending {
            let tx = self.conn.transaction()?;
            if output_dir.join(&run_id).is_dir() {
                tx.execute(
                    "UPDATE exports SET state = 'done' WHERE run_id = ?1",
                    [&run_id],
                )?;
            } else {
                let tmp = temp_dir(output_dir, &run_id);
                if tmp.exists() {
                    std::fs::remove_dir_all(&tmp).map_err(|e| RunError::io("remove", &tmp, e))?;
                }
                tx.execute(
                    "UPDATE articles SET export_run = NULL WHERE export_run = ?1",
                    [&run_id],
                )?;
                tx.execute("DELETE FROM exports WHERE run_id = ?1", [&run_id])?;
                rolled_back += 1;
            }
            tx.commit()?;
        }
        Ok(rolled_back)
    }

    /// Claims the rows this run exports and records the export as pending. With
    /// `full`, every article's latest revision is exported (and everything not yet
    /// exported is claimed); otherwise only the rows no export has claimed.
    /// Returns the number of records to export.
    pub fn claim_export(&mut self, run_id: &str, full: bool) -> Result<u64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO exports (run_id, dir, state) VALUES (?1, ?1, 'pending')",
            [run_id],
        )?;
        let claimed = tx.execute(
            "UPDATE articles SET export_run = ?1 WHERE export_run IS NULL",
            [run_id],
        )?;
        let count = if full {
            let n: i64 =
                tx.query_row("SELECT count(DISTINCT article_id) FROM articles", [], |r| {
                    r.get(0)
                })?;
            n as u64
        } else {
            claimed as u64
        };
        tx.commit()?;
        Ok(count)
    }

    /// Calls `write` with each record of an export claimed by [`State::claim_export`].
    pub fn for_each_claimed(
        &self,
        run_id: &str,
        full: bool,
        write: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        if full {
            self.for_each_latest(None, write)
        } else {
            self.for_each_query(
                "SELECT record FROM articles WHERE export_run = ?1 ORDER BY rowid",
                params![run_id],
                write,
            )
        }
    }

    /// Calls `write` with each article revision no export has claimed that a run
    /// other than `run_id` stored (left by a run killed before its export).
    pub fn for_each_unexported_before(
        &self,
        run_id: &str,
        write: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        self.for_each_query(
            "SELECT record FROM articles WHERE export_run IS NULL AND run_id <> ?1 ORDER BY rowid",
            params![run_id],
            write,
        )
    }

    /// Calls `write` with the latest revision of every article, optionally only those
    /// published (else fetched) on or after `since`.
    pub fn for_each_latest(
        &self,
        since: Option<chrono::NaiveDate>,
        write: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let since = since
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        self.for_each_query(
            "SELECT record FROM articles a WHERE day >= ?1 AND revision =
               (SELECT max(revision) FROM articles b WHERE b.article_id = a.article_id)
             ORDER BY rowid",
            params![since],
            write,
        )
    }

    fn for_each_query(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut write: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            // Parsed straight from SQLite's buffer, without a copy.
            let json = row.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?;
            let record: Record =
                serde_json::from_slice(json).map_err(|source| RunError::UnreadableRecord {
                    path: self.path.clone(),
                    source,
                })?;
            write(record)?;
        }
        Ok(())
    }

    /// Marks an export done after its folder was renamed into place.
    pub fn finish_export(&mut self, run_id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE exports SET state = 'done' WHERE run_id = ?1",
            [run_id],
        )?;
        Ok(())
    }
}

/// The temporary folder an export is written to before it is renamed into place.
pub(crate) fn temp_dir(output_dir: &Path, run_id: &str) -> PathBuf {
    output_dir.join(format!(".{run_id}.tmp"))
}
