//! Direct quotations and who said them.
//!
//! A quotation is text between double quotation marks (`"…"`, `“…”`, `„…“`, `«…»`)
//! of at least three words (shorter ones are scare quotes or titles), or between single
//! curly marks (`‘…’`) when a speaker is found for it. Its speaker comes
//! from the same sentence: a person named next to a speech verb after it (`"…," said
//! Pompeo`, `"…," Pompeo said`) or before it (`Pompeo said: "…"`, `According to
//! Pompeo, "…"`); a pronoun (`"…," he said`) resolves to the person last mentioned as a
//! subject before the quotation.

use crate::text::Text;

/// A person mention: byte range and entity index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Person {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

/// A quotation: byte range of the quoted text (without marks) and the speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QuoteHit {
    pub start: usize,
    pub end: usize,
    /// The speaker's entity index, when resolved.
    pub speaker: Option<usize>,
}

const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "stated",
    "noted",
    "notes",
    "wrote",
    "writes",
    "explained",
    "declared",
    "insisted",
    "stressed",
    "claimed",
    "replied",
    "commented",
    "argued",
    "warned",
    "announced",
    "according",
    "believes",
    "thinks",
    "continued",
    "recalled",
    "emphasised",
    "emphasized",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "He", "She", "They"];
const PREPOSITIONS: &[&str] = &[
    "of", "to", "with", "for", "from", "by", "about", "at", "on", "in", "against", "between",
    "and", "or", "than", "like", "under", "over", "after", "before",
];

/// A quotation's byte positions: `open` is the opening mark, `start..end` the quoted
/// text, `close` the byte after the closing mark.
#[derive(Clone, Copy, Debug)]
struct Marks {
    open: usize,
    start: usize,
    end: usize,
    close: usize,
    /// Single marks (‘…’): kept only when a speaker is found, since they also mark
    /// terms and titles.
    single: bool,
}

/// The quotations of `text` with at least three words.
fn spans(text: &str) -> Vec<Marks> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                if matches!(c, '"' | '“' | '„' | '«' | '‘') {
                    open = Some((c, i));
                }
            }
            Some((o, at)) => {
                let closes = match o {
                    '"' => c == '"',
                    '“' => c == '”' || c == '"',
                    '„' => c == '“' || c == '”',
                    // ‘…’: an apostrophe inside a word ("we’re") does not close.
                    '‘' => {
                        c == '’' && !text[i + c.len_utf8()..].starts_with(char::is_alphanumeric)
                    }
                    _ => c == '»',
                };
                if closes {
                    out.push(Marks {
                        open: at,
                        start: at + o.len_utf8(),
                        end: i,
                        close: i + c.len_utf8(),
                        single: o == '‘',
                    });
                    open = None;
                } else if c == '\n' {
                    open = None;
                }
            }
        }
    }
    out.retain(|m| text[m.start..m.end].split_whitespace().count() >= 3);
    out
}

/// The largest character boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn lower_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// For each person mention, the latest mention up to it that lies outside every
/// quotation, and the latest of those named as a subject: not after a preposition ("a
/// visit to Shklou", "the meeting of Pompeo").
struct Subjects {
    outside: Vec<Option<usize>>,
    subject: Vec<Option<usize>>,
}

impl Subjects {
    fn new(text: &str, people: &[Person], quotes: &[Marks]) -> Subjects {
        let inside = |at: usize| {
            let i = quotes.partition_point(|m| m.close <= at);
            quotes.get(i).is_some_and(|m| m.open <= at)
        };
        let is_subject = |p: &Person| {
            let prev = text[..p.start]
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty());
            !prev.is_some_and(|w| PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(w)))
        };
        let (mut outside, mut subject) = (
            Vec::with_capacity(people.len()),
            Vec::with_capacity(people.len()),
        );
        let (mut last_outside, mut last_subject) = (None, None);
        for (j, p) in people.iter().enumerate() {
            if !inside(p.start) {
                last_outside = Some(j);
                if is_subject(p) {
                    last_subject = Some(j);
                }
            }
            outside.push(last_outside);
            subject.push(last_subject);
        }
        Subjects { outside, subject }
    }

    /// The entity of the last person before `at` named as a subject, else of the last
    /// person before `at` outside quotations.
    fn before(&self, people: &[Person], at: usize) -> Option<usize> {
        let j = people.partition_point(|p| p.end <= at).checked_sub(1)?;
        self.subject[j]
            .or(self.outside[j])
            .map(|k| people[k].entity)
    }
}

/// Finds quotations and attributes them to the `people` mentions (sorted by start,
/// non-overlapping).
pub(crate) fn find(text: &Text, people: &[Person]) -> Vec<QuoteHit> {
    let body = text.body;
    let quotes = spans(body);
    let subjects = Subjects::new(body, people, &quotes);
    // People who start in `from..to`.
    let starting_in = |from: usize, to: usize| {
        let a = people.partition_point(|p| p.start < from);
        let b = a + people[a..].partition_point(|p| p.start < to);
        &people[a..b]
    };
    let mut out = Vec::new();
    for m in &quotes {
        let (start, end) = (m.start, m.end);
        let (s_start, s_end) = text.sentence_at(m.open);
        let (_, tail_end) = text.sentence_at(m.close);
        let tail_start = m.close;
        // The words after the quotation, in its sentence or the next, never past a line
        // break (a new paragraph is someone else's turn).
        let line_end = memchr::memchr(b'\n', &body.as_bytes()[tail_start..])
            .map_or(body.len(), |i| tail_start + i);
        let tail_end = boundary(
            body,
            tail_end.max(s_end).min(tail_start + 120).min(line_end),
        )
        .max(tail_start);
        let tail = &body[tail_start..tail_end];
        let head_start = boundary(body, s_start.max(m.open.saturating_sub(160)));
        let head = &body[head_start..m.open];

        let mut speaker = None;
        // After: within the first few words, a speech verb and a name or pronoun.
        let tail_words: Vec<&str> = lower_words(tail).take(6).collect();
        if tail_words.iter().any(|w| is_speech(w)) {
            speaker = starting_in(tail_start, tail_start + 60.min(tail.len()))
                .first()
                .map(|p| p.entity);
            if speaker.is_none() && tail_words.iter().take(3).any(|w| PRONOUNS.contains(w)) {
                speaker = subjects.before(people, m.open);
            }
        }
        // Before: "X said:", "According to X,".
        let head_trimmed = head.trim_end();
        if speaker.is_none()
            && (head_trimmed.ends_with(':')
                || head_trimmed.ends_with(',')
                || head_trimmed.is_empty())
        {
            let said = lower_words(head).any(is_speech);
            if said {
                speaker = starting_in(head_start, m.open)
                    .iter()
                    .rev()
                    .find(|p| p.end <= m.open)
                    .map(|p| p.entity);
                if speaker.is_none()
                    && lower_words(head).any(|w| PRONOUNS.contains(&w) || w == "him" || w == "her")
                {
                    speaker = subjects.before(people, head_start);
                }
            }
        }
        if m.single && speaker.is_none() {
            continue;
        }
        out.push(QuoteHit {
            start,
            end,
            speaker,
        });
    }
    out
}

/// A speech verb ("said", "told", "according"), in any case.
fn is_speech(word: &str) -> bool {
    SPEECH.iter().any(|s| s.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(text: &str, names: &[(&str, usize)]) -> Vec<Person> {
        let mut out = Vec::new();
        for &(name, entity) in names {
            for (start, _) in text.match_indices(name) {
                out.push(Person {
                    start,
                    end: start + name.len(),
                    entity,
                });
            }
        }
        out.sort_by_key(|p| p.start);
        out
    }

    fn quoted(text: &str, names: &[(&str, usize)]) -> Vec<(String, Option<usize>)> {
        find(&Text::new(text), &people(text, names))
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.speaker))
            .collect()
    }

    #[test]
    fn pronoun_resolves_to_the_last_subject() {
        let text = "During a visit to Shklou, Lukashenka praised the plant of Pompeo.\n\n\
                    “We must protect them at any cost,” he said.";
        assert_eq!(
            quoted(text, &[("Lukashenka", 0), ("Pompeo", 1)]),
            [("We must protect them at any cost,".to_string(), Some(0))]
        );
    }

    #[test]
    fn single_marks_need_a_speaker() {
        let text = "The goal is ‘to underscore the US commitment’ here. ‘We’re ready to talk now,’ Pompeo said.";
        assert_eq!(
            quoted(text, &[("Pompeo", 1)]),
            [("We’re ready to talk now,".to_string(), Some(1))]
        );
    }

    #[test]
    fn curly_quotes_attributed_before() {
        let text = "Pompeo met Makey. Pompeo said: “We respect your sovereignty.” Then they ate.";
        assert_eq!(
            quoted(text, &[("Pompeo", 1), ("Makey", 2)]),
            [("We respect your sovereignty.".to_string(), Some(1))]
        );
    }

    #[test]
    fn names_after_and_before_the_quotation() {
        let text = "\"The talks went well today,\" said Pompeo. Makey told reporters: «Sovereignty comes first for us.» \
                    According to Makey, \"nothing is signed yet\". The word \"democracy\" vanished. \
                    \"No one was there,\" an aide said.";
        assert_eq!(
            quoted(text, &[("Pompeo", 1), ("Makey", 2)]),
            [
                ("The talks went well today,".to_string(), Some(1)),
                ("Sovereignty comes first for us.".to_string(), Some(2)),
                ("nothing is signed yet".to_string(), Some(2)),
                ("No one was there,".to_string(), None),
            ]
        );
    }
}
