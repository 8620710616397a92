//! Span repairs after tagging, each a general fact about English names rather than a
//! learned weight:
//! - an organisation word followed by "of" and a name is one organisation: "University
//!   of California", "Embassy of the Bolivarian Republic of Venezuela", "Chartered
//!   Institute of Building" (with the capitalised words before the organisation word);
//!   so is one followed by "for" ("Goddard Institute for Space Studies", "Department for
//!   Education") and a committee's or group's "on" ("Business Group on Health", "Council
//!   on Foreign Relations"; not "the Council on Monday");
//! - a state university's campus is part of its name: "University of California,
//!   Berkeley", "University of Alabama at Birmingham" (a US state after "of", a place
//!   after the comma or "at", and the name ends there);
//! - an organisation word alone after a lower-case "the" is a reference, not a name:
//!   "the Institute";
//! - an organisation takes an organisation word that follows it: "Dallas Independent
//!   School" + "District", "Acme" + "Inc" (in CoNLL-2003 train a capitalised organisation
//!   word right after an organisation is inside it 99.5% of the time);
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

/// Heads that also take a "for" phrase ("Institute for Fiscal Studies", "Bank for
/// International Settlements"), besides [`INSTITUTIONS`].
const FOR_HEADS: &[&str] = &[
    "alliance",
    "coalition",
    "office",
    "organisation",
    "organization",
    "partnership",
];

/// Heads that take an "on" phrase ("Council on Foreign Relations", "Business Group on
/// Health", "Task Force on ..."); buildings ("Center on Peachtree") do not.
const ON_HEADS: &[&str] = &[
    "commission",
    "committee",
    "council",
    "force",
    "group",
    "panel",
];

/// Days and months: "the Council on Monday" is a date, not a name.
const DATE_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that head an organisation after an organisation's name besides the gazetteer's
/// organisation words: "School" + "District" ("Mission District" alone is a place).
const TRAILING_HEADS: &[&str] = &["district"];

/// US states, whose universities name their campuses after a comma ("University of
/// California, Berkeley", "University of Wisconsin, Madison").
#[rustfmt::skip]
const US_STATES: &[&str] = &[
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming",
];

fn in_list(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

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
    trailing_head(words, tags, lex);
    for (start, end, kind) in spans(tags) {
        let mut end = end;
        if end - start < 2 {
            // A possessive alone is no name ("Academy of Art University" + "'s"), nor is
            // an organisation word alone after a lower-case "the" ("the Institute", "the
            // School"): a reference back to a name. After "The" it may be the name itself
            // ("The Agency is Georgia Tech's machine learning club").
            let generic = kind == Kind::Org
                && start > 0
                && words[start - 1] == "the"
                && in_list(INSTITUTIONS, words[start]);
            if possessive(words[start]) || generic {
                tags[start] = Tag::O;
            }
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

/// Whether `words[i]` heads an organisation that takes the phrase introduced by
/// `words[i + 1]` ("of", "for" or "on").
fn heads_phrase(words: &[&str], i: usize) -> bool {
    let (head, joiner) = (words[i], words[i + 1]);
    match joiner {
        "of" => in_list(INSTITUTIONS, head),
        "for" => in_list(INSTITUTIONS, head) || in_list(FOR_HEADS, head),
        "on" => in_list(ON_HEADS, head),
        _ => false,
    }
}

/// "<organisation word> of|for|on [the] <capitalised words>" becomes one organisation,
/// with the capitalised words just before the organisation word.
fn organisation_of(words: &[&str], tags: &mut [Tag], lex: &Lexicon) {
    let n = words.len();
    let mut i = 0;
    while i + 2 < n {
        let org_word =
            capitalised(words[i]) && heads_phrase(words, i) && tags[i].kind() != Some(Kind::Per);
        if !org_word {
            i += 1;
            continue;
        }
        // The name after the joiner: capitalised words, joined by single lower-case joiners.
        let mut j = i + 2;
        if words[j] == "the" {
            j += 1;
        }
        let mut end = j;
        while end < n && capitalised(words[end]) {
            end += 1;
            // "... for Design and the Arts": a joiner, optionally "the", a capitalised word.
            let the = usize::from(words.get(end + 1) == Some(&"the"));
            if end + 1 + the < n
                && JOINERS.contains(&words[end])
                && capitalised(words[end + 1 + the])
            {
                end += 1 + the;
            }
        }
        // "the Council on Monday", "the Security Council on Syria": a date or a place.
        let not_a_name = end > j
            && (in_list(DATE_WORDS, words[j])
                || (words[i + 1] == "on"
                    && mask(lex, words[j]) & (cat::PLACE | cat::COUNTRY) != 0));
        if end == j || not_a_name {
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
        let mut end = campus_end(words, i, end, lex);
        // A longer organisation the model found around the head is kept whole.
        if tags[i].kind() == Some(Kind::Org) {
            while end < n && tags[end] == Tag::I(Kind::Org) && !possessive(words[end]) {
                end += 1;
            }
        }
        set_span(tags, start, end, Kind::Org);
        i = end;
    }
}

/// "University of <US state>, <campus>": the end of the name with the campus, when the
/// organisation at `head..end` is such a university and a place of one or two
/// capitalised words follows the comma and ends the name.
fn campus_end(words: &[&str], head: usize, end: usize, lex: &Lexicon) -> usize {
    if !words[head].eq_ignore_ascii_case("university")
        || words[head + 1] != "of"
        || !matches!(words.get(end), Some(&",") | Some(&"at"))
        || !in_list(US_STATES, &words[head + 2..end].join(" "))
    {
        return end;
    }
    let first = end + 1;
    let mut last = first;
    while last < words.len() && last - first < 3 && capitalised(words[last]) {
        last += 1;
    }
    let place = |w: &str| {
        let info = lex.word_by_hash(hash_str(&normalise(w)));
        info.mask & cat::PLACE != 0 || info.starts_phrase
    };
    let len = last - first;
    let campus = (1..=2).contains(&len)
        && place(words[first])
        && words[first..last]
            .iter()
            .all(|w| mask(lex, w) & (cat::ORG_SUFFIX | cat::COUNTRY) == 0);
    if campus {
        last
    } else {
        end
    }
}

/// An organisation followed by a capitalised organisation word that is outside any
/// name ("Dallas Independent School" + "District") takes it.
fn trailing_head(words: &[&str], tags: &mut [Tag], lex: &Lexicon) {
    for (_, end, kind) in spans(tags) {
        let Some(w) = words.get(end) else { continue };
        let single_org =
            tags[end] == Tag::B(Kind::Org) && tags.get(end + 1) != Some(&Tag::I(Kind::Org));
        if kind == Kind::Org
            && capitalised(w)
            && (tags[end] == Tag::O || single_org)
            && (mask(lex, w) & cat::ORG_SUFFIX != 0 || in_list(TRAILING_HEADS, w))
        {
            tags[end] = Tag::I(Kind::Org);
        }
    }
}

#[cfg(test)]
mod tests;
