/*!
Tagging: finds who, what and where in an [`Article`].

Does: runs the NER model ([`newsmill_ner`]) over the body and adds what it misses
from the user's [`Watchlist`] (aliases matched case-, diacritic- and script-
insensitively: `Лукашенко` = `Lukashenko`), an embedded GeoNames gazetteer (countries,
cities, demonyms) and title cues ("Foreign Minister Uladzimir Makey"); joins mentions
into canonical [`Entity`](newsmill_records::Entity)s (short names to full names, spelling and transliteration
variants); links places to GeoNames and demonyms to countries; finds dates (resolved
against the publication date), money and percentages with normalised values; and
attributes direct quotations to their speakers.

Does not: read files or the network (the model and gazetteers are compiled in; the
caller reads the watch-list file and passes its text), or write outputs.

```
use newsmill_tag::{Tagger, Watchlist};
let list = Watchlist::from_toml(
    "[[entity]]\nname = \"Mike Pompeo\"\ntype = \"PER\"\n",
    "entities.toml",
)?;
let tagger = Tagger::builtin(list)?;
# Ok::<(), newsmill_tag::TagError>(())
```

Offsets in the output are character offsets into [`Article::body`]. Entity ids are
stable across runs and articles: the watch-list id, `geonames:<id>` for linked places,
otherwise `<label>:<slug of canonical name>`.

# How a body is tagged

1. The model's spans ([`newsmill_ner`]), the watch-list's hits (`watchlist.rs`), the
   gazetteer's countries, demonyms and cities and the title cues (`scan.rs`) are merged
   by source strength (`spans.rs`); date expressions veto names that overlap them.
   The model and the cues are English: on an article whose language is known and not
   English, and whose body does not read as English either (`english.rs`), only the
   watch-list and the gazetteer name things.
2. Label repairs (`repair.rs`), then surnames of full names found again where the
   model missed them (`spans.rs`).
3. Mentions become entities (`canon.rs`): watch-list, GeoNames (`geo.rs`), demonyms,
   people by surname with transliteration variants (`fold.rs`).
4. Dates (`dates.rs`), money and percentages (`amounts.rs`), quotations and speakers
   (`quotes.rs`).

Everything that can be compiled is compiled once in [`Tagger::builtin`]: the alias
automaton, the regexes, and the gazetteer (parsed once per process, on a second thread
while the model loads). Alias matching uses `aho-corasick` (leftmost-longest, already
in the dependency tree through `regex`) rather than `daachorse`: watch-lists are small,
and matching runs on folded text with word-boundary checks either way. The gazetteer
is a sorted table of 64-bit hashes of folded names, so it needs no allocation per name.
*/
#![deny(missing_docs)]

mod amounts;
mod canon;
mod dates;
mod english;
mod fold;
mod geo;
mod quotes;
mod repair;
mod scan;
mod sentences;
mod spans;
mod watchlist;

use newsmill_records::{Article, Label, Mention, Quote, Tagged};

pub use crate::watchlist::Watchlist;

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

/// The tagger: model, gazetteers, watch-list and patterns, compiled once; `Send + Sync`,
/// so one tagger serves every thread.
pub struct Tagger {
    model: newsmill_ner::Model,
    watchlist: Watchlist,
    matcher: watchlist::Matcher,
    gazetteer: &'static geo::Gazetteer,
    dates: dates::DateFinder,
    amounts: amounts::AmountFinder,
}

impl Tagger {
    /// The tagger with the model and gazetteers that ship with the project (embedded in
    /// the binary: no files are read, nothing is downloaded).
    pub fn builtin(watchlist: Watchlist) -> Result<Tagger, TagError> {
        // The gazetteer parses on a second thread while the model loads.
        let (model, gazetteer) = std::thread::scope(|s| {
            let gazetteer = s.spawn(geo::Gazetteer::builtin);
            (newsmill_ner::Model::builtin(), gazetteer.join())
        });
        let gazetteer = gazetteer.map_err(|_| TagError::Data {
            name: "embedded gazetteer".into(),
            line: 0,
            reason: "the loading thread panicked".into(),
        })??;
        Ok(Tagger {
            model: model?,
            matcher: watchlist::Matcher::new(&watchlist)?,
            watchlist,
            gazetteer,
            dates: dates::DateFinder::new(),
            amounts: amounts::AmountFinder::new(),
        })
    }

    /// Tags an article's body.
    ///
    /// The NER model and the title cues are English; they are skipped (the watch-list,
    /// gazetteer, dates and amounts still run) when the article's language is known
    /// and not English *and* the body does not read as English either.
    pub fn tag(&self, article: &Article) -> Tagged {
        let body = article.body();
        let declared_english = article
            .language
            .as_deref()
            .is_none_or(|l| l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en")));
        let english = declared_english || english::looks_english(&body);
        if !english {
            tracing::debug!(
                language = article.language.as_deref().unwrap_or_default(),
                "Body is not English: the NER model and title cues are skipped."
            );
        }
        self.tag_text(&body, article.published.map(|p| p.date_naive()), english)
    }

    fn tag_text(&self, body: &str, published: Option<chrono::NaiveDate>, english: bool) -> Tagged {
        let mut ner = if english {
            self.model_spans(body)
        } else {
            Vec::new()
        };
        // Offsets come from another crate: never slice the body on a bad one.
        ner.retain(|s| {
            s.start < s.end && body.is_char_boundary(s.start) && body.is_char_boundary(s.end)
        });

        // Watch-list, gazetteer and cue spans.
        let watch = self
            .matcher
            .find(body)
            .into_iter()
            .filter(|h| !(h.surname && spans::inside_other_person(body, h.start, h.end, &ner)))
            .map(|h| spans::Span {
                start: h.start,
                end: h.end,
                label: self.watchlist.entities[h.entity].label,
                source: spans::Source::Watch(h.entity),
            })
            .collect();
        let words = spans::words(body);
        let keys: Vec<String> = words.iter().map(|&(a, b)| fold::key(&body[a..b])).collect();
        let places = scan::gazetteer(body, &words, &keys, self.gazetteer);
        let cues = if english {
            scan::titled_people(body, &words, &keys, self.gazetteer)
        } else {
            Vec::new()
        };
        // Dates first: the model sometimes calls "On February" a name.
        let dates = self.dates.find(body, published);
        let outside_dates =
            |s: &spans::Span| !dates.iter().any(|d| s.start < d.end && d.start < s.end);
        let ner = ner.into_iter().filter(outside_dates).collect();
        let cues = cues.into_iter().filter(outside_dates).collect();
        let places = places.into_iter().filter(outside_dates).collect();
        let mut merged = spans::merge(body, watch, ner, places, cues);
        repair::labels(body, &mut merged, self.gazetteer);
        merged.extend(spans::surnames(body, &words, &merged));
        merged.sort_by_key(|s| (s.start, s.end));
        let (entities, entity_of) =
            canon::entities(body, &mut merged, self.gazetteer, &self.watchlist);

        let chars = CharIndex::new(body);
        let mut mentions: Vec<Mention> = merged
            .iter()
            .zip(&entity_of)
            .map(|(s, &e)| Mention {
                entity_id: Some(entities[e].id.clone()),
                label: s.label,
                text: body[s.start..s.end].to_string(),
                start: chars.at(s.start),
                end: chars.at(s.end),
                value: None,
            })
            .collect();
        for d in dates {
            mentions.push(Mention {
                entity_id: None,
                label: Label::Date,
                text: body[d.start..d.end].to_string(),
                start: chars.at(d.start),
                end: chars.at(d.end),
                value: d.value,
            });
        }
        for a in self.amounts.find(body) {
            mentions.push(Mention {
                entity_id: None,
                label: a.label,
                text: body[a.start..a.end].to_string(),
                start: chars.at(a.start),
                end: chars.at(a.end),
                value: Some(a.value),
            });
        }
        mentions.sort_by_key(|m| (m.start, m.end));

        let people: Vec<quotes::Person> = merged
            .iter()
            .zip(&entity_of)
            .filter(|(s, _)| s.label == Label::Per)
            .map(|(s, &entity)| quotes::Person {
                start: s.start,
                end: s.end,
                entity,
            })
            .collect();
        let quotes = quotes::find(body, &people)
            .into_iter()
            .map(|q| Quote {
                speaker_entity_id: q.speaker.map(|e| entities[e].id.clone()),
                speaker: q.speaker.map(|e| entities[e].name.clone()),
                text: body[q.start..q.end].to_string(),
                start: chars.at(q.start),
                end: chars.at(q.end),
            })
            .collect();
        Tagged {
            entities,
            mentions,
            quotes,
        }
    }
}

impl Tagger {
    /// The NER model's spans over the body.
    fn model_spans(&self, body: &str) -> Vec<spans::Span> {
        let tagged = self.model.tag_text(body);
        spans::from_ner(&tagged.tokens, &tagged.sentences, &tagged.tags)
    }
}

/// Byte offset → character offset, for one text.
struct CharIndex {
    /// Byte offsets of every character start, plus the text length.
    starts: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharIndex { starts }
    }
    fn at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagger_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Tagger>();
    }

    #[test]
    fn char_offsets_count_characters() {
        let text = "Лукашэнка і Pompeo";
        let idx = CharIndex::new(text);
        let at = text.find("Pompeo").unwrap();
        assert_eq!(idx.at(at), 12);
        assert_eq!(idx.at(text.len()), text.chars().count());
    }
}
