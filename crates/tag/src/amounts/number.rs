//! Numbers as news writes them, and their exact values.
//!
//! English: `1,234.5`, `1234.5`. Decimal-comma languages (Russian, Belarusian,
//! Ukrainian, Polish, German, French): `1 234,5` (space, no-break space or narrow
//! no-break space between groups), `1.234,5`, `1234,5`. Values are plain decimals
//! (`1234.5`), scaled exactly by shifting the decimal point.

use crate::cursor::Cursor;

/// A number found at some position: its end and its digits as a plain decimal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Number {
    pub end: usize,
    pub plain: String,
}

/// `.` and ASCII digits after it, at `p`: the end of the digits.
fn fraction(c: &Cursor, p: usize, mark: u8) -> Option<usize> {
    let q = c.byte(p, mark)?;
    let e = c.digits(q);
    (e > q).then_some(e)
}

/// An English number at `p`: `\d{1,3}(,\d{3})+(\.\d+)?` or `\d+(\.\d+)?`.
pub(super) fn english(c: &Cursor, p: usize) -> Option<Number> {
    let first = c.digits(p);
    if first == p {
        return None;
    }
    let mut end = first;
    if first - p <= 3 {
        // Thousands groups: each exactly three digits.
        let mut groups = 0;
        while let Some(q) = c.byte(end, b',') {
            let e = c.digits(q);
            if e - q != 3 {
                break;
            }
            end = e;
            groups += 1;
        }
        if groups == 0 {
            end = first;
        }
    }
    let end = fraction(c, end, b'.').unwrap_or(end);
    let plain = c.text[p..end].replace(',', "");
    Some(Number { end, plain })
}

/// A space inside a number: a space, no-break space or narrow no-break space.
fn group_space(c: &Cursor, p: usize) -> Option<usize> {
    match c.char_at(p)? {
        sp @ (' ' | '\u{a0}' | '\u{202f}' | '\u{2009}') => Some(p + sp.len_utf8()),
        _ => None,
    }
}

/// A decimal-comma number at `p`: `\d{1,3}([  ]\d{3})+(,\d+)?`, `\d{1,3}(\.\d{3})+(,\d+)?`
/// or `\d+(,\d+)?`.
pub(super) fn decimal_comma(c: &Cursor, p: usize) -> Option<Number> {
    let first = c.digits(p);
    if first == p {
        return None;
    }
    let mut end = first;
    if first - p <= 3 {
        // Groups joined by spaces, or by periods: one kind per number.
        for dots in [false, true] {
            let mut e = first;
            loop {
                let q = if dots {
                    c.byte(e, b'.')
                } else {
                    group_space(c, e)
                };
                let Some(q) = q else { break };
                let g = c.digits(q);
                if g - q != 3 {
                    break;
                }
                e = g;
            }
            if e > first {
                end = e;
                break;
            }
        }
    }
    let end = fraction(c, end, b',').unwrap_or(end);
    let plain: String = c.text[p..end]
        .chars()
        .filter_map(|ch| match ch {
            '0'..='9' => Some(ch),
            ',' => Some('.'),
            _ => None,
        })
        .collect();
    Some(Number { end, plain })
}

/// The end of the longest number at `p`, in English or (with `decimal_comma`) either
/// form.
pub(super) fn end(c: &Cursor, p: usize, decimal_comma: bool) -> usize {
    let en = english(c, p).map_or(p, |n| n.end);
    if decimal_comma {
        en.max(self::decimal_comma(c, p).map_or(p, |n| n.end))
    } else {
        en
    }
}

/// The number `plain` (digits and at most one `.`) times 10^`zeros`, exactly, without
/// leading or trailing zeros: `("1.5", 6)` → `"1500000"`.
pub(super) fn scaled(plain: &str, zeros: usize) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let mut digits = format!("{int}{frac}");
    let point = int.len() + zeros;
    while digits.len() < point {
        digits.push('0');
    }
    let (whole, rest) = digits.split_at(point);
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> Option<(String, String)> {
        let c = Cursor::new(s);
        english(&c, 0).map(|n| (s[..n.end].to_string(), n.plain))
    }

    fn dc(s: &str) -> Option<(String, String)> {
        let c = Cursor::new(s);
        decimal_comma(&c, 0).map(|n| (s[..n.end].to_string(), n.plain))
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn english_numbers() {
        assert_eq!(en("1,234.50 x"), pair("1,234.50", "1234.50"));
        assert_eq!(en("1234,567"), pair("1234", "1234"));
        assert_eq!(en("12,34"), pair("12", "12"));
        assert_eq!(en("3.5%"), pair("3.5", "3.5"));
        assert_eq!(en("2019."), pair("2019", "2019"));
        assert_eq!(en("x"), None);
    }

    #[test]
    fn decimal_comma_numbers() {
        assert_eq!(dc("1 234,5 млн"), pair("1 234,5", "1234.5"));
        assert_eq!(
            dc("1\u{a0}234\u{a0}567 zł"),
            pair("1\u{a0}234\u{a0}567", "1234567")
        );
        assert_eq!(dc("1.234,5 Mio."), pair("1.234,5", "1234.5"));
        assert_eq!(dc("12,5%"), pair("12,5", "12.5"));
        assert_eq!(dc("2.5 x"), pair("2", "2"));
        assert_eq!(dc("2021 300"), pair("2021", "2021"));
        assert_eq!(dc("15 000 человек"), pair("15 000", "15000"));
    }

    #[test]
    fn scaling_is_exact() {
        assert_eq!(scaled("1.5", 6), "1500000");
        assert_eq!(scaled("1234.50", 0), "1234.5");
        assert_eq!(scaled("0.25", 3), "250");
        assert_eq!(scaled("1.1", 9), "1100000000");
        assert_eq!(scaled("007", 0), "7");
        assert_eq!(scaled("1234.5", 6), "1234500000");
    }
}
