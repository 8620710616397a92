//! English date expressions, each anchored at the start of a word.
//!
//! | kind | form | span |
//! |---|---|---|
//! | ISO | `2020-01-06` | all |
//! | numeric | `12/25/2019`, `05.01.2020` | all |
//! | month day | `January 30`, `Feb. 1st, 2020` | all |
//! | day month | `7 December 2019`, `20th of May` | all |
//! | month year | `December 2019`, `May of 2019` | all |
//! | season | `summer of 2019`, `early-autumn 2020` | all |
//! | month | `early January`, `in January` | `early January`, `January` |
//! | year | `in 2008`, `since 1994` | the year |
//! | relative | `yesterday`, `next month` | all |
//!
//! Month names are capitalised (`may` is a verb); the other words take any case.

use super::{Found, Kind, Relative};
use crate::cursor::Cursor;

/// Month names and abbreviations, as written.
const MONTHS: &[(&str, u32)] = &[
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Aug", 8),
    ("Sept", 9),
    ("Sep", 9),
    ("Oct", 10),
    ("Nov", 11),
    ("Dec", 12),
];

const PARTS: &[&str] = &["early", "mid", "late"];
const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];

/// What an English word (lower case) can start: a bit set of the constants below.
fn cues(key: &str) -> u8 {
    match key {
        "early" | "mid" | "late" => PART,
        "spring" | "summer" | "autumn" | "fall" | "winter" => SEASON,
        "in" | "since" | "until" | "by" | "from" | "during" | "before" | "after" => {
            MONTH_CUE | YEAR_CUE
        }
        "last" | "next" | "this" => MONTH_CUE | RELATIVE,
        "of" | "around" | "throughout" | "year" => YEAR_CUE,
        "yesterday" | "today" | "tomorrow" => RELATIVE,
        _ => 0,
    }
}
/// "early", "mid", "late" (a part of a month or season).
const PART: u8 = 1;
/// A season.
const SEASON: u8 = 2;
/// Before a month: "in", "since", "until", "by", "from", "last", "next", "this",
/// "during", "before", "after".
const MONTH_CUE: u8 = 4;
/// Before a year: "in", "since", "until", "by", "from", "of", "before", "after",
/// "during", "around", "throughout", "year".
const YEAR_CUE: u8 = 8;
/// "yesterday", "today", "tomorrow", "last", "next", "this".
const RELATIVE: u8 = 16;

/// The English month whose name or abbreviation is the whole word at `p`: its number
/// and the word's end.
fn month_at(c: &Cursor, p: usize) -> Option<(u32, usize)> {
    month_of(&c.text[p..c.word(p)]).map(|m| (m, c.word(p)))
}

/// The number of the English month with this name or abbreviation (as written).
fn month_of(word: &str) -> Option<u32> {
    if !(3..=9).contains(&word.len())
        || !matches!(
            word.as_bytes()[0],
            b'A' | b'D' | b'F' | b'J' | b'M' | b'N' | b'O' | b'S'
        )
    {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, m)| m)
}

/// After a month name ending at `e`: `\.?` when a word character follows the period,
/// as a trailing `\.?\b` matches.
fn period_then_boundary(c: &Cursor, e: usize) -> usize {
    match c.byte(e, b'.') {
        Some(after) if !c.word_end(after) => after,
        _ => e,
    }
}

/// A day of one or two digits at `p`, with an optional ordinal suffix: the end, the
/// day, and whether a word boundary follows.
fn day(c: &Cursor, p: usize) -> Option<(usize, u32)> {
    let (e, d) = c.number(p, 1, 2)?;
    let suffixed = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| c.lit(e, s))
        .filter(|&after| c.word_end(after));
    Some((suffixed.unwrap_or(e), d))
}

/// `,?\s+YYYY\b` after `p`: the end and the year.
fn comma_year(c: &Cursor, p: usize) -> Option<(usize, u32)> {
    let q = c.spaces(c.byte_opt(p, b','))?;
    let (e, y) = c.number(q, 4, 4)?;
    c.word_end(e).then_some((e, y))
}

/// A four-digit year at `p` followed by a word boundary.
fn year(c: &Cursor, p: usize) -> Option<(usize, u32)> {
    let (e, y) = c.number(p, 4, 4)?;
    c.word_end(e).then_some((e, y))
}

fn found(kind: Kind, start: usize, end: usize) -> Found {
    Found {
        kind,
        start,
        end,
        ..Found::default()
    }
}

/// Every English date expression that starts at the word `p..e`; `key` is the word's
/// folded key, which for an ASCII word is the word in lower case.
pub(super) fn at(c: &Cursor, p: usize, e: usize, key: &str, out: &mut Vec<Found>) {
    let first = c.text.as_bytes()[p];
    if first.is_ascii_digit() {
        iso(c, p, out);
        numeric(c, p, out);
        day_month(c, p, out);
        return;
    }
    if let Some(m) = month_of(&c.text[p..e]) {
        month_day(c, p, m, e, out);
        month_year(c, p, m, e, out);
        return;
    }
    let cues = cues(key);
    if cues == 0 || key.len() != e - p || !c.text[p..e].is_ascii() {
        return;
    }
    let part = cues & PART != 0;
    if cues & (PART | SEASON) != 0 {
        season(c, p, out);
    }
    if cues & (PART | MONTH_CUE) != 0 {
        month(c, p, e, part, out);
    }
    if cues & YEAR_CUE != 0 {
        year_after_cue(c, e, out);
    }
    if cues & RELATIVE != 0 {
        relative(c, p, e, key, out);
    }
}

/// `2020-01-06`
fn iso(c: &Cursor, p: usize, out: &mut Vec<Found>) {
    let Some((e, y)) = c.number(p, 4, 4) else {
        return;
    };
    let Some((e, m)) = c.byte(e, b'-').and_then(|q| c.number(q, 2, 2)) else {
        return;
    };
    let Some((e, d)) = c.byte(e, b'-').and_then(|q| c.number(q, 2, 2)) else {
        return;
    };
    if c.word_end(e) {
        out.push(Found {
            year: Some(y),
            month: Some(m),
            day: Some(d),
            ..found(Kind::Iso, p, e)
        });
    }
}

/// `12/25/2019`, `05.01.2020`
fn numeric(c: &Cursor, p: usize, out: &mut Vec<Found>) {
    let Some((e, a)) = c.number(p, 1, 2) else {
        return;
    };
    let sep = c.text.as_bytes().get(e).copied();
    if !matches!(sep, Some(b'.' | b'/')) {
        return;
    }
    let Some((e, b)) = c.number(e + 1, 1, 2) else {
        return;
    };
    if !matches!(c.text.as_bytes().get(e), Some(b'.' | b'/')) {
        return;
    }
    if let Some((e, y)) = year(c, e + 1) {
        out.push(Found {
            year: Some(y),
            numeric: Some((a, b, sep == Some(b'/'))),
            ..found(Kind::Numeric, p, e)
        });
    }
}

/// `January 30`, `Feb. 1st, 2020`
fn month_day(c: &Cursor, p: usize, m: u32, e: usize, out: &mut Vec<Found>) {
    let q = c.byte_opt(c.byte_opt(e, b'.'), b',');
    let Some(q) = c.spaces(q) else {
        return;
    };
    let Some((e, d)) = day(c, q) else {
        return;
    };
    if !c.word_end(e) {
        return;
    }
    let (end, y) = match comma_year(c, e) {
        Some((end, y)) => (end, Some(y)),
        None => (e, None),
    };
    out.push(Found {
        year: y,
        month: Some(m),
        day: Some(d),
        ..found(Kind::MonthDay, p, end)
    });
}

/// `7 December 2019`, `20th of May`
fn day_month(c: &Cursor, p: usize, out: &mut Vec<Found>) {
    let Some((e, d)) = c.number(p, 1, 2) else {
        return;
    };
    let e = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| c.lit(e, s))
        .unwrap_or(e);
    let Some(mut q) = c.spaces(e) else {
        return;
    };
    if let Some(after_of) = c.lit(q, "of").and_then(|q| c.spaces(q)) {
        if month_at(c, after_of).is_some() {
            q = after_of;
        }
    }
    let Some((m, e)) = month_at(c, q) else {
        return;
    };
    let e = period_then_boundary(c, e);
    let (end, y) = match comma_year(c, e) {
        Some((end, y)) => (end, Some(y)),
        None => (e, None),
    };
    out.push(Found {
        year: y,
        month: Some(m),
        day: Some(d),
        ..found(Kind::DayMonth, p, end)
    });
}

/// `December 2019`, `May of 2019`
fn month_year(c: &Cursor, p: usize, m: u32, e: usize, out: &mut Vec<Found>) {
    let q = c.byte_opt(c.byte_opt(e, b'.'), b',');
    let Some(mut q) = c.spaces(q) else {
        return;
    };
    if let Some(after_of) = c.lit(q, "of").and_then(|q| c.spaces(q)) {
        q = after_of;
    }
    if let Some((e, y)) = year(c, q) {
        out.push(Found {
            year: Some(y),
            month: Some(m),
            ..found(Kind::MonthYear, p, e)
        });
    }
}

/// An `early`, `mid` or `late` at `p` and the `-` or space after it: the end.
fn part(c: &Cursor, p: usize) -> Option<usize> {
    let e = PARTS.iter().find_map(|w| c.lit_ci(p, w))?;
    matches!(c.text.as_bytes().get(e), Some(b'-' | b' ')).then_some(e + 1)
}

/// `summer of 2019`, `late-autumn 2020`
fn season(c: &Cursor, p: usize, out: &mut Vec<Found>) {
    let q = part(c, p).unwrap_or(p);
    let Some((name, e)) = SEASONS.iter().find_map(|s| c.lit_ci(q, s).map(|e| (*s, e))) else {
        return;
    };
    let Some(mut q) = c.spaces(e) else {
        return;
    };
    if let Some(after_of) = c.lit_ci(q, "of").and_then(|q| c.spaces(q)) {
        q = after_of;
    }
    if let Some((e, y)) = year(c, q) {
        out.push(Found {
            year: Some(y),
            season: Some(if name == "fall" { "autumn" } else { name }),
            ..found(Kind::Season, p, e)
        });
    }
}

/// `early January` (all of it), `in January` (the month); the word at `p`, ending at
/// `e`, is a part of a month or a cue.
fn month(c: &Cursor, p: usize, e: usize, is_part: bool, out: &mut Vec<Found>) {
    let (q, part) = match part(c, p).filter(|_| is_part) {
        Some(q) => (q, true),
        None if is_part => return,
        None => match c.spaces(e) {
            Some(q) => (q, false),
            None => return,
        },
    };
    let Some((m, e)) = month_at(c, q) else {
        return;
    };
    let e = period_then_boundary(c, e);
    // With a part, the mention includes it.
    out.push(Found {
        month: Some(m),
        ..found(Kind::Month, if part { p } else { q }, e)
    });
}

/// `in 2008`: the year (the cue ends at `e`).
fn year_after_cue(c: &Cursor, e: usize, out: &mut Vec<Found>) {
    let Some(q) = c.spaces(e) else {
        return;
    };
    if !(c.lit(q, "19").is_some() || c.lit(q, "20").is_some()) {
        return;
    }
    if let Some((e, y)) = year(c, q) {
        out.push(Found {
            year: Some(y),
            ..found(Kind::Year, q, e)
        });
    }
}

/// `yesterday`, `today`, `tomorrow`, `last year`, `next month`, `this year`
fn relative(c: &Cursor, p: usize, e: usize, key: &str, out: &mut Vec<Found>) {
    let rel = match key {
        "yesterday" => Some(Relative::Days(-1)),
        "today" => Some(Relative::Days(0)),
        "tomorrow" => Some(Relative::Days(1)),
        _ => None,
    };
    if let Some(rel) = rel {
        out.push(Found {
            relative: Some(rel),
            ..found(Kind::Relative, p, e)
        });
        return;
    }
    let shift = match key {
        "last" => -1,
        "next" => 1,
        "this" => 0,
        _ => return,
    };
    let Some(q) = c.spaces(e) else {
        return;
    };
    let unit_end = c.word(q);
    let unit = &c.text[q..unit_end];
    let rel = if unit.eq_ignore_ascii_case("year") {
        Relative::Years(shift)
    } else if unit.eq_ignore_ascii_case("month") {
        Relative::Months(shift)
    } else {
        return;
    };
    out.push(Found {
        relative: Some(rel),
        ..found(Kind::Relative, p, unit_end)
    });
}
