//! A report: what was gathered, what was computed from it, and how it is titled;
//! rendered to one HTML file.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use newsmill_records::Failure;

use crate::analysis::{analyse, Analysis, RunRow};
use crate::collect::{Collected, Filter};
use crate::error::{ReportError, Result};

/// Which articles a report covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The latest revision of every stored article (within the filter).
    Store,
    /// The articles one run exported, into its own folder.
    Run(String),
}

/// How a report is titled and what it covers.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The page title (the config's name, say).
    pub title: String,
    /// When the report is made (shown in the footer; fixed in tests).
    pub generated: DateTime<Utc>,
    /// Period and source.
    pub filter: Filter,
    /// Store or run.
    pub scope: Scope,
}

/// A report ready to render.
#[derive(Debug)]
pub struct Report {
    /// Title and scope.
    pub options: ReportOptions,
    /// The gathered rows.
    pub data: Collected,
    /// What is shown.
    pub analysis: Analysis,
    /// The run history, newest first.
    pub runs: Vec<RunRow>,
}

impl Report {
    /// Computes a report from gathered rows, the failures in scope and the runs.
    pub fn build(
        options: ReportOptions,
        data: Collected,
        failures: &[Failure],
        runs: Vec<RunRow>,
    ) -> Report {
        let analysis = analyse(&data, failures);
        Report {
            options,
            data,
            analysis,
            runs,
        }
    }

    /// The HTML page.
    pub fn to_html(&self) -> String {
        crate::html::page(self)
    }

    /// Writes the page to `path` atomically (a temporary file renamed into place).
    pub fn write(&self, path: &Path) -> Result<()> {
        write_atomic(path, self.to_html().as_bytes())
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it and renames it
/// into place, so a reader never sees half a report.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report.html".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(ReportError::io("write", &tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ReportError::io("rename into place", path, e)
    })
}
