//! Cleaning a byline into names: "By", roles, dates, links and anything that
//! cannot be a name go.

use std::sync::LazyLock;

use regex::Regex;

/// Words that name a role, a link or a team rather than a person.
const ROLE_WORDS: &[&str] = &[
    "staff",
    "reporter",
    "writer",
    "correspondent",
    "editor",
    "editorial",
    "editors",
    "author",
    "contributor",
    "desk",
    "team",
    "admin",
    "administrator",
    "newsroom",
    "photographer",
    "guest",
    "redaktion",
    "rédaction",
    "redacción",
    "redazione",
    "редакция",
];

/// Words that make a piece of a byline something other than a name.
const NOT_NAMES: &[&str] = &[
    "email",
    "e-mail",
    "follow",
    "twitter",
    "facebook",
    "linkedin",
    "view all",
    "posts by",
    "more by",
    "more from",
    "updated",
    "published",
    "subscribe",
    "contact",
    "profile",
    "articles",
    "unknown",
    "anonymous",
    "read more",
    "min read",
    "share",
    "about the",
    "sign in",
    "log in",
    "logged",
    "last modified",
    "written by",
    "authors of",
    "connect with",
    "reading time",
    "visit the",
    "link copied",
    "undefined",
    "null",
];

/// Words a portrait's `alt` puts around the name ("Picture of Ana Ruiz", "Ana
/// Ruiz headshot").
const PORTRAIT_WORDS: &[&str] = &[
    "picture of",
    "photo of",
    "image of",
    "portrait of",
    "headshot of",
    "headshot",
    "avatar",
    "portrait",
    "photo",
];

/// Day names: a forum post's "Sun Dec 17, 2023" leaves "Sun" before its date.
const WEEKDAYS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

pub(super) static LEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:written|authored|created|contributed|posted|post|reported|text|words|story|photos?|reviewed|edited|compiled|published)\s+(?:by|von)|by|von|par|por|di|door|av|af|autor(?:in)?|auteur|author|автор|text|posted|written)\s*[:\-]?\s+",
    )
    .expect("byline prefix pattern is valid")
});

pub(super) static INLINE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:by|von|par|por|door|av|af)\s*:?\s+")
        .expect("inline byline pattern is valid")
});

static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:,|;|\||/|&|\bon behalf of\b|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bи\b)\s*")
        .expect("author split pattern is valid")
});

/// Splits and cleans a byline into names: "By", dates and anything after a
/// separator bar go; pieces that cannot be a name (links, e-mail addresses,
/// "Follow", more than five words) are dropped.
pub(crate) fn clean(raw: &str) -> Vec<String> {
    let text = crate::html::dom::fold_whitespace(&crate::metadata::unescape_leftover(raw));
    // "Dec. 19, 2025 · Niko Matsakis": the first piece between separator marks
    // that holds a name.
    for piece in text.split(['|', '•', '·', '—', '»', '\n']) {
        let names = clean_piece(piece);
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

fn clean_piece(piece: &str) -> Vec<String> {
    // Links and e-mail addresses are not bylines.
    if piece.contains("http") || piece.contains("www.") || piece.contains('@') {
        return Vec::new();
    }
    // A date often follows the name ("By Ana Ruiz March 3, 2024") or opens the
    // piece ("March 3, 2024 by Ana Ruiz"): keep what is before it, or after its
    // year when nothing is before it.
    let text = match crate::dates::find_in_text(piece, false).first() {
        Some((at, _)) if drop_weekday(&piece[..*at]).trim().is_empty() => {
            let rest = &piece[*at..];
            let mut run = 0;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    run = if c.is_ascii_digit() { run + 1 } else { 0 };
                    run == 4
                })
                .map_or(rest.len(), |(k, _)| k + 1);
            rest[end..].to_string()
        }
        Some((at, _)) => drop_weekday(&piece[..*at]).to_string(),
        None => piece.to_string(),
    };
    let text = LEADING.replace(&text, "");
    let mut out: Vec<String> = Vec::new();
    for part in SPLIT.split(&text) {
        let part = LEADING.replace(part, "");
        let name = part
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
            .trim();
        let name = without_portrait_words(name);
        // A footnote mark glued to a person's name ("Jennifer Huberty1"); a
        // user name of one word keeps its digits ("tramfan77").
        let name = match name.trim_end_matches(|c: char| c.is_ascii_digit()) {
            n if n.len() + 2 >= name.len()
                && n.len() < name.len()
                && n.contains(' ')
                && n.ends_with(|c: char| c.is_lowercase()) =>
            {
                n
            }
            _ => name,
        };
        if may_be_name(name) && !out.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            out.push(name.to_string());
        }
    }
    // "Anna Müller, Berlin Correspondent": a role after a name is not a second
    // author (a byline of roles alone, "News Desk", stays).
    if out.iter().any(|n| !is_role(n)) {
        out.retain(|n| !is_role(n));
    }
    out
}

/// `text` without a day name at its end ("Sun" of "Sun Dec 17, 2023").
fn drop_weekday(text: &str) -> &str {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.'));
    match t.rsplit_once(|c: char| !c.is_alphabetic()) {
        Some((before, last)) if WEEKDAYS.contains(&last.to_lowercase().as_str()) => before,
        None if WEEKDAYS.contains(&t.to_lowercase().as_str()) => "",
        _ => text,
    }
}

/// `name` without the words a portrait's `alt` adds to it, when a name is left.
fn without_portrait_words(name: &str) -> &str {
    let lower = name.to_lowercase();
    for w in PORTRAIT_WORDS {
        // Only ASCII words: the byte offsets of `lower` are those of `name`.
        if lower.len() != name.len() {
            break;
        }
        if lower.starts_with(w) && lower.as_bytes().get(w.len()) == Some(&b' ') {
            return name[w.len()..].trim();
        }
        if lower.len() > w.len() + 1
            && lower.ends_with(w)
            && lower.as_bytes()[lower.len() - w.len() - 1] == b' '
        {
            return name[..name.len() - w.len()].trim();
        }
    }
    name
}

pub(super) fn is_role(name: &str) -> bool {
    let lower = name.to_lowercase();
    ROLE_WORDS.iter().any(|w| has_word(&lower, w))
}

/// Hard limits of a name (anything else is for the ranker to weigh).
fn may_be_name(s: &str) -> bool {
    let chars = s.chars().count();
    if !(2..=50).contains(&chars) || s.split_whitespace().count() > 5 {
        return false;
    }
    if s.contains('@') || s.contains("http") || s.contains("www.") || s.contains('/') {
        return false;
    }
    if !s.chars().any(char::is_alphabetic) || s.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let lower = s.to_lowercase();
    !WEEKDAYS.contains(&lower.as_str()) && !NOT_NAMES.iter().any(|r| has_word(&lower, r))
}

/// Whether `text` is `word`, starts or ends with it after a space, or holds it
/// between spaces.
fn has_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    t == w
        || (t.starts_with(w) && t.get(w.len()) == Some(&b' '))
        || (t.ends_with(w) && t.len() > w.len() && t[t.len() - w.len() - 1] == b' ')
        || t.windows(w.len() + 2)
            .any(|s| s[0] == b' ' && s[s.len() - 1] == b' ' && &s[1..s.len() - 1] == w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_bylines() {
        assert_eq!(clean("By Alesia Rudnik"), ["Alesia Rudnik"]);
        assert_eq!(clean("By Jane Doe and John Roe"), ["Jane Doe", "John Roe"]);
        assert_eq!(
            clean("Von Anna Müller, Berlin Correspondent"),
            ["Anna Müller"]
        );
        assert_eq!(clean("By Ana Ruiz March 3, 2024"), ["Ana Ruiz"]);
        assert_eq!(clean("Ana Ruiz | 5 min read"), ["Ana Ruiz"]);
        assert_eq!(clean("Email the author"), Vec::<String>::new());
        assert_eq!(clean("https://facebook.com/someone"), Vec::<String>::new());
        assert_eq!(clean("Maria da Silva"), ["Maria da Silva"]);
        assert_eq!(clean("drat"), ["drat"]);
        assert_eq!(clean("News Desk"), ["News Desk"]);
        assert_eq!(clean("Authored by: Li Wei"), ["Li Wei"]);
        // Forum posts: a day name before the date, a guillemet before it.
        assert_eq!(clean("Sun Dec 17, 2023 11:23 am"), Vec::<String>::new());
        assert_eq!(
            clean("Post by tramfan77 \u{bb} Sat Mar 2, 2024 9:15 pm"),
            ["tramfan77"]
        );
        // Portrait captions and footnote marks.
        assert_eq!(clean("Picture of Ana Ruiz"), ["Ana Ruiz"]);
        assert_eq!(clean("Ana Ruiz headshot"), ["Ana Ruiz"]);
        assert_eq!(clean("Ana Ruiz1, Li Wei2"), ["Ana Ruiz", "Li Wei"]);
        assert_eq!(clean("About the Author"), Vec::<String>::new());
        assert_eq!(
            clean("Dec. 19, 2025 · Niko Matsakis on behalf of the Survey Team"),
            ["Niko Matsakis"]
        );
    }
}
