//! Errors.

use std::path::PathBuf;

use newsmill_export::ExportError;
use newsmill_fetch::FetchError;
use newsmill_tag::TagError;

/// Errors of the run lifecycle. Each stops the run (or the export); a failure on one
/// URL is never an error but a [`Failure`](newsmill_records::Failure) in the run's
/// summary. Variants name the file, folder or article concerned; the cause is the
/// [`source`](std::error::Error::source), so print the chain (`{:#}` with `anyhow`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// A file or folder could not be created, written, renamed or removed.
    #[error("cannot {action} {}", path.display())]
    Io {
        /// What was being done, e.g. "create output folder".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The state store could not be opened or set up.
    #[error("cannot open state store {}", path.display())]
    OpenStore {
        /// The SQLite file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// A query on the state store failed.
    #[error("state store query failed")]
    Store(#[from] rusqlite::Error),
    /// Another process holds the run lock of this state store.
    #[error(
        "state store {} is in use by another newsmill run (lock {} is held); wait for it to finish",
        store.display(),
        lock.display()
    )]
    Locked {
        /// The state store.
        store: PathBuf,
        /// Its lock file.
        lock: PathBuf,
    },
    /// Another process holds the lock of this output folder (a run with another
    /// state store, or `newsmill prune`).
    #[error(
        "output folder {} is in use by another newsmill process (lock {} is held); wait for it to finish",
        dir.display(),
        lock.display()
    )]
    OutputLocked {
        /// The output folder.
        dir: PathBuf,
        /// Its lock file.
        lock: PathBuf,
    },
    /// A record stored in the state store cannot be read back.
    #[error("state store {}: unreadable record", path.display())]
    UnreadableRecord {
        /// The SQLite file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A record or run summary could not be serialised.
    #[error("cannot serialise a record")]
    Serialise(#[from] serde_json::Error),
    /// The export into a run folder could not be started or finished.
    #[error("cannot {action} the export in {}", dir.display())]
    Export {
        /// "start" or "finish".
        action: &'static str,
        /// The (temporary) folder.
        dir: PathBuf,
        /// The cause.
        #[source]
        source: Box<ExportError>,
    },
    /// One record could not be written.
    #[error("cannot export article {id} ({url})")]
    ExportRecord {
        /// The article id.
        id: String,
        /// Its URL.
        url: String,
        /// The cause.
        #[source]
        source: Box<ExportError>,
    },
    /// A finished run could not be added to the cumulative dataset.
    #[error("cannot add run {run_id} to {}", dataset.display())]
    Dataset {
        /// The run.
        run_id: String,
        /// The dataset folder.
        dataset: PathBuf,
        /// The cause.
        #[source]
        source: Box<ExportError>,
    },
    /// The folder an export should create exists already.
    #[error("{} already exists; choose another --out folder", .0.display())]
    OutputExists(PathBuf),
    /// Pruning was asked to keep no run folder at all.
    #[error("keep_runs must be at least 1 (the newest run folder is always kept)")]
    KeepNone,
    /// Every run id tried is taken (by the store or by a folder).
    #[error("cannot find a free run id in {}", .0.display())]
    NoFreeRunId(PathBuf),
    /// The WARC file a run records its pages into could not be created.
    #[error("cannot create WARC file {}", path.display())]
    Warc {
        /// The WARC file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<FetchError>,
    },
    /// The tagger could not be loaded.
    #[error("cannot load the tagger")]
    Tagger(#[from] TagError),
    /// A stage of the crawl stopped abnormally (a task panicked or was cancelled).
    #[error("the {stage} stage failed: {reason}")]
    Stage {
        /// The stage.
        stage: &'static str,
        /// What happened.
        reason: String,
    },
}

impl RunError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        RunError::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn stage(stage: &'static str, err: impl std::fmt::Display) -> Self {
        RunError::Stage {
            stage,
            reason: err.to_string(),
        }
    }
}

/// The error and its causes, joined by `: ` (what `{:#}` prints with `anyhow`), for
/// failure reasons kept as text.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// This crate's results.
pub(crate) type Result<T, E = RunError> = std::result::Result<T, E>;
