//! A sentence pass after tagging: a phrase of two to six words in quotation marks, every
//! word capitalised but small function words ("“Running and Returning”", "\"On the
//! Waterfront\""), is the title of a work: MISC, as one entity. News quotes speech in
//! sentences, which are not in title case; a title-case phrase in quotes names a film,
//! book, song, exhibition or programme. A phrase the model took as one person stays a
//! person (a nickname: "\"Iron Lady\"").

use crate::tags::{Kind, Tag};

/// Words a title leaves in lower case.
const SMALL: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "is",
    "my", "your", "as", "but", "nor", "vs",
];

fn is_open(w: &str) -> bool {
    matches!(w, "\"" | "“" | "‘" | "``")
}

fn is_close(w: &str) -> bool {
    matches!(w, "\"" | "”" | "’" | "''")
}

/// Marks quoted titles in one sentence (see the module docs).
pub(crate) fn mark_quoted_titles(words: &[&str], tags: &mut [Tag]) {
    let mut i = 0;
    while i < words.len() {
        if !is_open(words[i]) {
            i += 1;
            continue;
        }
        let start = i + 1;
        let Some(len) = words[start..].iter().take(7).position(|w| is_close(w)) else {
            i += 1;
            continue;
        };
        let end = start + len;
        let inner = &words[start..end];
        let title_case = (2..=6).contains(&inner.len())
            && inner[0].starts_with(char::is_uppercase)
            && inner
                .iter()
                .all(|w| w.starts_with(char::is_uppercase) || SMALL.contains(w))
            && !inner[inner.len() - 1].starts_with(char::is_lowercase);
        let person = tags[start] == Tag::B(Kind::Per)
            && tags[start + 1..end].iter().all(|t| *t == Tag::I(Kind::Per));
        // An entity that goes on past the quotes is left as the model read it.
        let crosses = matches!(tags[start], Tag::I(_))
            || matches!(tags.get(end), Some(Tag::I(_)) if tags[end - 1] != Tag::O);
        if title_case && !person && !crosses {
            tags[start] = Tag::B(Kind::Misc);
            for t in &mut tags[start + 1..end] {
                *t = Tag::I(Kind::Misc);
            }
        }
        i = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tag::{B, I, O};

    #[test]
    fn quoted_title_case_phrases_are_titles() {
        let words = [
            "He",
            "made",
            "“",
            "On",
            "the",
            "Waterfront",
            "”",
            "and",
            "said",
            "“",
            "we",
            "are",
            "here",
            "”",
            "as",
            "\"",
            "Iron",
            "Lady",
            "\"",
            "of",
            "\"",
            "Freedom",
            "\"",
        ];
        let mut tags = [O; 23];
        tags[3] = B(Kind::Loc);
        tags[16] = B(Kind::Per);
        tags[17] = I(Kind::Per);
        mark_quoted_titles(&words, &mut tags);
        assert_eq!(tags[3..6], [B(Kind::Misc), I(Kind::Misc), I(Kind::Misc)]);
        // Speech, a nickname taken as a person, a single word: unchanged.
        assert_eq!(tags[10..13], [O, O, O]);
        assert_eq!(tags[16..18], [B(Kind::Per), I(Kind::Per)]);
        assert_eq!(tags[21], O);
    }
}
