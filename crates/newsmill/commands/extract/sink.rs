//! Where `newsmill extract` writes its records, in the format asked for.

use std::io::Write;

use anyhow::{Context, Result};
use newsmill_export::{CsvOptions, CsvWriter, JsonExtras, Table, TableWriter};
use newsmill_records::Record;

use crate::args::ExtractFormat;

/// One extracted input, ready to write.
pub struct Extracted {
    /// The input's `id`.
    pub id: String,
    /// The article and its tags (empty when not tagged).
    pub record: Record,
    /// Why the page was judged not to be an article.
    pub not_article: Option<String>,
    /// Whether the page was tagged.
    pub tagged: bool,
}

/// Writes records in one format.
pub enum Sink<W: Write> {
    /// One JSON object per line.
    Jsonl(W),
    /// One JSON array; `first` until a record is written.
    Json { out: W, first: bool },
    /// The articles table.
    Csv(Box<CsvWriter<W>>),
    /// Markdown documents separated by a rule.
    Markdown { out: W, first: bool },
    /// Bodies separated by a blank line.
    Text { out: W, first: bool },
}

impl<W: Write> Sink<W> {
    /// Starts writing `format` into `out` (the CSV header, the JSON array's `[`).
    pub fn new(format: ExtractFormat, mut out: W, csv: &CsvOptions) -> Result<Sink<W>> {
        Ok(match format {
            ExtractFormat::Jsonl => Sink::Jsonl(out),
            ExtractFormat::Json => {
                out.write_all(b"[")?;
                Sink::Json { out, first: true }
            }
            ExtractFormat::Csv => Sink::Csv(Box::new(CsvWriter::new(out, Table::Articles, csv)?)),
            ExtractFormat::Markdown => Sink::Markdown { out, first: true },
            ExtractFormat::Text => Sink::Text { out, first: true },
        })
    }

    /// Writes one record.
    pub fn write(&mut self, item: &Extracted) -> Result<()> {
        let extras = JsonExtras {
            id: Some(&item.id),
            not_article: item.not_article.as_deref(),
            untagged: !item.tagged,
        };
        match self {
            Sink::Jsonl(out) => {
                newsmill_export::write_record_json(&mut *out, &item.record, &extras, false)?;
                out.write_all(b"\n")?;
            }
            Sink::Json { out, first } => {
                let separator: &[u8] = if *first { b"\n" } else { b",\n" };
                out.write_all(separator)?;
                newsmill_export::write_record_json(&mut *out, &item.record, &extras, true)?;
                *first = false;
            }
            Sink::Csv(writer) => writer.write(&item.record)?,
            Sink::Markdown { out, first } => {
                if !*first {
                    out.write_all(b"\n---\n\n")?;
                }
                let text = newsmill_export::article_to_markdown(&item.record.article);
                out.write_all(text.as_bytes())?;
                *first = false;
            }
            Sink::Text { out, first } => {
                if !*first {
                    out.write_all(b"\n")?;
                }
                let text = newsmill_export::article_to_text(&item.record.article);
                out.write_all(text.as_bytes())?;
                *first = false;
            }
        }
        Ok(())
    }

    /// Flushes what is written so far (before a message on stderr).
    pub fn flush(&mut self) -> Result<()> {
        match self {
            Sink::Jsonl(out)
            | Sink::Json { out, .. }
            | Sink::Markdown { out, .. }
            | Sink::Text { out, .. } => out.flush()?,
            Sink::Csv(_) => {}
        }
        Ok(())
    }

    /// Ends the output (the JSON array's `]`) and returns the writer, flushed.
    pub fn finish(self) -> Result<W> {
        let mut out = match self {
            Sink::Jsonl(out) | Sink::Markdown { out, .. } | Sink::Text { out, .. } => out,
            Sink::Json { mut out, first } => {
                let end: &[u8] = if first { b"]\n" } else { b"\n]\n" };
                out.write_all(end)?;
                out
            }
            Sink::Csv(writer) => writer.into_inner().context("cannot finish the CSV")?,
        };
        out.flush()?;
        Ok(out)
    }
}
