//! Document-level repairs of the model's labels, before mentions are grouped.
//!
//! * Two or three capitalised words coordinated with a person are a person too
//!   ("Donald Trump and Volodymyr Zelensky"), unless they name an organisation or place.
//! * A "person" whose last word heads organisation names ("Razumkov Centre", "Deutsche
//!   Bank") is an organisation, and so is a "place" with a stronger head ("Chatham
//!   House", but not "West Bank"), unless the gazetteer knows it as a place.

use newsmill_records::Label;

use crate::fold;
use crate::geo::Gazetteer;
use crate::spans::{words, Source, Span};

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

/// Applies the repairs to the model's spans (other sources are left alone).
pub(crate) fn labels(body: &str, spans: &mut [Span], gaz: &Gazetteer) {
    for i in 0..spans.len() {
        let s = spans[i];
        if s.source != Source::Ner {
            continue;
        }
        let name = &body[s.start..s.end];
        let w = words(name);
        let known_place = || gaz.candidates(&fold::key(name)).next().is_some();
        let heads = if s.label == Label::Loc {
            ORG_HEADS_OVER_PLACES
        } else {
            ORG_HEADS
        };
        let org_head = w.last().is_some_and(|&(a, b)| heads.contains(&&name[a..b]));
        if matches!(s.label, Label::Per | Label::Loc) && w.len() >= 2 && org_head && !known_place()
        {
            spans[i].label = Label::Org;
            continue;
        }
        if !matches!(s.label, Label::Org | Label::Misc) {
            continue;
        }
        let plain_name = (2..=3).contains(&w.len())
            && w.iter().all(|&(a, b)| {
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
}
