//! Merging the sources' spans by strength.

use std::collections::BTreeMap;

use newsmill_records::Label;

use super::{last_starting_by, Source, Span};
use crate::scan::is_title;
use crate::text::runs;

/// Merges spans by source strength. A watch-list or gazetteer hit inside a longer
/// ORG or MISC span from the model ("Belarus" in "Belarus Democracy Act") yields to
/// it; otherwise watch-list hits override the model, and cue then gazetteer spans
/// only fill gaps. A model span made only of gazetteer places ("Belarus-US", not
/// "German-Israeli") gives way to them, a model span that is a title plus a cue's name
/// yields to the cue, and adjacent model PER spans ("Mike" "Pompeo") join. Each input
/// is sorted and non-overlapping; so is the result.
pub(crate) fn merge(
    body: &str,
    watch: Vec<Span>,
    ner: Vec<Span>,
    gazetteer: Vec<Span>,
    cues: Vec<Span>,
) -> Vec<Span> {
    let ner: Vec<Span> = ner
        .into_iter()
        .filter(|n| {
            !made_of_places(body, n, &gazetteer) && !swallows_title(body, n, &cues, &gazetteer)
        })
        .collect();
    let mut out = Accepted::default();
    for w in watch {
        let sheltered = last_starting_by(&ner, w.start)
            .is_some_and(|n| matches!(n.label, Label::Org | Label::Misc) && n.contains(&w));
        if !sheltered {
            out.add(w);
        }
    }
    // Cues before gazetteer names: "Minister Zbigniew Rau" is a person even though
    // some large city has "Rau" among its alternate names.
    for s in ner.into_iter().chain(cues).chain(gazetteer) {
        out.add(s);
    }
    let mut joined: Vec<Span> = Vec::with_capacity(out.spans.len());
    for s in out.spans.into_values() {
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

/// Spans accepted so far, by start: non-overlapping, so a new span can only overlap
/// the last one that starts before its end.
#[derive(Default)]
struct Accepted {
    spans: BTreeMap<usize, Span>,
}

impl Accepted {
    /// Adds `s` unless it overlaps an accepted span.
    fn add(&mut self, s: Span) {
        let clash = self
            .spans
            .range(..s.end)
            .next_back()
            .is_some_and(|(_, o)| o.overlaps(&s));
        if !clash {
            self.spans.insert(s.start, s);
        }
    }
}

/// The gazetteer spans that start inside `n` (the gazetteer's spans are sorted).
fn inside<'a>(n: &Span, gazetteer: &'a [Span]) -> &'a [Span] {
    let from = gazetteer.partition_point(|g| g.start < n.start);
    let to = from + gazetteer[from..].partition_point(|g| g.start < n.end);
    &gazetteer[from..to]
}

/// A model span made of two gazetteer places or more and nothing else but punctuation
/// ("Belarus-US").
fn made_of_places(body: &str, n: &Span, gazetteer: &[Span]) -> bool {
    let mut parts = inside(n, gazetteer)
        .iter()
        .filter(|g| g.source == Source::Place && g.end <= n.end)
        .peekable();
    let mut count = 0;
    let mut at = n.start;
    let mut rest_has_word = false;
    while at < n.end {
        if let Some(p) = parts.next_if(|p| p.start <= at) {
            count += 1;
            at = at.max(p.end);
            continue;
        }
        let next = parts.peek().map_or(n.end, |p| p.start);
        rest_has_word |= body[at..next].chars().any(char::is_alphanumeric);
        at = next;
    }
    count >= 2 && !rest_has_word
}

/// Whether every word of `from..to` only describes a role (a title, "of", "the", or a
/// place or demonym the gazetteer found: "US", "Belarusian"), and whether one is a
/// title.
fn role_words(body: &str, from: usize, to: usize, gazetteer: &[Span]) -> (bool, bool) {
    let mut any_title = false;
    let all = runs(&body[from..to]).all(|(a, b)| {
        let (a, b) = (from + a, from + b);
        let w = &body[a..b];
        let title = is_title(w);
        any_title |= title;
        title
            || matches!(w, "of" | "the" | "The")
            || last_starting_by(gazetteer, a).is_some_and(|g| b <= g.end)
    });
    (all, any_title)
}

/// "US Secretary of State Mike Pompeo" as one model span yields to the cue's "Mike
/// Pompeo" and the gazetteer's "US"; "the US State Secretary" (a role, no name) yields
/// to "US" alone.
fn swallows_title(body: &str, n: &Span, cues: &[Span], gazetteer: &[Span]) -> bool {
    // Cues are sorted and non-overlapping, so by end too: at most one ends with `n`.
    let i = cues.partition_point(|c| c.end < n.end);
    let cue_at_end = cues.get(i).is_some_and(|c| {
        c.end == n.end && n.contains(c) && role_words(body, n.start, c.start, gazetteer).0
    });
    cue_at_end || {
        let (all, any_title) = role_words(body, n.start, n.end, gazetteer);
        all && any_title
    }
}
