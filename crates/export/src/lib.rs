/*!
Export: writes [`Record`]s as tables.

Does: CSV (spreadsheet-safe), XLSX, JSONL and Parquet, one file per table, each
written to a temporary name and renamed into place.

Does not: decide which records are new (the orchestrator's state store does) or
fetch, scrape or tag anything.
*/

use newsmill_records::Record;

// NOTE(lead): placeholder surface so dependants compile; the export branch replaces it.
use newsmill_records::Run;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Errors of this crate; every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CSV, one file per table.
    Csv,
    /// JSON Lines, one nested record per article.
    Jsonl,
    /// One XLSX workbook with a sheet per table.
    Xlsx,
    /// Parquet, one file per table.
    Parquet,
}

/// Export settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportConfig {
    /// Formats to write.
    pub formats: Vec<Format>,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            formats: vec![Format::Csv, Format::Jsonl],
        }
    }
}

/// Writes records into a folder.
pub struct Exporter {
    dir: PathBuf,
}

impl Exporter {
    /// Starts writing into `dir`.
    pub fn create(dir: &Path, _config: &ExportConfig) -> Result<Exporter, ExportError> {
        Ok(Exporter {
            dir: dir.to_path_buf(),
        })
    }
    /// Writes one record.
    pub fn write(&mut self, _record: &Record) -> Result<(), ExportError> {
        Ok(())
    }
    /// Finishes all files and returns their paths.
    pub fn finish(self, _run: &Run) -> Result<Vec<PathBuf>, ExportError> {
        let _ = self.dir;
        Ok(Vec::new())
    }
}
