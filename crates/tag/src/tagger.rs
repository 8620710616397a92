//! The [`Tagger`]: every step of tagging one article, in order.

use newsmill_records::{Article, Label, Mention, Quote, Tagged};

use crate::error::TagError;
use crate::profile::{Clock, StepTimes};
use crate::watchlist::{self, Watchlist};
use crate::{amounts, canon, dates, english, fold, geo, quotes, repair, scan, spans};

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
        self.tag_with(article, Clock::new(None))
    }

    /// [`Tagger::tag`], adding the time each step took to `times`.
    pub fn tag_profiled(&self, article: &Article, times: &mut StepTimes) -> Tagged {
        self.tag_with(article, Clock::new(Some(times)))
    }

    fn tag_with(&self, article: &Article, mut clock: Clock) -> Tagged {
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
        clock.lap(|t| &mut t.tokenize);
        self.tag_text(
            &body,
            article.published.map(|p| p.date_naive()),
            english,
            &mut clock,
        )
    }

    fn tag_text(
        &self,
        body: &str,
        published: Option<chrono::NaiveDate>,
        english: bool,
        clock: &mut Clock,
    ) -> Tagged {
        let mut ner = if english {
            self.model_spans(body)
        } else {
            Vec::new()
        };
        // Offsets come from another crate: never slice the body on a bad one.
        ner.retain(|s| {
            s.start < s.end && body.is_char_boundary(s.start) && body.is_char_boundary(s.end)
        });
        clock.lap(|t| &mut t.ner);

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
        clock.lap(|t| &mut t.watchlist);
        let words = spans::words(body);
        let keys: Vec<String> = words.iter().map(|&(a, b)| fold::key(&body[a..b])).collect();
        clock.lap(|t| &mut t.tokenize);
        let places = scan::gazetteer(body, &words, &keys, self.gazetteer);
        let cues = if english {
            scan::titled_people(body, &words, &keys, self.gazetteer)
        } else {
            Vec::new()
        };
        clock.lap(|t| &mut t.gazetteer);
        // Dates first: the model sometimes calls "On February" a name.
        let dates = self.dates.find(body, published);
        clock.lap(|t| &mut t.dates);
        let outside_dates =
            |s: &spans::Span| !dates.iter().any(|d| s.start < d.end && d.start < s.end);
        let ner = ner.into_iter().filter(outside_dates).collect();
        let cues = cues.into_iter().filter(outside_dates).collect();
        let places = places.into_iter().filter(outside_dates).collect();
        let mut merged = spans::merge(body, watch, ner, places, cues);
        repair::labels(body, &mut merged, self.gazetteer);
        merged.extend(spans::surnames(body, &words, &merged));
        merged.sort_by_key(|s| (s.start, s.end));
        clock.lap(|t| &mut t.spans);
        let (entities, entity_of) =
            canon::entities(body, &mut merged, self.gazetteer, &self.watchlist);
        clock.lap(|t| &mut t.entities);

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
        clock.lap(|t| &mut t.output);
        let amounts = self.amounts.find(body);
        clock.lap(|t| &mut t.amounts);
        for a in amounts {
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
        clock.lap(|t| &mut t.output);

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
        let found = quotes::find(body, &people);
        clock.lap(|t| &mut t.quotes);
        let quotes = found
            .into_iter()
            .map(|q| Quote {
                speaker_entity_id: q.speaker.map(|e| entities[e].id.clone()),
                speaker: q.speaker.map(|e| entities[e].name.clone()),
                text: body[q.start..q.end].to_string(),
                start: chars.at(q.start),
                end: chars.at(q.end),
            })
            .collect();
        clock.lap(|t| &mut t.output);
        Tagged {
            entities,
            mentions,
            quotes,
        }
    }

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
