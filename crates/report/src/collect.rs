//! One pass over the records: each article becomes a compact row, each entity is
//! counted once per id (mentions, articles, aliases), each article keeps the list
//! of its entities (for trends, co-occurrences and entity pages), and each speaker
//! keeps a few quotations. Memory grows with articles and distinct entities, never
//! with bodies or mentions.

use std::collections::HashMap;

use chrono::NaiveDate;
use newsmill_records::{Candidate, Geo, Label};
use tracing::warn;

use crate::digest::Digest;

/// How many aliases an entity keeps (the most frequent are shown).
const MAX_ALIASES: usize = 32;
/// How many quotations a speaker keeps (the latest are shown).
const KEPT_QUOTES: usize = 5;
/// Longest quotation kept, in characters.
const QUOTE_CHARS: usize = 400;
/// How many articles with disagreeing dates keep their candidates.
const KEPT_DISAGREEMENTS: usize = 200;
/// How many unreadable records are named.
const NAMED_UNREADABLE: usize = 20;

/// Which articles a report covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day (publication, else fetch), inclusive.
    pub since: Option<NaiveDate>,
    /// Last day, inclusive.
    pub until: Option<NaiveDate>,
    /// Only this source.
    pub source: Option<String>,
}

impl Filter {
    fn keeps(&self, digest: &Digest) -> bool {
        let day = digest.day();
        self.since.is_none_or(|s| day >= s)
            && self.until.is_none_or(|u| day <= u)
            && self
                .source
                .as_deref()
                .is_none_or(|s| s == digest.article.source)
    }

    /// True when a failure from `source` at `day` falls in the filter.
    pub fn keeps_failure(&self, source: &str, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s)
            && self.until.is_none_or(|u| day <= u)
            && self.source.as_deref().is_none_or(|s| s == source)
    }
}

/// Flag bits of [`ArticleRow::flags`].
pub mod flag {
    /// Paywalled.
    pub const PAYWALLED: u8 = 1;
    /// Truncated.
    pub const TRUNCATED: u8 = 2;
    /// Needs JavaScript.
    pub const NEEDS_JS: u8 = 4;
    /// Date candidates disagreed.
    pub const DATES_DISAGREE: u8 = 8;
    /// No publication date found (filed by fetch date).
    pub const UNDATED: u8 = 16;
}

/// One article, compactly.
#[derive(Clone, Debug)]
pub struct ArticleRow {
    /// Article id.
    pub id: Box<str>,
    /// Headline (empty when none).
    pub title: Box<str>,
    /// Page URL.
    pub url: Box<str>,
    /// Index into [`Collected::sources`].
    pub source: u32,
    /// The day it counts for.
    pub day: NaiveDate,
    /// [`flag`] bits.
    pub flags: u8,
    /// Its entities: `links[links_start..next article's links_start]`.
    links_start: u32,
}

/// An entity over all articles.
#[derive(Clone, Debug)]
pub struct EntityAcc {
    /// Stable id.
    pub id: Box<str>,
    /// Canonical name (as first seen).
    pub name: Box<str>,
    /// Type.
    pub label: Label,
    /// On the watch-list in any article.
    pub watched: bool,
    /// Watch-list labels.
    pub labels: Vec<String>,
    /// GeoNames link.
    pub geo: Option<Geo>,
    /// Mentions, summed over articles.
    pub mentions: u64,
    /// Articles it appears in.
    pub articles: u32,
    /// Surface forms with the number of articles using each (at most [`MAX_ALIASES`]).
    pub aliases: Vec<(Box<str>, u32)>,
}

/// A quotation kept for display.
#[derive(Clone, Debug)]
pub struct QuoteRow {
    /// The quoted text (cut at [`QUOTE_CHARS`]).
    pub text: Box<str>,
    /// Index into [`Collected::articles`].
    pub article: u32,
}

/// A speaker over all articles.
#[derive(Clone, Debug)]
pub struct SpeakerAcc {
    /// The name shown.
    pub name: Box<str>,
    /// The speaker's entity index, when resolved and present among the entities.
    pub entity: Option<u32>,
    /// Quotations attributed.
    pub quotes: u64,
    /// The latest few.
    pub kept: Vec<QuoteRow>,
}

/// An article whose date candidates disagreed.
#[derive(Clone, Debug)]
pub struct Disagreement {
    /// Index into [`Collected::articles`].
    pub article: u32,
    /// The rule that chose the date.
    pub rule: String,
    /// Every candidate.
    pub candidates: Vec<Candidate>,
}

/// Everything one pass gathered; see [`Collector`].
#[derive(Debug, Default)]
pub struct Collected {
    /// The articles, in the order read.
    pub articles: Vec<ArticleRow>,
    /// Source names.
    pub sources: Vec<String>,
    /// Entities, in the order first seen.
    pub entities: Vec<EntityAcc>,
    /// (entity index, mentions) per article, article after article.
    links: Vec<(u32, u32)>,
    /// Speakers, in the order first seen; index 0..n.
    pub speakers: Vec<SpeakerAcc>,
    /// Quotations in all.
    pub quotes: u64,
    /// Articles with disagreeing dates (the first [`KEPT_DISAGREEMENTS`]).
    pub disagreements: Vec<Disagreement>,
    /// Records that could not be read.
    pub unreadable: u64,
    /// Ids of the first unreadable records, with the reason.
    pub unreadable_named: Vec<(String, String)>,
}

impl Collected {
    /// The entities of article `i` as (entity index, mentions).
    pub fn links(&self, i: usize) -> &[(u32, u32)] {
        let start = self.articles[i].links_start as usize;
        let end = self
            .articles
            .get(i + 1)
            .map_or(self.links.len(), |a| a.links_start as usize);
        &self.links[start..end]
    }

    /// Mentions over all entities.
    pub fn mentions(&self) -> u64 {
        self.entities.iter().map(|e| e.mentions).sum()
    }
}

/// Gathers records into [`Collected`], keeping those the [`Filter`] keeps.
#[derive(Debug, Default)]
pub struct Collector {
    filter: Filter,
    out: Collected,
    source_index: HashMap<String, u32>,
    entity_index: HashMap<Box<str>, u32>,
    speaker_index: HashMap<String, u32>,
}

impl Collector {
    /// A collector keeping the articles `filter` keeps.
    pub fn new(filter: Filter) -> Collector {
        Collector {
            filter,
            ..Collector::default()
        }
    }

    /// Reads one stored record's JSON; a record that cannot be read is counted and
    /// named (its id), and the pass goes on.
    pub fn add_json(&mut self, article_id: &str, json: &str) {
        match Digest::from_json(json) {
            Ok(digest) => self.add(&digest),
            Err(err) => {
                warn!(article = article_id, %err, "Cannot read a stored record; the report leaves it out.");
                self.out.unreadable += 1;
                if self.out.unreadable_named.len() < NAMED_UNREADABLE {
                    self.out
                        .unreadable_named
                        .push((article_id.to_string(), err.to_string()));
                }
            }
        }
    }

    /// Adds one record (ignored when the filter leaves it out).
    pub fn add(&mut self, digest: &Digest) {
        if !self.filter.keeps(digest) {
            return;
        }
        let out = &mut self.out;
        let a = &digest.article;
        let index = out.articles.len() as u32;
        let source = match self.source_index.get(&a.source) {
            Some(&i) => i,
            None => {
                let i = out.sources.len() as u32;
                out.sources.push(a.source.clone());
                self.source_index.insert(a.source.clone(), i);
                i
            }
        };
        let mut flags = 0;
        for (on, bit) in [
            (a.flags.paywalled, flag::PAYWALLED),
            (a.flags.truncated, flag::TRUNCATED),
            (a.flags.needs_js, flag::NEEDS_JS),
            (!a.provenance.published.agreed, flag::DATES_DISAGREE),
            (a.published.is_none(), flag::UNDATED),
        ] {
            if on {
                flags |= bit;
            }
        }
        if !a.provenance.published.agreed && out.disagreements.len() < KEPT_DISAGREEMENTS {
            out.disagreements.push(Disagreement {
                article: index,
                rule: a.provenance.published.rule.clone(),
                candidates: a.provenance.published.candidates.clone(),
            });
        }
        let day = digest.day();
        out.articles.push(ArticleRow {
            id: a.id.as_str().into(),
            title: a.title.as_deref().unwrap_or("").into(),
            url: a.url.as_str().into(),
            source,
            day,
            flags,
            links_start: out.links.len() as u32,
        });
        for e in &digest.entities {
            let i = match self.entity_index.get(e.id.as_str()) {
                Some(&i) => i,
                None => {
                    let i = out.entities.len() as u32;
                    out.entities.push(EntityAcc {
                        id: e.id.as_str().into(),
                        name: e.name.as_str().into(),
                        label: e.label,
                        watched: false,
                        labels: Vec::new(),
                        geo: None,
                        mentions: 0,
                        articles: 0,
                        aliases: Vec::new(),
                    });
                    self.entity_index.insert(e.id.as_str().into(), i);
                    i
                }
            };
            let acc = &mut out.entities[i as usize];
            acc.mentions += u64::from(e.mentions);
            acc.articles += 1;
            acc.watched |= e.watched;
            for label in &e.labels {
                if !acc.labels.contains(label) {
                    acc.labels.push(label.clone());
                }
            }
            if acc.geo.is_none() {
                acc.geo.clone_from(&e.geo);
            }
            for alias in &e.aliases {
                match acc.aliases.iter().position(|(a, _)| **a == **alias) {
                    Some(k) => acc.aliases[k].1 += 1,
                    None if acc.aliases.len() < MAX_ALIASES => {
                        acc.aliases.push((alias.as_str().into(), 1))
                    }
                    None => {}
                }
            }
            out.links.push((i, e.mentions));
        }
        for q in &digest.quotes {
            out.quotes += 1;
            let key = match (&q.speaker_entity_id, &q.speaker) {
                (Some(id), _) => format!("e:{id}"),
                (None, Some(name)) => format!("n:{}", name.trim().to_lowercase()),
                (None, None) => String::new(),
            };
            let s = match self.speaker_index.get(&key) {
                Some(&s) => s,
                None => {
                    let s = out.speakers.len() as u32;
                    let entity = q
                        .speaker_entity_id
                        .as_deref()
                        .and_then(|id| self.entity_index.get(id).copied());
                    let name = match (&q.speaker, entity) {
                        (_, Some(e)) => out.entities[e as usize].name.clone(),
                        (Some(n), None) => n.trim().into(),
                        (None, None) => "".into(),
                    };
                    out.speakers.push(SpeakerAcc {
                        name,
                        entity,
                        quotes: 0,
                        kept: Vec::new(),
                    });
                    self.speaker_index.insert(key, s);
                    s
                }
            };
            let speaker = &mut out.speakers[s as usize];
            speaker.quotes += 1;
            let row = QuoteRow {
                text: cut(&q.text, QUOTE_CHARS).into(),
                article: index,
            };
            if speaker.kept.len() < KEPT_QUOTES {
                speaker.kept.push(row);
            } else if let Some(oldest) = (0..speaker.kept.len())
                .min_by_key(|&k| out.articles[speaker.kept[k].article as usize].day)
                .filter(|&k| out.articles[speaker.kept[k].article as usize].day < day)
            {
                speaker.kept[oldest] = row;
            }
        }
    }

    /// The articles gathered so far.
    pub fn len(&self) -> usize {
        self.out.articles.len()
    }

    /// True when no article was kept.
    pub fn is_empty(&self) -> bool {
        self.out.articles.is_empty()
    }

    /// Ends the pass.
    pub fn finish(self) -> Collected {
        self.out
    }
}

/// The first `max` characters of `text`, with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_string(),
    }
}
