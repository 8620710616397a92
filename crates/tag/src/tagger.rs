//! The [`Tagger`]: every step of tagging one article, in order.

use newsmill_records::{Article, Label, Mention, Quote, Tagged};

use crate::error::TagError;
use crate::lang::{Lang, Langs};
use crate::offsets::CharIndex;
use crate::profile::{Clock, StepTimes};
use crate::text::Text;
use crate::watchlist::{self, Watchlist};
use crate::{amounts, canon, dates, english, geo, quotes, repair, scan, spans};

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
    /// gazetteer, dates, amounts and quotations still run) when the article's language
    /// is known and not English *and* the body does not read as English either, and
    /// [`Tagged::tagging`] says so (`partial: language ru`). Dates and amounts are read
    /// in English and, for Russian, Belarusian, Ukrainian, Polish, German and French
    /// articles, in the article's language too.
    pub fn tag(&self, article: &Article) -> Tagged {
        self.tag_with(article, Clock::new(None))
    }

    /// [`Tagger::tag`], adding the time each step took to `times`.
    pub fn tag_profiled(&self, article: &Article, times: &mut StepTimes) -> Tagged {
        self.tag_with(article, Clock::new(Some(times)))
    }

    fn tag_with(&self, article: &Article, mut clock: Clock) -> Tagged {
        let body = article.body();
        let text = Text::new(&body);
        clock.lap(|t| &mut t.tokenize);
        let declared_english = article
            .language
            .as_deref()
            .is_none_or(|l| l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en")));
        let english = declared_english || english::looks_english(&text);
        if !english {
            tracing::debug!(
                language = article.language.as_deref().unwrap_or_default(),
                "Body is not English: the NER model and title cues are skipped."
            );
        }
        let (langs, tagging) = if english {
            (Langs::for_article(Some("en")), "full".to_string())
        } else {
            let code = article.language.as_deref().unwrap_or_default();
            let base = code.get(..2).unwrap_or(code).to_ascii_lowercase();
            let tables = Lang::from_code(code).is_some();
            let tagging = if tables {
                format!("partial: language {base}")
            } else {
                format!("partial: language {base}; dates and amounts in English forms only")
            };
            (Langs::for_article(Some(code)), tagging)
        };
        let published = article.published.map(|p| p.date_naive());
        Tagged {
            tagging,
            ..self.tag_text(&text, published, english, langs, &mut clock)
        }
    }

    fn tag_text(
        &self,
        text: &Text,
        published: Option<chrono::NaiveDate>,
        english: bool,
        langs: Langs,
        clock: &mut Clock,
    ) -> Tagged {
        let body = text.body;
        let mut ner = if english {
            self.model_spans(text)
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
            .find(text)
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
        let places = scan::gazetteer(text, self.gazetteer);
        let cues = if english {
            scan::titled_people(text, self.gazetteer)
        } else {
            Vec::new()
        };
        clock.lap(|t| &mut t.gazetteer);
        // Dates first: the model sometimes calls "On February" a name.
        let dates = self.dates.find(text, published, langs);
        clock.lap(|t| &mut t.dates);
        let outside_dates = |s: &spans::Span| {
            let i = dates.partition_point(|d| d.end <= s.start);
            dates.get(i).is_none_or(|d| d.start >= s.end)
        };
        let ner = ner.into_iter().filter(outside_dates).collect();
        let cues = cues.into_iter().filter(outside_dates).collect();
        let places = places.into_iter().filter(outside_dates).collect();
        let mut merged = spans::merge(body, watch, ner, places, cues);
        repair::labels(body, &mut merged, self.gazetteer);
        merged.extend(spans::surnames(text, &merged));
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
        let amounts = self.amounts.find(text, langs);
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
        let found = quotes::find(text, &people);
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
            tagging: String::new(),
        }
    }

    /// The NER model's spans over the text's tokens.
    fn model_spans(&self, text: &Text) -> Vec<spans::Span> {
        let sentences: Vec<Vec<&str>> = text
            .sentences
            .iter()
            .map(|r| {
                text.tokens[r.clone()]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect()
            })
            .collect();
        let tags = self.model.tag_document(&sentences);
        spans::from_ner(&text.tokens, &text.sentences, &tags)
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
}
