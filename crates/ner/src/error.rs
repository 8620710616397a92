//! The crate's error type.

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// The model bytes could not be read.
    #[error("invalid model: {0}")]
    Model(String),
    /// An embedded gazetteer or frequency list could not be read.
    #[error("invalid lexicon {name}: {reason}")]
    Lexicon {
        /// The data file.
        name: String,
        /// What was wrong.
        reason: String,
    },
    /// Reading or writing CoNLL data failed.
    #[error("CoNLL I/O at line {line}")]
    Io {
        /// 1-based line number.
        line: usize,
        /// The cause.
        source: std::io::Error,
    },
    /// A CoNLL line could not be understood.
    #[error("{origin}:{line}: {reason}")]
    Conll {
        /// The file (or other source) being read.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
}
