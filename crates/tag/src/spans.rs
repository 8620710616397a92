//! Candidate name spans from every source, and how they are merged.
//!
//! Sources, strongest first: the user's watch-list, the NER model, the gazetteer
//! (countries, demonyms, cities), and title cues ("Foreign Minister Uladzimir Makey").
//! Offsets here are byte offsets into the body; the tagger converts them to characters
//! at the end.

use newsmill_ner::{Kind, Tag, Token};
use newsmill_records::Label;

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
    fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    fn contains(&self, other: &Span) -> bool {
        self.start <= other.start
            && other.end <= self.end
            && (self.end - self.start) > (other.end - other.start)
    }
}

/// A word: a maximal run of letters and digits, as a byte range.
pub(crate) type Word = (usize, usize);

/// The words of `text` (letters and digits; everything else separates).
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
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

/// Merges spans by source strength. A watch-list or gazetteer hit inside a longer
/// ORG or MISC span from the model ("Belarus" in "Belarus Democracy Act") yields to
/// it; otherwise watch-list hits override the model, and gazetteer and cue spans only
/// fill gaps. A model span made only of gazetteer names ("Belarus-US") gives way to
/// them, and adjacent model PER spans ("Mike" "Pompeo") join. The result is sorted and
/// non-overlapping.
pub(crate) fn merge(
    body: &str,
    watch: Vec<Span>,
    ner: Vec<Span>,
    gazetteer: Vec<Span>,
    cues: Vec<Span>,
) -> Vec<Span> {
    let shelters = |s: &Span| {
        ner.iter()
            .any(|n| matches!(n.label, Label::Org | Label::Misc) && n.contains(s))
    };
    let made_of_places = |n: &Span| {
        let parts: Vec<&Span> = gazetteer
            .iter()
            .filter(|g| n.start <= g.start && g.end <= n.end)
            .collect();
        let mut rest = body[n.start..n.end].to_string();
        for p in parts.iter().rev() {
            rest.replace_range(p.start - n.start..p.end - n.start, "");
        }
        parts.len() >= 2 && !rest.chars().any(char::is_alphanumeric)
    };
    let mut out: Vec<Span> = watch.into_iter().filter(|w| !shelters(w)).collect();
    for n in &ner {
        if !out.iter().any(|w| w.overlaps(n)) && !made_of_places(n) {
            out.push(*n);
        }
    }
    for s in gazetteer.into_iter().chain(cues) {
        if !out.iter().any(|o| o.overlaps(&s)) {
            out.push(s);
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    let mut joined: Vec<Span> = Vec::with_capacity(out.len());
    for s in out {
        match joined.last_mut() {
            Some(p)
                if p.label == Label::Per
                    && s.label == Label::Per
                    && p.source == Source::Ner
                    && s.source == Source::Ner
                    && &body[p.end..s.start] == " " =>
            {
                p.end = s.end;
            }
            _ => joined.push(s),
        }
    }
    joined
}

/// Capitalised occurrences of a surname that some span gives in full ("Trump's
/// position" once "Donald Trump" is tagged), outside every span: document consistency
/// for names the model missed.
pub(crate) fn surnames(body: &str, words: &[Word], spans: &[Span], extra: &[String]) -> Vec<Span> {
    let mut names: Vec<&str> = spans
        .iter()
        .filter(|s| s.label == Label::Per)
        .filter_map(|s| {
            let w = self::words(&body[s.start..s.end]);
            (w.len() >= 2)
                .then(|| w.last().map(|&(a, b)| &body[s.start + a..s.start + b]))
                .flatten()
        })
        .collect();
    names.extend(extra.iter().map(String::as_str));
    names.retain(|n| n.chars().count() >= 3 && n.starts_with(char::is_uppercase));
    let mut out = Vec::new();
    for &(a, b) in words {
        let w = &body[a..b];
        if names.contains(&w) && !spans.iter().any(|s| s.start < b && a < s.end) {
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
        let w: Vec<&str> = words(t).iter().map(|&(s, e)| &t[s..e]).collect();
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
    fn surnames_of_full_names_are_found_again() {
        let body = "Trump's position. Donald Trump called. A trump card. Trump";
        let spans = vec![sp(body, "Donald Trump", Label::Per, Source::Ner)];
        let found = surnames(body, &words(body), &spans, &[]);
        let got: Vec<(usize, &str)> = found
            .iter()
            .map(|s| (s.start, &body[s.start..s.end]))
            .collect();
        assert_eq!(got, [(0, "Trump"), (body.len() - 5, "Trump")]);
    }
}
