//! Date expressions in Russian, Belarusian, Ukrainian, Polish, German and French, word
//! by word over the shared tokenisation ([`Text`]), with the words of [`lexicon`]:
//!
//! | kind | examples | span |
//! |---|---|---|
//! | day month | `15 марта 2024 года`, `5 marca 2024 r.`, `3. März 2024`, `1er juin` | all |
//! | month year | `январь 2024`, `w styczniu 2024`, `im Januar 2023` | from the month |
//! | month | `в январе`, `Anfang März`, `fin mars` | the month; with a part, all |
//! | year | `в 2021 году`, `2023 r.`, `seit 2020`, `en 2022` | the year (and year word) |
//! | season | `летом 2022`, `Sommer 2022`, `été 2022` | all |
//! | relative | `вчера`, `w zeszłym roku`, `im vergangenen Jahr`, `l'année dernière` | all |

use super::lexicon::{self, Period};
use super::{Found, Kind, Relative};
use crate::fold;
use crate::lang::Lang;
use crate::text::Text;

/// What a folded word can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Month(u32),
    /// A season: its index in spring, summer, autumn, winter.
    Season(usize),
    /// An abbreviation: a month only with its period.
    MonthAbbr(u32),
    MonthCue,
    MonthPart,
    YearCue,
    /// A word after a year ("года"); `true` when it needs its period ("г.").
    YearWord(bool),
    Day(i64),
    Year(i32),
    /// A relative modifier (last -1, this 0, next +1), and whether it follows the unit.
    Modifier(i32, bool),
    UnitYear,
    UnitMonth,
    Past,
    Future,
}

/// The words of every language, by folded key.
pub(super) struct Lexicon {
    words: foldhash::HashMap<String, Vec<(Lang, Entry)>>,
    /// Two-word days, folded: (language, first, second, shift).
    phrases: Vec<(Lang, String, String, i64)>,
}

impl Lexicon {
    pub(super) fn new() -> Lexicon {
        let mut words: foldhash::HashMap<String, Vec<(Lang, Entry)>> = Default::default();
        let mut add = |lang: Lang, forms: &str, entry: Entry| {
            for form in forms.split_whitespace() {
                let entries = words.entry(fold::key(form)).or_default();
                if !entries.contains(&(lang, entry)) {
                    entries.push((lang, entry));
                }
            }
        };
        for (lang, months) in lexicon::MONTHS {
            for (m, forms) in months.iter().enumerate() {
                add(*lang, forms, Entry::Month(m as u32 + 1));
            }
        }
        for (lang, seasons) in lexicon::SEASONS {
            for (k, forms) in seasons.iter().enumerate() {
                add(*lang, forms, Entry::Season(k));
            }
        }
        for (lang, months) in lexicon::ABBREVIATIONS {
            for (m, forms) in months.iter().enumerate() {
                add(*lang, forms, Entry::MonthAbbr(m as u32 + 1));
            }
        }
        for (lang, cues, parts) in lexicon::MONTH_CUES {
            add(*lang, cues, Entry::MonthCue);
            add(*lang, parts, Entry::MonthPart);
        }
        for (lang, cues) in lexicon::YEAR_CUES {
            add(*lang, cues, Entry::YearCue);
        }
        for (lang, forms) in lexicon::YEAR_WORDS {
            for form in forms.split_whitespace() {
                add(*lang, form, Entry::YearWord(form.chars().count() == 1));
            }
        }
        for (lang, forms, shift) in lexicon::DAYS {
            add(*lang, forms, Entry::Day(*shift));
        }
        for (lang, forms, shift) in lexicon::YEARS {
            add(*lang, forms, Entry::Year(*shift));
        }
        for Period {
            lang,
            last,
            this,
            next,
            year,
            month,
            unit_first,
        } in lexicon::PERIODS
        {
            add(*lang, last, Entry::Modifier(-1, *unit_first));
            add(*lang, this, Entry::Modifier(0, *unit_first));
            add(*lang, next, Entry::Modifier(1, *unit_first));
            add(*lang, year, Entry::UnitYear);
            add(*lang, month, Entry::UnitMonth);
        }
        for (lang, past, future) in lexicon::TENSE {
            add(*lang, past, Entry::Past);
            add(*lang, future, Entry::Future);
        }
        let phrases = lexicon::DAY_PHRASES
            .iter()
            .map(|(lang, a, b, shift)| (*lang, fold::key(a), fold::key(b), *shift))
            .collect();
        Lexicon { words, phrases }
    }

    fn entries(&self, lang: Lang, key: &str) -> impl Iterator<Item = Entry> + '_ {
        self.words
            .get(key)
            .into_iter()
            .flatten()
            .filter(move |(l, _)| *l == lang)
            .map(|(_, e)| *e)
    }

    fn has(&self, lang: Lang, key: &str, want: impl Fn(Entry) -> bool) -> bool {
        self.entries(lang, key).any(want)
    }

    /// Whether a word marks the past and whether it marks the future, in `lang`.
    pub(super) fn tense(&self, lang: Lang, key: &str) -> (bool, bool) {
        let mut out = (false, false);
        for e in self.entries(lang, key) {
            out.0 |= e == Entry::Past;
            out.1 |= e == Entry::Future;
        }
        out
    }

    /// The month word `i` names (an abbreviation only with its period): the month and
    /// the end of the word (after an abbreviation's period; a period after a full name
    /// ends the sentence).
    fn month(&self, lang: Lang, text: &Text, i: usize) -> Option<(u32, usize)> {
        let end = text.words[i].1;
        let dotted = text.body.as_bytes().get(end) == Some(&b'.');
        self.entries(lang, text.key(i)).find_map(|e| match e {
            Entry::Month(m) => Some((m, end)),
            Entry::MonthAbbr(m) if dotted => Some((m, end + 1)),
            _ => None,
        })
    }

    /// A year word after a year ending at `end`: the end of the year word.
    fn year_word(&self, lang: Lang, text: &Text, i: usize, end: usize) -> usize {
        if i + 1 >= text.words.len() || !spaced(text, end, text.words[i + 1].0) {
            return end;
        }
        let word_end = text.words[i + 1].1;
        let dotted = text.body.as_bytes().get(word_end) == Some(&b'.');
        match self.entries(lang, text.key(i + 1)).find_map(|e| match e {
            Entry::YearWord(needs_period) => Some(needs_period),
            _ => None,
        }) {
            Some(true) if dotted => word_end + 1,
            Some(false) => word_end,
            _ => end,
        }
    }
}

/// Whether only white space lies between `a` and `b`.
fn spaced(text: &Text, a: usize, b: usize) -> bool {
    a < b && text.body[a..b].chars().all(char::is_whitespace)
}

/// Word `i` as a number of `min..=max` ASCII digits.
fn number(text: &Text, i: usize, min: usize, max: usize) -> Option<u32> {
    let w = text.word(i);
    ((min..=max).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// A year (four digits, 1000–2999) at word `i`.
fn year(text: &Text, i: usize) -> Option<u32> {
    number(text, i, 4, 4).filter(|y| (1000..3000).contains(y))
}

fn found(kind: Kind, start: usize, end: usize) -> Found {
    Found {
        kind,
        start,
        end,
        ..Found::default()
    }
}

/// Every date expression in `lang` that starts at word `i`.
pub(super) fn at(lex: &Lexicon, lang: Lang, text: &Text, i: usize, out: &mut Vec<Found>) {
    let n = text.words.len();
    let (start, end) = text.words[i];
    if let Some(d) = day(text, i) {
        day_month(lex, lang, text, i, d, out);
    }
    if let Some(y) = year(text, i) {
        // "2023 r.", "2024 года": a year with its year word.
        let e = lex.year_word(lang, text, i, end);
        if e > end && (1900..2100).contains(&y) {
            out.push(Found {
                year: Some(y),
                ..found(Kind::Year, start, e)
            });
        }
    }
    let key = text.key(i);
    if !lex.words.contains_key(key) {
        return;
    }
    if let Some((month, e)) = lex.month(lang, text, i) {
        month_year(lex, lang, text, start, MonthAt { i, month, end: e }, out);
    }
    if let Some(k) = lex.entries(lang, key).find_map(|e| match e {
        Entry::Season(k) => Some(k),
        _ => None,
    }) {
        // "летом 2022", "Sommer 2022", "été 2022"
        if let Some((y, e)) = year_after(lex, lang, text, i, end) {
            out.push(Found {
                year: Some(y),
                season: Some(["spring", "summer", "autumn", "winter"][k]),
                ..found(Kind::Season, start, e)
            });
        }
    }
    if i + 1 < n {
        after_cue(lex, lang, text, i, out);
    }
    relative(lex, lang, text, i, out);
}

/// A month or year after a cue or part word at `i` (`в январе`, `Anfang März 2024`,
/// `mi-mars`, `в 2021 году`).
fn after_cue(lex: &Lexicon, lang: Lang, text: &Text, i: usize, out: &mut Vec<Found>) {
    let (start, end) = text.words[i];
    let key = text.key(i);
    let gap = &text.body[end..text.words[i + 1].0];
    let spaced = gap.chars().all(char::is_whitespace);
    let part = lex.has(lang, key, |e| e == Entry::MonthPart);
    if part && (spaced || gap == "-") || spaced && lex.has(lang, key, |e| e == Entry::MonthCue) {
        if let Some((month, e)) = lex.month(lang, text, i + 1) {
            if !part {
                out.push(Found {
                    month: Some(month),
                    ..found(Kind::Month, text.words[i + 1].0, e)
                });
            } else if !month_year(
                lex,
                lang,
                text,
                start,
                MonthAt {
                    i: i + 1,
                    month,
                    end: e,
                },
                out,
            ) {
                // A part of a month takes the year that follows it, and is in the mention.
                out.push(Found {
                    month: Some(month),
                    ..found(Kind::Month, start, e)
                });
            }
        }
    }
    if spaced && lex.has(lang, key, |e| e == Entry::YearCue) {
        if let Some(y) = year(text, i + 1).filter(|y| (1900..2100).contains(y)) {
            let (ys, ye) = text.words[i + 1];
            out.push(Found {
                year: Some(y),
                ..found(Kind::Year, ys, lex.year_word(lang, text, i + 1, ye))
            });
        }
    }
}

/// A day number at word `i`: one or two digits, or French `1er`.
fn day(text: &Text, i: usize) -> Option<u32> {
    number(text, i, 1, 2).or_else(|| (text.word(i) == "1er").then_some(1))
}

/// `15 марта 2024 года`, `3. März`, `5 marca 2024 r.`
fn day_month(lex: &Lexicon, lang: Lang, text: &Text, i: usize, d: u32, out: &mut Vec<Found>) {
    if i + 1 >= text.words.len() {
        return;
    }
    let (start, end) = text.words[i];
    let gap = &text.body[end..text.words[i + 1].0];
    // "3. März": German writes the day as an ordinal.
    let gap_ok = spaced(text, end, text.words[i + 1].0)
        || (lang == Lang::De
            && gap.starts_with('.')
            && gap[1..].chars().all(char::is_whitespace)
            && gap.len() > 1);
    if !gap_ok {
        return;
    }
    let Some((m, e)) = lex.month(lang, text, i + 1) else {
        return;
    };
    let mut f = Found {
        month: Some(m),
        day: Some(d),
        ..found(Kind::DayMonth, start, e)
    };
    if let Some((y, ye)) = year_after(lex, lang, text, i + 1, e) {
        f.year = Some(y);
        f.end = ye;
    }
    out.push(f);
}

/// A year after word `i` (which ends at `end`, a period included): the year and the
/// end of the expression (its year word included).
fn year_after(
    lex: &Lexicon,
    lang: Lang,
    text: &Text,
    i: usize,
    end: usize,
) -> Option<(u32, usize)> {
    let j = i + 1;
    if j >= text.words.len() || !spaced(text, end, text.words[j].0) {
        return None;
    }
    let y = year(text, j)?;
    Some((y, lex.year_word(lang, text, j, text.words[j].1)))
}

/// A month found at word `i`: its number, and where its word (with an
/// abbreviation's period) ends.
#[derive(Clone, Copy)]
struct MonthAt {
    i: usize,
    month: u32,
    end: usize,
}

/// `январь 2024`, `w styczniu 2024`, `im Januar 2023`: a month and the year after it;
/// the mention starts at `start`. Whether one was found.
fn month_year(
    lex: &Lexicon,
    lang: Lang,
    text: &Text,
    start: usize,
    m: MonthAt,
    out: &mut Vec<Found>,
) -> bool {
    let Some((y, end)) = year_after(lex, lang, text, m.i, m.end) else {
        return false;
    };
    out.push(Found {
        year: Some(y),
        month: Some(m.month),
        ..found(Kind::MonthYear, start, end)
    });
    true
}

/// `вчера`, `aujourd'hui`, `avant-hier`, `летась`, `w zeszłym roku`, `l'année dernière`
fn relative(lex: &Lexicon, lang: Lang, text: &Text, i: usize, out: &mut Vec<Found>) {
    let (start, end) = text.words[i];
    let key = text.key(i);
    let body = text.body;
    for (l, first, second, shift) in &lex.phrases {
        if *l == lang
            && key == first
            && i + 1 < text.words.len()
            && &body[end..text.words[i + 1].0] == "-"
            && text.key(i + 1) == second
        {
            out.push(Found {
                relative: Some(Relative::Days(*shift)),
                ..found(Kind::Relative, start, text.words[i + 1].1)
            });
            return;
        }
    }
    for e in lex.entries(lang, key) {
        let rel = match e {
            // "Morgen" (capitalised) is the morning, not tomorrow.
            Entry::Day(shift) if !(lang == Lang::De && text.word(i) == "Morgen") => {
                Relative::Days(shift)
            }
            Entry::Year(shift) => Relative::Years(shift),
            _ => continue,
        };
        // "aujourd'hui" is one word written as two.
        let end = if key == "aujourd" {
            ["'hui", "’hui"]
                .iter()
                .find_map(|s| body[end..].starts_with(s).then(|| end + s.len()))
                .unwrap_or(end)
        } else {
            end
        };
        out.push(Found {
            relative: Some(rel),
            ..found(Kind::Relative, start, end)
        });
        return;
    }
    // A modifier and a unit, in the language's order.
    if i + 1 >= text.words.len() || !spaced(text, end, text.words[i + 1].0) {
        return;
    }
    let next = text.key(i + 1);
    let unit = |key: &str| {
        lex.entries(lang, key).find_map(|e| match e {
            Entry::UnitYear => Some(true),
            Entry::UnitMonth => Some(false),
            _ => None,
        })
    };
    let modifier = |key: &str, after: bool| {
        lex.entries(lang, key).find_map(|e| match e {
            Entry::Modifier(shift, unit_first) if unit_first == after => Some(shift),
            _ => None,
        })
    };
    let pair = match (modifier(key, false), unit(next)) {
        (Some(shift), Some(year)) => Some((shift, year)),
        _ => match (unit(key), modifier(next, true)) {
            (Some(year), Some(shift)) => Some((shift, year)),
            _ => None,
        },
    };
    if let Some((shift, year)) = pair {
        out.push(Found {
            relative: Some(if year {
                Relative::Years(shift)
            } else {
                Relative::Months(shift)
            }),
            ..found(Kind::Relative, start, text.words[i + 1].1)
        });
    }
}
