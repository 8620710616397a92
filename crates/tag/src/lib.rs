/*!
Tagging: finds who, what and where in an [`Article`].

Does: runs the NER model over the body, adds dates, money and percentages with
normalised values, joins mentions into canonical [`Entity`]s (short names to full
names, spelling and transliteration variants), links places to GeoNames and
demonyms to countries, applies the user's watch-list, and attributes quotations.

Does not: read files or the network (the caller passes the model, gazetteer and
watch-list), or write outputs.
*/

use newsmill_records::{Article, Entity};

// NOTE(lead): placeholder surface so dependants compile; the tag branch replaces it.
use newsmill_records::Tagged;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TagError {
    /// The watch-list could not be read.
    #[error("{origin}: {reason}")]
    Watchlist {
        /// File name.
        origin: String,
        /// Why.
        reason: String,
    },
    /// The model could not be loaded.
    #[error(transparent)]
    Model(#[from] newsmill_ner::NerError),
}

/// The user's watch-list.
#[derive(Clone, Debug, Default)]
pub struct Watchlist {
    _entities: Vec<Entity>,
}

impl Watchlist {
    /// Parses a watch-list TOML file's text; `origin` names it in errors.
    pub fn from_toml(_text: &str, _origin: &str) -> Result<Watchlist, TagError> {
        Ok(Watchlist::default())
    }
}

/// The tagger.
pub struct Tagger {
    _model: newsmill_ner::Model,
    _watchlist: Watchlist,
}

impl Tagger {
    /// The tagger with the model and gazetteers that ship with the project.
    pub fn builtin(watchlist: Watchlist) -> Result<Tagger, TagError> {
        Ok(Tagger {
            _model: newsmill_ner::Model::builtin()?,
            _watchlist: watchlist,
        })
    }
    /// Tags an article.
    pub fn tag(&self, _article: &Article) -> Tagged {
        Tagged::default()
    }
}
