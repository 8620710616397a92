//! What the tag stage produces.

use serde::{Deserialize, Serialize};

/// The type of a mention or entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A place: country, city, region, geographic feature.
    Loc,
    /// Other names: nationalities, events, works, products.
    Misc,
    /// A date expression.
    Date,
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
}

impl Label {
    /// The label as written in exports (`PER`, `ORG`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
            Label::Date => "DATE",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
        }
    }

    /// Parses `PER`, `ORG`, … (case-insensitive; `PERSON`, `LOCATION`,
    /// `ORGANISATION`/`ORGANIZATION` accepted).
    pub fn parse(s: &str) -> Option<Label> {
        Some(match s.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Label::Per,
            "ORG" | "ORGANISATION" | "ORGANIZATION" => Label::Org,
            "LOC" | "LOCATION" | "PLACE" | "GPE" => Label::Loc,
            "MISC" => Label::Misc,
            "DATE" => Label::Date,
            "MONEY" => Label::Money,
            "PERCENT" => Label::Percent,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place's link to GeoNames.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// GeoNames id.
    pub geonames_id: u64,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// Latitude, WGS84.
    pub latitude: f64,
    /// Longitude, WGS84.
    pub longitude: f64,
}

/// A canonical entity: one real-world thing, however often and however spelled it
/// is mentioned in an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id, the same for the same canonical entity across runs and articles: the
    /// watch-list id when the user gave one, `geonames:<id>` for linked places,
    /// otherwise `<label>:<slug of canonical name>` (for example
    /// `per:alyaksandr-lukashenka`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Type.
    pub label: Label,
    /// Number of mentions in the article.
    pub mentions: u32,
    /// The distinct surface forms seen in the article.
    pub aliases: Vec<String>,
    /// GeoNames link for places.
    pub geo: Option<Geo>,
    /// ISO 3166-1 alpha-2 country for places and demonyms ("Belarusian" → `BY`).
    pub country_code: Option<String>,
    /// True when the entity comes from the user's watch-list.
    pub watched: bool,
    /// The user's labels from the watch-list.
    pub labels: Vec<String>,
}

/// One occurrence of an entity, date or amount in an article's body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The entity this mention belongs to (none for dates and amounts).
    pub entity_id: Option<String>,
    /// Type.
    pub label: Label,
    /// The text as written.
    pub text: String,
    /// Start, in characters, into [`crate::Article::body`].
    pub start: usize,
    /// End (exclusive), in characters, into [`crate::Article::body`].
    pub end: usize,
    /// Normalised value: ISO date (`2019-12-20`, `2019-12`, `2019`, `2019-summer`) for
    /// dates, `1500000 USD` for money, `12.5` for percentages.
    pub value: Option<String>,
}

/// A direct quotation and its speaker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker's entity id, when the speaker was resolved to an entity.
    pub speaker_entity_id: Option<String>,
    /// The speaker's name as resolved (canonical name), or the surface text.
    pub speaker: Option<String>,
    /// The quoted text, without quotation marks.
    pub text: String,
    /// Start, in characters, into [`crate::Article::body`].
    pub start: usize,
    /// End (exclusive), in characters, into [`crate::Article::body`].
    pub end: usize,
}

/// Everything the tagger found in one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tagged {
    /// Canonical entities, each once.
    pub entities: Vec<Entity>,
    /// Mentions in body order.
    pub mentions: Vec<Mention>,
    /// Quotations in body order.
    pub quotes: Vec<Quote>,
    /// Which tagging steps ran: `full` (every step), or `partial: language <code>`
    /// when the body is in a language the NER model was not trained on (`ru`, `pt`, …):
    /// the watch-list, gazetteer, dates, amounts and quotations ran, the NER model and
    /// title cues did not; `; dates and amounts in English forms only` follows when
    /// the language has no date and amount tables. Empty in records tagged before
    /// newsmill recorded it.
    #[serde(default)]
    pub tagging: String,
}
