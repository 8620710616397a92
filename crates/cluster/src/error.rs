//! [`ClusterError`]: what can stop a coordinator, a worker or a status query. A
//! job that fails is not an error: it becomes a failure in the run's summary.

use std::path::PathBuf;

/// Why a cluster operation could not proceed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    /// `[cluster]` is invalid.
    #[error("invalid [cluster] settings: {0}")]
    Config(String),
    /// A credentials or TLS file could not be read.
    #[error("cannot read {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The NATS server could not be reached or refused the login.
    #[error("cannot connect to NATS at {url}: {reason}")]
    Connect {
        /// The server URL (never with credentials).
        url: String,
        /// The cause.
        reason: String,
    },
    /// A JetStream request failed (stream, consumer or bucket set-up, info).
    #[error("NATS JetStream: {action}: {reason}")]
    JetStream {
        /// What was being done.
        action: String,
        /// The cause.
        reason: String,
    },
    /// Another coordinator holds the cluster's lease.
    #[error("another coordinator ({holder}, run {run}) is running this cluster's crawl; it must finish, or its lease lapse ({lease_secs} s after it stopped), first")]
    CoordinatorActive {
        /// Who holds the lease.
        holder: String,
        /// Its run.
        run: String,
        /// The lease duration.
        lease_secs: f64,
    },
    /// The coordinator lost its lease to another one mid-run.
    #[error("the coordinator's lease was taken over by {0}; stopping")]
    LeaseLost(String),
    /// The state store failed.
    #[error(transparent)]
    Run(#[from] newsmill_run::RunError),
    /// A stage could not be built or loaded.
    #[error("{0}")]
    Stage(String),
}

impl ClusterError {
    pub(crate) fn js(action: impl Into<String>, err: impl std::fmt::Display) -> ClusterError {
        ClusterError::JetStream {
            action: action.into(),
            reason: err.to_string(),
        }
    }
}

/// Results with [`ClusterError`].
pub type Result<T, E = ClusterError> = std::result::Result<T, E>;
