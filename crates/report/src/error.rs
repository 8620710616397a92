//! Errors.

use std::path::PathBuf;

use newsmill_run::RunError;

/// Errors of the report. A record the report cannot read is not an error: it is
/// counted, named in the log and shown in the report's data-quality section.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The state store could not be read.
    #[error("cannot read the state store")]
    Store(#[from] RunError),
    /// The report file could not be written.
    #[error("cannot {action} {}", path.display())]
    Io {
        /// What was being done, e.g. "write".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The store has no run with this id.
    #[error("the state store has no run {0}")]
    NoSuchRun(String),
    /// The period asked for is empty.
    #[error("--until {until} is before --since {since}")]
    EmptyPeriod {
        /// First day.
        since: chrono::NaiveDate,
        /// Last day.
        until: chrono::NaiveDate,
    },
}

impl ReportError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        ReportError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// This crate's results.
pub(crate) type Result<T, E = ReportError> = std::result::Result<T, E>;
