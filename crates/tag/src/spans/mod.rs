//! Candidate name spans from every source, and how they are merged.
//!
//! Sources, strongest first: the user's watch-list, the NER model, the gazetteer
//! (countries, demonyms, cities), and title cues ("Foreign Minister Uladzimir Makey").
//! Offsets here are byte offsets into the body; the tagger converts them to characters
//! at the end. Every list of spans here is sorted and non-overlapping, so each look-up
//! is a binary search and each step takes time linear in the body.

mod merge;

use std::collections::HashSet;

use newsmill_ner::{Kind, Tag, Token};
use newsmill_records::Label;

use crate::text::{runs, Text};

pub(crate) use merge::merge;

/// Where a span came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// The watch-list entity with this index.
    Watch(usize),
    /// The NER model.
    Ner,
    /// The gazetteer (a country or a city).
    Place,
    /// The demonym table.
    Demonym,
    /// A title or honorific before capitalised words.
    Cue,
}

/// A candidate name span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub source: Source,
}

impl Span {
    pub(crate) fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// `other` lies inside `self`, which is longer.
    pub(crate) fn contains(&self, other: &Span) -> bool {
        self.start <= other.start
            && other.end <= self.end
            && (self.end - self.start) > (other.end - other.start)
    }
}

/// In `spans` (sorted, non-overlapping), the last one that starts at or before `at`.
pub(crate) fn last_starting_by(spans: &[Span], at: usize) -> Option<&Span> {
    spans[..spans.partition_point(|s| s.start <= at)].last()
}

/// In `spans` (sorted, non-overlapping), whether any overlaps `start..end`.
pub(crate) fn any_overlap(spans: &[Span], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|s| s.end <= start);
    spans.get(i).is_some_and(|s| s.start < end)
}

fn label_of(kind: Kind) -> Label {
    match kind {
        Kind::Per => Label::Per,
        Kind::Org => Label::Org,
        Kind::Loc => Label::Loc,
        Kind::Misc => Label::Misc,
    }
}

/// Spans from IOB2 tags over `tokens` (sentence by sentence). A stray `I-` opens a
/// span, as CoNLL's IOB1 heritage makes common.
pub(crate) fn from_ner(
    tokens: &[Token],
    sentences: &[std::ops::Range<usize>],
    tags: &[Vec<Tag>],
) -> Vec<Span> {
    let mut out = Vec::new();
    for (range, tags) in sentences.iter().zip(tags) {
        let mut open: Option<Span> = None;
        for (token, tag) in tokens[range.clone()].iter().zip(tags) {
            match *tag {
                Tag::I(kind) if open.is_some_and(|s| s.label == label_of(kind)) => {
                    if let Some(s) = open.as_mut() {
                        s.end = token.end;
                    }
                }
                Tag::B(kind) | Tag::I(kind) => {
                    out.extend(open.take());
                    open = Some(Span {
                        start: token.start,
                        end: token.end,
                        label: label_of(kind),
                        source: Source::Ner,
                    });
                }
                Tag::O => out.extend(open.take()),
            }
        }
        out.extend(open);
    }
    out
}

/// True when `start..end` (a watched person's surname) lies inside a longer PER span
/// of the model that names someone else ("Susan Pompeo" when Mike Pompeo is watched):
/// the other words are not titles or honorifics. `ner` is sorted and non-overlapping.
pub(crate) fn inside_other_person(body: &str, start: usize, end: usize, ner: &[Span]) -> bool {
    last_starting_by(ner, start).is_some_and(|n| {
        n.label == Label::Per
            && end <= n.end
            && n.end - n.start > end - start
            && [&body[n.start..start], &body[end..n.end]]
                .iter()
                .any(|rest| {
                    runs(rest).any(|(a, b)| {
                        let w = &rest[a..b];
                        !crate::scan::is_title(w)
                            && !crate::scan::HONORIFICS.contains(&w)
                            && w != "s"
                    })
                })
    })
}

/// Capitalised occurrences of a surname that some span gives in full ("Trump's
/// position" once "Donald Trump" is tagged), outside every span: document consistency
/// for names the model missed. `spans` is sorted and non-overlapping.
pub(crate) fn surnames(text: &Text, spans: &[Span]) -> Vec<Span> {
    let body = text.body;
    let names: HashSet<&str> = spans
        .iter()
        .filter(|s| s.label == Label::Per)
        .filter_map(|s| {
            // The last word of a name of two words or more.
            let mut words = runs(&body[s.start..s.end]);
            words.next()?;
            let last = words.last()?;
            Some(&body[s.start + last.0..s.start + last.1])
        })
        .filter(|n| {
            n.chars().count() >= 3
                && n.starts_with(char::is_uppercase)
                && !crate::dates::calendar_word(n)
        })
        .collect();
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    for &(a, b) in &text.words {
        if names.contains(&body[a..b]) && !any_overlap(spans, a, b) {
            out.push(Span {
                start: a,
                end: b,
                label: Label::Per,
                source: Source::Cue,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, start: usize) -> Token {
        Token {
            text: text.into(),
            start,
            end: start + text.len(),
        }
    }

    #[test]
    fn words_split_on_non_alphanumerics() {
        let t = "Pompeo’s visit, U.S.-Belarus";
        let w: Vec<&str> = runs(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(w, ["Pompeo", "s", "visit", "U", "S", "Belarus"]);
    }

    #[test]
    fn iob_tags_become_spans() {
        // "Mike Pompeo visited Minsk ." then "Kyiv"
        let tokens = vec![
            tok("Mike", 0),
            tok("Pompeo", 5),
            tok("visited", 12),
            tok("Minsk", 20),
            tok("Kyiv", 26),
        ];
        let sentences = vec![0..4, 4..5];
        let tags = vec![
            vec![
                Tag::B(Kind::Per),
                Tag::I(Kind::Per),
                Tag::O,
                Tag::B(Kind::Loc),
            ],
            vec![Tag::I(Kind::Loc)],
        ];
        let spans = from_ner(&tokens, &sentences, &tags);
        let got: Vec<(usize, usize, Label)> =
            spans.iter().map(|s| (s.start, s.end, s.label)).collect();
        assert_eq!(
            got,
            vec![
                (0, 11, Label::Per),
                (20, 25, Label::Loc),
                (26, 30, Label::Loc)
            ]
        );
    }

    #[test]
    fn merge_prefers_watch_then_model_then_gazetteer() {
        let sp = |start, end, label, source| Span {
            start,
            end,
            label,
            source,
        };
        let watch = vec![
            sp(0, 7, Label::Loc, Source::Watch(0)),
            sp(20, 27, Label::Loc, Source::Watch(0)),
        ];
        let ner = vec![
            sp(0, 7, Label::Org, Source::Ner),
            sp(20, 40, Label::Misc, Source::Ner),
            sp(50, 55, Label::Per, Source::Ner),
        ];
        let gaz = vec![
            sp(50, 55, Label::Loc, Source::Place),
            sp(60, 65, Label::Loc, Source::Place),
        ];
        let merged = merge(
            &" ".repeat(80),
            watch,
            ner,
            gaz,
            vec![sp(70, 80, Label::Per, Source::Cue)],
        );
        let got: Vec<(usize, Source)> = merged.iter().map(|s| (s.start, s.source)).collect();
        assert_eq!(
            got,
            vec![
                (0, Source::Watch(0)),
                (20, Source::Ner),
                (50, Source::Ner),
                (60, Source::Place),
                (70, Source::Cue)
            ]
        );
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    fn sp(body: &str, text: &str, label: Label, source: Source) -> Span {
        let start = body.find(text).unwrap();
        Span {
            start,
            end: start + text.len(),
            label,
            source,
        }
    }

    #[test]
    fn model_spans_give_way_to_places_and_people_join() {
        let body = "The Belarus-US talks: Mike Pompeo came.";
        let ner = vec![
            sp(body, "Belarus-US", Label::Misc, Source::Ner),
            sp(body, "Mike", Label::Per, Source::Ner),
            sp(body, "Pompeo", Label::Per, Source::Ner),
        ];
        let gaz = vec![
            sp(body, "Belarus", Label::Loc, Source::Place),
            sp(body, "US", Label::Loc, Source::Place),
        ];
        let merged = merge(body, Vec::new(), ner, gaz, Vec::new());
        let got: Vec<&str> = merged.iter().map(|s| &body[s.start..s.end]).collect();
        assert_eq!(got, ["Belarus", "US", "Mike Pompeo"]);
    }

    #[test]
    fn roles_swallowed_by_the_model_go_back_to_cues_and_places() {
        let body = "US Secretary of State Mike Pompeo met the US State Secretary.";
        let ner = vec![
            sp(
                body,
                "US Secretary of State Mike Pompeo",
                Label::Org,
                Source::Ner,
            ),
            sp(body, "US State Secretary", Label::Org, Source::Ner),
        ];
        let cues = vec![sp(body, "Mike Pompeo", Label::Per, Source::Cue)];
        let mut gaz = vec![sp(body, "US", Label::Loc, Source::Place)];
        let second = body.rfind("US").unwrap();
        gaz.push(Span {
            start: second,
            end: second + 2,
            label: Label::Loc,
            source: Source::Place,
        });
        let merged = merge(body, Vec::new(), ner, gaz, cues);
        let got: Vec<&str> = merged.iter().map(|s| &body[s.start..s.end]).collect();
        assert_eq!(got, ["US", "Mike Pompeo", "US"]);
    }

    #[test]
    fn a_title_swallowed_by_the_model_goes_back_to_the_cue() {
        let body = "Secretary of State Antony Blinken spoke.";
        let ner = vec![sp(body, "State Antony Blinken", Label::Org, Source::Ner)];
        let cues = vec![sp(body, "Antony Blinken", Label::Per, Source::Cue)];
        let merged = merge(body, Vec::new(), ner, Vec::new(), cues);
        let got: Vec<(&str, Label)> = merged
            .iter()
            .map(|s| (&body[s.start..s.end], s.label))
            .collect();
        assert_eq!(got, [("Antony Blinken", Label::Per)]);
    }

    #[test]
    fn surnames_inside_other_names_belong_to_them() {
        let body = "Susan Pompeo met President Pompeo and Pompeo's aide.";
        let ner = vec![
            sp(body, "Susan Pompeo", Label::Per, Source::Ner),
            sp(body, "President Pompeo", Label::Per, Source::Ner),
            sp(body, "Pompeo's", Label::Per, Source::Ner),
        ];
        let at = |t: &str, from: usize| from + body[from..].find(t).unwrap();
        let first = at("Pompeo", 0);
        assert!(inside_other_person(body, first, first + 6, &ner));
        let second = at("Pompeo", at("President", 0));
        assert!(!inside_other_person(body, second, second + 6, &ner));
        let third = at("Pompeo's", 0);
        assert!(!inside_other_person(body, third, third + 6, &ner));
    }

    #[test]
    fn surnames_of_full_names_are_found_again() {
        let body = "Trump's position. Donald Trump called. A trump card. Trump";
        let spans = vec![sp(body, "Donald Trump", Label::Per, Source::Ner)];
        let found = surnames(&Text::new(body), &spans);
        let got: Vec<(usize, &str)> = found
            .iter()
            .map(|s| (s.start, &body[s.start..s.end]))
            .collect();
        assert_eq!(got, [(0, "Trump"), (body.len() - 5, "Trump")]);
    }
}
