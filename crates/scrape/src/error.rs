//! The crate's error type.

/// Why a page yielded no article. Every variant names the page URL or the profile.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScrapeError {
    /// The page is fine but is not an article: an index, listing, tag or search
    /// page, or a page with no article body. Callers skip it rather than count it
    /// as a failure.
    #[error("{url}: not an article: {reason}")]
    NotArticle {
        /// The page URL.
        url: String,
        /// Why it was judged not to be an article.
        reason: String,
    },
    /// The page cannot be read as HTML at all (empty body, binary content type).
    #[error("{url}: unreadable page: {reason}")]
    Unreadable {
        /// The page URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The bytes are not a web page but a binary file (sniffed as the WHATWG MIME
    /// Sniffing Standard says: signatures, control bytes).
    #[error("{url}: not a web page: the bytes look like {looks_like}")]
    Binary {
        /// The page URL (or file).
        url: String,
        /// What they look like: "a PDF document", "an ELF executable",
        /// "binary data", ...
        looks_like: &'static str,
    },
    /// A site profile has an invalid CSS selector.
    #[error("site profile {profile}: invalid {field} selector {selector:?}: {reason}")]
    Selector {
        /// Profile name.
        profile: String,
        /// Which field (`body`, `title`, `author`, `date`, `drop`).
        field: &'static str,
        /// The selector as written.
        selector: String,
        /// The parser's message.
        reason: String,
    },
    /// A site profile is malformed in another way (no host, bad URL pattern).
    #[error("site profile {profile}: {reason}")]
    Profile {
        /// Profile name.
        profile: String,
        /// What is wrong.
        reason: String,
    },
    /// The content model file is damaged or was trained on other features than
    /// this build computes.
    #[error("{what}: {reason}")]
    Model {
        /// Which model.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
}
