//! Errors.

use std::path::PathBuf;

/// Errors of the [`crate::Exporter`] and the dataset functions; every variant names
/// the file or folder.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Creating, writing, syncing or renaming a file or folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Encoding a table into a file failed.
    #[error("{path}: {source}")]
    Write {
        /// The file being written (its final name).
        path: PathBuf,
        /// The cause.
        source: WriteError,
    },
    /// The configuration asks for something this build cannot do.
    #[error("export config: {0}")]
    Config(String),
    /// A value of the configuration is out of range ([`crate::ExportConfig::validate`]).
    #[error("{key}: {reason}")]
    Invalid {
        /// The key, relative to `[export]` (`xlsx.compression_level`).
        key: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// A run folder given to the dataset functions is not a finished export.
    #[error("{path}: {reason}")]
    NotAnExport {
        /// The folder.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl ExportError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn write(path: impl Into<PathBuf>, source: impl Into<WriteError>) -> ExportError {
        ExportError::Write {
            path: path.into(),
            source: source.into(),
        }
    }
}

/// Errors of the low-level writers ([`crate::CsvWriter`], [`crate::JsonlWriter`],
/// [`crate::XlsxWriter`], `ParquetWriter`), which write into any `io::Write` and so
/// know no file name; [`ExportError::Write`] adds it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The underlying writer failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The CSV encoder failed.
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// The JSON encoder failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The XLSX encoder failed.
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The Parquet or Arrow encoder failed.
    #[cfg(feature = "parquet")]
    #[error("Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Arrow could not assemble a batch of rows.
    #[cfg(feature = "parquet")]
    #[error("Arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

impl WriteError {
    /// The kind of the I/O error underneath, when the writer itself failed (a full
    /// disk, a closed pipe) rather than the encoding.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            WriteError::Io(e) => Some(e.kind()),
            WriteError::Csv(e) => match e.kind() {
                ::csv::ErrorKind::Io(e) => Some(e.kind()),
                _ => None,
            },
            WriteError::Json(e) => e.io_error_kind(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_kinds_are_found_under_each_encoder() {
        let pipe = || std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let json = WriteError::Json(serde_json::Error::io(pipe()));
        assert_eq!(json.io_kind(), Some(std::io::ErrorKind::BrokenPipe));
        let csv = WriteError::Csv(::csv::Error::from(pipe()));
        assert_eq!(csv.io_kind(), Some(std::io::ErrorKind::BrokenPipe));
        assert_eq!(
            WriteError::Io(pipe()).io_kind(),
            Some(std::io::ErrorKind::BrokenPipe)
        );
    }
}
