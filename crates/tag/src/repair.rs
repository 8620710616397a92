//! Document-level repairs of the model's labels, before mentions are grouped.
//!
//! * Two or three capitalised words coordinated with a person are a person too
//!   ("Donald Trump and Volodymyr Zelensky"), unless they name an organisation or place.
//! * A "person" whose last word heads organisation names ("Razumkov Centre", "Deutsche
//!   Bank") is an organisation, and so is a "place" with a stronger head ("Chatham
//!   House", but not "West Bank"), unless the gazetteer knows it as a place.
//! * A one-word "person" that the gazetteer knows as a place and that follows a
//!   locative phrase ("in Shklou", "his visit to Shklou") is a place.

use newsmill_records::Label;

use crate::fold;
use crate::geo::Gazetteer;
use crate::spans::{Source, Span};
use crate::text::runs;

/// Last words that make a place's name an organisation's ("Chatham House"); "Bank",
/// "Centre", "Union" are left out: "West Bank", "National Tennis Centre", "Soviet Union".
const ORG_HEADS_OVER_PLACES: &[&str] = &[
    "House",
    "Institute",
    "Foundation",
    "Council",
    "Party",
    "Ministry",
    "Committee",
    "Agency",
    "Company",
    "Corporation",
    "Inc",
    "Ltd",
    "Association",
    "Fund",
];

/// Last words that make a name an organisation's.
const ORG_HEADS: &[&str] = &[
    "House",
    "Institute",
    "Foundation",
    "Council",
    "Center",
    "Centre",
    "University",
    "Party",
    "Ministry",
    "Committee",
    "Bank",
    "Agency",
    "Group",
    "Company",
    "Corporation",
    "Inc",
    "Ltd",
    "Association",
    "Union",
    "Fund",
    "Office",
];

/// Words after which a known place name is read as the place, not a person.
const LOCATIVE: &[&str] = &["in", "from", "near", "into", "outside"];

/// Nouns that make "<noun> to X" locative ("visit to Shklou").
const MOTION: &[&str] = &[
    "visit", "visits", "trip", "trips", "travel", "journey", "flight",
];

/// The white-space-separated chunk that ends before `end` (white space skipped) and
/// where it starts; `None` at the start of the text or when the chunk is longer than
/// any word looked for, so a long run of text is never scanned twice.
fn chunk_before(body: &str, end: usize) -> Option<(usize, &str)> {
    const LONGEST: usize = 16;
    let end = body[..end].trim_end().len();
    let mut start = end;
    for (i, c) in body[..end].char_indices().rev() {
        if c.is_whitespace() {
            break;
        }
        if end - i > LONGEST {
            return None;
        }
        start = i;
    }
    (start < end).then(|| (start, &body[start..end]))
}

/// Whether the words just before `start` are a locative phrase.
fn after_locative(body: &str, start: usize) -> bool {
    match chunk_before(body, start) {
        Some((_, w)) if LOCATIVE.contains(&w) => true,
        Some((at, "to")) => chunk_before(body, at).is_some_and(|(_, w)| MOTION.contains(&w)),
        _ => false,
    }
}

/// Applies the repairs to the model's spans (other sources are left alone).
pub(crate) fn labels(body: &str, spans: &mut [Span], gaz: &Gazetteer) {
    for i in 0..spans.len() {
        let s = spans[i];
        if s.source != Source::Ner {
            continue;
        }
        let name = &body[s.start..s.end];
        let words = runs(name).count();
        let known_place = || {
            gaz.candidates_by_hash(fold::key_hash(name).hash)
                .next()
                .is_some()
        };
        let heads = if s.label == Label::Loc {
            ORG_HEADS_OVER_PLACES
        } else {
            ORG_HEADS
        };
        let org_head = runs(name)
            .last()
            .is_some_and(|(a, b)| heads.contains(&&name[a..b]));
        if matches!(s.label, Label::Per | Label::Loc) && words >= 2 && org_head && !known_place() {
            spans[i].label = Label::Org;
            continue;
        }
        if s.label == Label::Per && words == 1 && after_locative(body, s.start) && known_place() {
            spans[i].label = Label::Loc;
            continue;
        }
        if !matches!(s.label, Label::Org | Label::Misc) {
            continue;
        }
        let plain_name = (2..=3).contains(&words)
            && runs(name).all(|(a, b)| {
                name[a..b].starts_with(char::is_uppercase) && !ORG_HEADS.contains(&&name[a..b])
            })
            && !known_place();
        let coordinated = |j: usize| {
            let o = spans[j];
            let gap = if o.end <= s.start {
                &body[o.end..s.start]
            } else {
                &body[s.end..o.start]
            };
            o.label == Label::Per && matches!(gap, " and " | ", " | " or ")
        };
        if plain_name
            && ((i > 0 && coordinated(i - 1)) || (i + 1 < spans.len() && coordinated(i + 1)))
        {
            spans[i].label = Label::Per;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordination_and_organisation_heads_fix_model_labels() {
        let body = "Donald Trump and Volodymyr Zelensky spoke; experts at Chatham House and Berlin agreed \
                    on the West Bank. \
                    Angela Merkel and Deutsche Bank met.";
        let mut spans: Vec<Span> = [
            ("Donald Trump", Label::Per),
            ("Volodymyr Zelensky", Label::Org),
            ("Chatham House", Label::Loc),
            ("West Bank", Label::Loc),
            ("Angela Merkel", Label::Per),
            ("Deutsche Bank", Label::Org),
        ]
        .iter()
        .map(|&(t, label)| {
            let start = body.find(t).unwrap();
            Span {
                start,
                end: start + t.len(),
                label,
                source: Source::Ner,
            }
        })
        .collect();
        labels(body, &mut spans, Gazetteer::builtin().unwrap());
        let got: Vec<Label> = spans.iter().map(|s| s.label).collect();
        assert_eq!(
            got,
            [
                Label::Per,
                Label::Per,
                Label::Org,
                Label::Loc,
                Label::Per,
                Label::Org
            ]
        );
    }

    #[test]
    fn chunks_before_a_position() {
        let body = "his visit  to\tShklou, a very-long-hyphenated-chunk Minsk";
        let at = body.find("Shklou").unwrap();
        assert_eq!(
            chunk_before(body, at),
            Some((body.find("to").unwrap(), "to"))
        );
        assert_eq!(
            chunk_before(body, body.find("to").unwrap()).map(|c| c.1),
            Some("visit")
        );
        assert_eq!(chunk_before(body, body.find("Minsk").unwrap()), None);
        assert_eq!(chunk_before(body, 0), None);
    }

    #[test]
    fn a_known_place_after_a_locative_phrase_is_a_place() {
        let body = "During his visit to Shklou, he spoke. Rallies in Hrodna grew. Hrodna said no.";
        let at = |t: &str, from: usize| body[from..].find(t).unwrap() + from;
        let mut spans: Vec<Span> = [at("Shklou", 0), at("Hrodna", 0), at("Hrodna", 50)]
            .iter()
            .map(|&start| Span {
                start,
                end: start + 6,
                label: Label::Per,
                source: Source::Ner,
            })
            .collect();
        labels(body, &mut spans, Gazetteer::builtin().unwrap());
        let got: Vec<Label> = spans.iter().map(|s| s.label).collect();
        assert_eq!(got, [Label::Loc, Label::Loc, Label::Per]);
    }
}
