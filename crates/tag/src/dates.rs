//! Date expressions and their ISO values, resolved against the publication date.
//!
//! Values: `2020-02-01` (day), `2019-12` (month), `2019` (year), `2019-summer`
//! (season). A day or month without a year takes the year that puts it nearest the
//! publication date, unless the sentence's tense says otherwise ("was held on
//! December 20" looks back, "will head to Kyiv on January 30" looks ahead). Without a
//! publication date such expressions get no value.

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Captures, Regex};

use crate::sentences::sentence_at;

const MONTH: &str = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

/// A date found in the text: byte range and normalised value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DateHit {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

const PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "took",
    "held",
    "met",
    "said",
    "told",
    "discussed",
    "expressed",
    "signed",
    "started",
    "ago",
    "previous",
    "earlier",
    "fined",
    "detained",
    "recalled",
    "arrived",
    "visited",
    "happened",
    "began",
    "ended",
    "fell",
    "rose",
    "went",
    "came",
    "saw",
    "gave",
    "made",
    "won",
    "lost",
    "left",
    "got",
    "sent",
    "spent",
    "paid",
    "led",
    "grew",
    "knew",
    "brought",
    "bought",
    "thought",
    "wrote",
    "spoke",
    "broke",
    "chose",
    "became",
    "announced",
    "reported",
    "agreed",
    "accused",
    "attended",
    "elected",
    "killed",
    "arrested",
    "released",
    "launched",
    "opened",
    "closed",
    "returned",
    "died",
    "passed",
];
const FUTURE: &[&str] = &[
    "will", "shall", "upcoming", "expected", "due", "next", "plans", "planned", "going",
];

/// The compiled date patterns (built once per tagger).
pub(crate) struct DateFinder {
    patterns: Vec<(Kind, Regex)>,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
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

impl DateFinder {
    pub(crate) fn new() -> DateFinder {
        let p = |k, re: String| (k, Regex::new(&re).expect("date patterns are valid"));
        DateFinder {
            patterns: vec![
                p(Kind::Iso, r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b".into()),
                p(Kind::Numeric, r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})[./](?P<y>\d{4})\b".into()),
                p(Kind::MonthDay, format!(r"\b{MONTH},?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?")),
                p(Kind::DayMonth, format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b(?:,?\s+(?P<y>\d{{4}})\b)?")),
                p(Kind::MonthYear, format!(r"\b{MONTH},?\s+(?:of\s+)?(?P<y>\d{{4}})\b")),
                p(
                    Kind::Season,
                    r"(?i)\b(?:(?P<part>early|mid|late)[- ])?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>\d{4})\b".into(),
                ),
                p(Kind::Month, format!(r"\b(?:(?P<part>(?i:early|mid|late))[- ]|(?i:in|since|until|by|from|last|next|this|during|before|after)\s+){MONTH}\b")),
                p(
                    Kind::Year,
                    r"\b(?i:in|since|until|by|from|of|before|after|during|around|throughout|year)\s+(?P<y>(?:19|20)\d{2})\b".into(),
                ),
                p(Kind::Relative, r"\b(?i:(?P<day>yesterday|today|tomorrow)|(?P<rel>last|next|this)\s+(?P<unit>year|month))\b".into()),
            ],
        }
    }

    /// Every date expression in `text`, leftmost-longest, with values resolved against
    /// `published` (the publication day).
    pub(crate) fn find(&self, text: &str, published: Option<NaiveDate>) -> Vec<DateHit> {
        let mut raw: Vec<(usize, usize, Kind, Captures)> = Vec::new();
        for (kind, re) in &self.patterns {
            for c in re.captures_iter(text) {
                let (start, end) = span(*kind, &c);
                raw.push((start, end, *kind, c));
            }
        }
        raw.sort_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
        let mut out: Vec<DateHit> = Vec::new();
        for (start, end, kind, c) in raw {
            if out.last().is_some_and(|h| start < h.end) {
                continue;
            }
            if matches!(kind, Kind::Year) && followed_by_percent(&text[end..]) {
                continue;
            }
            if !exists(kind, &c) {
                continue;
            }
            let tense = tense(text, start);
            out.push(DateHit {
                start,
                end,
                value: value(kind, &c, published, tense),
            });
        }
        out
    }
}

fn followed_by_percent(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with('%') || rest.starts_with("percent") || rest.starts_with("per cent")
}

/// The text a hit covers: the year alone for "in 2008", the month (with "early" but
/// without "in") for month cues, everything otherwise.
fn span(kind: Kind, c: &Captures) -> (usize, usize) {
    let whole = c.get(0).map(|m| (m.start(), m.end())).unwrap_or_default();
    match kind {
        Kind::Year => c.name("y").map(|m| (m.start(), m.end())).unwrap_or(whole),
        Kind::Month if c.name("part").is_none() => c
            .name("month")
            .map(|m| (m.start(), whole.1))
            .unwrap_or(whole),
        _ => whole,
    }
}

fn tense(text: &str, at: usize) -> Tense {
    let (s, e) = sentence_at(text, at);
    let (mut past, mut future) = (false, false);
    for w in text[s..e].split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_ascii_lowercase();
        past |= PAST.contains(&w.as_str());
        future |= FUTURE.contains(&w.as_str());
    }
    match (past, future) {
        (true, false) => Tense::Past,
        (false, true) => Tense::Future,
        _ => Tense::Unknown,
    }
}

/// False for calendar dates that do not exist ("31/02/2020", "2020-13-45", "Feb. 30"):
/// those are not dates at all.
fn exists(kind: Kind, c: &Captures) -> bool {
    let month = || c.name("month").and_then(|m| month_number(m.as_str()));
    let valid = |y: Option<u32>, m: Option<u32>, d: Option<u32>| match (m, d) {
        // A leap year when none is written, so "February 29" passes.
        (Some(m), Some(d)) => NaiveDate::from_ymd_opt(y.map_or(2000, |y| y as i32), m, d).is_some(),
        _ => false,
    };
    match kind {
        Kind::Iso => valid(number(c, "y"), number(c, "m"), number(c, "d")),
        Kind::Numeric => {
            let (a, b, y) = (number(c, "a"), number(c, "b"), number(c, "y"));
            valid(y, b, a) || valid(y, a, b)
        }
        Kind::MonthDay | Kind::DayMonth => valid(number(c, "y"), month(), number(c, "d")),
        _ => true,
    }
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
    let n = name.trim_end_matches('.').get(..3)?.to_ascii_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| *m == n)
    .map(|i| i as u32 + 1)
}

fn number(c: &Captures, name: &str) -> Option<u32> {
    c.name(name)?.as_str().parse().ok()
}

/// The candidate nearest `published`, or the nearest on the side the tense points to.
fn nearest(candidates: &[NaiveDate], published: NaiveDate, tense: Tense) -> Option<NaiveDate> {
    let best = *candidates
        .iter()
        .min_by_key(|d| (**d - published).num_days().abs())?;
    Some(match tense {
        Tense::Past if best > published => candidates
            .iter()
            .copied()
            .filter(|d| *d <= published)
            .max()
            .unwrap_or(best),
        Tense::Future if best < published => candidates
            .iter()
            .copied()
            .filter(|d| *d >= published)
            .min()
            .unwrap_or(best),
        _ => best,
    })
}

fn value(kind: Kind, c: &Captures, published: Option<NaiveDate>, tense: Tense) -> Option<String> {
    let day = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
    };
    let month = || c.name("month").and_then(|m| month_number(m.as_str()));
    match kind {
        Kind::Iso => day(number(c, "y")? as i32, number(c, "m")?, number(c, "d")?),
        Kind::Numeric => {
            let (a, b, y) = (number(c, "a")?, number(c, "b")?, number(c, "y")? as i32);
            // "/" with a month-like first number is US style (month first); "." is day first.
            let us = &c["sep"] == "/" && a <= 12;
            if a > 12 || !us {
                day(y, b, a).or_else(|| day(y, a, b))
            } else {
                day(y, a, b)
            }
        }
        Kind::MonthDay | Kind::DayMonth => {
            let (m, d) = (month()?, number(c, "d")?);
            if let Some(y) = number(c, "y") {
                return day(y as i32, m, d);
            }
            let published = published?;
            let candidates: Vec<NaiveDate> = (-1..=1)
                .filter_map(|k| NaiveDate::from_ymd_opt(published.year() + k, m, d))
                .collect();
            nearest(&candidates, published, tense).map(|d| d.format("%Y-%m-%d").to_string())
        }
        Kind::MonthYear => Some(format!("{:04}-{:02}", number(c, "y")?, month()?)),
        Kind::Season => {
            let season = c["season"].to_ascii_lowercase();
            let season = if season == "fall" {
                "autumn".to_string()
            } else {
                season
            };
            Some(format!("{:04}-{season}", number(c, "y")?))
        }
        Kind::Month => {
            let (m, published) = (month()?, published?);
            let candidates: Vec<NaiveDate> = (-1..=1)
                .filter_map(|k| NaiveDate::from_ymd_opt(published.year() + k, m, 1))
                .collect();
            // A month counts as past once it has begun.
            let month_start = NaiveDate::from_ymd_opt(published.year(), published.month(), 1)?;
            nearest(&candidates, month_start, tense).map(|d| d.format("%Y-%m").to_string())
        }
        Kind::Year => Some(format!("{:04}", number(c, "y")?)),
        Kind::Relative => {
            let published = published?;
            if let Some(d) = c.name("day") {
                let shift = match d.as_str().to_ascii_lowercase().as_str() {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                return Some(
                    (published + Duration::days(shift))
                        .format("%Y-%m-%d")
                        .to_string(),
                );
            }
            let shift = match c["rel"].to_ascii_lowercase().as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            if c["unit"].eq_ignore_ascii_case("year") {
                Some(format!("{:04}", published.year() + shift))
            } else {
                let months = published.year() * 12 + published.month0() as i32 + shift;
                Some(format!(
                    "{:04}-{:02}",
                    months.div_euclid(12),
                    months.rem_euclid(12) + 1
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, published: Option<NaiveDate>) -> Vec<(String, String)> {
        DateFinder::new()
            .find(text, published)
            .into_iter()
            .map(|h| {
                (
                    text[h.start..h.end].to_string(),
                    h.value.unwrap_or_else(|| "-".into()),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn resolves_against_publication_date_and_tense() {
        let published = NaiveDate::from_ymd_opt(2020, 1, 29);
        let text = "He is expected to arrive on February, 1. The protest was held on December, 20. \
                    On January 30, he will head to Kyiv. The tour was scheduled for early January. \
                    In the summer of 2019 they talked. In December 2019 it stalled. In 2008 they split, \
                    as far back as the year of 1994. Prices rose 12 percent in 2019.";
        assert_eq!(
            found(text, published),
            [
                pair("February, 1", "2020-02-01"),
                pair("December, 20", "2019-12-20"),
                pair("January 30", "2020-01-30"),
                pair("early January", "2020-01"),
                pair("summer of 2019", "2019-summer"),
                pair("December 2019", "2019-12"),
                pair("2008", "2008"),
                pair("1994", "1994"),
                pair("2019", "2019"),
            ]
        );
    }

    #[test]
    fn tense_moves_an_ambiguous_day_across_the_year() {
        // Published 10 July 2020: 2020-01-20 is 172 days back, 2021-01-20 194 ahead.
        let published = NaiveDate::from_ymd_opt(2020, 7, 10);
        assert_eq!(
            found("They meet on January 20.", published),
            [pair("January 20", "2020-01-20")]
        );
        assert_eq!(
            found("They will meet on January 20.", published),
            [pair("January 20", "2021-01-20")]
        );
        // Published 20 December 2019: "January 5" is nearest in 2020, but "was" looks back.
        let published = NaiveDate::from_ymd_opt(2019, 12, 20);
        assert_eq!(
            found("It will open on January 5.", published),
            [pair("January 5", "2020-01-05")]
        );
        assert_eq!(
            found("It was opened on January 5.", published),
            [pair("January 5", "2019-01-05")]
        );
    }

    #[test]
    fn explicit_numeric_and_relative_forms() {
        let published = NaiveDate::from_ymd_opt(2020, 1, 29);
        let text = "On 2020-01-06, on 7 December 2019, on 12/25/2019, on 05.01.2020, yesterday, last year, next month.";
        assert_eq!(
            found(text, published),
            [
                pair("2020-01-06", "2020-01-06"),
                pair("7 December 2019", "2019-12-07"),
                pair("12/25/2019", "2019-12-25"),
                pair("05.01.2020", "2020-01-05"),
                pair("yesterday", "2020-01-28"),
                pair("last year", "2019"),
                pair("next month", "2020-02"),
            ]
        );
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        let published = NaiveDate::from_ymd_opt(2020, 1, 29);
        assert!(found("on 31/02/2020, 2020-13-45 and Feb. 30", published).is_empty());
        assert_eq!(
            found("on February 29", published),
            [pair("February 29", "2020-02-29")]
        );
    }

    #[test]
    fn calendar_words() {
        for w in ["June", "JUNE", "Jun", "Monday", "may"] {
            assert!(calendar_word(w), "{w}");
        }
        for w in ["Junes", "Mayor", "Marcus", "Minsk"] {
            assert!(!calendar_word(w), "{w}");
        }
    }

    #[test]
    fn no_publication_date_means_no_guessed_year() {
        assert_eq!(
            found("on January 30 and in 2008", None),
            [pair("January 30", "-"), pair("2008", "2008")]
        );
        // Bare numbers and modal "may" are not dates.
        assert!(found("We may see 2008 people and 12 cars.", None).is_empty());
    }
}
