//! English money and percentages, each anchored at the start of a word:
//!
//! * a symbol before the number: `$1.5 million`, `US$2.50`, `€3bn`, `£ 40,000`;
//! * a code before or after it: `USD 200`, `40 EUR`, `1,000,000,000 USD`;
//! * a currency word after it: `5 dollars`, `200 million Belarusian rubles`;
//! * a percentage: `12.5%`, `3 percent`, `2.75 per cent`, `4 pct`.

use super::currency::{english_code, ADJECTIVES, CODES, SCALES, SYMBOLS, WORDS};
use super::number::{self, Number};
use super::Candidate;
use crate::cursor::Cursor;

/// An optional scale after a number ending at `e` (`\s?(million|…|k)\b`): its power of
/// ten and end.
fn scale(c: &Cursor, e: usize) -> Option<(usize, usize)> {
    let q = c.space_opt(e);
    SCALES.iter().find_map(|(w, zeros)| {
        c.lit(q, w)
            .filter(|&end| c.word_end(end))
            .map(|end| (*zeros, end))
    })
}

/// Every English amount that starts at (or, for a symbol, just before) the word at
/// `p`.
pub(super) fn at(c: &Cursor, p: usize, out: &mut Vec<Candidate>) {
    if c.text.as_bytes()[p].is_ascii_digit() {
        if let Some(num) = number::english(c, p) {
            after_symbol(c, p, &num, out);
            code_after(c, p, &num, out);
            word_after(c, p, &num, out);
            percent(c, p, &num, out);
        }
    } else if c.text.as_bytes()[p..]
        .get(..3)
        .is_some_and(|b| b.iter().all(u8::is_ascii_uppercase))
    {
        code_before(c, p, out);
    }
}

/// `$1.5 million`, `US$2.50`: the symbol (and at most one space) before the number at
/// `p`.
fn after_symbol(c: &Cursor, p: usize, num: &Number, out: &mut Vec<Candidate>) {
    let before = &c.text[..p];
    let before = match before.chars().next_back() {
        Some(ch) if ch.is_whitespace() => &before[..before.len() - ch.len_utf8()],
        _ => before,
    };
    let Some(&(sym, code)) = SYMBOLS.iter().find(|(s, _)| before.ends_with(s)) else {
        return;
    };
    let start = before.len() - sym.len();
    let (zeros, end) = scale(c, num.end).unwrap_or((0, num.end));
    out.push(Candidate::money(start, end, &num.plain, zeros, code));
}

/// `USD 200`, `USD200 million`: a code at word start `p`, then the number.
fn code_before(c: &Cursor, p: usize, out: &mut Vec<Candidate>) {
    let Some((code, e)) = CODES.iter().find_map(|k| c.lit(p, k).map(|e| (*k, e))) else {
        return;
    };
    let q = c.space_opt(e);
    let Some(num) = number::english(c, q) else {
        return;
    };
    let (zeros, end) = scale(c, num.end).unwrap_or((0, num.end));
    out.push(Candidate::money(p, end, &num.plain, zeros, code));
}

/// `40 EUR`, `3 million USD`.
fn code_after(c: &Cursor, p: usize, num: &Number, out: &mut Vec<Candidate>) {
    let code_at = |e: usize| {
        let q = c.space_opt(e);
        CODES.iter().find_map(|k| {
            c.lit(q, k)
                .filter(|&end| c.word_end(end))
                .map(|end| (*k, end))
        })
    };
    // With the scale if the code follows it, else without.
    let found = scale(c, num.end)
        .and_then(|(zeros, e)| code_at(e).map(|(k, end)| (zeros, k, end)))
        .or_else(|| code_at(num.end).map(|(k, end)| (0, k, end)));
    if let Some((zeros, code, end)) = found {
        out.push(Candidate::money(p, end, &num.plain, zeros, code));
    }
}

/// A currency word at `p` (with an optional adjective before it): its code and end.
fn currency_word(c: &Cursor, p: usize) -> Option<(&'static str, usize)> {
    let word = |q: usize, adjective: Option<&str>| {
        WORDS.iter().find_map(|&(w, plural)| {
            let e = c.lit(q, w)?;
            let e = if plural { c.byte_opt(e, b's') } else { e };
            if !c.word_end(e) {
                return None;
            }
            let code = english_code(&w.to_ascii_lowercase(), adjective)?;
            Some((code, e))
        })
    };
    let with_adjective = ADJECTIVES.iter().find_map(|a| {
        let q = c.lit(p, a)?;
        let after = c.char_at(q).filter(|ch| ch.is_whitespace())?;
        word(q + after.len_utf8(), Some(a))
    });
    with_adjective.or_else(|| word(p, None))
}

/// `5 dollars`, `200 million Belarusian rubles`.
fn word_after(c: &Cursor, p: usize, num: &Number, out: &mut Vec<Candidate>) {
    let word_at = |e: usize| {
        let ch = c.char_at(e).filter(|ch| ch.is_whitespace())?;
        currency_word(c, e + ch.len_utf8())
    };
    let found = scale(c, num.end)
        .and_then(|(zeros, e)| word_at(e).map(|(k, end)| (zeros, k, end)))
        .or_else(|| word_at(num.end).map(|(k, end)| (0, k, end)));
    if let Some((zeros, code, end)) = found {
        out.push(Candidate::money(p, end, &num.plain, zeros, code));
    }
}

/// `12.5%`, `3 percent`, `2.75 per cent`, `4 pct`.
fn percent(c: &Cursor, p: usize, num: &Number, out: &mut Vec<Candidate>) {
    let q = c.space_opt(num.end);
    let end = c.byte(q, b'%').or_else(|| {
        ["percent", "per cent", "pct"]
            .iter()
            .find_map(|w| c.lit(q, w).filter(|&e| c.word_end(e)))
    });
    if let Some(end) = end {
        out.push(Candidate::percent(p, end, &num.plain));
    }
}
