//! Normalised values of date expressions, resolved against the publication date.

use chrono::{Datelike, Duration, NaiveDate};

use super::{Found, Kind, Relative};

/// Which way a sentence looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

/// English words that put a sentence in the past.
pub(super) const PAST: &[&str] = &[
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

/// English words that put a sentence in the future.
pub(super) const FUTURE: &[&str] = &[
    "will", "shall", "upcoming", "expected", "due", "next", "plans", "planned", "going",
];

/// False for calendar dates that do not exist ("31/02/2020", "2020-13-45", "Feb. 30"):
/// those are not dates at all.
pub(super) fn exists(f: &Found) -> bool {
    let valid = |y: Option<u32>, m: Option<u32>, d: Option<u32>| match (m, d) {
        // A leap year when none is written, so "February 29" passes.
        (Some(m), Some(d)) => NaiveDate::from_ymd_opt(y.map_or(2000, |y| y as i32), m, d).is_some(),
        _ => false,
    };
    match f.kind {
        Kind::Iso => valid(f.year, f.month, f.day),
        Kind::Numeric => match f.numeric {
            Some((a, b, _)) => valid(f.year, Some(b), Some(a)) || valid(f.year, Some(a), Some(b)),
            None => false,
        },
        Kind::MonthDay | Kind::DayMonth => valid(f.year, f.month, f.day),
        _ => true,
    }
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

fn day(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// The value of a found expression: `2020-02-01`, `2019-12`, `2019`, `2019-summer`;
/// none for a day or month without a year when there is no publication date.
/// `tense` is asked only when the year has to be guessed.
pub(super) fn value(
    f: &Found,
    published: Option<NaiveDate>,
    tense: impl FnOnce() -> Tense,
) -> Option<String> {
    match f.kind {
        Kind::Iso => day(f.year? as i32, f.month?, f.day?),
        Kind::Numeric => {
            let (a, b, slash) = f.numeric?;
            let y = f.year? as i32;
            // "/" with a month-like first number is US style (month first); "." is day first.
            let us = slash && a <= 12;
            if a > 12 || !us {
                day(y, b, a).or_else(|| day(y, a, b))
            } else {
                day(y, a, b)
            }
        }
        Kind::MonthDay | Kind::DayMonth => {
            let (m, d) = (f.month?, f.day?);
            if let Some(y) = f.year {
                return day(y as i32, m, d);
            }
            let published = published?;
            let candidates: Vec<NaiveDate> = (-1..=1)
                .filter_map(|k| NaiveDate::from_ymd_opt(published.year() + k, m, d))
                .collect();
            nearest(&candidates, published, tense()).map(|d| d.format("%Y-%m-%d").to_string())
        }
        Kind::MonthYear => Some(format!("{:04}-{:02}", f.year?, f.month?)),
        Kind::Season => Some(format!("{:04}-{}", f.year?, f.season?)),
        Kind::Month => {
            let (m, published) = (f.month?, published?);
            let candidates: Vec<NaiveDate> = (-1..=1)
                .filter_map(|k| NaiveDate::from_ymd_opt(published.year() + k, m, 1))
                .collect();
            // A month counts as past once it has begun.
            let month_start = NaiveDate::from_ymd_opt(published.year(), published.month(), 1)?;
            nearest(&candidates, month_start, tense()).map(|d| d.format("%Y-%m").to_string())
        }
        Kind::Year => Some(format!("{:04}", f.year?)),
        Kind::Relative => {
            let published = published?;
            match f.relative? {
                Relative::Days(shift) => Some(
                    (published + Duration::days(shift))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                Relative::Years(shift) => Some(format!("{:04}", published.year() + shift)),
                Relative::Months(shift) => {
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
}
