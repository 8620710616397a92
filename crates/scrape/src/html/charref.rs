//! Character references (`&amp;`, `&#8211;`, `&#x41;`) as the HTML tokenizer
//! reads them, including the legacy rules html5ever follows: the longest entity
//! name that matches, names without `;` (not inside an attribute value when a
//! letter, digit or `=` follows), and the numeric fix-ups (C1 controls,
//! surrogates, out of range).

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// A named character reference at the start of `rest` (after the `&`, starting
/// with an ASCII letter or digit): the characters and the bytes it spans.
pub(crate) fn named(rest: &str, in_attribute: bool) -> Option<([Option<char>; 2], usize)> {
    let mut matched: Option<((u32, u32), usize)> = None;
    for (i, c) in rest.char_indices() {
        let end = i + c.len_utf8();
        match NAMED_ENTITIES.get(&rest[..end]) {
            Some(&m) => {
                if m.0 != 0 {
                    matched = Some((m, end));
                }
            }
            None => break,
        }
    }
    let ((c1, c2), len) = matched?;
    let last = rest.as_bytes()[len - 1];
    let next = rest[len..].chars().next();
    if in_attribute && last != b';' && next.is_some_and(|c| c == '=' || c.is_ascii_alphanumeric()) {
        return None;
    }
    let c1 = char::from_u32(c1)?;
    let c2 = if c2 == 0 {
        None
    } else {
        Some(char::from_u32(c2)?)
    };
    Some(([Some(c1), c2], len))
}

/// A numeric character reference at the start of `rest` (after the `&#`): the
/// character and the bytes it spans (digits, `x` and `;`), or `None` without
/// digits.
pub(crate) fn numeric(rest: &str) -> Option<(char, usize)> {
    let b = rest.as_bytes();
    let (base, mut at) = match b.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits_start = at;
    let mut num: u32 = 0;
    let mut too_big = false;
    while let Some(d) = b.get(at).and_then(|&c| (c as char).to_digit(base)) {
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        at += 1;
    }
    if at == digits_start {
        return None;
    }
    if b.get(at) == Some(&b';') {
        at += 1;
    }
    let c = match num {
        n if n > 0x10FFFF || too_big => '\u{fffd}',
        0x00 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(num).unwrap_or('\u{fffd}')),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    };
    Some((c, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(r: Option<([Option<char>; 2], usize)>) -> Option<(String, usize)> {
        r.map(|(c, n)| (c.into_iter().flatten().collect(), n))
    }

    #[test]
    fn named_references_follow_the_legacy_rules() {
        assert_eq!(text(named("amp; x", false)), Some(("&".into(), 4)));
        assert_eq!(text(named("ampx", false)), Some(("&".into(), 3)));
        assert_eq!(text(named("ampx", true)), None);
        assert_eq!(text(named("amp=1", true)), None);
        assert_eq!(text(named("amp;x", true)), Some(("&".into(), 4)));
        assert_eq!(text(named("notit;", false)), Some(("\u{ac}".into(), 3)));
        assert_eq!(text(named("notin;", false)), Some(("\u{2209}".into(), 6)));
        assert_eq!(
            text(named("NotEqualTilde;", false)),
            Some(("\u{2242}\u{338}".into(), 14))
        );
        assert_eq!(text(named("zzz;", false)), None);
    }

    #[test]
    fn numeric_references_are_fixed_up() {
        assert_eq!(numeric("65;"), Some(('A', 3)));
        assert_eq!(numeric("x41"), Some(('A', 3)));
        assert_eq!(numeric("X41;b"), Some(('A', 4)));
        assert_eq!(numeric("128;"), Some(('\u{20ac}', 4)));
        assert_eq!(numeric("0;"), Some(('\u{fffd}', 2)));
        assert_eq!(numeric("xD800;"), Some(('\u{fffd}', 6)));
        assert_eq!(numeric("99999999999;"), Some(('\u{fffd}', 12)));
        assert_eq!(numeric(";"), None);
        assert_eq!(numeric("x;"), None);
    }
}
