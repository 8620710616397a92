//! Direct quotations and who said them.
//!
//! A quotation is text between double quotation marks (`"…"`, `“…”`, `„…“`, `«…»`)
//! of at least three words (shorter ones are scare quotes or titles), or between single
//! curly marks (`‘…’`) when a speaker is found for it. Its speaker comes
//! from the same sentence: a person named next to a speech verb after it (`"…," said
//! Pompeo`, `"…," Pompeo said`) or before it (`Pompeo said: "…"`, `According to
//! Pompeo, "…"`); a pronoun (`"…," he said`) resolves to the person last mentioned as a
//! subject before the quotation.

use crate::sentences::sentence_at;

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

/// Finds quotations and attributes them to the `people` mentions (sorted by start).
pub(crate) fn find(text: &str, people: &[Person]) -> Vec<QuoteHit> {
    let quotes = spans(text);
    let inside = |at: usize| quotes.iter().any(|m| m.open <= at && at < m.close);
    // The last person before `at` named as a subject: not inside a quotation, not
    // after a preposition ("a visit to Shklou", "the meeting of Pompeo").
    let subject_before = |at: usize| -> Option<usize> {
        let before: Vec<&Person> = people
            .iter()
            .filter(|p| p.end <= at && !inside(p.start))
            .collect();
        let is_subject = |p: &&&Person| {
            let prev = text[..p.start]
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty());
            !prev.is_some_and(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
        };
        before
            .iter()
            .rev()
            .find(is_subject)
            .or(before.last())
            .map(|p| p.entity)
    };
    let mut out = Vec::new();
    for m in &quotes {
        let (start, end) = (m.start, m.end);
        let (s_start, s_end) = sentence_at(text, m.open);
        let (_, tail_end) = sentence_at(text, m.close);
        let tail_start = m.close;
        let tail_end = boundary(text, tail_end.max(s_end).min(tail_start + 120)).max(tail_start);
        let tail = &text[tail_start..tail_end];
        let head_start = boundary(text, s_start.max(m.open.saturating_sub(160)));
        let head = &text[head_start..m.open];

        let mut speaker = None;
        // After: within the first few words, a speech verb and a name or pronoun.
        let tail_words: Vec<&str> = lower_words(tail).take(6).collect();
        if tail_words
            .iter()
            .any(|w| SPEECH.contains(&w.to_lowercase().as_str()))
        {
            speaker = people
                .iter()
                .find(|p| p.start >= tail_start && p.start < tail_start + 60.min(tail.len()))
                .map(|p| p.entity);
            if speaker.is_none() && tail_words.iter().take(3).any(|w| PRONOUNS.contains(w)) {
                speaker = subject_before(m.open);
            }
        }
        // Before: "X said:", "According to X,".
        let head_trimmed = head.trim_end();
        if speaker.is_none()
            && (head_trimmed.ends_with(':')
                || head_trimmed.ends_with(',')
                || head_trimmed.is_empty())
        {
            let said = lower_words(head).any(|w| SPEECH.contains(&w.to_lowercase().as_str()));
            if said {
                speaker = people
                    .iter()
                    .rev()
                    .find(|p| p.start >= head_start && p.end <= m.open)
                    .map(|p| p.entity);
                if speaker.is_none()
                    && lower_words(head).any(|w| PRONOUNS.contains(&w) || w == "him" || w == "her")
                {
                    speaker = subject_before(head_start);
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
        find(text, &people(text, names))
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
