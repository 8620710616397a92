//! A sentence pass after tagging: spellings that mark a name as a product (MISC by the
//! CoNLL guidelines: "named products, software, devices and models"), which the 1996
//! newswire the model learned from hardly has.
//!
//! - A company or product name followed by a version or model number with a dot or a
//!   letter takes the number in and is a product: "Llama 3.1", "Intel Core i5"; a plain
//!   number of one or two digits only joins a name already typed as a product ("Windows
//!   11"), since after a team it is a score ("Durham 114") and after an event a distance
//!   ("Olympic 100 metres"). Years, quarters ("Q2"), amounts after a currency ("C$ 1.15")
//!   are not versions, and persons and places keep their type ("Route 66").
//! - A name of letters, a hyphen and a number is a model: "GPT-5", "F-35".
//! - A name ending in a model word ("MacBook Pro", "iPhone Air", "Galaxy S25 Ultra") is a
//!   product.

use crate::tags::{Kind, Tag};

/// Words that end product names.
const MODEL_WORDS: &[&str] = &["Pro", "Max", "Ultra", "Mini", "Plus", "Air", "Lite", "SE"];

/// "5", "3.1", "i5", "16e", "2.0": an optional letter, digits with optional dot-separated
/// parts, an optional letter; not a year (1900-2099), a quarter or half ("Q2", "H1") or a
/// plural ("000s", "90s").
fn is_version(w: &str) -> bool {
    let b = w.as_bytes();
    let period = b.len() == 2 && matches!(b[0], b'Q' | b'H');
    if period || w.ends_with('s') {
        return false;
    }
    let start = usize::from(b.first().is_some_and(u8::is_ascii_alphabetic));
    let end = b.len() - usize::from(b.len() > start + 1 && b[b.len() - 1].is_ascii_alphabetic());
    let core = &w[start..end];
    if core.is_empty() || !core.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let parts_ok = core
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    let year = core.len() == 4
        && start == 0
        && end == b.len()
        && (core.starts_with("19") || core.starts_with("20"));
    parts_ok && !year
}

/// "C$", "A$", "€": a currency before an amount ("C$ 1.15").
fn is_currency(w: &str) -> bool {
    w.contains(['$', '€', '£', '¥'])
}

/// Letters, a hyphen, digits: "GPT-5", "F-35".
fn is_model_code(w: &str) -> bool {
    match w.split_once('-') {
        Some((head, tail)) => {
            !head.is_empty()
                && head.chars().all(char::is_alphabetic)
                && !tail.is_empty()
                && tail.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Retypes and extends product names in one sentence (see the module docs).
pub(crate) fn mark_products(words: &[&str], tags: &mut [Tag]) {
    let mut i = 0;
    while i < tags.len() {
        let Tag::B(kind) = tags[i] else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < tags.len() && tags[end] == Tag::I(kind) {
            end += 1;
        }
        let mut product = false;
        // A plain integer after a team is a score ("Durham 114"): only a name already
        // typed as a product takes one; "3.1" and "i5" are versions after any name.
        let version = end < tags.len()
            && tags[end] == Tag::O
            && is_version(words[end])
            && !is_currency(words[end - 1])
            && (if words[end].bytes().all(|c| c.is_ascii_digit()) {
                kind == Kind::Misc && words[end].len() <= 2
            } else {
                true
            });
        if matches!(kind, Kind::Org | Kind::Misc) && version {
            end += 1;
            product = true;
        }
        if kind != Kind::Per && kind != Kind::Loc && end == i + 1 && is_model_code(words[i]) {
            product = true;
        }
        if kind != Kind::Per && end > i + 1 && MODEL_WORDS.contains(&words[end - 1]) {
            product = true;
        }
        if product {
            tags[i] = Tag::B(Kind::Misc);
            for t in &mut tags[i + 1..end] {
                *t = Tag::I(Kind::Misc);
            }
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tag::{B, I, O};

    #[test]
    fn versions() {
        for w in ["5", "3.1", "i5", "16e", "2.0", "11"] {
            assert!(is_version(w), "{w}");
        }
        for w in [
            "2025", "1999", "v", "3.", ".5", "five", "12ab", "S", "Q2", "H1", "000s",
        ] {
            assert!(!is_version(w), "{w}");
        }
        assert!(is_model_code("GPT-5") && is_model_code("F-35"));
        assert!(
            !is_model_code("COVID-19x") && !is_model_code("Korea-born") && !is_model_code("-5")
        );
    }

    #[test]
    fn product_names() {
        let words = [
            "Llama", "3.1", "beat", "GPT-5", "on", "a", "MacBook", "Pro", "in", "Route", "66",
            "and", "Apple", "2025", "Durham", "114", "Windows", "11", "C$", "1.15",
        ];
        let mut tags = [
            B(Kind::Org),
            O,
            O,
            B(Kind::Org),
            O,
            O,
            B(Kind::Org),
            I(Kind::Org),
            O,
            B(Kind::Loc),
            O,
            O,
            B(Kind::Org),
            O,
            B(Kind::Org),
            O,
            B(Kind::Misc),
            O,
            B(Kind::Misc),
            O,
        ];
        mark_products(&words, &mut tags);
        assert_eq!(tags[..2], [B(Kind::Misc), I(Kind::Misc)]);
        assert_eq!(tags[3], B(Kind::Misc));
        assert_eq!(tags[6..8], [B(Kind::Misc), I(Kind::Misc)]);
        assert_eq!(tags[9..11], [B(Kind::Loc), O]);
        assert_eq!(tags[12..16], [B(Kind::Org), O, B(Kind::Org), O]);
        assert_eq!(tags[16..18], [B(Kind::Misc), I(Kind::Misc)]);
        assert_eq!(tags[18..], [B(Kind::Misc), O]);
    }
}
