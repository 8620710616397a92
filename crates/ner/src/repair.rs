//! Span repairs after tagging, each a general fact about English names rather than a
//! learned weight:
//! - an organisation word followed by "of" and a name is one organisation: "University
//!   of California", "Embassy of the Bolivarian Republic of Venezuela", "Chartered
//!   Institute of Building" (with the capitalised words before the organisation word);
//! - a name does not end on a function word: "Amsterdam From", "University of" lose the
//!   last token;
//! - a name of two or more words does not take the possessive that follows it:
//!   "Northwestern University's Kellogg School" → "Northwestern University" (a one-word
//!   name keeps it: "Lord's", "Sainsbury's");
//! - a person's title is not part of the name: "Officer Stacy Chiarolanza" → "Stacy
//!   Chiarolanza" (titles from the gazetteer).

use crate::hashing::hash_str;
use crate::lexicon::{cat, Lexicon};
use crate::shape::normalise;
use crate::tags::{Kind, Tag};

/// Words that join the parts of one name ("Bank of America", "Bank of the West").
const JOINERS: &[&str] = &["of", "and", "for", "&", "the", "de"];

/// Words that never end a name.
const NEVER_LAST: &[&str] = &[
    "of", "and", "or", "for", "&", "the", "de", "from", "to", "in", "on", "at", "by", "with",
];

/// The possessive clitic as the tokenizer splits it off.
fn possessive(w: &str) -> bool {
    w.eq_ignore_ascii_case("'s") || w.eq_ignore_ascii_case("’s")
}

/// Heads of institution names that take an "of" phrase ("University of ...", "Ministry
/// of ..."); company forms ("Inc of St. Petersburg") do not.
const INSTITUTIONS: &[&str] = &[
    "academy",
    "agency",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "center",
    "centre",
    "chamber",
    "church",
    "college",
    "commission",
    "committee",
    "council",
    "court",
    "department",
    "embassy",
    "federation",
    "foundation",
    "institute",
    "league",
    "ministry",
    "museum",
    "school",
    "society",
    "union",
    "university",
];

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn mask(lex: &Lexicon, w: &str) -> u8 {
    lex.word_by_hash(hash_str(&normalise(w))).mask
}

/// Entity spans of a sentence: (start, end, kind).
fn spans(tags: &[Tag]) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(k) = tags[i].kind() else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < tags.len() && tags[j] == Tag::I(k) {
            j += 1;
        }
        out.push((i, j, k));
        i = j;
    }
    out
}

/// Makes tokens `start..end` one entity of `kind`, keeping the tags around it valid.
fn set_span(tags: &mut [Tag], start: usize, end: usize, kind: Kind) {
    for (n, t) in tags[start..end].iter_mut().enumerate() {
        *t = if n == 0 { Tag::B(kind) } else { Tag::I(kind) };
    }
    if let Some(Tag::I(k)) = tags.get(end).copied() {
        tags[end] = Tag::B(k);
    }
}

/// Applies the repairs to one sentence's tags.
pub(crate) fn repair_sentence(words: &[&str], tags: &mut [Tag], lex: &Lexicon) {
    organisation_of(words, tags, lex);
    for (start, end, kind) in spans(tags) {
        let mut end = end;
        if end - start < 2 {
            continue;
        }
        let is_in =
            |list: &[&str], e: usize| list.iter().any(|x| x.eq_ignore_ascii_case(words[e - 1]));
        if end - start > 1 && is_in(JOINERS, end) && tags.get(end) == Some(&Tag::B(kind)) {
            // "Republic of" + "Ireland": one name.
            tags[end] = Tag::I(kind);
            continue;
        }
        while end - start > 1 && is_in(NEVER_LAST, end) {
            end -= 1;
            tags[end] = Tag::O;
        }
        if end - start > 2 && possessive(words[end - 1]) {
            end -= 1;
            tags[end] = Tag::O;
        }
        if kind == Kind::Per && end - start > 1 && mask(lex, words[start]) & cat::TITLE != 0 {
            tags[start] = Tag::O;
            tags[start + 1] = Tag::B(Kind::Per);
        }
    }
}

/// "<organisation word> of [the] <capitalised words>" becomes one organisation, with the
/// capitalised words just before the organisation word.
fn organisation_of(words: &[&str], tags: &mut [Tag], lex: &Lexicon) {
    let n = words.len();
    let mut i = 0;
    while i + 2 < n {
        let org_word = words[i + 1] == "of"
            && capitalised(words[i])
            && INSTITUTIONS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(words[i]))
            && tags[i].kind() != Some(Kind::Per);
        if !org_word {
            i += 1;
            continue;
        }
        // The name after "of": capitalised words, joined by single lower-case joiners.
        let mut j = i + 2;
        if words[j] == "the" {
            j += 1;
        }
        let mut end = j;
        while end < n && capitalised(words[end]) {
            end += 1;
            if end + 1 < n && JOINERS.contains(&words[end]) && capitalised(words[end + 1]) {
                end += 1;
            }
        }
        if end == j {
            i += 1;
            continue;
        }
        // Capitalised words before the organisation word, up to the sentence's start or a
        // word that is not part of a name.
        let mut start = i;
        while start > 1
            && capitalised(words[start - 1])
            && tags[start - 1].kind() != Some(Kind::Per)
        {
            start -= 1;
        }
        if start == 1 && capitalised(words[0]) && mask(lex, words[0]) == 0 {
            let w = normalise(words[0]);
            if !NEVER_LAST.contains(&w.as_str()) {
                start = 0;
            }
        }
        set_span(tags, start, end, Kind::Org);
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tag::{B, I, O};

    fn run(words: &[&str], tags: &mut [Tag]) {
        repair_sentence(words, tags, Lexicon::builtin().unwrap());
    }

    #[test]
    fn organisation_words_take_their_of_phrase() {
        let w = [
            "at",
            "the",
            "University",
            "of",
            "California",
            ",",
            "Berkeley",
        ];
        let mut t = [
            O,
            O,
            B(Kind::Org),
            I(Kind::Org),
            B(Kind::Loc),
            O,
            B(Kind::Loc),
        ];
        run(&w, &mut t);
        assert_eq!(
            t,
            [
                O,
                O,
                B(Kind::Org),
                I(Kind::Org),
                I(Kind::Org),
                O,
                B(Kind::Loc)
            ]
        );
        let w = [
            "the",
            "Embassy",
            "of",
            "the",
            "Bolivarian",
            "Republic",
            "of",
            "Venezuela",
            "in",
        ];
        let mut t = [
            O,
            B(Kind::Org),
            O,
            O,
            B(Kind::Loc),
            I(Kind::Loc),
            I(Kind::Loc),
            I(Kind::Loc),
            O,
        ];
        run(&w, &mut t);
        assert_eq!(t[1], B(Kind::Org));
        assert!(t[2..8].iter().all(|t| *t == I(Kind::Org)), "{t:?}");
        assert_eq!(t[8], O);
        let w = ["by", "the", "Chartered", "Institute", "of", "Building", "."];
        let mut t = [O; 7];
        run(&w, &mut t);
        assert_eq!(
            t,
            [
                O,
                O,
                B(Kind::Org),
                I(Kind::Org),
                I(Kind::Org),
                I(Kind::Org),
                O
            ]
        );
    }

    #[test]
    fn a_name_of_several_words_leaves_its_possessive_out() {
        let w = [
            "at",
            "Northwestern",
            "University",
            "’s",
            "Kellogg",
            "School",
        ];
        let mut t = [O, B(Kind::Org), I(Kind::Org), I(Kind::Org), O, O];
        run(&w, &mut t);
        assert_eq!(t, [O, B(Kind::Org), I(Kind::Org), O, O, O]);
        let w = ["at", "Lord", "'s", "on", "Monday"];
        let mut t = [O, B(Kind::Loc), I(Kind::Loc), O, O];
        run(&w, &mut t);
        assert_eq!(t, [O, B(Kind::Loc), I(Kind::Loc), O, O]);
    }

    #[test]
    fn names_end_on_a_name_and_leave_titles_out() {
        let w = ["in", "Amsterdam", "From", "here"];
        let mut t = [O, B(Kind::Loc), I(Kind::Loc), O];
        run(&w, &mut t);
        assert_eq!(t, [O, B(Kind::Loc), O, O]);
        let w = ["said", "President", "Lukashenko", "."];
        let mut t = [O, B(Kind::Per), I(Kind::Per), O];
        run(&w, &mut t);
        assert_eq!(t, [O, O, B(Kind::Per), O]);
        // A president of a country stays out of the organisation rule.
        let w = ["the", "President", "of", "France", "said"];
        let mut t = [O, O, O, B(Kind::Loc), O];
        run(&w, &mut t);
        assert_eq!(t, [O, O, O, B(Kind::Loc), O]);
    }
}
