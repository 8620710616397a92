//! The crate's error type.

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TagError {
    /// The watch-list could not be read.
    #[error("{origin}: line {line}: {key}{sep}{reason}", sep = if key.is_empty() { "" } else { ": " })]
    Watchlist {
        /// File name.
        origin: String,
        /// 1-based line of the fault.
        line: usize,
        /// The key at fault (`name`, `type`, `id`, …), empty for syntax errors.
        key: String,
        /// Why.
        reason: String,
    },
    /// Embedded data (gazetteer, demonyms) is corrupt: a build problem, not user input.
    #[error("{name}: line {line}: {reason}")]
    Data {
        /// Which data.
        name: String,
        /// 1-based line, 0 when not line-based.
        line: usize,
        /// Why.
        reason: String,
    },
    /// The model could not be loaded.
    #[error(transparent)]
    Model(#[from] newsmill_ner::NerError),
}
