/*!
Article extraction: turns a fetched [`Page`] into an [`Article`].

Does: decodes the bytes (BOM, header, meta, detection), finds the main content and
keeps its headings and paragraphs in order, rejects boilerplate, and reads metadata
(title, authors, dates with provenance, language, canonical URL, section, tags,
images with captions) plus quality flags.

Does not: fetch anything, tag entities, or keep state. Synchronous and pure: call it
from a blocking thread or rayon.
*/

use newsmill_records::{Article, Page};

// NOTE(lead): placeholder surface so dependants compile; the scrape branch replaces it.
use serde::Deserialize;

/// Errors of this crate; every variant names the URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScrapeError {
    /// The page is not an article (index, tag or listing page).
    #[error("{url}: not an article: {reason}")]
    NotArticle {
        /// The page URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A site profile has an invalid selector.
    #[error("site profile {profile}: invalid selector {selector:?}")]
    Selector {
        /// Profile name.
        profile: String,
        /// The selector.
        selector: String,
    },
}

/// A site profile: CSS selectors that override the generic extractor.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteProfile {
    /// Profile name.
    pub name: String,
    /// Host the profile applies to.
    pub host: String,
    /// Body selector.
    pub body: Option<String>,
}

/// Extraction settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScrapeConfig {
    /// Site profiles.
    pub profiles: Vec<SiteProfile>,
}

/// The extractor.
pub struct Extractor {
    _config: ScrapeConfig,
}

impl Extractor {
    /// Builds an extractor, validating the profiles' selectors.
    pub fn new(config: ScrapeConfig) -> Result<Extractor, ScrapeError> {
        Ok(Extractor { _config: config })
    }
    /// Extracts an article from a page.
    pub fn extract(&self, page: &Page) -> Result<Article, ScrapeError> {
        Err(ScrapeError::NotArticle {
            url: page.url.clone(),
            reason: "not built yet".into(),
        })
    }
}
