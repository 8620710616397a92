//! Money and percentages in Russian, Belarusian, Ukrainian, Polish, German and French:
//! decimal-comma numbers ([`number::decimal_comma`]), scale words (`млн`, `Mio.`,
//! `milliard`), currency words, symbols and codes before or after the number, and
//! percent words:
//!
//! `1 234,5 млн долларов`, `4,1 млрд белорусских рублей`, `3,2 млрд $`, `$1,5 млрд`,
//! `300 mln zł`, `1.234,5 Mio. Euro`, `300 millions d'euros`, `12,5 proc.`,
//! `5,1 відсотка`, `5 pour cent`.

use super::currency::{
    BELARUSIAN, CODES, LINKS, OTHER_SCALES, OTHER_WORDS, PERCENT_WORDS, RUSSIAN, SYMBOLS,
};
use super::number::{self, Number};
use super::Candidate;
use crate::cursor::Cursor;
use crate::fold;
use crate::lang::Lang;
use crate::text::Text;

/// What a folded word can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Scale(usize),
    Currency(&'static str),
    Percent,
    Belarusian,
    Russian,
    Link,
}

/// Abbreviations written with a period ("млн.", "Mio.", "руб.", "proc."): the period
/// belongs to the amount.
const DOTTED: &[&str] = &[
    "тыс", "тис", "млн", "млрд", "трлн", "tys", "mln", "mld", "bln", "Tsd", "Mio", "Mrd", "Bio",
    "руб", "долл", "дол", "proc", "Md", "Mds",
];

/// The words of every language, by folded key.
pub(super) struct Lexicon {
    words: foldhash::HashMap<String, Vec<(Lang, Entry)>>,
    dotted: Vec<String>,
}

impl Lexicon {
    pub(super) fn new() -> Lexicon {
        let mut words: foldhash::HashMap<String, Vec<(Lang, Entry)>> = Default::default();
        let mut add = |lang: Lang, forms: &str, entry: Entry| {
            for form in forms.split_whitespace() {
                words
                    .entry(fold::key(form))
                    .or_default()
                    .push((lang, entry));
            }
        };
        for (lang, forms, zeros) in OTHER_SCALES {
            add(*lang, forms, Entry::Scale(*zeros));
        }
        for (lang, forms, code) in OTHER_WORDS {
            add(*lang, forms, Entry::Currency(code));
        }
        for (lang, forms) in PERCENT_WORDS {
            add(*lang, forms, Entry::Percent);
        }
        for (lang, forms) in BELARUSIAN {
            add(*lang, forms, Entry::Belarusian);
        }
        for (lang, forms) in RUSSIAN {
            add(*lang, forms, Entry::Russian);
        }
        for (lang, forms) in LINKS {
            add(*lang, forms, Entry::Link);
        }
        Lexicon {
            words,
            dotted: DOTTED.iter().map(|d| fold::key(d)).collect(),
        }
    }

    /// The word at `p` and what it is in `lang`: its end (after its period, for a
    /// dotted abbreviation) and the entry `pick` chooses.
    fn word<T>(
        &self,
        c: &Cursor,
        lang: Lang,
        p: usize,
        pick: impl Fn(Entry) -> Option<T>,
    ) -> Option<(T, usize)> {
        let e = c.word(p);
        if e == p {
            return None;
        }
        let key = fold::key(&c.text[p..e]);
        let found = self
            .words
            .get(&key)?
            .iter()
            .filter(|(l, _)| *l == lang)
            .find_map(|(_, entry)| pick(*entry))?;
        let dotted = self.dotted.contains(&key) && c.byte(e, b'.').is_some();
        Some((found, if dotted { e + 1 } else { e }))
    }
}

/// The next word's start after `e`, across white space (at least `min` characters of
/// it).
fn next_word(c: &Cursor, e: usize, min: usize) -> Option<usize> {
    let q = c.spaces0(e);
    (c.text[e..q].chars().count() >= min).then_some(q)
}

/// Every amount in `lang` that starts at (or, for a symbol, just before) word `i`.
pub(super) fn at(
    lex: &Lexicon,
    lang: Lang,
    c: &Cursor,
    text: &Text,
    i: usize,
    out: &mut Vec<Candidate>,
) {
    let p = text.words[i].0;
    if c.text.as_bytes()[p].is_ascii_digit() {
        if let Some(num) = number::decimal_comma(c, p) {
            after_number(lex, lang, c, p, &num, out);
        }
    } else if let Some((code, e)) = c.text.as_bytes()[p..]
        .get(..3)
        .filter(|b| b.iter().all(u8::is_ascii_uppercase))
        .and_then(|_| CODES.iter().find_map(|k| c.lit(p, k).map(|e| (*k, e))))
    {
        // "USD 1,5 млн"
        let q = c.space_opt(e);
        if let Some(num) = number::decimal_comma(c, q) {
            let (zeros, end, _) = scale(lex, lang, c, num.end).unwrap_or((0, num.end, num.end));
            out.push(Candidate::money(p, end, &num.plain, zeros, code));
        }
    }
}

/// A scale word after a number ending at `e` (at most one space between): its power of
/// ten, its end, and its end with the period of an abbreviation ("млн.", "Mio."),
/// which belongs to the amount only when a currency follows (at the end of a sentence
/// it is the full stop).
fn scale(lex: &Lexicon, lang: Lang, c: &Cursor, e: usize) -> Option<(usize, usize, usize)> {
    let q = c.space_opt(e);
    let (zeros, dotted) = lex.word(c, lang, q, |entry| match entry {
        Entry::Scale(zeros) => Some(zeros),
        _ => None,
    })?;
    Some((zeros, c.word(q), dotted))
}

/// What may follow a number (and its scale) at `p`, which starts at `start`.
fn after_number(
    lex: &Lexicon,
    lang: Lang,
    c: &Cursor,
    start: usize,
    num: &Number,
    out: &mut Vec<Candidate>,
) {
    // A symbol before: "$1,5 млрд", "€1,5 млрд".
    let before = c.text[..start].trim_end_matches(|ch: char| ch.is_whitespace());
    let one_space = start - before.len() <= c.char_before(start).map_or(0, char::len_utf8);
    if let Some(&(sym, code)) = SYMBOLS.iter().find(|(s, _)| before.ends_with(s)) {
        if one_space {
            let (zeros, end, _) = scale(lex, lang, c, num.end).unwrap_or((0, num.end, num.end));
            out.push(Candidate::money(
                before.len() - sym.len(),
                end,
                &num.plain,
                zeros,
                code,
            ));
            return;
        }
    }
    // Percent: "12,5%", "12,5 %", "20 процентов", "12,5 proc.", "5 pour cent".
    let q = c.space_opt(num.end);
    let percent = c.byte(q, b'%').or_else(|| {
        let words = lex.word(c, lang, q, |e| (e == Entry::Percent).then_some(()));
        let french = (lang == Lang::Fr)
            .then(|| {
                c.lit(q, "pour")
                    .and_then(|e| c.spaces(e))
                    .and_then(|e| c.lit(e, "cent"))
            })
            .flatten()
            .filter(|&e| c.word_end(e));
        words.map(|(_, e)| e).or(french)
    });
    if let Some(end) = percent {
        out.push(Candidate::percent(start, end, &num.plain));
        return;
    }
    let (zeros, _, after) = scale(lex, lang, c, num.end).unwrap_or((0, num.end, num.end));
    if let Some((code, end)) = currency(lex, lang, c, after) {
        out.push(Candidate::money(start, end, &num.plain, zeros, code));
    }
}

/// A currency after a number (and scale) ending at `e`: a symbol, a code, or a
/// currency word with its adjectives ("белорусских рублей", "roubles biélorusses") or
/// a French "d'" before it.
fn currency(lex: &Lexicon, lang: Lang, c: &Cursor, e: usize) -> Option<(&'static str, usize)> {
    let q = c.space_opt(e);
    if let Some(&(sym, code)) = SYMBOLS.iter().find(|(s, _)| c.lit(q, s).is_some()) {
        return Some((code, q + sym.len()));
    }
    if let Some((code, end)) = CODES.iter().find_map(|k| {
        c.lit(q, k)
            .filter(|&end| c.word_end(end))
            .map(|end| (*k, end))
    }) {
        return Some((code, end));
    }
    let mut q = next_word(c, e, 1)?;
    // "d'euros", "de dollars"
    if let Some((_, end)) = lex.word(c, lang, q, |e| (e == Entry::Link).then_some(())) {
        let after = match c.char_at(end) {
            Some('\'' | '’') => end + c.char_at(end).map_or(0, char::len_utf8),
            _ => next_word(c, end, 1)?,
        };
        q = after;
    }
    let adjective = |p: usize| {
        lex.word(c, lang, p, |e| match e {
            Entry::Belarusian => Some("BYN"),
            Entry::Russian => Some("RUB"),
            _ => None,
        })
    };
    let mut forced = None;
    if let Some((code, end)) = adjective(q) {
        forced = Some(code);
        q = next_word(c, end, 1)?;
    }
    let (code, mut end) = lex.word(c, lang, q, |e| match e {
        Entry::Currency(code) => Some(code),
        _ => None,
    })?;
    // French puts the adjective after: "roubles biélorusses".
    if forced.is_none() {
        if let Some((code, adj_end)) = next_word(c, end, 1).and_then(adjective) {
            forced = Some(code);
            end = adj_end;
        }
    }
    let code = match forced {
        Some(f) if matches!(code, "RUB" | "BYN") => f,
        _ => code,
    };
    Some((code, end))
}
