//! The frontier: a large source's discovered leads, waiting in the store instead of
//! in memory until the crawl takes them, a batch at a time.
//!
//! The table only relieves memory during one source of one run: it is emptied
//! before each source's leads go in and once they are all taken. A run killed
//! meanwhile leaves rows behind that nothing reads; the next spill removes them.
//! Nothing about a URL's fate is kept here (that is the `urls` table), so the rows
//! can be lost at any point without losing or duplicating an article.

use newsmill_records::Lead;
use rusqlite::{params, TransactionBehavior};

use super::State;
use crate::error::Result;

impl State {
    /// Replaces the frontier with `leads`, numbered from 0 in their order, in one
    /// transaction. Returns how many went in.
    pub(crate) fn spill_frontier(&mut self, leads: &[Lead]) -> Result<u64> {
        // Immediate: the write lock is taken (waiting for the store thread's
        // transaction) before anything is read, so the transaction cannot find its
        // snapshot outdated half-way.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM frontier", [])?;
        let mut n = 0u64;
        {
            let mut insert =
                tx.prepare_cached("INSERT INTO frontier (seq, lead) VALUES (?1, ?2)")?;
            for lead in leads {
                insert.execute(params![n as i64, serde_json::to_string(lead)?])?;
                n += 1;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Up to `limit` leads of the frontier from number `from` on, in order.
    pub(crate) fn frontier_batch(&self, from: u64, limit: usize) -> Result<Vec<Lead>> {
        let mut query = self
            .conn
            .prepare_cached("SELECT lead FROM frontier WHERE seq >= ?1 ORDER BY seq LIMIT ?2")?;
        let rows = query.query_map(params![from as i64, limit as i64], |r| {
            r.get::<_, String>(0)
        })?;
        let mut leads = Vec::with_capacity(limit);
        for json in rows {
            leads.push(serde_json::from_str(&json?)?);
        }
        Ok(leads)
    }

    /// Empties the frontier.
    pub(crate) fn clear_frontier(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM frontier", [])?;
        tx.commit()?;
        Ok(())
    }
}
