//! Date expressions and their ISO values, resolved against the publication date.
//!
//! Values: `2020-02-01` (day), `2019-12` (month), `2019` (year), `2019-summer`
//! (season). A day or month without a year takes the year that puts it nearest the
//! publication date, unless the sentence's tense says otherwise ("was held on
//! December 20" looks back, "will head to Kyiv on January 30" looks ahead). Without a
//! publication date such expressions get no value.
//!
//! Expressions are found by scanners of our own ([`english`], [`other`] for Russian,
//! Belarusian, Ukrainian, Polish, German and French), each anchored at the start of a
//! word of the shared tokenisation and looking at a few characters or words from
//! there: time linear in the body, no regex engine on the hot path. Where several
//! expressions overlap, the leftmost, then longest, wins.

mod english;
mod lexicon;
mod other;
mod value;

use chrono::NaiveDate;

use crate::cursor::Cursor;
use crate::lang::Langs;
use crate::text::Text;

use other::Lexicon;
use value::Tense;

/// A date found in the text: byte range and normalised value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DateHit {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
}

/// What kind of expression was found; the order breaks ties between expressions with
/// the same span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    #[default]
    Iso,
    Numeric,
    MonthDay,
    DayMonth,
    MonthYear,
    Season,
    Month,
    Year,
    Relative,
}

/// A day, year or month relative to the publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relative {
    Days(i64),
    Years(i32),
    Months(i32),
}

/// A date expression as found, before its value is worked out.
#[derive(Clone, Copy, Debug, Default)]
struct Found {
    kind: Kind,
    /// The bytes the mention covers.
    start: usize,
    end: usize,
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
    /// Numeric dates: the first and second number, and whether `/` separates them.
    numeric: Option<(u32, u32, bool)>,
    season: Option<&'static str>,
    relative: Option<Relative>,
}

/// The date scanners' tables, built once per tagger.
pub(crate) struct DateFinder {
    lexicon: Lexicon,
}

impl DateFinder {
    pub(crate) fn new() -> DateFinder {
        DateFinder {
            lexicon: Lexicon::new(),
        }
    }

    /// Every date expression in the text, leftmost-longest, with values resolved
    /// against `published` (the publication day), in the languages `langs`.
    pub(crate) fn find(
        &self,
        text: &Text,
        published: Option<NaiveDate>,
        langs: Langs,
    ) -> Vec<DateHit> {
        let c = Cursor::new(text.body);
        let mut raw: Vec<Found> = Vec::new();
        let other = langs.other();
        for i in 0..text.words.len() {
            let (p, e) = text.words[i];
            english::at(&c, p, e, text.key(i), &mut raw);
            if let Some(lang) = other {
                other::at(&self.lexicon, lang, text, i, &mut raw);
            }
        }
        raw.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end), f.kind));
        let mut tenses: Vec<Option<Tense>> = vec![None; text.sentence_count()];
        let mut out: Vec<DateHit> = Vec::new();
        for f in raw {
            if out.last().is_some_and(|h| f.start < h.end) {
                continue;
            }
            if f.kind == Kind::Year && followed_by_percent(&text.body[f.end..]) {
                continue;
            }
            if !value::exists(&f) {
                continue;
            }
            let tense = || {
                let s = text.sentence_index(f.start);
                match tenses.get_mut(s) {
                    Some(t) => *t.get_or_insert_with(|| self.tense(text, s, langs)),
                    None => Tense::Unknown,
                }
            };
            out.push(DateHit {
                start: f.start,
                end: f.end,
                value: value::value(&f, published, tense),
            });
        }
        out
    }

    /// The tense of sentence `s`: past or future when its words say only one of them.
    fn tense(&self, text: &Text, s: usize, langs: Langs) -> Tense {
        let (start, end) = text.sentence_bounds(s);
        let (mut past, mut future) = (false, false);
        let from = text.word_from(start);
        for i in from..from + text.words_in(start, end).len() {
            let key = text.key(i);
            if text.word(i).is_ascii() {
                past |= value::PAST.contains(&key);
                future |= value::FUTURE.contains(&key);
            }
            if let Some(lang) = langs.other() {
                let (p, f) = self.lexicon.tense(lang, key);
                past |= p;
                future |= f;
            }
        }
        match (past, future) {
            (true, false) => Tense::Past,
            (false, true) => Tense::Future,
            _ => Tense::Unknown,
        }
    }
}

fn followed_by_percent(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with('%') || rest.starts_with("percent") || rest.starts_with("per cent")
}

/// Month and weekday names ("June", "Monday"): never a place or a person's surname here.
pub(crate) fn calendar_word(word: &str) -> bool {
    const DAYS: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let full_month = word.len() >= 3
        && month_number(word).is_some_and(|m| {
            let names = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            names[m as usize - 1].eq_ignore_ascii_case(word) || word.len() == 3
        });
    full_month || DAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').as_bytes().get(..3)?;
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| m.as_bytes().eq_ignore_ascii_case(n))
    .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests;
