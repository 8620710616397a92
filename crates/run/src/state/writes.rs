//! The crawl's writes to the state store: articles with their tags, URL states and
//! failures. Each write is a transaction of its own ([`State::store_article`] and
//! the others), or one of many in a [`Batch`], which commits them together: the
//! store thread of a crawl writes whatever has arrived in one transaction, so a
//! kill loses at most the batch being written (its URLs are fetched again by the
//! next run) and never half of one.

use chrono::Utc;
use newsmill_records::{Failure, Record};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{State, Stored, UrlStatus, Visit};
use crate::error::Result;

/// Writes committed together, in one transaction: [`State::batch`], then
/// [`Batch::commit`]. Dropped without a commit, none of them happened.
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl State {
    /// Starts a batch of writes. The write lock is taken first (waiting, up to the
    /// busy timeout, for another connection's write, such as the crawl's frontier):
    /// a transaction that read first and then found the store written meanwhile
    /// would fail at once.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        })
    }

    /// Stores an article with its tags, and marks its URL done, in one transaction.
    /// Sets the record's revision.
    pub fn store_article(&mut self, visit: &Visit, record: &mut Record) -> Result<Stored> {
        let mut batch = self.batch()?;
        let stored = batch.store_article(visit, record)?;
        batch.commit()?;
        Ok(stored)
    }

    /// Marks a URL visited without storing an article (not an article, 304).
    pub fn mark_url(&mut self, visit: &Visit, status: UrlStatus) -> Result<()> {
        let mut batch = self.batch()?;
        batch.mark_url(visit, status)?;
        batch.commit()
    }

    /// Records a failure (and, for a URL, marks it failed so the next run retries it).
    pub fn record_failure(
        &mut self,
        run_id: &str,
        failure: &Failure,
        visit: Option<(&Visit, UrlStatus)>,
    ) -> Result<()> {
        let mut batch = self.batch()?;
        batch.record_failure(run_id, failure, visit)?;
        batch.commit()
    }
}

impl Batch<'_> {
    /// [`State::store_article`], in this batch.
    pub fn store_article(&mut self, visit: &Visit, record: &mut Record) -> Result<Stored> {
        store_article(&self.tx, visit, record)
    }

    /// [`State::mark_url`], in this batch.
    pub fn mark_url(&mut self, visit: &Visit, status: UrlStatus) -> Result<()> {
        upsert_url(&self.tx, visit, status, None, None, None)
    }

    /// [`State::record_failure`], in this batch.
    pub fn record_failure(
        &mut self,
        run_id: &str,
        failure: &Failure,
        visit: Option<(&Visit, UrlStatus)>,
    ) -> Result<()> {
        let stage = serde_json::to_value(failure.stage)?;
        self.tx
            .prepare_cached(
                "INSERT INTO failures (run_id, item, source, stage, reason, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                run_id,
                failure.item,
                failure.source,
                stage.as_str().unwrap_or("unknown"),
                failure.reason,
                failure.at.to_rfc3339()
            ])?;
        if let Some((visit, status)) = visit {
            upsert_url(&self.tx, visit, status, None, None, Some(&failure.reason))?;
        }
        Ok(())
    }

    /// Commits every write of the batch.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

fn store_article(conn: &Connection, visit: &Visit, record: &mut Record) -> Result<Stored> {
    let article = &record.article;
    let latest: Option<(u32, String)> = conn
        .prepare_cached(
            "SELECT revision, content_hash FROM articles WHERE article_id = ?1
             ORDER BY revision DESC LIMIT 1",
        )?
        .query_row([&article.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let stored = match &latest {
        Some((_, hash)) if *hash == article.content_hash => Stored::Unchanged,
        _ => {
            let other: Option<String> = conn
                .prepare_cached(
                    "SELECT article_id FROM articles WHERE content_hash = ?1
                     AND article_id <> ?2 LIMIT 1",
                )?
                .query_row(params![article.content_hash, article.id], |r| r.get(0))
                .optional()?;
            match other {
                Some(id) => Stored::Duplicate(id),
                None => {
                    let revision = latest.as_ref().map_or(1, |(r, _)| r + 1);
                    record.article.revision = revision;
                    insert_article(conn, record)?;
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
        conn,
        visit,
        status,
        Some(&record.article.content_hash),
        Some(&article_id),
        None,
    )?;
    Ok(stored)
}

fn insert_article(conn: &Connection, record: &Record) -> Result<()> {
    let article = &record.article;
    let day = match article.published {
        Some(p) => p.date_naive(),
        None => article.fetched_at.date_naive(),
    };
    conn.prepare_cached(
        "INSERT INTO articles (article_id, revision, content_hash, url, day, record, run_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        article.id,
        article.revision,
        article.content_hash,
        article.url,
        day.format("%Y-%m-%d").to_string(),
        serde_json::to_string(record)?,
        record.run_id.0
    ])?;
    Ok(())
}

fn upsert_url(
    conn: &Connection,
    visit: &Visit,
    status: UrlStatus,
    content_hash: Option<&str>,
    article_id: Option<&str>,
    error: Option<&str>,
) -> Result<()> {
    let now = Utc::now().to_rfc3339();
    let failed = matches!(status, UrlStatus::Failed | UrlStatus::Gone);
    // A 304 or a failure keeps the validators and content of the last good fetch.
    conn.prepare_cached(
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
    )?
    .execute(params![
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
    ])?;
    Ok(())
}
