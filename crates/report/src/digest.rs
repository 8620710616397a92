//! What the report reads of one record: the article's metadata, quality flags and
//! date provenance, its entities and its quotes. The body and the mentions (most of
//! a stored record's bytes) are skipped, which is what keeps a report over 100,000
//! stored articles quick: serde passes over fields a struct does not name.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use newsmill_records::{Candidate, Geo, Label, Record};
use serde::Deserialize;

/// The part of a [`Record`] the report uses. Deserialises from the record's stored
/// JSON ([`Digest::from_json`]) or is taken from a record in hand (`From<&Record>`);
/// both give the same value.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Digest {
    /// The article.
    pub article: ArticleDigest,
    /// Its canonical entities.
    #[serde(default)]
    pub entities: Vec<EntityDigest>,
    /// Its quotations.
    #[serde(default)]
    pub quotes: Vec<QuoteDigest>,
}

/// The article fields the report shows.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ArticleDigest {
    /// Article id.
    pub id: String,
    /// Configured source name.
    pub source: String,
    /// Page URL.
    pub url: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<DateTime<FixedOffset>>,
    /// Fetch time.
    pub fetched_at: DateTime<Utc>,
    /// Quality flags.
    pub flags: FlagsDigest,
    /// How the dates were chosen.
    #[serde(default)]
    pub provenance: ProvenanceDigest,
}

/// Quality flags.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct FlagsDigest {
    /// Paywall declared or shown.
    #[serde(default)]
    pub paywalled: bool,
    /// Body shorter than promised, or cut at the size cap.
    #[serde(default)]
    pub truncated: bool,
    /// An app shell with no server-rendered text.
    #[serde(default)]
    pub needs_js: bool,
}

/// Date provenance.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ProvenanceDigest {
    /// How the publication date was chosen.
    #[serde(default)]
    pub published: ChoiceDigest,
}

/// One field's choice.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChoiceDigest {
    /// The rule that chose.
    #[serde(default)]
    pub rule: String,
    /// Whether every candidate agreed on the calendar day.
    #[serde(default = "agreed_default")]
    pub agreed: bool,
    /// Every candidate.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

impl Default for ChoiceDigest {
    fn default() -> Self {
        ChoiceDigest {
            rule: String::new(),
            agreed: true,
            candidates: Vec::new(),
        }
    }
}

fn agreed_default() -> bool {
    true
}

/// An entity of the article.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EntityDigest {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Type.
    pub label: Label,
    /// Mentions in the article.
    pub mentions: u32,
    /// Surface forms in the article.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// GeoNames link.
    pub geo: Option<Geo>,
    /// On the watch-list.
    #[serde(default)]
    pub watched: bool,
    /// Watch-list labels.
    #[serde(default)]
    pub labels: Vec<String>,
}

/// A quotation of the article.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct QuoteDigest {
    /// The speaker's entity, when resolved.
    pub speaker_entity_id: Option<String>,
    /// The speaker's name.
    pub speaker: Option<String>,
    /// The quoted text.
    pub text: String,
}

impl Digest {
    /// Reads the parts the report needs from a stored record's JSON.
    pub fn from_json(json: &str) -> serde_json::Result<Digest> {
        serde_json::from_str(json)
    }

    /// The day the article counts for: its publication date as the page wrote it
    /// (local calendar day), else the day it was fetched (UTC), as the state store
    /// files it.
    pub fn day(&self) -> NaiveDate {
        match self.article.published {
            Some(p) => p.date_naive(),
            None => self.article.fetched_at.date_naive(),
        }
    }
}

impl From<&Record> for Digest {
    fn from(record: &Record) -> Digest {
        let a = &record.article;
        Digest {
            article: ArticleDigest {
                id: a.id.clone(),
                source: a.source.clone(),
                url: a.url.clone(),
                title: a.title.clone(),
                published: a.published,
                fetched_at: a.fetched_at,
                flags: FlagsDigest {
                    paywalled: a.flags.paywalled,
                    truncated: a.flags.truncated,
                    needs_js: a.flags.needs_js,
                },
                provenance: ProvenanceDigest {
                    published: ChoiceDigest {
                        rule: a.provenance.published.rule.clone(),
                        agreed: a.provenance.published.agreed,
                        candidates: a.provenance.published.candidates.clone(),
                    },
                },
            },
            entities: record
                .tagged
                .entities
                .iter()
                .map(|e| EntityDigest {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    label: e.label,
                    mentions: e.mentions,
                    aliases: e.aliases.clone(),
                    geo: e.geo.clone(),
                    watched: e.watched,
                    labels: e.labels.clone(),
                })
                .collect(),
            quotes: record
                .tagged
                .quotes
                .iter()
                .map(|q| QuoteDigest {
                    speaker_entity_id: q.speaker_entity_id.clone(),
                    speaker: q.speaker.clone(),
                    text: q.text.clone(),
                })
                .collect(),
        }
    }
}
